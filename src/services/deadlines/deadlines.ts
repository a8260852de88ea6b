/**
 * "Documents and deadlines": from a few facts about a person's entry, the dates by which they
 * must register, pass fingerprinting and the medical examination, apply for a patent, leave
 * under the 90-day rule, or pay the patent again.
 *
 * Returns kinds, dates and statuses only; the bot's locales do the wording. Every rule here is
 * one row of /work/shared/CONTENT-SOURCES.md, and each item carries that row's source.
 *
 * Periods are counted as the Civil Code counts them (art. 191): a period "of N days from entry"
 * starts the day after entry, so its last day is entry + N. The 90-day stay limit is different:
 * it counts days of presence, and the entry day is one of them.
 */
import { addDays, compareDates, daysBetween, type LocalDate } from './local-date';
import { addWorkingDays, calendarSourceFor } from './russian-work-calendar';

/** Citizenship as far as the rules differ: Tajikistan has its own registration term. */
export type Citizenship = 'TJ' | 'OTHER_VISA_FREE';

/** The purpose of the visit as written in the migration card. */
export type VisitPurpose = 'work' | 'study' | 'private';

/** Whether the person holds a patent and up to which day its monthly advance is paid. */
export type PatentState = { readonly issued: false } | { readonly issued: true; readonly paidUntil: LocalDate };

/** What the person tells the bot. */
export interface DeadlineInput {
  readonly citizenship: Citizenship;
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
 * information; 'outside-calendar' means the date needs a production calendar we do not ship yet.
 */
export type DeadlineStatus = 'upcoming' | 'today' | 'overdue' | 'not-applicable' | 'outside-calendar';

/** One line of the person's deadline list. */
export interface DeadlineItem {
  readonly kind: DeadlineKind;
  /** The last day to act (for 'stay-limit': the last day of lawful stay; for 'patent-lapse': the day the patent ends). */
  readonly dueDate?: LocalDate;
  readonly status: DeadlineStatus;
  /** Days from today to `dueDate`: 0 today, negative when overdue. Absent for 'not-applicable'. */
  readonly daysLeft?: number;
  /** Law, article or report the rule comes from. */
  readonly source: string;
  /** When the rule was last checked against its source (`YYYY-MM-DD`). */
  readonly verifiedAt: string;
  /** 'stay-limit' only: a patent paid past today extends the stay, so the date is information. */
  readonly extendedByPatent?: true;
  /** 'stay-limit' only: the 90 days of the entry year were already used before this entry. */
  readonly allowanceUsedUp?: true;
  /** 'outside-calendar' only: the year whose production calendar is missing. */
  readonly missingCalendarYear?: number;
}

/** Days a visa-free foreigner may stay per calendar year, and continuously (115-FZ art. 5 p. 1). */
export const STAY_LIMIT_DAYS = 90;

const VERIFIED_AT = '2026-11-24';

/** The source of each rule, as recorded in CONTENT-SOURCES.md. */
export const DEADLINE_SOURCES = {
  registrationTajikistan:
    'RF–Tajikistan agreement of 08.02.2013 (ratified); klerk.ru/law/news/343001; mirnov.ru (RBC report on ratification)',
  registrationOther: 'klerk.ru/law/news/343001; mirnov.ru (RBC report on ratification)',
  fingerprintingMedical: '115-FZ art. 5 p. 13, 18 (274-FZ of 01.07.2021)',
  patentApplication: 'Tax Code art. 227.1; 115-FZ art. 13.3',
  stayLimit: '115-FZ art. 5 p. 1 (as amended by 260-FZ of 08.08.2024)',
  patentLapse: 'Tax Code art. 227.1; 115-FZ art. 13.3',
} as const;

const TAJIK_REGISTRATION_DAYS = 15;
const OTHER_REGISTRATION_WORKING_DAYS = 7;
const WORK_FORMALITIES_DAYS = 30;
const OTHER_PURPOSE_FORMALITIES_DAYS = 90;
const PATENT_APPLICATION_DAYS = 30;

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

function dated(kind: DeadlineKind, dueDate: LocalDate, today: LocalDate, source: string): DeadlineItem {
  const daysLeft = daysBetween(today, dueDate);
  return { kind, dueDate, status: statusOn(dueDate, today), daysLeft, source, verifiedAt: VERIFIED_AT };
}

function notApplicable(kind: DeadlineKind, source: string, infoDate?: LocalDate): DeadlineItem {
  const base = { kind, status: 'not-applicable' as const, source, verifiedAt: VERIFIED_AT };
  return infoDate ? { ...base, dueDate: infoDate } : base;
}

function registration(input: DeadlineInput, today: LocalDate): DeadlineItem {
  if (input.citizenship === 'TJ') {
    const dueDate = addDays(input.entryDate, TAJIK_REGISTRATION_DAYS);
    return dated('registration', dueDate, today, DEADLINE_SOURCES.registrationTajikistan);
  }
  const result = addWorkingDays(input.entryDate, OTHER_REGISTRATION_WORKING_DAYS);
  if ('outsideCalendar' in result) {
    return {
      kind: 'registration',
      status: 'outside-calendar',
      source: DEADLINE_SOURCES.registrationOther,
      verifiedAt: VERIFIED_AT,
      missingCalendarYear: result.year,
    };
  }
  // The working-day count rests on the production calendar too, so its decree is cited as well.
  const calendar = calendarSourceFor(result.date.year);
  const source = calendar
    ? `${DEADLINE_SOURCES.registrationOther}; ${calendar.source}`
    : DEADLINE_SOURCES.registrationOther;
  return dated('registration', result.date, today, source);
}

function fingerprintingMedical(input: DeadlineInput, today: LocalDate): DeadlineItem {
  const source = DEADLINE_SOURCES.fingerprintingMedical;
  if (input.purpose === 'work') {
    return dated('fingerprinting-medical', addDays(input.entryDate, WORK_FORMALITIES_DAYS), today, source);
  }
  // Other purposes need it only for stays over 90 days. We do not ask how long the person means
  // to stay, so the date is given as information for those who will stay longer.
  return notApplicable('fingerprinting-medical', source, addDays(input.entryDate, OTHER_PURPOSE_FORMALITIES_DAYS));
}

function patentApplication(input: DeadlineInput, today: LocalDate): DeadlineItem {
  const source = DEADLINE_SOURCES.patentApplication;
  if (input.purpose !== 'work' || input.patent.issued) return notApplicable('patent-application', source);
  return dated('patent-application', addDays(input.entryDate, PATENT_APPLICATION_DAYS), today, source);
}

function stayLimit(input: DeadlineInput, today: LocalDate): DeadlineItem {
  const source = DEADLINE_SOURCES.stayLimit;
  const lastDay = stayLimitLastDay(input.entryDate, input.daysSpentThisYearBeforeEntry);
  const patentValid = input.patent.issued && compareDates(patentLapseDate(input.patent.paidUntil), today) > 0;
  if (patentValid) {
    const info = lastDay === 'allowance-used-up' ? input.entryDate : lastDay;
    return { ...notApplicable('stay-limit', source, info), extendedByPatent: true };
  }
  if (lastDay === 'allowance-used-up') {
    // No lawful day is left: the stay is unlawful from the entry day on, whatever `today` is.
    const dueDate = input.entryDate;
    return { ...dated('stay-limit', dueDate, today, source), status: 'overdue', allowanceUsedUp: true };
  }
  return dated('stay-limit', lastDay, today, source);
}

function patentLapse(input: DeadlineInput, today: LocalDate): DeadlineItem {
  const source = DEADLINE_SOURCES.patentLapse;
  if (!input.patent.issued) return notApplicable('patent-lapse', source);
  const lapse = patentLapseDate(input.patent.paidUntil);
  // On the lapse day itself the patent is already gone, so there is no 'today' status here.
  const overdue = compareDates(lapse, today) <= 0;
  return { ...dated('patent-lapse', lapse, today, source), status: overdue ? 'overdue' : 'upcoming' };
}

/**
 * All deadlines for `input` as seen on `today`, always one item per kind, in the order of
 * `DeadlineKind`. Throws `RangeError` if `daysSpentThisYearBeforeEntry` is not a whole number
 * in 0..366 (validate at the edge; see `maxDaysSpentBeforeEntry` for the tighter bound).
 */
export function computeDeadlines(input: DeadlineInput, today: LocalDate): readonly DeadlineItem[] {
  const spent = input.daysSpentThisYearBeforeEntry;
  if (!Number.isInteger(spent) || spent < 0 || spent > 366) {
    throw new RangeError(`daysSpentThisYearBeforeEntry must be a whole number 0..366, got ${spent}`);
  }
  return [
    registration(input, today),
    fingerprintingMedical(input, today),
    patentApplication(input, today),
    stayLimit(input, today),
    patentLapse(input, today),
  ];
}
