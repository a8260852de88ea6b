import { dayOf, lastDays } from '../../src/services/insight';

describe('the UTC day of a time (remembered between calls)', () => {
  it('names each side of midnight correctly, in any order of calls', () => {
    const midnight = Date.UTC(2026, 11, 31);
    expect(dayOf(midnight - 1)).toBe('2026-12-30');
    expect(dayOf(midnight)).toBe('2026-12-31');
    expect(dayOf(midnight + 86_400_000 - 1)).toBe('2026-12-31');
    expect(dayOf(midnight + 86_400_000)).toBe('2027-01-01');
    // Back again (a test's clock, a report for earlier days).
    expect(dayOf(midnight - 1)).toBe('2026-12-30');
    expect(dayOf(0)).toBe('1970-01-01');
    expect(dayOf(-1)).toBe('1969-12-31');
  });

  it('lists the days up to today, newest first', () => {
    expect(lastDays(Date.UTC(2027, 0, 1, 12), 3)).toEqual(['2027-01-01', '2026-12-31', '2026-12-30']);
  });
});
