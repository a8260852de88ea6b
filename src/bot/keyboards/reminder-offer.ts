/**
 * The "🔔 Remind me" button under the calculator's result, and the answers it carries. The bot
 * keeps no answers: they travel in the button's own data (in the person's chat, beside the result
 * they produced), and the reminders feature counts the deadlines again from them when pressed.
 */
import type { InlineKeyboard } from 'grammy';
import {
  entryDateProblem,
  fromIso,
  maxDaysSpentBeforeEntry,
  type Citizenship,
  type DeadlineInput,
  type LocalDate,
  type VisitPurpose,
} from '../../services/deadlines';
import type { Translate } from '../i18n';
import { featureCallback } from './callback-data';

/** The feature name of the reminder buttons (`f:rem:...`). */
export const REMINDERS_FEATURE = 'rem';

const CITIZENSHIP_CODES: Readonly<Record<Citizenship, string>> = { TJ: 't', UZ: 'u', OTHER_VISA_FREE: 'o' };
const PURPOSE_CODES: Readonly<Record<VisitPurpose, string>> = { work: 'w', study: 's', private: 'p' };

const compact = (date: LocalDate) => `${date.year}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;
const fromCompact = (text: string) => fromIso(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`);

/** The calculator's answers as one button token: `t20260301w20260415-45` (citizenship, entry, purpose, paid until or `n`, days spent). */
export function encodeDeadlineInput(input: DeadlineInput): string {
  const paid = input.patent.issued ? compact(input.patent.paidUntil) : 'n';
  return `${CITIZENSHIP_CODES[input.citizenship]}${compact(input.entryDate)}${PURPOSE_CODES[input.purpose]}${paid}-${input.daysSpentThisYearBeforeEntry}`;
}

/** Reads a token of {@link encodeDeadlineInput}; undefined for anything the calculator could not have answered. */
export function decodeDeadlineInput(token: string): DeadlineInput | undefined {
  const match = /^([tuo])(\d{8})([wsp])(n|\d{8})-(\d{1,3})$/.exec(token);
  if (!match) return undefined;
  const citizenship = (Object.keys(CITIZENSHIP_CODES) as Citizenship[]).find((key) => CITIZENSHIP_CODES[key] === match[1])!;
  const purpose = (Object.keys(PURPOSE_CODES) as VisitPurpose[]).find((key) => PURPOSE_CODES[key] === match[3])!;
  const entryDate = fromCompact(match[2]!);
  const paidUntil = match[4] === 'n' ? undefined : fromCompact(match[4]!);
  const days = Number(match[5]);
  if (!entryDate || entryDateProblem(entryDate) || (match[4] !== 'n' && !paidUntil) || days > maxDaysSpentBeforeEntry(entryDate)) return undefined;
  if (paidUntil && purpose !== 'work') return undefined;
  return {
    citizenship,
    entryDate,
    purpose,
    patent: paidUntil ? { issued: true, paidUntil } : { issued: false },
    daysSpentThisYearBeforeEntry: days,
  };
}

/** Buttons of the reminders feature. */
export const reminderButtons = {
  /** The offer: what would be kept, then "yes". */
  offer: (input: DeadlineInput) => featureCallback(REMINDERS_FEATURE, 'o', encodeDeadlineInput(input)),
  confirm: (input: DeadlineInput) => featureCallback(REMINDERS_FEATURE, 'y', encodeDeadlineInput(input)),
  /** The `.ics` file of these answers' deadlines (nothing stored). */
  icsOf: (input: DeadlineInput) => featureCallback(REMINDERS_FEATURE, 'i', encodeDeadlineInput(input)),
  /** The `.ics` file of the stored plan. */
  icsOfPlan: () => featureCallback(REMINDERS_FEATURE, 'ip'),
  list: () => featureCallback(REMINDERS_FEATURE, 'l'),
  cancel: (kind: string) => featureCallback(REMINDERS_FEATURE, 'c', kind),
  cancelAll: () => featureCallback(REMINDERS_FEATURE, 'x'),
  /** "I paid for N months" on a payment reminder whose last paid day is `paidUntil` (`YYYY-MM-DD`). */
  paid: (months: number, paidUntil: string) => featureCallback(REMINDERS_FEATURE, 'p', months, paidUntil.replace(/-/g, '')),
};

/** Adds the "🔔 Remind me" row under the calculator's result. */
export function withRemindMe(keyboard: InlineKeyboard, t: Translate, input: DeadlineInput): InlineKeyboard {
  return keyboard.text(t('reminders.button.remind-me'), reminderButtons.offer(input)).row();
}
