import { Composer, InputFile } from 'grammy';
import type { BroadcastStores } from '../../services/composition';
import { dailyChartSvg, type InsightReport, type InsightStore } from '../../services/insight';
import { LANGUAGES } from '../../services/languages';
import { renderSvgToPngAsync } from '../../services/pictures/render-png';
import { REGIONS } from '../../services/subscribers/regions';
import type { SubscriberCounts, SubscriberStore } from '../../services/subscribers/subscriber-store';
import type { BotContext } from '../context';
import type { BotMetrics } from '../../observability/metrics';
import type { FeatureDeps } from '../feature-deps';
import type { Translate } from '../i18n';
import { escapeHtml } from '../i18n';
import { MESSAGE_OPTIONS, refuse } from '../respond';

const DAY_MS = 24 * 3600 * 1000;
const FLAGS = { ru: '🇷🇺', tg: '🇹🇯', en: '🇬🇧' } as const;

/** Where /stats reads its figures: the insight tallies, and (with Redis) subscribers and notices. */
export interface StatsSources {
  insight?: InsightStore;
  subscribers?: Pick<SubscriberStore, 'counts'>;
  broadcasts?: BroadcastStores;
}

/** Notices delivered and not delivered (failed or blocked), of the notices created since `since`. */
export interface NoticeFigures {
  sent: number;
  failed: number;
}


/** A duration as staff read it: "under a minute", "12 min", "3 h 5 min". */
export function formatDuration(t: Translate, ms: number | undefined): string {
  if (ms === undefined) return '—';
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) return t('insight.duration.under-minute');
  if (minutes < 60) return t('insight.duration.m', { m: minutes });
  return t('insight.duration.hm', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** The /stats text: every figure for the last 7 and 30 days ("week / month"). */
export function renderStats(
  t: Translate,
  report: InsightReport,
  extra: {
    subscribers?: SubscriberCounts;
    notices?: { week: NoticeFigures; month: NoticeFigures };
    /** Reminders set and sent since this instance started (the reminders' Prometheus counters). */
    reminders?: { set: number; sent: number };
    cardTitle: (id: string) => string;
  },
): string {
  const { week, month } = report;
  const both = (a: number, b: number) => `${a} / ${b}`;
  const lines = [t('insight.stats.title'), '', t('insight.stats.people')];
  for (const lang of LANGUAGES) lines.push(`${FLAGS[lang]} ${t(`faq.language-name.${lang}`)}: ${both(week.activePeople[lang], month.activePeople[lang])}`);
  if (extra.subscribers) {
    const s = extra.subscribers;
    lines.push(
      '',
      t('insight.stats.subscribers', { total: s.total }),
      t('insight.stats.by-language', { list: LANGUAGES.map((l) => `${FLAGS[l]} ${s.byLanguage[l]}`).join(' · ') }),
      t('insight.stats.by-region', { list: REGIONS.filter((r) => s.byRegion[r] > 0).map((r) => `${t(`subscriptions.region.${r}`)} ${s.byRegion[r]}`).join(' · ') || '—' }),
    );
  }
  lines.push(
    '',
    t('insight.stats.questions', {
      answered: both(week.questions.answered, month.questions.answered),
      unanswered: both(week.questions.unanswered, month.questions.unanswered),
      notHelped: both(week.questions.notHelped, month.questions.notHelped),
    }),
    '',
    t('insight.stats.cards'),
  );
  if (week.topCards.length === 0) lines.push(t('insight.stats.no-cards'));
  week.topCards.slice(0, 5).forEach((c, i) => lines.push(`${i + 1}. ${escapeHtml(extra.cardTitle(c.id))} — ${c.opens}`));
  lines.push('', t('insight.stats.cases', { opened: both(week.cases.opened, month.cases.opened), answered: both(week.cases.answered, month.cases.answered) }));
  lines.push(
    month.cases.medianFirstAnswerMs === undefined
      ? t('insight.stats.no-answers')
      : t('insight.stats.first-answer', {
          median: `${formatDuration(t, week.cases.medianFirstAnswerMs)} / ${formatDuration(t, month.cases.medianFirstAnswerMs)}`,
          p90: `${formatDuration(t, week.cases.p90FirstAnswerMs)} / ${formatDuration(t, month.cases.p90FirstAnswerMs)}`,
        }),
  );
  if (extra.notices) {
    const n = extra.notices;
    lines.push('', t('insight.stats.notices', { sent: both(n.week.sent, n.month.sent), failed: both(n.week.failed, n.month.failed) }));
  }
  if (extra.reminders) lines.push('', t('insight.stats.reminders', extra.reminders));
  const votes = (kind: keyof InsightReport['votes']) => `👍 ${report.votes[kind].up} 👎 ${report.votes[kind].down}`;
  lines.push('', t('insight.stats.votes', { faq: votes('faq'), card: votes('card'), case: votes('case') }), '', `<i>${t('insight.stats.note')}</i>`);
  return lines.join('\n');
}

/** Reminders set and sent, from the reminders' own counters (this instance, since it started). */
async function reminderFigures(metrics: BotMetrics): Promise<{ set: number; sent: number }> {
  const [set, sent] = await Promise.all([metrics.remindersSet.get(), metrics.remindersSent.get()]);
  return {
    set: set.values.reduce((total, v) => total + v.value, 0),
    sent: sent.values.filter((v) => v.labels.result === 'sent').reduce((total, v) => total + v.value, 0),
  };
}

/** How many notices of the last 7 and 30 days were delivered and not, from the notices' own counts (no walk over people). */
async function noticeFigures(broadcasts: BroadcastStores, now: number): Promise<{ week: NoticeFigures; month: NoticeFigures }> {
  const recent = (await broadcasts.notices.recent(500)).filter((n) => n.createdAt >= now - 30 * DAY_MS);
  const sum = (since: number): NoticeFigures =>
    recent
      .filter((n) => n.createdAt >= since)
      .reduce((f, n) => ({ sent: f.sent + n.counts.sent, failed: f.failed + n.counts.failed + n.counts.blocked }), { sent: 0, failed: 0 });
  return { week: sum(now - 7 * DAY_MS), month: sum(now - 30 * DAY_MS) };
}


/**
 * /stats for admins (the role is asked on every call): people by language, subscribers, FAQ
 * questions answered and not, the most opened cards, hand-off cases and the exact median and 90th
 * percentile of the time to the first staff answer, notices, 👍 / 👎, and a picture of the last
 * four weeks day by day. Nothing in it is about one person.
 */
export function statsFeature(deps: FeatureDeps, sources: StatsSources): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.chatType('private').command('stats', async (ctx) => {
    if (!ctx.roles.isAdmin) {
      return refuse(ctx, { logger: deps.logger, logSalt: deps.config.logSalt, what: 'stats refused', textKey: 'staff.admin-only' });
    }
    const { insight, broadcasts, subscribers: subscriberStore } = sources;
    if (!insight) return void (await ctx.reply(ctx.t('insight.staff.unavailable'), MESSAGE_OPTIONS));
    const now = deps.clock();
    const [report, subscribers, notices] = await Promise.all([
      insight.report(now),
      subscriberStore?.counts(),
      broadcasts ? noticeFigures(broadcasts, now) : undefined,
    ]);
    const reminders = deps.metrics ? await reminderFigures(deps.metrics) : undefined;
    const cardTitle = (id: string) => deps.content.card(ctx.lang, id)?.title ?? id;
    await ctx.reply(renderStats(ctx.t, report, { subscribers, notices, reminders, cardTitle }), MESSAGE_OPTIONS);
    const svg = dailyChartSvg(report.daily, {
      title: ctx.t('insight.stats.chart'),
      language: { ru: ctx.t('faq.language-name.ru'), tg: ctx.t('faq.language-name.tg'), en: ctx.t('faq.language-name.en') },
      unanswered: ctx.t('insight.stats.chart-unanswered'),
    });
    await ctx.replyWithPhoto(new InputFile(await renderSvgToPngAsync(svg), 'stats.png'), { caption: ctx.t('insight.stats.chart') });
  });
  return feature;
}
