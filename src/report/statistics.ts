// Descriptive statistics over plain numbers: Wilson intervals, mean and sd, percentiles.

/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `successes` out of `trials`, as proportions in [0, 1].
 * Chosen over the normal approximation because it stays inside [0, 1] and behaves near 0% and 100%.
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n − 1); null below two values, where it is undefined. */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values) ?? 0;
  const squares = values.reduce((sum, v) => sum + (v - m) * (v - m), 0);
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * The q-th quantile (0–1) with linear interpolation between order statistics
 * (Hyndman–Fan type 7, the default of numpy and R), so numbers match what researchers compute.
 */
export function quantile(values: readonly number[], q: number): number | null {
  return quantileOfSorted([...values].sort((a, b) => a - b), q);
}

/** quantile() of values already sorted ascending: several quantiles of one long list need one sort. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? 0;
  const high = sorted[above] ?? low;
  return low + (high - low) * (position - below);
}
