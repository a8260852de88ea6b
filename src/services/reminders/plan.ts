/**
 * What a person is reminded of, and when: planned from the calculator's result, kept as the bare
 * minimum (what each date is for, the date, the rule it follows for its source line, whether it is
 * provisional, and the language). Nothing of the answers that led to the dates is kept.
 *
 * Pure functions: no Redis, no clock of their own, so every rule here is tested directly.
 */
import { z } from 'zod';
import {
  addDays,
  compareDates,
  daysInMonth,
  fromIso,
  isoString,
  type DeadlineItem,
  type DeadlineRule,
  type LocalDate,
} from '../deadlines';
import { LANGUAGES } from '../languages';
import { instantIn, REMINDER_HOUR } from './local-time';

/** What a reminder is about: the calculator's deadlines, the monthly patent payment and the medical certificate's year. */
export const REMINDER_KINDS = [
  'registration',
  'fingerprinting-medical',
  'patent-application',
  'stay-limit',
  'patent-payment',
  'medical-renewal',
] as const;

/** One of {@link REMINDER_KINDS}. */
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const RULES = [
  'registration-tajikistan',
  'registration-uzbekistan',
  'registration-other',
  'fingerprinting-medical',
  'patent',
  'stay-limit',
  'stay-limit-before-2025',
] as const satisfies readonly DeadlineRule[];

const isoDate = z.string().refine((text) => fromIso(text) !== undefined, 'not a YYYY-MM-DD date');

/** One deadline a person asked to be reminded of. */
export const plannedDeadlineSchema = z.object({
  kind: z.enum(REMINDER_KINDS),
  /**
   * The last day: to act (the calculator's deadlines), of the paid period ('patent-payment'), or
   * of the medical certificate's year at the latest ('medical-renewal'). `YYYY-MM-DD`.
   */
  due: isoDate,
  /** The rule the date follows: its source and checked date are quoted with the reminder. */
  rule: z.enum(RULES),
  /** Counted without the government decree of some year: the reminder says the date may move. */
  provisionalYears: z.array(z.number().int()).optional(),
});

/** One deadline a person asked to be reminded of. */
export type PlannedDeadline = z.infer<typeof plannedDeadlineSchema>;

/** Everything kept for one person's reminders. */
export const reminderPlanSchema = z.object({
  language: z.enum(LANGUAGES),
  deadlines: z.array(plannedDeadlineSchema),
  /** Set when Telegram said the person blocked the bot: nothing more is sent until they ask again. */
  blocked: z.literal(true).optional(),
});

/** Everything kept for one person's reminders. */
export type ReminderPlan = z.infer<typeof reminderPlanSchema>;

/** Days before the last day each kind is reminded on (0: on the last day itself). */
export const DAYS_BEFORE: Readonly<Record<ReminderKind, readonly number[]>> = {
  registration: [3, 0],
  'fingerprinting-medical': [3, 0],
  'patent-application': [3, 0],
  'stay-limit': [3, 0],
  'patent-payment': [3, 0],
  'medical-renewal': [14, 0],
};

/** One message to send: a deadline, on a day `daysBefore` its last day. */
export interface Alert {
  /** Stable while the deadline and its date stay the same: `<kind>.<YYYYMMDD>.<daysBefore>`. */
  id: string;
  deadline: PlannedDeadline;
  day: LocalDate;
  daysBefore: number;
}

/** The due date of a planned deadline. */
export function dueDateOf(deadline: PlannedDeadline): LocalDate {
  return fromIso(deadline.due)!;
}

/** The medical certificate is valid one year (115-FZ art. 5 p. 18): the same day a year later, 29 Feb → 28 Feb. */
function oneYearAfter(date: LocalDate): LocalDate {
  const year = date.year + 1;
  return { year, month: date.month, day: Math.min(date.day, daysInMonth(year, date.month)) };
}

/** `date` moved `months` calendar months on, the day kept or, where the month is shorter, its last day. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/**
 * The new last paid day after paying `months` more months of a patent paid until `paidUntil`.
 * A patent's paid period runs in whole months from the day after the last paid day (paid until
 * 14 March, one month more: until 14 April; paid until 31 January, i.e. from 1 February: until
 * 28 or 29 February; one more: until 31 March).
 */
export function paidUntilAfterPaying(paidUntil: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months) || months < 1 || months > 12) throw new RangeError(`months must be 1..12, got ${months}`);
  const nextPeriodStart = addDays(paidUntil, 1);
  return addDays(addMonths(nextPeriodStart, months), -1);
}

const isDated = (item: DeadlineItem): item is DeadlineItem & { dueDate: LocalDate } => item.dueDate !== undefined;

/**
 * The deadlines worth reminding of in the calculator's result on `today`: those still ahead (or
 * due today), the patent's last paid day, and the latest end of the medical certificate's year.
 * Passed and not-applicable deadlines are left out (nothing is left to remind of).
 */
export function planDeadlines(items: readonly DeadlineItem[], today: LocalDate): PlannedDeadline[] {
  const planned: PlannedDeadline[] = [];
  const ahead = (date: LocalDate) => compareDates(date, today) >= 0;
  for (const item of items.filter(isDated)) {
    const due = item.dueDate;
    switch (item.kind) {
      case 'registration':
      case 'fingerprinting-medical':
      case 'patent-application':
      case 'stay-limit':
        if (item.status === 'upcoming' || item.status === 'today') {
          const deadline: PlannedDeadline = { kind: item.kind, due: isoString(due), rule: item.rule };
          planned.push(item.provisionalYears?.length ? { ...deadline, provisionalYears: [...item.provisionalYears] } : deadline);
        }
        break;
      case 'patent-lapse': {
        // The patent ends the day after the last paid day: that last day is what to pay before.
        const lastPaidDay = addDays(due, -1);
        if (item.status === 'upcoming' && ahead(lastPaidDay)) planned.push({ kind: 'patent-payment', due: isoString(lastPaidDay), rule: item.rule });
        break;
      }
    }
  }
  // The examination is due by the fingerprinting deadline (work only): a certificate from then is
  // valid until a year later at most. Its own date is on the certificate; the reminder says so.
  const medical = items.find((item) => item.kind === 'fingerprinting-medical' && item.status !== 'not-applicable');
  if (medical?.dueDate) {
    const yearEnds = oneYearAfter(medical.dueDate);
    if (ahead(yearEnds)) planned.push({ kind: 'medical-renewal', due: isoString(yearEnds), rule: medical.rule });
  }
  return planned;
}

/** The alert id of a deadline on a day `daysBefore` its last day. */
export function alertId(deadline: PlannedDeadline, daysBefore: number): string {
  return `${deadline.kind}.${deadline.due.replace(/-/g, '')}.${daysBefore}`;
}

/** Every alert of `deadlines` whose day is `today` or later (all of them without `today`). */
export function alertsOf(deadlines: readonly PlannedDeadline[], today?: LocalDate): Alert[] {
  const alerts: Alert[] = [];
  for (const deadline of deadlines) {
    const due = dueDateOf(deadline);
    for (const daysBefore of DAYS_BEFORE[deadline.kind]) {
      const day = addDays(due, -daysBefore);
      if (today && compareDates(day, today) < 0) continue;
      alerts.push({ id: alertId(deadline, daysBefore), deadline, day, daysBefore });
    }
  }
  return alerts;
}

/** The moment an alert is planned for: {@link REMINDER_HOUR} on its day, in `timeZone`. */
export function alertTime(alert: Alert, timeZone: string): number {
  return instantIn(timeZone, alert.day, REMINDER_HOUR);
}

/** The deadlines with `kind` replaced by `next` (or removed when `next` is undefined). */
export function replaceDeadline(deadlines: readonly PlannedDeadline[], kind: ReminderKind, next?: PlannedDeadline): PlannedDeadline[] {
  const rest = deadlines.filter((deadline) => deadline.kind !== kind);
  return next ? [...rest, next] : rest;
}
