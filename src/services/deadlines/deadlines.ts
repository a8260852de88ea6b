/**
 * "Documents and deadlines": from a few facts about a person's entry, the dates by which they
 * must register, pass fingerprinting and the medical examination, apply for a patent, leave
 * under the 90-day rule, or pay the patent again.
 *
 * Returns kinds, dates and statuses only; the bot's locales do the wording, sources included.
 * Every rule here is one row of /work/shared/CONTENT-SOURCES.md; each item names its rule and
 * carries that row's checked date (`RULE_VERIFIED_AT`).
 *
 * Periods are counted as the Civil Code counts them (art. 191): a period "of N days from entry"
 * starts the day after entry, so its last day is entry + N. The fact sheet has no row for art. 191
 * yet: the counting note cites it and says staff have not checked it; staff should check the
 * article's text, add the row with its source, and drop "not yet checked" from `deadlines.counting-note`. The 90-day stay limit is different:
 * it counts days of presence, and the entry day is one of them.
 */
import { addDays, compareDates, daysBetween, isoString, type LocalDate } from './local-date';
import type { WorkCalendar } from './russian-work-calendar';

/**
 * Citizenship as far as the rules differ: Tajikistan and Uzbekistan have 15 days to register,
 * other visa-free countries 7 working days. 'TJ' and 'OTHER_VISA_FREE' are the values older
 * dialogue state holds, so they keep their names.
 */
export type Citizenship = 'TJ' | 'UZ' | 'OTHER_VISA_FREE';

/** The purpose of the visit as written in the migration card. */
export type VisitPurpose = 'work' | 'study' | 'private';

/** Whether the person holds a patent and up to which day its monthly advance is paid. */
export type PatentState = { readonly issued: false } | { readonly issued: true; readonly paidUntil: LocalDate };

/** What the person tells the bot. */
export interface DeadlineInput {
  readonly citizenship: Citizenship;
  /** On or after `EARLIEST_ENTRY_DATE` (validate at the edge with `entryDateProblem`). */
  readonly entryDate: LocalDate;
  readonly purpose: VisitPurpose;
  readonly patent: PatentState;
  /** Days already spent in Russia in the entry's calendar year before this entry (0–366). */
  readonly daysSpentThisYearBeforeEntry: number;
}

/** Which deadline an item is about; also the order of items in the result. */
export type DeadlineKind =
  | 'registration'
  | 'fingerprinting-medical'
  | 'patent-application'
  | 'stay-limit'
  | 'patent-lapse';

/**
 * Where a deadline stands on `today`. 'not-applicable' items may still carry a `dueDate` as
 * information. 'overdue' covers every day after the deadline (for 'patent-lapse': the lapse day too).
 */
export type DeadlineStatus = 'upcoming' | 'today' | 'overdue' | 'not-applicable';

/**
 * The rule (one row of CONTENT-SOURCES.md) an item applies. The bot's locales cite it in the
 * reader's language (`deadlines.source.<rule>`); the domain holds no wording.
 */
export type DeadlineRule =
  | 'registration-tajikistan'
  | 'registration-uzbekistan'
  | 'registration-other'
  | 'fingerprinting-medical'
  | 'patent'
  | 'stay-limit'
  | 'stay-limit-before-2025';

/** One line of the person's deadline list. */
export interface DeadlineItem {
  readonly kind: DeadlineKind;
  /** The last day to act (for 'stay-limit': the last day of lawful stay; for 'patent-lapse': the day the patent ends). */
  readonly dueDate?: LocalDate;
  readonly status: DeadlineStatus;
  /** Days from today to `dueDate`: 0 today, negative when overdue. Absent for 'not-applicable'. */
  readonly daysLeft?: number;
  /** The rule applied, for its source line. */
  readonly rule: DeadlineRule;
  /** When staff last checked the rule against its source (`YYYY-MM-DD`); undefined while the sheet says "needs staff check". */
  readonly verifiedAt: string | undefined;
  /** 'stay-limit' only: a patent paid past today extends the stay, so the date is information. */
  readonly extendedByPatent?: true;
  /** 'stay-limit' only: the 90 days of the entry year were already used before this entry. */
  readonly allowanceUsedUp?: true;
  /** 'registration' by working days only: every year the count ran through, ascending. */
  readonly calendarYears?: readonly number[];
  /**
   * 'registration' by working days only: years counted without their government decree in the
   * calendar data, so the date is provisional (the decree may still move a day off).
   */
  readonly provisionalYears?: readonly number[];
  /** 'registration' by working days only: the entry lies before the years the working-day calendar counts. */
  readonly workingDaysUncounted?: true;
}

/** What the deadline rules need from the working-day calendar (the services' `calendar`; tests build one from data). */
export type WorkingDayCounter = Pick<WorkCalendar, 'addWorkingDays'>;

/** Days a visa-free foreigner may stay per calendar year, and continuously (115-FZ art. 5 p. 1). */
export const STAY_LIMIT_DAYS = 90;

/** From this day the 90 days are counted per calendar year; before it, 90 in any 180 days (260-FZ of 08.08.2024). */
export const YEARLY_STAY_RULE_FROM: LocalDate = { year: 2025, month: 1, day: 1 };

/**
 * The earliest entry date the calculator counts: the day the last of its rules came into force
 * (the RF–Uzbekistan agreement, 04.06.2022; fingerprinting within 30 days holds from 29.12.2021).
 * For an earlier entry it would apply rules that did not hold then.
 */
export const EARLIEST_ENTRY_DATE: LocalDate = { year: 2022, month: 6, day: 4 };

/**
 * When each rule was last checked against its source: the "checked" column of CONTENT-SOURCES.md,
 * the one place the calculator's checked dates live. Undefined: the sheet says "needs staff check".
 */
export const RULE_VERIFIED_AT: Readonly<Record<DeadlineRule, string | undefined>> = {
  'registration-tajikistan': '2026-11-24',
  'registration-uzbekistan': '2026-12-01',
  'registration-other': undefined,
  'fingerprinting-medical': '2026-11-24',
  patent: '2026-11-24',
  'stay-limit': '2026-11-24',
  'stay-limit-before-2025': '2026-11-24',
};

/** Registration periods in calendar days from entry, by citizenship (agreements with RF). */
const FIFTEEN_DAY_REGISTRATION: Readonly<Partial<Record<Citizenship, DeadlineRule>>> = {
  TJ: 'registration-tajikistan',
  UZ: 'registration-uzbekistan',
};
const AGREEMENT_REGISTRATION_DAYS = 15;
const OTHER_REGISTRATION_WORKING_DAYS = 7;
const WORK_FORMALITIES_DAYS = 30;
const OTHER_PURPOSE_FORMALITIES_DAYS = 90;
const PATENT_APPLICATION_DAYS = 30;

/** Why an entry date cannot be counted: before the rules the calculator applies held. */
export type EntryDateProblem = 'before-rules';

/** Undefined when the calculator can count from `entryDate`; otherwise why not. */
export function entryDateProblem(entryDate: LocalDate): EntryDateProblem | undefined {
  return compareDates(entryDate, EARLIEST_ENTRY_DATE) < 0 ? 'before-rules' : undefined;
}

/** True when the 90-days-per-calendar-year rule governs a stay that began on `entryDate`. */
export function yearlyStayRuleApplies(entryDate: LocalDate): boolean {
  return compareDates(entryDate, YEARLY_STAY_RULE_FROM) >= 0;
}

/** Largest `daysSpentThisYearBeforeEntry` that fits in the calendar before `entryDate`; for input validation. */
export function maxDaysSpentBeforeEntry(entryDate: LocalDate): number {
  return daysBetween({ year: entryDate.year, month: 1, day: 1 }, entryDate);
}

/** The day a patent ends: the day after the last paid day (Tax Code art. 227.1; 115-FZ art. 13.3). */
export function patentLapseDate(paidUntil: LocalDate): LocalDate {
  return addDays(paidUntil, 1);
}

/**
 * The last day of lawful stay without a patent or permit, or 'allowance-used-up' when the
 * entry year's 90 days were spent before this entry.
 *
 * Two limits apply (115-FZ art. 5 p. 1): at most 90 days per calendar year, and at most 90 days
 * in a row. The entry day is day 1 of the stay, so the continuous limit ends on entry + 89.
 * The yearly limit ends on entry + (remaining allowance − 1), but only binds if that day is still
 * in the entry year: on 1 January the counter restarts, and since fewer than 90 days of the new
 * year fit before entry + 89, the continuous limit then governs.
 */
export function stayLimitLastDay(
  entryDate: LocalDate,
  daysSpentBeforeEntry: number,
): LocalDate | 'allowance-used-up' {
  const remaining = STAY_LIMIT_DAYS - daysSpentBeforeEntry;
  if (remaining <= 0) return 'allowance-used-up';
  const continuousEnd = addDays(entryDate, STAY_LIMIT_DAYS - 1);
  const yearlyEnd = addDays(entryDate, remaining - 1);
  return yearlyEnd.year === entryDate.year ? yearlyEnd : continuousEnd;
}

function statusOn(dueDate: LocalDate, today: LocalDate): 'upcoming' | 'today' | 'overdue' {
  const diff = compareDates(dueDate, today);
  if (diff > 0) return 'upcoming';
  return diff === 0 ? 'today' : 'overdue';
}

function dated(kind: DeadlineKind, dueDate: LocalDate, today: LocalDate, rule: DeadlineRule): DeadlineItem {
  const daysLeft = daysBetween(today, dueDate);
  return { kind, dueDate, status: statusOn(dueDate, today), daysLeft, rule, verifiedAt: RULE_VERIFIED_AT[rule] };
}

function notApplicable(kind: DeadlineKind, rule: DeadlineRule, infoDate?: LocalDate): DeadlineItem {
  const base = { kind, status: 'not-applicable' as const, rule, verifiedAt: RULE_VERIFIED_AT[rule] };
  return infoDate ? { ...base, dueDate: infoDate } : base;
}

function registration(input: DeadlineInput, today: LocalDate, calendar: WorkingDayCounter): DeadlineItem {
  const agreement = FIFTEEN_DAY_REGISTRATION[input.citizenship];
  if (agreement) return dated('registration', addDays(input.entryDate, AGREEMENT_REGISTRATION_DAYS), today, agreement);
  const counted = calendar.addWorkingDays(input.entryDate, OTHER_REGISTRATION_WORKING_DAYS);
  // The calendar starts in 2025; an earlier entry's working days are not counted, not guessed.
  if ('outsideCalendar' in counted) return { ...notApplicable('registration', 'registration-other'), workingDaysUncounted: true };
  const { date, provisionalYears } = counted;
  const calendarYears: number[] = [];
  for (let year = addDays(input.entryDate, 1).year; year <= date.year; year++) calendarYears.push(year);
  const item = { ...dated('registration', date, today, 'registration-other'), calendarYears };
  return provisionalYears.length ? { ...item, provisionalYears: [...provisionalYears].sort((a, b) => a - b) } : item;
}

function fingerprintingMedical(input: DeadlineInput, today: LocalDate): DeadlineItem {
  const rule = 'fingerprinting-medical';
  if (input.purpose === 'work') {
    return dated('fingerprinting-medical', addDays(input.entryDate, WORK_FORMALITIES_DAYS), today, rule);
  }
  // Other purposes need it only for stays over 90 days. We do not ask how long the person means
  // to stay, so the date is given as information for those who will stay longer.
  return notApplicable('fingerprinting-medical', rule, addDays(input.entryDate, OTHER_PURPOSE_FORMALITIES_DAYS));
}

function patentApplication(input: DeadlineInput, today: LocalDate): DeadlineItem {
  if (input.purpose !== 'work' || input.patent.issued) return notApplicable('patent-application', 'patent');
  return dated('patent-application', addDays(input.entryDate, PATENT_APPLICATION_DAYS), today, 'patent');
}

function stayLimit(input: DeadlineInput, today: LocalDate): DeadlineItem {
  // Before 2025 the limit was 90 days in any 180, which needs every earlier stay to count; the
  // bot does not ask for those, so it names the rule instead of applying the new one to old dates.
  if (!yearlyStayRuleApplies(input.entryDate)) return notApplicable('stay-limit', 'stay-limit-before-2025');
  const rule = 'stay-limit';
  const lastDay = stayLimitLastDay(input.entryDate, input.daysSpentThisYearBeforeEntry);
  const patentValid = input.patent.issued && compareDates(patentLapseDate(input.patent.paidUntil), today) > 0;
  if (patentValid) {
    const info = lastDay === 'allowance-used-up' ? input.entryDate : lastDay;
    return { ...notApplicable('stay-limit', rule, info), extendedByPatent: true };
  }
  if (lastDay === 'allowance-used-up') {
    // No lawful day is left: the stay is unlawful from the entry day on, whatever `today` is.
    const dueDate = input.entryDate;
    return { ...dated('stay-limit', dueDate, today, rule), status: 'overdue', allowanceUsedUp: true };
  }
  return dated('stay-limit', lastDay, today, rule);
}

function patentLapse(input: DeadlineInput, today: LocalDate): DeadlineItem {
  if (!input.patent.issued) return notApplicable('patent-lapse', 'patent');
  const lapse = patentLapseDate(input.patent.paidUntil);
  // On the lapse day itself the patent is already gone, so there is no 'today' status here.
  const overdue = compareDates(lapse, today) <= 0;
  return { ...dated('patent-lapse', lapse, today, 'patent'), status: overdue ? 'overdue' : 'upcoming' };
}

/**
 * All deadlines for `input` as seen on `today`, always one item per kind, in the order of
 * `DeadlineKind`. Throws `RangeError` if `daysSpentThisYearBeforeEntry` is not a whole number
 * in 0..366 (validate at the edge; see `maxDaysSpentBeforeEntry` for the tighter bound), or if
 * the entry date is one the rules do not cover (`entryDateProblem`). Working days are counted
 * by `calendar`: the composition root's, which follows the decrees staff edit.
 */
export function computeDeadlines(input: DeadlineInput, today: LocalDate, calendar: WorkingDayCounter): readonly DeadlineItem[] {
  const spent = input.daysSpentThisYearBeforeEntry;
  if (!Number.isInteger(spent) || spent < 0 || spent > 366) {
    throw new RangeError(`daysSpentThisYearBeforeEntry must be a whole number 0..366, got ${spent}`);
  }
  if (entryDateProblem(input.entryDate)) {
    throw new RangeError(`entry date ${isoString(input.entryDate)} is before ${isoString(EARLIEST_ENTRY_DATE)}`);
  }
  return [
    registration(input, today, calendar),
    fingerprintingMedical(input, today),
    patentApplication(input, today),
    stayLimit(input, today),
    patentLapse(input, today),
  ];
}
