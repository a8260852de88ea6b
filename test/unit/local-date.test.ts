import {
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromIso,
  isoString,
  localDate,
  parseUserDate,
  todayIn,
  type LocalDate,
} from '../../src/services/deadlines';

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

describe('parseUserDate: a person types the date they entered Russia', () => {
  const today = d(2026, 6, 1);

  it.each([
    ['05.03.2026'],
    ['5.3.2026'],
    ['05/03/2026'],
    ['05-03-2026'],
    ['2026-03-05'],
    ['5.3.26'],
    ['  05.03.2026  '],
    ['\t5/3/26\n'],
    ['05. 03. 2026'],
  ])('given "%s", when parsed, then it is 5 March 2026', (text) => {
    expect(parseUserDate(text, today)).toEqual({ ok: true, date: d(2026, 3, 5) });
  });

  it('given today itself, when parsed, then it is accepted (entry today is possible)', () => {
    expect(parseUserDate('01.06.2026', today)).toEqual({ ok: true, date: today });
  });

  it('given 31.02.2026, when parsed, then it is refused as impossible', () => {
    expect(parseUserDate('31.02.2026', today)).toEqual({ ok: false, reason: 'impossible' });
  });

  it('given 29.02.2026 (2026 is not a leap year), when parsed, then it is impossible', () => {
    expect(parseUserDate('29.02.2026', today)).toEqual({ ok: false, reason: 'impossible' });
  });

  it('given 29.02.2028 (2028 is a leap year) and today after it, when parsed, then it is accepted', () => {
    expect(parseUserDate('29.02.2028', d(2028, 3, 1))).toEqual({ ok: true, date: d(2028, 2, 29) });
    expect(parseUserDate('2028-02-29', d(2028, 3, 1))).toEqual({ ok: true, date: d(2028, 2, 29) });
  });

  it.each([['00.03.2026'], ['05.13.2026'], ['05.00.2026'], ['31.04.2026'], ['2026-02-30']])(
    'given "%s", when parsed, then it is impossible',
    (text) => {
      expect(parseUserDate(text, today)).toEqual({ ok: false, reason: 'impossible' });
    },
  );

  it('given tomorrow, when parsed, then it is refused as future', () => {
    expect(parseUserDate('02.06.2026', today)).toEqual({ ok: false, reason: 'future' });
  });

  it('given a future two-digit year, when parsed, then it is future, not a past century', () => {
    // "5.3.27" means 2027, which is after 1 June 2026.
    expect(parseUserDate('5.3.27', today)).toEqual({ ok: false, reason: 'future' });
  });

  it.each([[''], ['   '], ['вчера'], ['hello'], ['05.03'], ['5.3.202'], ['05.03-2026'], ['05032026'], ['5 марта 2026']])(
    'given "%s", when parsed, then it is refused as not a date',
    (text) => {
      expect(parseUserDate(text, today)).toEqual({ ok: false, reason: 'format' });
    },
  );
});

describe('date arithmetic', () => {
  it('given the end of a month, when a day is added, then the next month starts', () => {
    expect(addDays(d(2026, 1, 31), 1)).toEqual(d(2026, 2, 1));
  });

  it('given 28 Feb, when a day is added, then it is 1 Mar in 2026 and 29 Feb in 2028', () => {
    expect(addDays(d(2026, 2, 28), 1)).toEqual(d(2026, 3, 1));
    expect(addDays(d(2028, 2, 28), 1)).toEqual(d(2028, 2, 29));
  });

  it('given 31 Dec, when a day is added, then a new year starts; and going back works too', () => {
    expect(addDays(d(2026, 12, 31), 1)).toEqual(d(2027, 1, 1));
    expect(addDays(d(2027, 1, 1), -1)).toEqual(d(2026, 12, 31));
  });

  it('given two dates, when compared, then the sign tells the order', () => {
    expect(compareDates(d(2026, 3, 5), d(2026, 3, 6))).toBeLessThan(0);
    expect(compareDates(d(2026, 3, 5), d(2026, 3, 5))).toBe(0);
    expect(compareDates(d(2027, 1, 1), d(2026, 12, 31))).toBeGreaterThan(0);
  });

  it('given two dates, when counting days between, then whole days are returned', () => {
    // 2026 has 365 days, 2028 has 366.
    expect(daysBetween(d(2026, 1, 1), d(2027, 1, 1))).toBe(365);
    expect(daysBetween(d(2028, 1, 1), d(2029, 1, 1))).toBe(366);
    expect(daysBetween(d(2026, 3, 10), d(2026, 3, 5))).toBe(-5);
  });

  it('given dates, when asking the weekday, then ISO numbering is used (Monday = 1)', () => {
    // 1 Jan 2026 is a Thursday; 2027 starts on Friday (+365 days), 2028 on Saturday;
    // 29 Feb 2028 is 59 days later: 59 mod 7 = 3, Saturday + 3 = Tuesday.
    expect(dayOfWeek(d(2026, 1, 1))).toBe(4);
    expect(dayOfWeek(d(2026, 3, 8))).toBe(7);
    expect(dayOfWeek(d(2028, 2, 29))).toBe(2);
    expect(dayOfWeek(d(1969, 12, 29))).toBe(1);
  });
});

describe('ISO strings', () => {
  it('given a date, when written and read back, then it is the same date', () => {
    expect(isoString(d(2026, 3, 5))).toBe('2026-03-05');
    expect(fromIso('2026-03-05')).toEqual(d(2026, 3, 5));
  });

  it('given malformed or impossible ISO text, when read, then nothing is returned', () => {
    expect(fromIso('2026-3-5')).toBeUndefined();
    expect(fromIso('2026-02-29')).toBeUndefined();
    expect(fromIso('05.03.2026')).toBeUndefined();
  });

  it('given a day that does not exist, when built with localDate, then it throws', () => {
    expect(() => localDate(2026, 2, 29)).toThrow(RangeError);
    expect(localDate(2028, 2, 29)).toEqual(d(2028, 2, 29));
  });
});

describe('todayIn', () => {
  it('given 22:30 UTC, when asking today in Moscow, then it is already the next day', () => {
    // Moscow is UTC+3, so 22:30 UTC on 4 March is 01:30 on 5 March there.
    expect(todayIn('Europe/Moscow', new Date('2026-03-04T22:30:00Z'))).toEqual(d(2026, 3, 5));
    expect(todayIn('UTC', new Date('2026-03-04T22:30:00Z'))).toEqual(d(2026, 3, 4));
  });
});
