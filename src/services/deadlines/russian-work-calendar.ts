/**
 * Working days by Russia's federal production calendar.
 *
 * Outside the years we ship, nothing is guessed: the answer is 'unknown' / `outsideCalendar`,
 * so the bot can say "we cannot count this yet" instead of giving a wrong deadline.
 */
import { addDays, compareDates, dayOfWeek, fromIso, isoString, type LocalDate } from './local-date';
import { PRODUCTION_CALENDARS, type ProductionCalendarYear } from './russian-work-calendar.data';

/** Result of `addWorkingDays`: the day reached, or the first year the count needed but we lack. */
export type WorkingDaysResult =
  | { readonly date: LocalDate }
  | { readonly outsideCalendar: true; readonly year: number };

/** Where a year's calendar comes from, for the bot to show next to a computed deadline. */
export interface CalendarSource {
  readonly year: number;
  readonly source: string;
  readonly verifiedAt: string;
}

/** A production calendar built from dated data. */
export interface WorkCalendar {
  /** Years this calendar can answer for, ascending. */
  readonly supportedYears: readonly number[];
  /** True on a working day, false on a day off, 'unknown' outside the supported years. */
  isWorkingDay(date: LocalDate): boolean | 'unknown';
  /**
   * The `n`-th working day after `start`. The day of `start` itself is never counted, because a
   * period starts the day after the event that begins it (Civil Code of RF art. 191).
   */
  addWorkingDays(start: LocalDate, n: number): WorkingDaysResult;
  /** The source of the calendar for `year`, or undefined if that year is not shipped. */
  sourceFor(year: number): CalendarSource | undefined;
}

interface CompiledYear {
  readonly offDays: ReadonlySet<string>;
  readonly workingWeekendDays: ReadonlySet<string>;
  readonly source: CalendarSource;
}

function parseDataDate(text: string, year: number): LocalDate {
  const date = fromIso(text);
  if (!date || date.year !== year) {
    throw new Error(`Production calendar ${year}: bad date "${text}"`);
  }
  return date;
}

// Expands the ranges once and checks the data, so a typo in a calendar fails at start-up
// rather than producing a wrong deadline for someone.
function compileYear(data: ProductionCalendarYear): CompiledYear {
  const offDays = new Set<string>();
  for (const range of data.nonWorkingPeriods) {
    const from = parseDataDate(range.from, data.year);
    const to = parseDataDate(range.to, data.year);
    if (compareDates(from, to) > 0) {
      throw new Error(`Production calendar ${data.year}: empty range ${range.from}..${range.to}`);
    }
    for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) offDays.add(isoString(d));
  }
  for (const text of data.workingWeekendDays) {
    const weekday = dayOfWeek(parseDataDate(text, data.year));
    if (weekday < 6) throw new Error(`Production calendar ${data.year}: ${text} is not a weekend day`);
    if (offDays.has(text)) throw new Error(`Production calendar ${data.year}: ${text} is both off and working`);
  }
  return {
    offDays,
    workingWeekendDays: new Set(data.workingWeekendDays),
    source: { year: data.year, source: data.source, verifiedAt: data.verifiedAt },
  };
}

/** Builds a calendar from data; tests use it with made-up years, the bot uses the shipped one. */
export function createWorkCalendar(data: readonly ProductionCalendarYear[]): WorkCalendar {
  const years = new Map<number, CompiledYear>();
  for (const entry of data) {
    if (years.has(entry.year)) throw new Error(`Production calendar ${entry.year} is listed twice`);
    years.set(entry.year, compileYear(entry));
  }

  const isWorkingDay = (date: LocalDate): boolean | 'unknown' => {
    const year = years.get(date.year);
    if (!year) return 'unknown';
    const iso = isoString(date);
    if (year.workingWeekendDays.has(iso)) return true;
    if (year.offDays.has(iso)) return false;
    return dayOfWeek(date) < 6;
  };

  const addWorkingDays = (start: LocalDate, n: number): WorkingDaysResult => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number >= 0, got ${n}`);
    let date = start;
    let counted = 0;
    while (counted < n) {
      date = addDays(date, 1);
      const working = isWorkingDay(date);
      if (working === 'unknown') return { outsideCalendar: true, year: date.year };
      if (working) counted += 1;
    }
    return { date };
  };

  return {
    supportedYears: [...years.keys()].sort((a, b) => a - b),
    isWorkingDay,
    addWorkingDays,
    sourceFor: (year) => years.get(year)?.source,
  };
}

/** Russia's calendar for the years in `russian-work-calendar.data.ts`. */
export const russianWorkCalendar: WorkCalendar = createWorkCalendar(PRODUCTION_CALENDARS);

/** Years whose federal calendar is shipped, ascending. */
export const supportedYears: readonly number[] = russianWorkCalendar.supportedYears;

/** True on a federal working day, false on a day off, 'unknown' outside `supportedYears`. */
export function isWorkingDay(date: LocalDate): boolean | 'unknown' {
  return russianWorkCalendar.isWorkingDay(date);
}

/**
 * The `n`-th federal working day after `start` (counting begins the next day, Civil Code art. 191),
 * or `outsideCalendar` with the first year the count reached that is not shipped.
 */
export function addWorkingDays(start: LocalDate, n: number): WorkingDaysResult {
  return russianWorkCalendar.addWorkingDays(start, n);
}

/** Source and check date of the calendar for `year`; undefined when the year is not shipped. */
export function calendarSourceFor(year: number): CalendarSource | undefined {
  return russianWorkCalendar.sourceFor(year);
}

/** Sources of all shipped years, one per year, ascending, for an "about these dates" screen. */
export const calendarSources: readonly CalendarSource[] = supportedYears.flatMap((year) => {
  const source = calendarSourceFor(year);
  return source ? [source] : [];
});
