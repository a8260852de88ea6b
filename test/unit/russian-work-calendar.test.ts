import {
  calendarSources,
  createWorkCalendar,
  decreeList,
  decreeProblems,
  lawSource,
  shippedDecrees,
  type CalendarDecree,
  type LocalDate,
} from '../../src/services/deadlines';

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

function everyDay(year: number): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(d(year, day.getUTCMonth() + 1, day.getUTCDate()));
  }
  return days;
}

const iso = (date: LocalDate): string =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/** The 2026 non-working days exactly as CONTENT-SOURCES.md lists them. */
const SHEET_2026: Array<[string, string]> = [
  ['2026-01-01', '2026-01-11'],
  ['2026-02-21', '2026-02-23'],
  ['2026-03-07', '2026-03-09'],
  ['2026-05-01', '2026-05-03'],
  ['2026-05-09', '2026-05-11'],
  ['2026-06-12', '2026-06-14'],
  ['2026-11-04', '2026-11-04'],
  ['2026-12-31', '2026-12-31'],
];

const lawOnly = createWorkCalendar(() => undefined);
/** Russia's calendar from the shipped decrees, as the services build it offline. */
const shipped = createWorkCalendar(decreeList(shippedDecrees));

// A made-up decree for 2027, clearly not a real one (the real one is not verified): it only proves
// that a decree's moves are applied. 1 Jan 2027 is a Friday, so 2–3 Jan are Sat/Sun.
const fictional2027: CalendarDecree = {
  year: 2027,
  moves: [
    { from: '2027-01-02', to: '2027-01-11' },
    { from: '2027-11-06', to: '2027-11-05' },
  ],
  extraDaysOff: [],
  source: 'test fixture, not a real decree',
  verifiedAt: '2026-12-10',
};

describe('the law alone (Labour Code art. 112), for a year without a decree: 2027', () => {
  it('given 2027 with no decree in the data, when asked, then it is provisional and has no decree source', () => {
    expect(shipped.isProvisional(2027)).toBe(true);
    expect(shipped.sourceFor(2027)).toBeUndefined();
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('given %i Jan 2027, when asked, then it is a day off (New Year holidays)', (day) => {
    expect(shipped.isWorkingDay(d(2027, 1, day))).toBe(false);
  });

  it('given 9–10 Jan 2027 (Sat/Sun) and 11 Jan (Mon), when asked, then the weekend is off and Monday works: no decree moves it yet', () => {
    expect(shipped.isWorkingDay(d(2027, 1, 9))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 1, 10))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 1, 11))).toBe(true);
  });

  it('given weekday holidays of 2027, when asked, then 23 Feb (Tue), 8 Mar (Mon) and 4 Nov (Thu) are off, and the day after works', () => {
    expect(shipped.isWorkingDay(d(2027, 2, 23))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 2, 22))).toBe(true);
    expect(shipped.isWorkingDay(d(2027, 3, 8))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 11, 4))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 11, 5))).toBe(true);
  });

  it('given holidays on a weekend in 2027, when asked, then each day off moves to the Monday after (art. 112 part 2)', () => {
    // 1 May Sat → Mon 3 May; 9 May Sun → Mon 10 May; 12 Jun Sat → Mon 14 Jun.
    expect(shipped.isWorkingDay(d(2027, 5, 3))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 5, 4))).toBe(true);
    expect(shipped.isWorkingDay(d(2027, 5, 10))).toBe(false);
    expect(shipped.isWorkingDay(d(2027, 6, 14))).toBe(false);
    expect(shipped.weekdaysOff(2027)).toEqual([
      '2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08',
      '2027-02-23', '2027-03-08', '2027-05-03', '2027-05-10', '2027-06-14', '2027-11-04',
    ]);
  });

  it('given entry Mon 28 Dec 2026, when counting 7 working days, then the law gives Fri 15 Jan 2027, marked provisional', () => {
    // 29 Tue (1), 30 Wed (2); 31 Dec off (2026 decree); 1–10 Jan off; 11 Mon (3) … 15 Fri (7).
    expect(shipped.addWorkingDays(d(2026, 12, 28), 7)).toEqual({ date: d(2027, 1, 15), provisionalYears: [2027] });
  });

  it('given a count that stays in 2026, when counting, then no year is provisional', () => {
    expect(shipped.addWorkingDays(d(2026, 12, 22), 5)).toEqual({ date: d(2026, 12, 29), provisionalYears: [] });
  });

  it('given a count that ends in 2026 but starts in 2025 (no 2025 decree in the data), when counting, then 2025 is provisional', () => {
    expect(shipped.addWorkingDays(d(2025, 12, 30), 2)).toEqual({ date: d(2026, 1, 12), provisionalYears: [2025] });
  });

  it('given a year before 2025, when asked, then the answer is unknown, not a guess', () => {
    expect(shipped.isWorkingDay(d(2024, 12, 31))).toBe('unknown');
    expect(shipped.addWorkingDays(d(2024, 12, 30), 3)).toEqual({ outsideCalendar: true, year: 2024 });
  });

  it('given the law source, when the bot cites it, then it names art. 112 with both URLs from the sheet', () => {
    expect(lawSource.source).toContain('art. 112');
    expect(lawSource.urls).toEqual([
      'https://base.garant.ru/77700051/ea54c1918750348cf1860e01a0121200/',
      'https://lawnotes.ru/tk-rf/chast-3/razdel-v/glava-18/statya-112',
    ]);
  });
});

describe('2026: the law plus Government decree No. 1466', () => {
  it('given 2026, when asking its source, then it is decree No. 1466 of 24.09.2025, checked 2026-11-24', () => {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(shipped.sourceFor(2026)).toEqual({ year: 2026, source: expect.stringContaining('No. 1466 of 24.09.2025'), verifiedAt: '2026-11-24' });
    expect(calendarSources.map((s) => s.year)).toEqual([2026]);
    expect(shipped.isProvisional(2026)).toBe(false);
  });

  it('given every day of 2026, when asked, then the days off are exactly the sheet\'s list plus ordinary weekends', () => {
    const sheet = new Set<string>();
    for (const [from, to] of SHEET_2026) for (const day of everyDay(2026)) if (iso(day) >= from && iso(day) <= to) sheet.add(iso(day));
    const wrong = everyDay(2026).filter((day) => {
      const weekend = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() % 6 === 0;
      return shipped.isWorkingDay(day) !== !(sheet.has(iso(day)) || weekend);
    });
    expect(wrong.map(iso)).toEqual([]);
  });

  it('given 2026 by the law alone, when compared with the decree, then only the two moved days differ (9 Jan and 31 Dec)', () => {
    const differ = everyDay(2026).filter((day) => lawOnly.isWorkingDay(day) !== shipped.isWorkingDay(day)).map(iso);
    expect(differ).toEqual(['2026-01-09', '2026-12-31']);
  });

  it('given all of 2026, when counting working days, then there are 247', () => {
    expect(everyDay(2026).filter((day) => shipped.isWorkingDay(day) === true)).toHaveLength(247);
  });

  it.each([
    ['Thu 5 Mar → Tue 17 Mar (7–9 Mar off)', d(2026, 3, 5), 7, d(2026, 3, 17)],
    ['Tue 28 Apr → Fri 8 May (1–3 May off)', d(2026, 4, 28), 7, d(2026, 5, 8)],
    ['Wed 6 May → Mon 18 May (9–11 May off)', d(2026, 5, 6), 7, d(2026, 5, 18)],
    ['Thu 19 Feb → Tue 3 Mar (21–23 Feb off)', d(2026, 2, 19), 7, d(2026, 3, 3)],
    ['Fri 3 Apr → Mon 6 Apr (weekend)', d(2026, 4, 3), 1, d(2026, 4, 6)],
    ['Wed 31 Dec 2025 → Tue 20 Jan (1–11 Jan off)', d(2025, 12, 31), 7, d(2026, 1, 20)],
  ])('given entry %s, when counting, then the day is right and not provisional', (_label, start, n, date) => {
    expect(shipped.addWorkingDays(start, n)).toEqual({ date, provisionalYears: [] });
  });

  it('given zero working days, when counting, then the start day is returned; negative counts are refused', () => {
    expect(shipped.addWorkingDays(d(2026, 3, 7), 0)).toEqual({ date: d(2026, 3, 7), provisionalYears: [] });
    expect(() => shipped.addWorkingDays(d(2026, 3, 7), -1)).toThrow(RangeError);
  });
});

describe('a decree added to the data', () => {
  it('given a made-up 2027 decree, when counting, then its moves apply and 2027 is no longer provisional', () => {
    const calendar = createWorkCalendar(decreeList([...shippedDecrees, fictional2027]));
    expect(calendar.isWorkingDay(d(2027, 1, 11))).toBe(false);
    expect(calendar.isWorkingDay(d(2027, 1, 2))).toBe(false); // a New Year holiday stays off
    expect(calendar.isWorkingDay(d(2027, 11, 6))).toBe(true); // an ordinary Saturday made working
    expect(calendar.isWorkingDay(d(2027, 11, 5))).toBe(false);
    // 29 (1), 30 (2); 1–11 Jan off; 12 Tue (3) … 15 Fri (6); 18 Mon (7).
    expect(calendar.addWorkingDays(d(2026, 12, 28), 7)).toEqual({ date: d(2027, 1, 18), provisionalYears: [] });
    expect(calendar.sourceFor(2027)?.source).toBe('test fixture, not a real decree');
  });

  it('given a calendar whose decrees change after it was built (a staff edit), when counting, then the next count uses them', () => {
    let decrees = decreeList(shippedDecrees);
    const calendar = createWorkCalendar((year) => decrees(year));
    expect(calendar.addWorkingDays(d(2026, 12, 28), 7)).toEqual({ date: d(2027, 1, 15), provisionalYears: [2027] });
    decrees = decreeList([...shippedDecrees, fictional2027]);
    expect(calendar.addWorkingDays(d(2026, 12, 28), 7)).toEqual({ date: d(2027, 1, 18), provisionalYears: [] });
    decrees = decreeList(shippedDecrees);
    expect(calendar.addWorkingDays(d(2026, 12, 28), 7)).toEqual({ date: d(2027, 1, 15), provisionalYears: [2027] });
  });

  it.each([
    ['a move from a weekday', { moves: [{ from: '2027-01-11', to: '2027-01-12' }] }, 'from-not-weekend'],
    ['a move to a weekend', { moves: [{ from: '2027-01-02', to: '2027-01-16' }] }, 'to-not-weekday'],
    ['a move onto a holiday', { moves: [{ from: '2027-01-02', to: '2027-02-23' }] }, 'to-already-off'],
    ['a move onto a day the law already moved', { moves: [{ from: '2027-01-02', to: '2027-05-03' }] }, 'to-already-off'],
    ['a move of a holiday the law moves itself', { moves: [{ from: '2027-05-01', to: '2027-05-04' }] }, 'from-holiday-moved-by-law'],
    ['a date of another year', { moves: [{ from: '2027-01-02', to: '2028-01-10' }] }, 'wrong-year'],
    ['the same day twice', { moves: [{ from: '2027-01-02', to: '2027-01-11' }, { from: '2027-01-03', to: '2027-01-11' }] }, 'duplicate'],
    ['an extra day off on a Sunday', { extraDaysOff: ['2027-01-17'] }, 'extra-not-weekday'],
    ['no source', { source: '  ' }, 'source-missing'],
  ])('given %s, when checked, then the decree is refused', (_label, change, code) => {
    const problems = decreeProblems({ ...fictional2027, ...change });
    expect(problems.map((p) => p.code)).toContain(code);
    expect(() => decreeList([{ ...fictional2027, ...change }])).toThrow();
  });

  it('given a decree the law rejects reaching a calendar anyway (a bad stored entry), when counting, then it is ignored and the year stays provisional', () => {
    const bad: CalendarDecree = { ...fictional2027, moves: [{ from: '2027-01-11', to: '2027-01-12' }] };
    const calendar = createWorkCalendar((year) => (year === 2027 ? bad : undefined));
    expect(calendar.isProvisional(2027)).toBe(true);
    expect(calendar.isWorkingDay(d(2027, 1, 12))).toBe(true);
  });

  it('given the shipped decrees, when checked against the law, then none has a problem and no 2027 decree is shipped', () => {
    for (const decree of shippedDecrees) expect(decreeProblems(decree)).toEqual([]);
    expect(shippedDecrees.map((x) => x.year)).toEqual([2026]);
  });
});
