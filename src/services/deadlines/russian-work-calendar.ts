/**
 * Working days by Russia's federal calendar (five-day week), for any year from 2025 on.
 *
 * A year's calendar is the law plus that year's decree: Saturdays and Sundays, the federal holidays
 * of Labour Code art. 112 part 1, the law's own move of a holiday that falls on a weekend to the next
 * working day (art. 112 part 2; not for weekends on 1–8 January, which the government moves by
 * decree), and then the decree's moves. A year whose decree is not in the data is counted from the
 * law alone and reported as provisional: the decree may still move a day.
 *
 * Years before {@link FIRST_CALENDAR_YEAR} are not answered ('unknown' / `outsideCalendar`): the
 * bot counts current stays, and nothing older is checked against the law's wording of that time.
 */
import { addDays, dayOfWeek, fromIso, isoString, type LocalDate } from './local-date';
import {
  FEDERAL_HOLIDAYS,
  LABOUR_CODE_HOLIDAYS_SOURCE,
  SHIPPED_DECREES,
  type CalendarDecree,
} from './russian-work-calendar.data';

/** The first year the calendar answers for. */
export const FIRST_CALENDAR_YEAR = 2025;

/**
 * Result of `addWorkingDays`: the day reached, and the years whose days were counted from the law
 * alone because their decree is not in the data (empty when every year counted had its decree).
 * `outsideCalendar` only when the count reaches a year before {@link FIRST_CALENDAR_YEAR}.
 */
export type WorkingDaysResult =
  | { readonly date: LocalDate; readonly provisionalYears: readonly number[] }
  | { readonly outsideCalendar: true; readonly year: number };

/** Where a year's decree comes from, for the bot to show next to a computed deadline. */
export interface CalendarSource {
  readonly year: number;
  readonly source: string;
  readonly verifiedAt: string;
}

/** Finds the decree of a year, if the data has one. */
export type DecreeLookup = (year: number) => CalendarDecree | undefined;

/** A working-day calendar: the law plus the decrees `lookup` finds at the moment of asking. */
export interface WorkCalendar {
  /** True on a working day, false on a day off, 'unknown' before {@link FIRST_CALENDAR_YEAR}. */
  isWorkingDay(date: LocalDate): boolean | 'unknown';
  /** True when `year` has no decree in the data, so its days come from the law alone. */
  isProvisional(year: number): boolean;
  /**
   * The `n`-th working day after `start`. The day of `start` itself is never counted, because a
   * period starts the day after the event that begins it (Civil Code of RF art. 191).
   */
  addWorkingDays(start: LocalDate, n: number): WorkingDaysResult;
  /** The source of the decree for `year`, or undefined if the data has none. */
  sourceFor(year: number): CalendarSource | undefined;
  /** The days off of `year` that are not Saturdays or Sundays, ascending, `YYYY-MM-DD`. */
  weekdaysOff(year: number): string[];
}

/** A problem found in a decree: a stable code, for staff messages, and the day it is about. */
export interface DecreeProblem {
  readonly code:
    | 'year-range'
    | 'bad-date'
    | 'wrong-year'
    | 'from-not-weekend'
    | 'from-holiday-moved-by-law'
    | 'to-not-weekday'
    | 'to-already-off'
    | 'extra-not-weekday'
    | 'extra-already-off'
    | 'duplicate'
    | 'source-missing'
    | 'bad-verified-at';
  readonly date?: string;
}

interface LawYear {
  /** Holidays and the law's moved days off. */
  readonly offDays: ReadonlySet<string>;
  readonly holidays: ReadonlySet<string>;
}

interface CompiledYear {
  readonly offDays: ReadonlySet<string>;
  readonly workingWeekendDays: ReadonlySet<string>;
  readonly decree?: CalendarDecree;
}

const isWeekend = (date: LocalDate): boolean => dayOfWeek(date) >= 6;
const isNewYearHoliday = (date: LocalDate): boolean => date.month === 1 && date.day <= 8;

// Art. 112 parts 1 and 2: the holidays, and a weekend holiday's day off moved to the next working
// day after it (processed in date order, so two weekend holidays never land on the same day).
function lawYear(year: number): LawYear {
  const holidays = new Set(FEDERAL_HOLIDAYS.map((mmdd) => `${year}-${mmdd}`));
  const offDays = new Set(holidays);
  for (const iso of [...holidays].sort()) {
    const holiday = fromIso(iso)!;
    if (!isWeekend(holiday) || isNewYearHoliday(holiday)) continue;
    let next = addDays(holiday, 1);
    while (isWeekend(next) || offDays.has(isoString(next))) next = addDays(next, 1);
    offDays.add(isoString(next));
  }
  return { offDays, holidays };
}

/** What is wrong with a decree measured against the law; empty when it can be applied. */
export function decreeProblems(decree: CalendarDecree): DecreeProblem[] {
  const problems: DecreeProblem[] = [];
  if (!Number.isInteger(decree.year) || decree.year < FIRST_CALENDAR_YEAR || decree.year > 9999) {
    return [{ code: 'year-range' }];
  }
  const law = lawYear(decree.year);
  const seen = new Set<string>();
  const dateIn = (text: string): LocalDate | undefined => {
    const date = fromIso(text);
    if (!date) problems.push({ code: 'bad-date', date: text });
    else if (date.year !== decree.year) problems.push({ code: 'wrong-year', date: text });
    else if (seen.has(text)) problems.push({ code: 'duplicate', date: text });
    else {
      seen.add(text);
      return date;
    }
    return undefined;
  };
  for (const move of decree.moves) {
    const from = dateIn(move.from);
    if (from && !isWeekend(from)) problems.push({ code: 'from-not-weekend', date: move.from });
    else if (from && law.holidays.has(move.from) && !isNewYearHoliday(from)) {
      problems.push({ code: 'from-holiday-moved-by-law', date: move.from });
    }
    const to = dateIn(move.to);
    if (to && isWeekend(to)) problems.push({ code: 'to-not-weekday', date: move.to });
    else if (to && law.offDays.has(move.to)) problems.push({ code: 'to-already-off', date: move.to });
  }
  for (const text of decree.extraDaysOff) {
    const day = dateIn(text);
    if (day && isWeekend(day)) problems.push({ code: 'extra-not-weekday', date: text });
    else if (day && law.offDays.has(text)) problems.push({ code: 'extra-already-off', date: text });
  }
  if (decree.source.trim() === '') problems.push({ code: 'source-missing' });
  if (!fromIso(decree.verifiedAt)) problems.push({ code: 'bad-verified-at', date: decree.verifiedAt });
  return problems;
}

function compileYear(year: number, decree: CalendarDecree | undefined): CompiledYear {
  const law = lawYear(year);
  if (!decree) return { offDays: law.offDays, workingWeekendDays: new Set() };
  const offDays = new Set(law.offDays);
  const workingWeekendDays = new Set<string>();
  for (const move of decree.moves) {
    offDays.add(move.to);
    // A 1–8 January weekend stays a holiday: the decree only gives its day off to another date.
    if (!law.holidays.has(move.from)) workingWeekendDays.add(move.from);
  }
  for (const day of decree.extraDaysOff) offDays.add(day);
  return { offDays, workingWeekendDays, decree };
}

/** Makes a lookup from a list of decrees, checking each against the law (throws on a bad one). */
export function decreeList(decrees: readonly CalendarDecree[]): DecreeLookup {
  const byYear = new Map<number, CalendarDecree>();
  for (const decree of decrees) {
    if (byYear.has(decree.year)) throw new Error(`Decree for ${decree.year} is listed twice`);
    const problems = decreeProblems(decree);
    if (problems.length > 0) {
      throw new Error(`Decree for ${decree.year}: ${problems.map((p) => `${p.code} ${p.date ?? ''}`.trim()).join(', ')}`);
    }
    byYear.set(decree.year, decree);
  }
  return (year) => byYear.get(year);
}

/**
 * A calendar reading its decrees through `lookup` at every question, so a decree staff add is
 * used at once. A decree the law rejects (see {@link decreeProblems}) is ignored, and the year
 * stays provisional, rather than giving anyone a wrong day.
 */
export function createWorkCalendar(lookup: DecreeLookup): WorkCalendar {
  const compiled = new Map<number, CompiledYear>();
  const yearOf = (year: number): CompiledYear => {
    const found = lookup(year);
    const decree = found && found.year === year && decreeProblems(found).length === 0 ? found : undefined;
    const cached = compiled.get(year);
    if (cached && cached.decree === decree) return cached;
    const fresh = compileYear(year, decree);
    compiled.set(year, fresh);
    return fresh;
  };

  const isWorkingDay = (date: LocalDate): boolean | 'unknown' => {
    if (date.year < FIRST_CALENDAR_YEAR) return 'unknown';
    const year = yearOf(date.year);
    const iso = isoString(date);
    if (year.workingWeekendDays.has(iso)) return true;
    if (year.offDays.has(iso)) return false;
    return !isWeekend(date);
  };

  const addWorkingDays = (start: LocalDate, n: number): WorkingDaysResult => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number >= 0, got ${n}`);
    let date = start;
    let counted = 0;
    const provisional = new Set<number>();
    while (counted < n) {
      date = addDays(date, 1);
      const working = isWorkingDay(date);
      if (working === 'unknown') return { outsideCalendar: true, year: date.year };
      if (!yearOf(date.year).decree) provisional.add(date.year);
      if (working) counted += 1;
    }
    return { date, provisionalYears: [...provisional].sort((a, b) => a - b) };
  };

  const sourceFor = (year: number): CalendarSource | undefined => {
    const decree = year >= FIRST_CALENDAR_YEAR ? yearOf(year).decree : undefined;
    return decree ? { year, source: decree.source, verifiedAt: decree.verifiedAt } : undefined;
  };

  const weekdaysOff = (year: number): string[] =>
    [...yearOf(year).offDays].filter((iso) => !isWeekend(fromIso(iso)!)).sort();

  return {
    isWorkingDay,
    isProvisional: (year) => !yearOf(year).decree,
    addWorkingDays,
    sourceFor,
    weekdaysOff,
  };
}

/** The shipped decrees, ascending (what the store is seeded with, and what counts offline). */
export const shippedDecrees: readonly CalendarDecree[] = SHIPPED_DECREES;

/** The law the calendar is counted from, with its URLs, for the bot to cite. */
export const lawSource = LABOUR_CODE_HOLIDAYS_SOURCE;

/**
 * Sources of the shipped decrees, one per year, ascending. Shipped data only: for what staff
 * added since, ask the services' calendar (`WorkCalendar.sourceFor`) for the year in question.
 */
export const calendarSources: readonly CalendarSource[] = SHIPPED_DECREES.map((d) => ({
  year: d.year,
  source: d.source,
  verifiedAt: d.verifiedAt,
}));
