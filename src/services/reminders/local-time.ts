/**
 * When in the day a reminder goes out: a sensible local hour in the person's time zone (their
 * region's, when they chose one for safety notices; Moscow otherwise), never at night. Time zones
 * are read through `Intl` with IANA names, like Moscow time, so the server's own zone never matters.
 */
import { instantIn, MOSCOW_TIME_ZONE, wallClockIn } from '../moscow-time';
import type { Region } from '../subscribers/regions';

/** The local hour reminders are planned for. */
export const REMINDER_HOUR = 10;

/** Local hours when a reminder may go out: from 08:00 until 21:00. Outside them it waits for the morning. */
export const DAYTIME = { from: 8, until: 21 } as const;

/** The time zone of each region people may choose (Kazan, St Petersburg and the Moscow region run on Moscow time). */
const REGION_TIME_ZONES: Readonly<Record<Region, string>> = {
  msk: MOSCOW_TIME_ZONE,
  mo: MOSCOW_TIME_ZONE,
  spb: MOSCOW_TIME_ZONE,
  kzn: MOSCOW_TIME_ZONE,
  ekb: 'Asia/Yekaterinburg',
  nsk: 'Asia/Novosibirsk',
  other: MOSCOW_TIME_ZONE,
};

/** The time zone reminders follow for someone in `region` (Moscow time when none is known). */
export function timeZoneOfRegion(region: Region | undefined): string {
  return region ? REGION_TIME_ZONES[region] : MOSCOW_TIME_ZONE;
}

// Reading and setting clocks of a zone is shared with Moscow time (one formatter per zone).
export { instantIn, wallClockIn, type WallClock } from '../moscow-time';

/**
 * `now` when it is daytime in `timeZone`; otherwise the next {@link REMINDER_HOUR} there (the
 * same morning before dawn, the next morning late in the evening). A reminder is never sent at night.
 */
export function nextDaytime(timeZone: string, now: number): number {
  const clock = wallClockIn(timeZone, now);
  if (clock.hour >= DAYTIME.from && clock.hour < DAYTIME.until) return now;
  const morning = instantIn(timeZone, clock, REMINDER_HOUR);
  return clock.hour < DAYTIME.from ? morning : instantIn(timeZone, { ...clock, day: clock.day + 1 }, REMINDER_HOUR);
}
