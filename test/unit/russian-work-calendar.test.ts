import {
  addWorkingDays,
  calendarSourceFor,
  calendarSources,
  createWorkCalendar,
  isWorkingDay,
  supportedYears,
  type LocalDate,
  type ProductionCalendarYear,
} from '../../src/services/deadlines';

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });

// Weekdays used below, worked out from 1 Jan 2026 = Thursday:
// 1 Feb = Sun, 1 Mar = Sun, 1 Apr = Wed, 1 May = Fri, 1 Jun = Mon, 1 Nov = Sun, 1 Dec = Tue.

describe('the shipped production calendar', () => {
  it('given the shipped data, when asking which years are known, then only 2026 is', () => {
    expect(supportedYears).toEqual([2026]);
  });

  it('given 2026, when asking its source, then it is Government decree No. 1466 of 24.09.2025', () => {
    expect(calendarSourceFor(2026)?.source).toContain('No. 1466 of 24.09.2025');
    expect(calendarSourceFor(2027)).toBeUndefined();
    expect(calendarSources.map((s) => s.year)).toEqual([2026]);
  });

  it.each([
    ['1 Jan (holiday, Thu)', d(2026, 1, 1)],
    ['9 Jan (moved day off, Fri)', d(2026, 1, 9)],
    ['23 Feb (Mon)', d(2026, 2, 23)],
    ['9 Mar (Mon)', d(2026, 3, 9)],
    ['1 May (Fri)', d(2026, 5, 1)],
    ['11 May (Mon)', d(2026, 5, 11)],
    ['12 Jun (Fri)', d(2026, 6, 12)],
    ['4 Nov (Wed)', d(2026, 11, 4)],
    ['31 Dec (Thu)', d(2026, 12, 31)],
    ['an ordinary Saturday, 4 Apr', d(2026, 4, 4)],
    ['an ordinary Sunday, 5 Apr', d(2026, 4, 5)],
  ])('given %s 2026, when asked, then it is not a working day', (_label, date) => {
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['12 Jan (Mon, first working day)', d(2026, 1, 12)],
    ['24 Feb (Tue)', d(2026, 2, 24)],
    ['10 Mar (Tue)', d(2026, 3, 10)],
    ['4 May (Mon)', d(2026, 5, 4)],
    ['5 Nov (Thu)', d(2026, 11, 5)],
    ['30 Dec (Wed)', d(2026, 12, 30)],
  ])('given %s 2026, when asked, then it is a working day', (_label, date) => {
    expect(isWorkingDay(date)).toBe(true);
  });

  it('given a day outside the shipped years, when asked, then the answer is unknown, not a guess', () => {
    expect(isWorkingDay(d(2025, 12, 31))).toBe('unknown');
    expect(isWorkingDay(d(2027, 1, 11))).toBe('unknown');
  });

  it('given all of 2026, when counting working days, then there are 247', () => {
    // 365 days, starting Thursday: 52 full weeks (104 weekend days) + Thu 31 Dec.
    // Weekday holidays from the decree: Jan 1,2,5,6,7,8,9 (7); Feb 23; Mar 9; May 1; May 11;
    // Jun 12; Nov 4; Dec 31 (7 more) = 14. 365 - 104 - 14 = 247.
    let count = 0;
    for (let day = new Date(Date.UTC(2026, 0, 1)); day.getUTCFullYear() === 2026; day.setUTCDate(day.getUTCDate() + 1)) {
      if (isWorkingDay(d(2026, day.getUTCMonth() + 1, day.getUTCDate())) === true) count += 1;
    }
    expect(count).toBe(247);
  });
});

describe('addWorkingDays: counting starts the day after the event', () => {
  it('given entry Thu 5 Mar 2026, when counting 7 working days, then it lands on Tue 17 Mar', () => {
    // 6 Fri (1); 7–9 Mar off; 10 Tue (2), 11 (3), 12 (4), 13 Fri (5); 16 Mon (6), 17 Tue (7).
    expect(addWorkingDays(d(2026, 3, 5), 7)).toEqual({ date: d(2026, 3, 17) });
  });

  it('given entry Tue 28 Apr 2026, when counting 7 working days across 1–3 May, then it is Fri 8 May', () => {
    // 29 Wed (1), 30 Thu (2); 1–3 May off; 4 Mon (3), 5 (4), 6 (5), 7 (6), 8 Fri (7).
    expect(addWorkingDays(d(2026, 4, 28), 7)).toEqual({ date: d(2026, 5, 8) });
  });

  it('given entry Wed 6 May 2026, when counting 7 working days across 9–11 May, then it is Mon 18 May', () => {
    // 7 Thu (1), 8 Fri (2); 9–11 off; 12 Tue (3), 13 (4), 14 (5), 15 Fri (6); 16–17 weekend; 18 Mon (7).
    expect(addWorkingDays(d(2026, 5, 6), 7)).toEqual({ date: d(2026, 5, 18) });
  });

  it('given entry Thu 19 Feb 2026, when counting 7 working days across 21–23 Feb, then it is Tue 3 Mar', () => {
    // 20 Fri (1); 21–23 off; 24 Tue (2), 25 (3), 26 (4), 27 Fri (5); 2 Mar Mon (6), 3 Tue (7).
    expect(addWorkingDays(d(2026, 2, 19), 7)).toEqual({ date: d(2026, 3, 3) });
  });

  it('given entry on Fri 3 Apr 2026, when counting 1 working day, then the weekend is skipped to Mon 6 Apr', () => {
    expect(addWorkingDays(d(2026, 4, 3), 1)).toEqual({ date: d(2026, 4, 6) });
  });

  it('given entry on 31 Dec 2025, when counting 7 working days, then 2026 alone is needed: Tue 20 Jan', () => {
    // Counting starts 1 Jan 2026; 1–11 Jan off; 12 Mon (1) … 16 Fri (5); 19 Mon (6), 20 Tue (7).
    expect(addWorkingDays(d(2025, 12, 31), 7)).toEqual({ date: d(2026, 1, 20) });
  });

  it('given entry Mon 28 Dec 2026, when counting 7 working days, then 2027 is needed and not shipped', () => {
    // 29 Tue (1), 30 Wed (2), 31 Dec off, then 1 Jan 2027: no calendar.
    expect(addWorkingDays(d(2026, 12, 28), 7)).toEqual({ outsideCalendar: true, year: 2027 });
  });

  it('given entry on 30 Dec 2025, when counting, then 2025 is reported as missing', () => {
    expect(addWorkingDays(d(2025, 12, 30), 7)).toEqual({ outsideCalendar: true, year: 2025 });
  });

  it('given zero working days, when counting, then the start day is returned; negative counts are refused', () => {
    expect(addWorkingDays(d(2026, 3, 7), 0)).toEqual({ date: d(2026, 3, 7) });
    expect(() => addWorkingDays(d(2026, 3, 7), -1)).toThrow(RangeError);
  });
});

describe('the data format', () => {
  // A made-up year, clearly not a real calendar: it only proves the format can express
  // a Saturday turned into a working day.
  const fictional: ProductionCalendarYear = {
    year: 2026,
    nonWorkingPeriods: [{ from: '2026-03-09', to: '2026-03-09' }],
    workingWeekendDays: ['2026-03-14'],
    source: 'test fixture',
    verifiedAt: '2026-01-01',
  };

  it('given a working Saturday in the data, when counting, then that Saturday counts', () => {
    const calendar = createWorkCalendar([fictional]);
    expect(calendar.isWorkingDay(d(2026, 3, 14))).toBe(true);
    // From Thu 12 Mar: 13 Fri (1), 14 Sat working (2), 15 Sun off, 16 Mon (3).
    expect(calendar.addWorkingDays(d(2026, 3, 12), 3)).toEqual({ date: d(2026, 3, 16) });
  });

  it('given malformed data, when the calendar is built, then it fails at once', () => {
    expect(() => createWorkCalendar([{ ...fictional, workingWeekendDays: ['2026-03-13'] }])).toThrow(/not a weekend/);
    expect(() => createWorkCalendar([{ ...fictional, nonWorkingPeriods: [{ from: '2027-01-01', to: '2027-01-02' }] }])).toThrow(
      /bad date/,
    );
    expect(() => createWorkCalendar([{ ...fictional, nonWorkingPeriods: [{ from: '2026-03-10', to: '2026-03-09' }] }])).toThrow(
      /empty range/,
    );
    expect(() => createWorkCalendar([fictional, fictional])).toThrow(/twice/);
  });
});
