/**
 * What the reminders feature shows and sends, in the reader's language: the offer under the
 * calculator's result, the list of reminders, one reminder message, and the `.ics` events.
 */
import { InlineKeyboard } from 'grammy';
import { RULE_VERIFIED_AT, type DeadlineInput } from '../../../services/deadlines';
import { MOSCOW_TIME_ZONE } from '../../../services/moscow-time';
import { DAYS_BEFORE, dueDateOf, type CalendarEvent, type PlannedDeadline, type ReminderKind, type ReminderMessage } from '../../../services/reminders';
import type { Translate } from '../../i18n';
import { encodeCallback } from '../../keyboards/callback-data';
import { reminderButtons } from '../../keyboards/reminder-offer';
import { formatDate } from '../../render/dates';
import { ruleLine } from '../../render/deadlines-view';

/** Months the "I paid" buttons offer. */
export const PAID_MONTHS = [1, 2, 3] as const;

const ZONE_NAMES: Readonly<Record<string, string>> = {
  [MOSCOW_TIME_ZONE]: 'moscow',
  'Asia/Yekaterinburg': 'yekaterinburg',
  'Asia/Novosibirsk': 'novosibirsk',
};

/** "Moscow time", "Yekaterinburg time" ... */
export function zoneName(t: Translate, timeZone: string): string {
  return t(`reminders.zone.${ZONE_NAMES[timeZone] ?? 'moscow'}`);
}

/** The short name of what a deadline is about (the calculator's words for its own kinds). */
export function titleOf(t: Translate, kind: ReminderKind): string {
  return kind === 'patent-payment' || kind === 'medical-renewal' ? t(`reminders.kind.${kind}`) : t(`deadlines.kind.${kind}`);
}

/** The sentence saying what to do by when. */
function dueSentence(t: Translate, deadline: PlannedDeadline): string {
  const date = formatDate(t, dueDateOf(deadline));
  if (deadline.kind === 'patent-payment' || deadline.kind === 'medical-renewal') return t(`reminders.message.${deadline.kind}`, { date });
  return t(`deadlines.due.${deadline.kind}`, { date });
}

/** The rule's source and checked date, as the calculator shows them. */
function sourceOf(t: Translate, deadline: PlannedDeadline): string {
  return ruleLine(t, { rule: deadline.rule, verifiedAt: RULE_VERIFIED_AT[deadline.rule] });
}

function provisionalNote(t: Translate, deadline: PlannedDeadline): string | undefined {
  return deadline.provisionalYears?.length ? `⚠️ ${t('deadlines.provisional', { years: deadline.provisionalYears.join(', ') })}` : undefined;
}

/** One line per deadline: "• Migration registration: 16 March 2026". */
function deadlineLines(t: Translate, deadlines: readonly PlannedDeadline[]): string[] {
  return deadlines.map((deadline) => {
    const line = t('reminders.offer.line', { title: titleOf(t, deadline.kind), date: formatDate(t, dueDateOf(deadline)) });
    return deadline.provisionalYears?.length ? `${line} ⚠️` : line;
  });
}

/** The offer: what would be reminded, when, and what the bot would keep; "yes", the `.ics`, or not now. */
export function renderOffer(t: Translate, input: DeadlineInput, deadlines: readonly PlannedDeadline[], timeZone: string): { html: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  if (deadlines.length === 0) {
    return { html: t('reminders.offer.nothing'), keyboard: keyboard.text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' })) };
  }
  const parts = [t('reminders.offer.title'), [t('reminders.offer.intro', { zone: zoneName(t, timeZone) }), ...deadlineLines(t, deadlines)].join('\n')];
  const provisional = deadlines.find((deadline) => deadline.provisionalYears?.length);
  if (provisional) parts.push(provisionalNote(t, provisional)!);
  if (deadlines.some((deadline) => deadline.kind === 'patent-payment')) parts.push(t('reminders.offer.payment-note'));
  parts.push(t('reminders.offer.kept'), `<i>${t('reminders.zone-note')}</i>`);
  keyboard
    .text(t('reminders.button.confirm'), reminderButtons.confirm(input))
    .row()
    .text(t('reminders.button.ics'), reminderButtons.icsOf(input))
    .row()
    .text(t('reminders.button.not-now'), encodeCallback({ kind: 'open-menu' }));
  return { html: parts.join('\n\n'), keyboard };
}

/** `/reminders`: what is set, each with its cancel button; the `.ics`; cancel all. */
export function renderList(t: Translate, deadlines: readonly PlannedDeadline[] | undefined, timeZone: string, note?: string): { html: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  const head = note ? [note] : [];
  if (!deadlines?.length) {
    const empty = t('reminders.list.empty', { calculator: t('menu.deadlines'), button: t('reminders.button.remind-me') });
    keyboard.text(t('menu.deadlines'), encodeCallback({ kind: 'open-dialogue', dialogue: 'deadlines' })).row();
    return { html: [...head, empty].join('\n\n'), keyboard: keyboard.text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' })) };
  }
  for (const deadline of deadlines) keyboard.text(t('reminders.button.cancel-one', { title: titleOf(t, deadline.kind) }), reminderButtons.cancel(deadline.kind)).row();
  keyboard
    .text(t('reminders.button.ics'), reminderButtons.icsOfPlan())
    .row()
    .text(t('reminders.button.cancel-all'), reminderButtons.cancelAll())
    .row()
    .text(t('common.button.menu'), encodeCallback({ kind: 'open-menu' }));
  const html = [
    ...head,
    [t('reminders.list.title'), ...deadlineLines(t, deadlines)].join('\n'),
    t('reminders.list.when', { zone: zoneName(t, timeZone) }),
    `<i>${t('reminders.zone-note')}</i>`,
  ].join('\n\n');
  return { html, keyboard };
}

/** One reminder as it arrives: what, by when, how many days are left, the source; payment buttons for the patent. */
export function renderReminder(t: Translate, message: ReminderMessage): { html: string; keyboard: InlineKeyboard } {
  const { deadline } = message.alert;
  const left = message.daysLeft === 0 ? t('deadlines.status.today') : t('deadlines.status.upcoming', { count: message.daysLeft });
  const parts = [t('reminders.message.title', { title: titleOf(t, deadline.kind) }), `${dueSentence(t, deadline)}\n${left}`];
  const provisional = provisionalNote(t, deadline);
  if (provisional) parts.push(provisional);
  const keyboard = new InlineKeyboard();
  if (deadline.kind === 'patent-payment') {
    parts.push(t('reminders.message.receipt'), t('reminders.message.paid-ask'));
    for (const months of PAID_MONTHS) keyboard.text(t('reminders.button.paid', { count: months }), reminderButtons.paid(months, deadline.due));
    keyboard.row();
  }
  parts.push(`<i>${sourceOf(t, deadline)}</i>`, `<i>${t('reminders.message.footer')}</i>`);
  keyboard.text(t('reminders.button.list'), reminderButtons.list());
  return { html: parts.join('\n\n'), keyboard };
}

/** Plain text from the bot's own HTML strings (tags dropped, entities read back). */
function plain(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The calendar events of `deadlines`: one all-day event each, on its last day, alarms as the reminders would come. */
export function calendarEvents(t: Translate, deadlines: readonly PlannedDeadline[]): CalendarEvent[] {
  return deadlines.map((deadline) => ({
    uid: `${deadline.kind}-${deadline.due}@migrant-help-bot`,
    date: dueDateOf(deadline),
    title: plain(titleOf(t, deadline.kind)),
    description: plain(
      [dueSentence(t, deadline), provisionalNote(t, deadline), deadline.kind === 'patent-payment' ? t('reminders.message.receipt') : undefined, sourceOf(t, deadline), t('cards.disclaimer')]
        .filter((part): part is string => part !== undefined)
        .join('\n\n'),
    ),
    alarmDaysBefore: DAYS_BEFORE[deadline.kind],
  }));
}
