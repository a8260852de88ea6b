/**
 * "What people ask": the questions the FAQ did not answer this week, in each language, most asked
 * first, each with one tap to start a new FAQ entry from it (the new-entry dialogue, its question
 * filled in) or to dismiss it. The texts were anonymised when kept and carry no id.
 */
import { InlineKeyboard } from 'grammy';
import { z } from 'zod';
import { MAX_QUESTION_LENGTH } from '../../../services/faq/faq-schema';
import type { InsightStore, QuestionGroup } from '../../../services/insight';
import { LANGUAGES, type Language } from '../../../services/languages';
import type { BotContext } from '../../context';
import { escapeHtml, type Translate } from '../../i18n';
import type { Screen } from '../../render/faq-view';
import { acknowledge, showScreen } from '../../respond';
import { staffArg, withArgs, type StaffHandler } from './actions';
import { staffButton, type StaffButton } from './buttons';
import { LANGUAGE_FLAGS } from './faq-view';
import { homeKeyboard, startFlow } from './form';

/** Groups shown per language. */
export const GROUPS_PER_LANGUAGE = 5;

const groupArgs = [staffArg.language, z.string().regex(/^[0-9a-f]{12}$/)] as const;

/** The "What people ask" screen. */
export function renderQuestionGroups(t: Translate, groups: Record<Language, QuestionGroup[]>, retentionDays: number): Screen {
  const lines = [t('insight.staff.title')];
  const keyboard = new InlineKeyboard();
  let n = 0;
  for (const lang of LANGUAGES) {
    const heading = `${LANGUAGE_FLAGS[lang]} <b>${t(`faq.language-name.${lang}`)}</b>`;
    if (groups[lang].length === 0) {
      lines.push(`${heading}: ${t('insight.staff.none')}`);
      continue;
    }
    const items = groups[lang].map((g) => {
      n++;
      keyboard.text(t('insight.staff.new', { n }), staffButton('insightNew', g.lang, g.id)).text(t('insight.staff.dismiss', { n }), staffButton('insightDismiss', g.lang, g.id)).row();
      return `${n}. ${escapeHtml(g.text)} — <b>${g.count}×</b>`;
    });
    lines.push([heading, ...items].join('\n'));
  }
  lines.push(`<i>${t('insight.staff.kept', { count: retentionDays })}</i>`);
  keyboard.text(t('staff.button.home'), staffButton('menu'));
  return { html: lines.join('\n\n'), keyboard };
}

async function showGroups(ctx: BotContext, insight: InsightStore, now: number, prefix?: string): Promise<void> {
  const groups = Object.fromEntries(
    await Promise.all(LANGUAGES.map(async (lang) => [lang, await insight.topQuestions(lang, now, 7, GROUPS_PER_LANGUAGE)] as const)),
  ) as Record<Language, QuestionGroup[]>;
  const screen = renderQuestionGroups(ctx.t, groups, insight.retentionDays);
  await showScreen(ctx, prefix ? `${prefix}\n\n${screen.html}` : screen.html, screen.keyboard);
}

async function unavailable(ctx: BotContext): Promise<void> {
  await acknowledge(ctx);
  await showScreen(ctx, ctx.t('insight.staff.unavailable'), homeKeyboard(ctx.t));
}

/** The handlers of the "What people ask" buttons. */
export const INSIGHT_HANDLERS: Readonly<Partial<Record<StaffButton, StaffHandler>>> = {
  insightList: async (ctx, s) => {
    if (!s.insight) return unavailable(ctx);
    await acknowledge(ctx);
    await showGroups(ctx, s.insight, s.clock());
  },

  insightNew: withArgs(groupArgs, async (ctx, s, [lang, id]) => {
    if (!s.insight) return unavailable(ctx);
    const text = await s.insight.question(lang, id, s.clock());
    if (text === undefined) {
      await acknowledge(ctx, ctx.t('insight.staff.gone'));
      return showGroups(ctx, s.insight, s.clock());
    }
    if (!s.faq.editable) return false;
    await acknowledge(ctx);
    // The new-entry dialogue, the question in its language filled in (staff keep or retype it).
    await startFlow(ctx, s, { flow: 'faq-add', values: { [`q-${lang}`]: text.slice(0, MAX_QUESTION_LENGTH) }, target: {} });
  }),

  insightDismiss: withArgs(groupArgs, async (ctx, s, [lang, id]) => {
    if (!s.insight) return unavailable(ctx);
    await s.insight.dismiss(lang, id, s.clock());
    await acknowledge(ctx, ctx.t('insight.staff.dismissed'));
    await showGroups(ctx, s.insight, s.clock(), `✅ ${ctx.t('insight.staff.dismissed')}`);
  }),
};
