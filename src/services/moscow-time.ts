/**
 * Moscow time, the one clock of the bot: legal deadlines run by the Moscow calendar, and admins and
 * migrants schedule and read notices in it. Read through `Intl` with the IANA zone (not a fixed
 * UTC+3), so the server's own zone never matters and a future change of Russia's rules is picked
 * up with the time-zone data.
 */
export const MOSCOW_TIME_ZONE = 'Europe/Moscow';

/** A moment as a clock in Moscow shows it (month 1–12, hour 0–23). */
export type MoscowWallClock = WallClock;

/** A calendar day as clocks show it (month 1–12). */
export interface WallDate {
  year: number;
  month: number;
  day: number;
}

/** A moment as a clock in some zone shows it (month 1–12, hour 0–23). */
export interface WallClock extends WallDate {
  hour: number;
  minute: number;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of the IANA zone `timeZone` at the moment `ms` (one formatter per zone, made once). */
export function wallClockIn(timeZone: string, ms: number): WallClock {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    wallClockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** How far clocks in `timeZone` are ahead of UTC at the moment `ms`. */
function offsetMs(timeZone: string, ms: number): number {
  const p = wallClockIn(timeZone, ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The moment clocks in `timeZone` show `hour:minute` on `date`. Fields may run over as in
 * `Date.UTC` (day + 1 is tomorrow).
 */
export function instantIn(timeZone: string, date: WallDate, hour: number, minute = 0): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Twice: the offset is read at the guessed moment, which lies on the right side of any change.
  return asUtc - offsetMs(timeZone, asUtc - offsetMs(timeZone, asUtc));
}

/** Parts of the moment `ms` as a clock in Moscow shows them. */
export function moscowParts(ms: number): MoscowWallClock {
  return wallClockIn(MOSCOW_TIME_ZONE, ms);
}

/**
 * The moment Moscow clocks show this wall-clock time. Fields may run over as in `Date.UTC`
 * (day + 1 is tomorrow); callers that must refuse 31.02 compare {@link moscowParts} of the result.
 */
export function moscowInstant(year: number, month: number, day: number, hour: number, minute: number): number {
  return instantIn(MOSCOW_TIME_ZONE, { year, month, day }, hour, minute);
}
