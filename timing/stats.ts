/**
 * Summary statistics of a sample of durations. Percentiles are nearest-rank: the p-th percentile is the smallest
 * value that at least p% of the sample is less than or equal to, so it is always one of the measured values (the
 * median of an even-sized sample is the lower of the two middle values).
 */

export interface Summary {
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** The nearest-rank `p`-th percentile (0 < p ≤ 100) of `sorted`, which is sorted ascending and not empty. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  const value = sorted[rank - 1];
  if (value === undefined) throw new Error('percentile: the sample is empty');
  return value;
}

/** Mean, median, 90th and 99th percentiles and maximum of `values` (not empty). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, x) => total + x, 0);
  return {
    mean: sum / sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: percentile(sorted, 100),
  };
}
