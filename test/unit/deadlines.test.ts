import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  computeDeadlines,
  EARLIEST_ENTRY_DATE,
  entryDateProblem,
  maxDaysSpentBeforeEntry,
  RULE_VERIFIED_AT,
  createWorkCalendar,
  decreeList,
  shippedDecrees,
  type DeadlineInput,
  type DeadlineItem,
  type DeadlineKind,
  type LocalDate,
  type WorkingDayCounter,
} from '../../src/services/deadlines';

const d = (year: number, month: number, day: number): LocalDate => ({ year, month, day });
/** Russia's calendar from the shipped decrees (no 2027 decree: 2027 is counted from the law alone). */
const shipped = createWorkCalendar(decreeList(shippedDecrees));
// Test-local reader for table rows, so titles stay readable without using the code under test.
const iso = (text: string): LocalDate => {
  const [year, month, day] = text.split('-').map(Number);
  return d(year ?? NaN, month ?? NaN, day ?? NaN);
};

const tajikWorker = (overrides: Partial<DeadlineInput> = {}): DeadlineInput => ({
  citizenship: 'TJ',
  entryDate: d(2026, 3, 5),
  purpose: 'work',
  patent: { issued: false },
  daysSpentThisYearBeforeEntry: 0,
  ...overrides,
});

function item(items: readonly DeadlineItem[], kind: DeadlineKind): DeadlineItem {
  const found = items.find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} item`);
  return found;
}

describe('a Tajik worker who entered on 5 Mar 2026 and has no patent yet, seen on 10 Mar 2026', () => {
  const items = computeDeadlines(tajikWorker(), d(2026, 3, 10), shipped);

  it('then all five kinds come back in a fixed order', () => {
    expect(items.map((i) => i.kind)).toEqual([
      'registration',
      'fingerprinting-medical',
      'patent-application',
      'stay-limit',
      'patent-lapse',
    ]);
  });

  it('then registration is due 20 Mar (entry + 15 calendar days), 10 days left', () => {
    // Day 1 of the 15 is 6 Mar (Civil Code art. 191), so day 15 is 20 Mar.
    expect(item(items, 'registration')).toMatchObject({ dueDate: d(2026, 3, 20), status: 'upcoming', daysLeft: 10 });
    expect(item(items, 'registration')).toMatchObject({ rule: 'registration-tajikistan', verifiedAt: '2026-11-24' });
  });

  it('then fingerprinting/medical and the patent application are due 4 Apr (entry + 30 days)', () => {
    // 5 Mar + 26 = 31 Mar, + 4 = 4 Apr; from 10 Mar that is 21 + 4 = 25 days.
    expect(item(items, 'fingerprinting-medical')).toMatchObject({ dueDate: d(2026, 4, 4), status: 'upcoming', daysLeft: 25 });
    expect(item(items, 'fingerprinting-medical').rule).toBe('fingerprinting-medical');
    expect(item(items, 'patent-application')).toMatchObject({ dueDate: d(2026, 4, 4), status: 'upcoming', daysLeft: 25 });
    expect(item(items, 'patent-application').rule).toBe('patent');
  });

  it('then the stay limit is 2 Jun (entry day is day 1, so day 90 is entry + 89)', () => {
    // 5 Mar + 26 = 31 Mar (26), 30 Apr (56), 31 May (87), 2 Jun (89). From 10 Mar: 21 + 30 + 31 + 2 = 84.
    expect(item(items, 'stay-limit')).toMatchObject({ dueDate: d(2026, 6, 2), status: 'upcoming', daysLeft: 84 });
    expect(item(items, 'stay-limit').rule).toBe('stay-limit');
  });

  it('then patent lapse does not apply', () => {
    expect(item(items, 'patent-lapse')).toMatchObject({ status: 'not-applicable' });
    expect(item(items, 'patent-lapse').dueDate).toBeUndefined();
  });

  it('then every item names its rule, and the checked date is that rule\'s one entry in RULE_VERIFIED_AT', () => {
    for (const i of items) {
      expect(i.verifiedAt).toBe(RULE_VERIFIED_AT[i.rule]);
      expect(i.verifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('statuses relative to today', () => {
  it('given the registration day is today, then status is today with 0 days left', () => {
    const items = computeDeadlines(tajikWorker(), d(2026, 3, 20), shipped);
    expect(item(items, 'registration')).toMatchObject({ status: 'today', daysLeft: 0 });
  });

  it('given five days past the registration day, then it is overdue with -5 days', () => {
    const items = computeDeadlines(tajikWorker(), d(2026, 3, 25), shipped);
    expect(item(items, 'registration')).toMatchObject({ status: 'overdue', daysLeft: -5 });
  });

  it('given the day after the stay limit (3 Jun), then the stay limit is overdue by 1 day', () => {
    const items = computeDeadlines(tajikWorker(), d(2026, 6, 3), shipped);
    expect(item(items, 'stay-limit')).toMatchObject({ dueDate: d(2026, 6, 2), status: 'overdue', daysLeft: -1 });
  });
});

describe('registration for other visa-free citizens: 7 working days', () => {
  const other = (entryDate: LocalDate): DeadlineInput => ({ ...tajikWorker({ entryDate }), citizenship: 'OTHER_VISA_FREE' });

  it('given entry Thu 5 Mar 2026, then registration is due Tue 17 Mar, after the 7–9 Mar holidays', () => {
    // 6 Fri (1); 7–9 off; 10 (2), 11 (3), 12 (4), 13 (5); 16 Mon (6), 17 Tue (7).
    const reg = item(computeDeadlines(other(d(2026, 3, 5)), d(2026, 3, 10), shipped), 'registration');
    expect(reg).toMatchObject({ dueDate: d(2026, 3, 17), status: 'upcoming', daysLeft: 7, rule: 'registration-other', calendarYears: [2026] });
    expect(reg.provisionalYears).toBeUndefined();
  });

  it('given the sheet marks the 7-working-day rule "needs staff check", then it carries no checked date', () => {
    const reg = item(computeDeadlines(other(d(2026, 3, 5)), d(2026, 3, 10), shipped), 'registration');
    expect(reg.verifiedAt).toBeUndefined();
  });

  it('given entry Tue 28 Apr 2026, then registration is due Fri 8 May, past the 1–3 May holidays', () => {
    // 29 (1), 30 (2); 1–3 May off; 4 Mon (3) … 8 Fri (7).
    const reg = item(computeDeadlines(other(d(2026, 4, 28)), d(2026, 4, 28), shipped), 'registration');
    expect(reg).toMatchObject({ dueDate: d(2026, 5, 8), status: 'upcoming', daysLeft: 10 });
  });

  it('given entry Mon 28 Dec 2026, then registration is due Fri 15 Jan 2027, provisional: 2027 has no decree yet', () => {
    // 29 Dec (1), 30 Dec (2), 31 Dec off (2026 decree); 2027 from the law: 1–8 Jan holidays,
    // 9–10 weekend, 11 Mon (3) … 15 Fri (7).
    const reg = item(computeDeadlines(other(d(2026, 12, 28)), d(2026, 12, 30), shipped), 'registration');
    expect(reg).toMatchObject({ dueDate: d(2027, 1, 15), status: 'upcoming', provisionalYears: [2027], calendarYears: [2026, 2027] });
  });

  it('given an entry in 2024, before the working-day calendar starts, then the date is not guessed', () => {
    const reg = item(computeDeadlines(other(d(2024, 11, 5)), d(2026, 3, 10), shipped), 'registration');
    expect(reg).toMatchObject({ status: 'not-applicable', workingDaysUncounted: true, rule: 'registration-other' });
    expect(reg.dueDate).toBeUndefined();
  });

  it('given a calendar whose count runs through years without a decree, then those years are passed on sorted', () => {
    const calendar: WorkingDayCounter = { addWorkingDays: () => ({ date: d(2028, 1, 12), provisionalYears: [2028, 2027] }) };
    const reg = item(computeDeadlines(other(d(2027, 12, 30)), d(2027, 12, 30), calendar), 'registration');
    expect(reg).toMatchObject({ dueDate: d(2028, 1, 12), provisionalYears: [2027, 2028], calendarYears: [2027, 2028] });
  });
});

describe('registration for citizens of Uzbekistan: 15 days from entry, like Tajikistan (agreement in force 04.06.2022)', () => {
  const uzbek = (entryDate: LocalDate): DeadlineInput => ({ ...tajikWorker({ entryDate }), citizenship: 'UZ' });

  it('given entry Thu 5 Mar 2026, then registration is due 20 Mar (entry + 15), not 17 Mar (7 working days)', () => {
    const reg = item(computeDeadlines(uzbek(d(2026, 3, 5)), d(2026, 3, 10), shipped), 'registration');
    expect(reg).toMatchObject({ dueDate: d(2026, 3, 20), rule: 'registration-uzbekistan', verifiedAt: '2026-12-01' });
    expect(reg.calendarYears).toBeUndefined();
    const other = item(computeDeadlines({ ...uzbek(d(2026, 3, 5)), citizenship: 'OTHER_VISA_FREE' }, d(2026, 3, 10), shipped), 'registration');
    expect(other.dueDate).toEqual(d(2026, 3, 17));
  });

  it('given entry 28 Dec 2026, then 15 calendar days need no calendar: 12 Jan 2027, not provisional', () => {
    const reg = item(computeDeadlines(uzbek(d(2026, 12, 28)), d(2026, 12, 30), shipped), 'registration');
    expect(reg).toMatchObject({ dueDate: d(2027, 1, 12) });
    expect(reg.provisionalYears).toBeUndefined();
  });
});

describe('entry dates the rules do not cover', () => {
  it('given an entry before 4 Jun 2022 (Uzbek agreement in force), then the calculator refuses it', () => {
    expect(EARLIEST_ENTRY_DATE).toEqual(d(2022, 6, 4));
    expect(entryDateProblem(d(2022, 6, 3))).toBe('before-rules');
    expect(entryDateProblem(d(1, 1, 1))).toBe('before-rules');
    expect(entryDateProblem(d(2022, 6, 4))).toBeUndefined();
    expect(() => computeDeadlines(tajikWorker({ entryDate: d(2022, 6, 3) }), d(2026, 3, 10), shipped)).toThrow(RangeError);
  });

  it('given an entry in 2024, then the 90-per-calendar-year rule is not applied: the old 90-in-180 rule is named', () => {
    const items = computeDeadlines(tajikWorker({ entryDate: d(2024, 11, 5) }), d(2026, 3, 10), shipped);
    const stay = item(items, 'stay-limit');
    expect(stay).toMatchObject({ status: 'not-applicable', rule: 'stay-limit-before-2025' });
    expect(stay.dueDate).toBeUndefined();
  });

  it('given an entry on 1 Jan 2025, then the new rule applies', () => {
    const items = computeDeadlines(tajikWorker({ entryDate: d(2025, 1, 1) }), d(2025, 1, 2), shipped);
    expect(item(items, 'stay-limit')).toMatchObject({ rule: 'stay-limit', dueDate: d(2025, 3, 31) });
  });
});

describe('purposes other than work', () => {
  const student = tajikWorker({ purpose: 'study' });
  const items = computeDeadlines(student, d(2026, 3, 10), shipped);

  it('given a student, then fingerprinting/medical is not applicable, with entry + 90 days as information', () => {
    // 5 Mar + 26 = 31 Mar, 30 Apr (56), 31 May (87), 3 Jun (90).
    const fm = item(items, 'fingerprinting-medical');
    expect(fm).toMatchObject({ status: 'not-applicable', dueDate: d(2026, 6, 3) });
    expect(fm.daysLeft).toBeUndefined();
  });

  it('given a private visit, then no patent application is asked for', () => {
    const visit = computeDeadlines(tajikWorker({ purpose: 'private' }), d(2026, 3, 10), shipped);
    expect(item(visit, 'patent-application')).toMatchObject({ status: 'not-applicable' });
    expect(item(visit, 'patent-application').dueDate).toBeUndefined();
  });
});

describe('the 90-days-per-calendar-year stay limit', () => {
  it.each([
    // [entry, days already spent this year, last lawful day, reasoning]
    ['2026-01-01', 0, '2026-03-31', 'entry + 89: 31 Jan (30), 28 Feb (58), 31 Mar (89)'],
    ['2028-01-01', 0, '2028-03-30', 'leap year: 31 Jan (30), 29 Feb (59), 30 Mar (89)'],
    ['2026-12-01', 60, '2026-12-30', '30 days left in 2026: 1 Dec is day 1, 30 Dec day 30'],
    ['2026-12-15', 0, '2027-03-14', 'counter restarts 1 Jan; continuous 90: 31 Dec (16), 31 Jan (47), 28 Feb (75), 14 Mar (89)'],
    ['2026-12-15', 60, '2027-03-14', '60 + 17 days of Dec = 77 ≤ 90, so the continuous limit governs again'],
    ['2026-12-27', 85, '2026-12-31', '5 days left: 27, 28, 29, 30, 31 Dec; the year limit ends exactly on 31 Dec'],
    ['2026-12-28', 85, '2027-03-27', '85 + 4 = 89 ≤ 90 in 2026; continuous: 31 Dec (3), 31 Jan (34), 28 Feb (62), 27 Mar (89)'],
    ['2027-12-15', 0, '2028-03-13', 'into leap 2028: 31 Dec (16), 31 Jan (47), 29 Feb (76), 13 Mar (89)'],
    ['2028-02-29', 30, '2028-04-28', '60 days left from 29 Feb: 31 Mar (31), 28 Apr (59)'],
    ['2026-10-01', 89, '2026-10-01', 'one day left: the entry day itself'],
  ])('given entry %s with %i days spent, then the last day is %s (%s)', (entry, spent, expected) => {
    const entryDate = iso(entry);
    const items = computeDeadlines(tajikWorker({ entryDate, daysSpentThisYearBeforeEntry: spent }), entryDate, shipped);
    expect(item(items, 'stay-limit')).toMatchObject({ dueDate: iso(expected) });
  });

  it('given the 90 days of the entry year were used before entry, then the stay is overdue from the entry day', () => {
    const items = computeDeadlines(
      tajikWorker({ entryDate: d(2026, 10, 1), daysSpentThisYearBeforeEntry: 90 }),
      d(2026, 10, 5),
      shipped,
    );
    expect(item(items, 'stay-limit')).toMatchObject({
      dueDate: d(2026, 10, 1),
      status: 'overdue',
      daysLeft: -4,
      allowanceUsedUp: true,
    });
  });

  it('given the allowance was used up and entry is today, then it is still overdue, not "today"', () => {
    const items = computeDeadlines(
      tajikWorker({ entryDate: d(2026, 10, 1), daysSpentThisYearBeforeEntry: 120 }),
      d(2026, 10, 1),
      shipped,
    );
    expect(item(items, 'stay-limit')).toMatchObject({ status: 'overdue', daysLeft: 0, allowanceUsedUp: true });
  });

  it('given impossible day counts, then the input is refused', () => {
    for (const spent of [-1, 367, 1.5, Number.NaN]) {
      expect(() => computeDeadlines(tajikWorker({ daysSpentThisYearBeforeEntry: spent }), d(2026, 3, 10), shipped)).toThrow(RangeError);
    }
  });

  it('given entry on 5 Mar 2026, then at most 63 days can have been spent before it (31 Jan + 28 Feb + 4 Mar)', () => {
    expect(maxDaysSpentBeforeEntry(d(2026, 3, 5))).toBe(63);
    expect(maxDaysSpentBeforeEntry(d(2026, 1, 1))).toBe(0);
  });
});

describe('a worker with a patent', () => {
  it('given the advance is paid until 4 May, seen on 10 Mar, then the patent lapses 5 May and extends the stay', () => {
    const items = computeDeadlines(tajikWorker({ patent: { issued: true, paidUntil: d(2026, 5, 4) } }), d(2026, 3, 10), shipped);
    // The patent ends the day after the last paid day. From 10 Mar: 21 + 30 + 5 = 56 days.
    expect(item(items, 'patent-lapse')).toMatchObject({ dueDate: d(2026, 5, 5), status: 'upcoming', daysLeft: 56 });
    expect(item(items, 'patent-application')).toMatchObject({ status: 'not-applicable' });
    const stay = item(items, 'stay-limit');
    expect(stay).toMatchObject({ status: 'not-applicable', extendedByPatent: true, dueDate: d(2026, 6, 2) });
    expect(stay.daysLeft).toBeUndefined();
  });

  it('given the last paid day is today, then the patent lapses tomorrow and still extends the stay', () => {
    const items = computeDeadlines(tajikWorker({ patent: { issued: true, paidUntil: d(2026, 3, 10) } }), d(2026, 3, 10), shipped);
    expect(item(items, 'patent-lapse')).toMatchObject({ dueDate: d(2026, 3, 11), status: 'upcoming', daysLeft: 1 });
    expect(item(items, 'stay-limit')).toMatchObject({ extendedByPatent: true });
  });

  it('given the last paid day was yesterday, then the patent has lapsed today and no longer extends the stay', () => {
    const items = computeDeadlines(tajikWorker({ patent: { issued: true, paidUntil: d(2026, 3, 9) } }), d(2026, 3, 10), shipped);
    expect(item(items, 'patent-lapse')).toMatchObject({ dueDate: d(2026, 3, 10), status: 'overdue', daysLeft: 0 });
    const stay = item(items, 'stay-limit');
    expect(stay).toMatchObject({ status: 'upcoming', dueDate: d(2026, 6, 2) });
    expect(stay.extendedByPatent).toBeUndefined();
  });

  it.each([
    ['2026-03-31', '2026-04-01', 'end of month'],
    ['2028-02-28', '2028-02-29', 'leap February'],
    ['2026-02-28', '2026-03-01', 'ordinary February'],
    ['2026-12-31', '2027-01-01', 'end of year'],
  ])('given paid until %s, then the patent lapses on %s (%s)', (paidUntil, lapse) => {
    const patent = { issued: true as const, paidUntil: iso(paidUntil) };
    const items = computeDeadlines(tajikWorker({ patent }), d(2026, 3, 10), shipped);
    expect(item(items, 'patent-lapse').dueDate).toEqual(iso(lapse));
  });
});

describe('the domain stays free of the bot framework and of wording', () => {
  it('given the deadlines sources, then none imports grammY, i18next or Redis', () => {
    const dir = join(__dirname, '../../src/services/deadlines');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toMatch(/from '(grammy|@grammyjs\/[^']*|i18next|ioredis)'/);
    }
  });
});
