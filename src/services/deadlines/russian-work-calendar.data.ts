/**
 * What Russia's working-day calendar is built from: the law (Labour Code art. 112, the same every
 * year) and each year's government decree on moving days off, shipped as data with its source.
 *
 * Only decrees recorded in /work/shared/CONTENT-SOURCES.md belong here. A year's decree comes out in
 * the autumn before it; until staff add it (from Telegram, or here once published) that year is
 * counted from the law alone and shown as provisional. Never ship a decree by guessing from earlier
 * years. Regional holidays (e.g. in Tatarstan) are not federal and are deliberately left out.
 */

/** The law every year's calendar starts from, for the bot to cite next to a provisional date. */
export const LABOUR_CODE_HOLIDAYS_SOURCE = {
  source: 'Labour Code (ТК РФ) art. 112 parts 1, 2, 5',
  urls: [
    'https://base.garant.ru/77700051/ea54c1918750348cf1860e01a0121200/',
    'https://lawnotes.ru/tk-rf/chast-3/razdel-v/glava-18/statya-112',
  ],
  verifiedAt: '2026-12-01',
} as const;

/**
 * Federal non-working holidays of art. 112 part 1 as `MM-DD`: 1–6 and 8 Jan (New Year holidays),
 * 7 Jan, 23 Feb, 8 Mar, 1 May, 9 May, 12 Jun, 4 Nov.
 */
export const FEDERAL_HOLIDAYS: readonly string[] = [
  '01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08',
  '02-23', '03-08', '05-01', '05-09', '06-12', '11-04',
];

/**
 * One move of a day off by decree: the day off of `from` (a Saturday or Sunday) is moved to `to`
 * (a weekday), so `to` becomes a day off and `from` a working day, unless `from` is itself one of
 * the 1–8 January holidays, which stays off (that is how the decree moves those weekends).
 */
export interface DayOffMove {
  /** `YYYY-MM-DD`, a Saturday or Sunday. */
  readonly from: string;
  /** `YYYY-MM-DD`, a weekday that becomes a day off. */
  readonly to: string;
}

/** One year's government decree on moving days off, exactly as it reads, with its source. */
export interface CalendarDecree {
  readonly year: number;
  /** The moves the decree makes, in its order. */
  readonly moves: readonly DayOffMove[];
  /** Weekdays the decree makes non-working without a move (rare), `YYYY-MM-DD`. */
  readonly extraDaysOff: readonly string[];
  /** The decree: number, date and title. */
  readonly source: string;
  /** When a person last checked this entry against the decree (`YYYY-MM-DD`). */
  readonly verifiedAt: string;
}

/** The shipped decrees, one per year, ascending. */
export const SHIPPED_DECREES: readonly CalendarDecree[] = [
  {
    year: 2026,
    // 2026: Sat 3 Jan → Fri 9 Jan, Sun 4 Jan → Thu 31 Dec. Law and decree together give the
    // sheet's non-working days: 1–11 Jan, 21–23 Feb, 7–9 Mar, 1–3 May, 9–11 May, 12–14 Jun, 4 Nov, 31 Dec.
    moves: [
      { from: '2026-01-03', to: '2026-01-09' },
      { from: '2026-01-04', to: '2026-12-31' },
    ],
    extraDaysOff: [],
    source: 'Government decree No. 1466 of 24.09.2025 "On moving days off in 2026"',
    verifiedAt: '2026-11-24',
  },
];
