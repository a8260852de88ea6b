/**
 * The yearly deflator of the patent advance (Tax Code art. 227.1): advance = 1,200 ₽ × deflator ×
 * regional coefficient. The value changes every year; staff add it from Telegram once it is set.
 * A year without a value is simply unknown: nothing is guessed from earlier years.
 */

/** One year's deflator with its source. */
export interface PatentDeflator {
  readonly year: number;
  /** E.g. 2.842 for 2026. */
  readonly value: number;
  readonly source: string;
  /** When a person last checked it against the source (`YYYY-MM-DD`). */
  readonly verifiedAt: string;
}

/** Finds the deflator of a year, if known. */
export type DeflatorLookup = (year: number) => PatentDeflator | undefined;

/** The shipped values (CONTENT-SOURCES.md: checked 2026-11-24; needs staff check each year). */
export const SHIPPED_DEFLATORS: readonly PatentDeflator[] = [
  { year: 2026, value: 2.842, source: 'Tax Code art. 227.1', verifiedAt: '2026-11-24' },
];

/** Makes a lookup from a list of deflators (the shipped ones offline, the live ones with Redis). */
export function deflatorList(deflators: readonly PatentDeflator[]): DeflatorLookup {
  return (year) => deflators.find((d) => d.year === year);
}
