import { parseMoscowTime, tomorrowInMoscowAt } from '../../src/services/broadcast/schedule';
import { moscowInstant, moscowParts } from '../../src/services/moscow-time';

// 12 March 2026, 15:00 in Moscow (12:00 UTC).
const NOW = Date.UTC(2026, 2, 12, 12, 0);
const moscow = (ms: number) => {
  const p = moscowParts(ms);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${String(p.minute).padStart(2, '0')}`;
};

describe('times typed by an admin are Moscow time', () => {
  it('a clock time is today, or tomorrow once it has passed', () => {
    const later = parseMoscowTime('18:30', NOW);
    expect(later.ok && moscow(later.at)).toBe('12.3.2026 18:30');
    const earlier = parseMoscowTime('09.15', NOW);
    expect(earlier.ok && moscow(earlier.at)).toBe('13.3.2026 9:15');
  });

  it('a day and month, with or without the year', () => {
    const a = parseMoscowTime('14.03 07:05', NOW);
    expect(a.ok && moscow(a.at)).toBe('14.3.2026 7:05');
    const b = parseMoscowTime(' 1.4.2026  23:59 ', NOW);
    expect(b.ok && moscow(b.at)).toBe('1.4.2026 23:59');
    expect(a.ok && a.at).toBe(Date.UTC(2026, 2, 14, 4, 5));
  });

  it('refuses nonsense, the past and more than 30 days ahead', () => {
    expect(parseMoscowTime('tomorrow', NOW)).toEqual({ ok: false, reason: 'format' });
    expect(parseMoscowTime('25:00', NOW)).toEqual({ ok: false, reason: 'format' });
    expect(parseMoscowTime('31.02 10:00', NOW)).toEqual({ ok: false, reason: 'format' });
    expect(parseMoscowTime('12.03 14:59', NOW)).toEqual({ ok: false, reason: 'past' });
    expect(parseMoscowTime('20.04 10:00', NOW)).toEqual({ ok: false, reason: 'too-far' });
  });

  it('"tomorrow at 9" is 09:00 the next day in Moscow, even late in the evening UTC', () => {
    expect(moscow(tomorrowInMoscowAt(NOW, 9))).toBe('13.3.2026 9:00');
    const lateUtc = Date.UTC(2026, 2, 12, 22, 30); // already 13 March, 01:30 in Moscow
    expect(moscow(tomorrowInMoscowAt(lateUtc, 9))).toBe('14.3.2026 9:00');
  });
});

describe('Moscow time read through the time-zone database', () => {
  it('gives the same wall clock as the fixed UTC+3 Russia has kept since 2014, whatever the server zone', () => {
    for (const iso of ['2026-01-01T00:00:00Z', '2026-03-29T00:30:00Z', '2026-06-30T20:59:59Z', '2026-10-25T23:15:00Z']) {
      const ms = Date.parse(iso);
      const fixed = new Date(ms + 3 * 3600_000);
      expect(moscowParts(ms)).toEqual({
        year: fixed.getUTCFullYear(),
        month: fixed.getUTCMonth() + 1,
        day: fixed.getUTCDate(),
        hour: fixed.getUTCHours(),
        minute: fixed.getUTCMinutes(),
      });
    }
  });

  it('midnight in Moscow reads as hour 0, not 24', () => {
    expect(moscowParts(Date.parse('2026-05-09T21:00:00Z'))).toEqual({ year: 2026, month: 5, day: 10, hour: 0, minute: 0 });
  });

  it('a Moscow wall-clock time maps back to its moment, across the turn of a month and a year', () => {
    expect(new Date(moscowInstant(2026, 12, 31, 23, 30)).toISOString()).toBe('2026-12-31T20:30:00.000Z');
    expect(new Date(moscowInstant(2026, 12, 32, 1, 0)).toISOString()).toBe('2026-12-31T22:00:00.000Z');
  });
});
