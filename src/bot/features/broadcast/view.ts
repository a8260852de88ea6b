import { InlineKeyboard } from 'grammy';
import { LANGUAGES, type Language } from '../../../services/languages';
import type { Notice, NoticeView, Target } from '../../../services/broadcast';
import { escapeHtml, type Translate } from '../../i18n';
import { featureCallback } from '../../keyboards/callback-data';
import { LANGUAGE_NAMES } from '../../keyboards/language-picker';
import { formatMoscowDate, formatMoscowTime } from '../../render/dates';

/** The longest notice text an admin may send: header and footer must fit in Telegram's 4096. */
export const MAX_NOTICE_TEXT = 3500;

/**
 * The notice exactly as a reader gets it: the official header with the day it was sent (so an
 * old notice forwarded as news can be told), the admin's text (escaped: shown as typed, never as
 * markup), and how to unsubscribe.
 */
export function renderNoticeHtml(t: Translate, text: string, at: number): string {
  return `${t('broadcast.notice.header', { date: formatMoscowDate(t, at) })}\n\n${escapeHtml(text.trim())}\n\n${t('broadcast.notice.footer')}`;
}

/** The text each language group gets: one text for all, or each language's own. */
export function noticeTextFor(texts: Partial<Record<Language | 'all', string>>, language: Language): string | undefined {
  return texts.all ?? texts[language];
}

/** A short plain excerpt for the list of past notices. */
export function summaryOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/** "all subscribers", "readers of Тоҷикӣ", "city or region: Kazan". */
export function targetLabel(t: Translate, target: Target): string {
  switch (target.kind) {
    case 'all':
      return t('broadcast.target.all');
    case 'language':
      return t('broadcast.target.language', { language: LANGUAGE_NAMES[target.language] });
    case 'region':
      return t('broadcast.target.region', { region: t(`subscriptions.region.${target.region}`) });
  }
}

/** "Русский 3 · Тоҷикӣ 5 · English 1" (languages with nobody are left out). */
export function languageBreakdown(counts: Record<Language, number>): string {
  return LANGUAGES.filter((l) => counts[l] > 0)
    .map((l) => `${LANGUAGE_NAMES[l]} ${counts[l]}`)
    .join(' · ');
}

function formatEta(t: Translate, seconds: number): string {
  return seconds < 90 ? t('broadcast.progress.seconds', { value: seconds }) : t('broadcast.progress.minutes', { value: Math.ceil(seconds / 60) });
}

function counts(t: Translate, view: NoticeView): string {
  const { notice, remaining } = view;
  return t('broadcast.progress.counts', { ...notice.counts, remaining, total: notice.total });
}

/** The admin's progress message while a notice is scheduled, sending, paused or finished. */
export function renderProgress(t: Translate, view: NoticeView): string {
  const { notice } = view;
  const title = t(`broadcast.progress.${notice.status}`, { id: notice.id, when: formatMoscowTime(t, notice.startAt) });
  // Scheduled, or cancelled before it started: nothing to count.
  if (notice.startedAt === undefined) return title;
  const lines = [title, '', counts(t, view)];
  if (notice.status === 'running' && view.etaSeconds !== undefined && view.remaining > 0) lines.push(t('broadcast.progress.eta', { eta: formatEta(t, view.etaSeconds) }));
  if (notice.status === 'paused') lines.push('', t('broadcast.progress.paused-hint'));
  return lines.join('\n');
}

/** Pause / Resume and Cancel, as fits the notice's status; none once it is over. */
export function progressKeyboard(t: Translate, notice: Notice): InlineKeyboard | undefined {
  switch (notice.status) {
    case 'running':
      return new InlineKeyboard()
        .text(t('broadcast.button.pause'), featureCallback('bc', 'pause', notice.id))
        .text(t('broadcast.button.cancel-notice'), featureCallback('bc', 'cancel', notice.id));
    case 'paused':
      return new InlineKeyboard()
        .text(t('broadcast.button.resume'), featureCallback('bc', 'resume', notice.id))
        .text(t('broadcast.button.cancel-notice'), featureCallback('bc', 'cancel', notice.id));
    case 'scheduled':
      return new InlineKeyboard().text(t('broadcast.button.cancel-notice'), featureCallback('bc', 'cancel', notice.id));
    default:
      return undefined;
  }
}

/** The final report sent when a notice is done or cancelled. */
export function renderFinalReport(t: Translate, view: NoticeView): string {
  const { notice, remaining } = view;
  const key = notice.status === 'cancelled' ? 'broadcast.report.cancelled' : 'broadcast.report.done';
  const lines = [t(key, { id: notice.id, ...notice.counts, total: notice.total, remaining })];
  const reasons = Object.entries(notice.reasons)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([reason, count]) => `${reason} (${count})`);
  if (reasons.length > 0) lines.push(t('broadcast.report.reasons', { reasons: reasons.join('; ') }));
  return lines.join('\n');
}

/** /broadcasts: the latest notices, newest first, with results and who sent them. */
export function renderHistory(t: Translate, notices: readonly Notice[]): string {
  if (notices.length === 0) return `${t('broadcast.history.title')}\n\n${t('broadcast.history.empty')}`;
  const items = notices.map((notice) =>
    t('broadcast.history.item', {
      id: notice.id,
      date: formatMoscowTime(t, notice.startedAt ?? notice.startAt),
      status: t(`broadcast.history.status.${notice.status}`),
      target: targetLabel(t, notice.target),
      // 0: the author asked to be forgotten.
      by: notice.createdBy.userId === 0 ? '—' : notice.createdBy.name ? `${notice.createdBy.name} (${notice.createdBy.userId})` : String(notice.createdBy.userId),
      sent: notice.counts.sent,
      total: notice.total,
      failed: notice.counts.failed,
      blocked: notice.counts.blocked,
      // Plain text (the admin's name, the excerpt): i18n escapes every value.
      summary: notice.summary,
    }),
  );
  return [t('broadcast.history.title'), ...items].join('\n\n');
}
