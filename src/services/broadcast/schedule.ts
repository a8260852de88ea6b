import { moscowInstant, moscowParts } from '../moscow-time';

/** How far ahead a notice may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3600_000;

/** The answer to a typed time. */
export type ScheduleParse = { ok: true; at: number } | { ok: false; reason: 'format' | 'past' | 'too-far' };

function fromMoscow(year: number, month: number, day: number, hour: number, minute: number): number | undefined {
  const ms = moscowInstant(year, month, day, hour, minute);
  const back = moscowParts(ms);
  // Rejects 31.02 and 25:00 rather than rolling them over.
  if (back.year !== year || back.month !== month || back.day !== day || back.hour !== hour || back.minute !== minute) return undefined;
  return ms;
}

/**
 * Reads a time typed by an admin, in Moscow time: `18:30` (today, or tomorrow if that has
 * passed), `12.03 18:30`, or `12.03.2026 18:30`. It must lie in the future, within 30 days.
 */
export function parseMoscowTime(input: string, now: number): ScheduleParse {
  const match = /^\s*(?:(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+)?(\d{1,2})[:.](\d{2})\s*$/.exec(input);
  if (!match) return { ok: false, reason: 'format' };
  const [, day, month, year, hour, minute] = match;
  const today = moscowParts(now);
  let at: number | undefined;
  if (day === undefined) {
    at = fromMoscow(today.year, today.month, today.day, Number(hour), Number(minute));
    if (at !== undefined && at <= now) at += 24 * 3600_000;
  } else {
    at = fromMoscow(year ? Number(year) : today.year, Number(month), Number(day), Number(hour), Number(minute));
  }
  if (at === undefined) return { ok: false, reason: 'format' };
  if (at <= now) return { ok: false, reason: 'past' };
  if (at - now > MAX_SCHEDULE_AHEAD_MS) return { ok: false, reason: 'too-far' };
  return { ok: true, at };
}

/** Tomorrow at `hour`:00 Moscow time. */
export function tomorrowInMoscowAt(now: number, hour: number): number {
  const today = moscowParts(now);
  return moscowInstant(today.year, today.month, today.day + 1, hour, 0);
}
