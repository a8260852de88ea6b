/**
 * What "Write to a person" shows: to the person (in their language) and in the staff group (in
 * the staff chat's language). Case headers and topic names carry the case number, language and
 * topic only — never a name or a phone number.
 */
import { InlineKeyboard } from 'grammy';
import type { Card } from '../../content/schema';
import { CASE_TOPICS, type HandoffCase } from '../../services/handoff/case-store';
import type { Translate } from '../i18n';
import { encodeCallback, featureCallback } from '../keyboards/callback-data';
import { voteRow } from '../keyboards/vote-row';
import { escapeHtml } from '../i18n';
import { formatIsoDate, formatMoscowTime } from './dates';

/** Id of the content card with the staff's hours and what to expect (staff edit it like any card). */
export const HANDOFF_HOURS_CARD_ID = 'handoff.hours';

/** Buttons of the hand-off feature. */
export const handoffButtons = {
  open: () => featureCallback('handoff', 'open'),
  topic: (topic: string) => featureCallback('handoff', 'topic', topic),
  end: () => featureCallback('handoff', 'end'),
  close: (caseId: number) => featureCallback('handoff', 'close', caseId),
  /** The person's 👍 / 👎 of a closed case. */
  rate: (caseId: number, up: boolean) => featureCallback('handoff', 'rate', caseId, up ? 'up' : 'down'),
};

/** "Main menu" under every hand-off screen. */
function menuButton(keyboard: InlineKeyboard, t: Translate): InlineKeyboard {
  return keyboard.text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
}

/** The staff's hours and expectations (an editable card), then the choice of topic. */
export function renderHandoffIntro(t: Translate, hours: Card | undefined): { html: string; keyboard: InlineKeyboard } {
  const parts = hours
    ? [`<b>${escapeHtml(hours.title)}</b>`, escapeHtml(hours.body)]
    : [];
  if (hours?.verifiedAt) parts.push(`<i>${t('handoff.person.updated-on', { date: formatIsoDate(t, hours.verifiedAt) })}</i>`);
  parts.push(`<b>${t('handoff.person.choose-topic')}</b>`);
  const keyboard = new InlineKeyboard();
  for (const topic of CASE_TOPICS) keyboard.text(t(`handoff.topic-button.${topic}`), handoffButtons.topic(topic)).row();
  return { html: parts.join('\n\n'), keyboard: menuButton(keyboard, t) };
}

/** Buttons while a case is open: end it, or go to the menu (messages still reach staff). */
export function openCaseKeyboard(t: Translate): InlineKeyboard {
  return menuButton(new InlineKeyboard().text(t('handoff.person.button.end'), handoffButtons.end()).row(), t);
}

/** Adds the "✍️ Write to a person" row: under every card step, the calculator's result, a closed case. */
export function withWriteToPerson(keyboard: InlineKeyboard, t: Translate): InlineKeyboard {
  return keyboard.text(t('handoff.menu-label'), handoffButtons.open()).row();
}

/** After a case ended: 👍 / 👎 of case `rate` (when given), write again, or the menu. */
export function afterCaseKeyboard(t: Translate, rate?: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (rate !== undefined) voteRow(keyboard, t, (up) => handoffButtons.rate(rate, up));
  return menuButton(withWriteToPerson(keyboard, t), t);
}

/** The topic of a case as a word, in the reader's language. */
export function topicName(t: Translate, c: Pick<HandoffCase, 'topic'>): string {
  return t(`handoff.topic.${c.topic}`);
}

/** "#12 · Tajik · Detention": how staff see a case (topic name, list line). */
export function caseLabel(t: Translate, c: HandoffCase): string {
  return t('handoff.group.case-label', { id: c.id, language: t(`faq.language-name.${c.language}`), topic: topicName(t, c) });
}

/** The first message of a case in the staff group: who (no name), what, and how to answer. */
export function renderCaseHeader(t: Translate, c: HandoffCase, inTopic: boolean): { html: string; keyboard: InlineKeyboard } {
  const html = [
    `📨 <b>${escapeHtml(caseLabel(t, c))}</b>`,
    t('handoff.group.opened', { when: formatMoscowTime(t, c.openedAt) }),
    t(inTopic ? 'handoff.group.how-to-answer-topic' : 'handoff.group.how-to-answer-reply'),
  ].join('\n\n');
  return { html, keyboard: new InlineKeyboard().text(t('handoff.group.button.close'), handoffButtons.close(c.id)) };
}

/** A span of time staff read in the case list: «5 min», «2 h 05 min», «3 d 4 h». */
export function formatDuration(t: Translate, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t('handoff.duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('handoff.duration.hours', { hours, minutes: String(minutes % 60).padStart(2, '0') });
  return t('handoff.duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** A link to a message of the staff group, for the case list (supergroup ids are -100…). */
export function groupMessageLink(chatId: number, messageId: number): string | undefined {
  const internal = String(chatId).match(/^-100(\d+)$/)?.[1];
  return internal ? `https://t.me/c/${internal}/${messageId}` : undefined;
}

/** /cases: the open cases, the longest-waiting first, with how long each has waited. */
export function renderCaseList(t: Translate, cases: readonly HandoffCase[], chatId: number, now: number): string {
  if (cases.length === 0) return t('handoff.group.cases-empty');
  const lines = cases.map((c) => {
    const label = escapeHtml(caseLabel(t, c));
    const target = c.threadId ?? c.rootMessageId;
    const link = target !== undefined ? groupMessageLink(chatId, target) : undefined;
    const title = link ? `<a href="${link}">${label}</a>` : label;
    const state =
      c.waitingSince !== undefined
        ? t('handoff.group.waiting', { duration: formatDuration(t, now - c.waitingSince) })
        : c.lastStaffReplyAt !== undefined
          ? t('handoff.group.answered', { duration: formatDuration(t, now - c.lastStaffReplyAt) })
          : t('handoff.group.no-message-yet');
    return `• ${title} — ${state}`;
  });
  return [`📋 <b>${t('handoff.group.cases-title', { count: cases.length })}</b>`, ...lines].join('\n');
}
