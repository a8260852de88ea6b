/**
 * Russia's federal production calendar (five-day week), one entry per year, each with its source.
 *
 * Only years whose calendar has been published by government decree and recorded in
 * /work/shared/CONTENT-SOURCES.md belong here. The decree for a year comes out in the autumn
 * before it; add the year only once it is published, never by guessing from earlier years.
 * Regional holidays (e.g. in Tatarstan) are not federal and are deliberately left out.
 */

/** An inclusive run of days, both ends as `YYYY-MM-DD`. */
export interface IsoDateRange {
  readonly from: string;
  readonly to: string;
}

/** One year of the production calendar exactly as its decree states it. */
export interface ProductionCalendarYear {
  readonly year: number;
  /**
   * Non-working periods as the decree lists them (holidays plus days off moved next to them).
   * They may include Saturdays and Sundays: that is harmless and keeps the list checkable
   * against the source line by line.
   */
  readonly nonWorkingPeriods: readonly IsoDateRange[];
  /** Saturdays or Sundays made working days by a transfer of days off (`YYYY-MM-DD`). */
  readonly workingWeekendDays: readonly string[];
  /** The legal act that sets this year's calendar. */
  readonly source: string;
  /** When a person last checked this entry against the source (`YYYY-MM-DD`). */
  readonly verifiedAt: string;
}

/** The shipped calendars, one per supported year. */
export const PRODUCTION_CALENDARS: readonly ProductionCalendarYear[] = [
  {
    year: 2026,
    nonWorkingPeriods: [
      { from: '2026-01-01', to: '2026-01-11' },
      { from: '2026-02-21', to: '2026-02-23' },
      { from: '2026-03-07', to: '2026-03-09' },
      { from: '2026-05-01', to: '2026-05-03' },
      { from: '2026-05-09', to: '2026-05-11' },
      { from: '2026-06-12', to: '2026-06-14' },
      { from: '2026-11-04', to: '2026-11-04' },
      { from: '2026-12-31', to: '2026-12-31' },
    ],
    // The source lists no Saturday or Sunday turned into a working day for 2026.
    workingWeekendDays: [],
    source: 'Government decree No. 1466 of 24.09.2025 "On moving days off in 2026"',
    verifiedAt: '2026-11-24',
  },
];
