/**
 * Exact order statistics of a small list of durations (a month of first answers is hundreds of
 * numbers): no histogram buckets, so the figure staff read is the real one.
 */

/** The median: the middle value, or the mean of the two middle values of an even count; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The `p`-th percentile by the nearest-rank method: the smallest value with at least p% of the
 * values at or below it (the 90th of ten values is the ninth). Undefined for none.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
