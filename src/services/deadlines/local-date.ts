/**
 * A calendar date with no time of day and no time zone.
 *
 * Deadlines in migration law are counted in whole calendar days, so a `Date` (an instant) would
 * invite off-by-one errors around midnight and time-zone changes. All arithmetic below goes
 * through UTC midnight, where every day is exactly 86 400 000 ms long.
 */

/** A calendar day: `month` is 1–12, `day` is 1–31. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Why `parseUserDate` refused a text: not a date shape, no such day, or a day still to come. */
export type DateParseFailure = 'format' | 'impossible' | 'future';

/** Result of `parseUserDate`. */
export type DateParseResult =
  | { readonly ok: true; readonly date: LocalDate }
  | { readonly ok: false; readonly reason: DateParseFailure };

const MS_PER_DAY = 86_400_000;

/** True in the Gregorian leap years (2028 yes, 2026 no, 2100 no, 2000 yes). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a day that exists (31.02 does not). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds a date, throwing `RangeError` for a day that does not exist; meant for constants and tests. */
export function localDate(year: number, month: number, day: number): LocalDate {
  if (!isValidDate(year, month, day)) {
    throw new RangeError(`No such calendar day: ${year}-${month}-${day}`);
  }
  return { year, month, day };
}

// Days since 1970-01-01. `setUTCFullYear` is used instead of `Date.UTC` because the latter
// silently maps years 0–99 to 1900–1999.
function toEpochDay(date: LocalDate): number {
  const t = new Date(0);
  t.setUTCFullYear(date.year, date.month - 1, date.day);
  return Math.round(t.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): LocalDate {
  const t = new Date(epochDay * MS_PER_DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + n);
}

/** Negative if `a` is earlier than `b`, 0 if the same day, positive if later. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

/** Whole days from `from` to `to`: 1 for tomorrow, 0 for the same day, negative for the past. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** The ISO weekday of `date` (1 = Monday … 7 = Sunday). */
export function dayOfWeek(date: LocalDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4); the double modulo keeps pre-1970 days positive.
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/** `YYYY-MM-DD`, the form used in storage, logs and the calendar data. */
export function isoString(date: LocalDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Reads a strict `YYYY-MM-DD` string (as written by `isoString`); `undefined` if malformed or no such day. */
export function fromIso(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isValidDate(year, month, day) ? { year, month, day } : undefined;
}

/**
 * Today's date in `timeZone` at the instant `now`. The bot passes MOSCOW_TIME_ZONE: legal
 * deadlines run by the local calendar, not by the server's clock.
 */
export function todayIn(timeZone: string, now: Date = new Date()): LocalDate {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return localDate(part('year'), part('month'), part('day'));
}

// Day first, as people in Russia and Central Asia write it: 05.03.2026, 5/3/26, 05-03-2026.
// The separator must repeat (`\2`) so that "05.03-2026" is not taken as a date by accident.
const DAY_FIRST = /^(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$/;
// Year first, as copied from documents and phone pickers: 2026-03-05.
const YEAR_FIRST = /^(\d{4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/;

/**
 * Reads a date as a person types it. Accepts `05.03.2026`, `5.3.2026`, `05/03/2026`,
 * `05-03-2026`, `2026-03-05` and `5.3.26` (two-digit years mean 20xx), with spaces around.
 * Refuses days that do not exist ('impossible') and days after `today` ('future'), because
 * the dates asked for (entry, payment) have already happened.
 */
export function parseUserDate(text: string, today: LocalDate): DateParseResult {
  const trimmed = text.trim();
  let year: number;
  let month: number;
  let day: number;

  const dayFirst = DAY_FIRST.exec(trimmed);
  const yearFirst = dayFirst ? null : YEAR_FIRST.exec(trimmed);
  if (dayFirst) {
    const yearText = dayFirst[4] ?? '';
    day = Number(dayFirst[1]);
    month = Number(dayFirst[3]);
    year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  } else if (yearFirst) {
    year = Number(yearFirst[1]);
    month = Number(yearFirst[3]);
    day = Number(yearFirst[4]);
  } else {
    return { ok: false, reason: 'format' };
  }

  if (!isValidDate(year, month, day)) return { ok: false, reason: 'impossible' };
  const date: LocalDate = { year, month, day };
  if (compareDates(date, today) > 0) return { ok: false, reason: 'future' };
  return { ok: true, date };
}
