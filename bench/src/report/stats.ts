/**
 * Percentile by linear interpolation between closest ranks (numpy's default): p in [0, 100] over `sorted`
 * ascending values. NaN for no values.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`percentile out of range: ${p}`);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (rank - lower);
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** Median; the mean of the two middle values for an even count. NaN for no values. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** a / b, or NaN when either is missing or b is 0 (a ratio that cannot be computed is shown as such, not as ∞). */
export function ratio(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) {
    return Number.NaN;
  }
  return a / b;
}
