/**
 * Moscow time, the one clock of the bot: legal deadlines run by the Moscow calendar, and admins and
 * migrants schedule and read notices in it. Read through `Intl` with the IANA zone (not a fixed
 * UTC+3), so the server's own zone never matters and a future change of Russia's rules is picked
 * up with the time-zone data.
 */
export const MOSCOW_TIME_ZONE = 'Europe/Moscow';

/** A moment as a clock in Moscow shows it (month 1–12, hour 0–23). */
export interface MoscowWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: MOSCOW_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

/** Parts of the moment `ms` as a clock in Moscow shows them. */
export function moscowParts(ms: number): MoscowWallClock {
  const parts = wallClockFormat.formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** How far Moscow clocks are ahead of UTC at the moment `ms`. */
function moscowOffsetMs(ms: number): number {
  const p = moscowParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The moment Moscow clocks show this wall-clock time. Fields may run over as in `Date.UTC`
 * (day + 1 is tomorrow); callers that must refuse 31.02 compare {@link moscowParts} of the result.
 */
export function moscowInstant(year: number, month: number, day: number, hour: number, minute: number): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Twice: the offset is read at the guessed moment, which lies on the right side of any change.
  return asUtc - moscowOffsetMs(asUtc - moscowOffsetMs(asUtc));
}
