/**
 * Order statistics for benchmark samples. Percentiles use the nearest-rank
 * method, so p99 of 50 samples is the largest one: with small samples we would
 * rather overstate a tail than invent a value between two measurements.
 */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const p50 = (samples: readonly number[]): number => percentile(samples, 50);
export const p99 = (samples: readonly number[]): number => percentile(samples, 99);

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  return samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

/** Least-squares line y = intercept + slope * x. */
export function linearFit(points: ReadonlyArray<readonly [number, number]>): { slope: number; intercept: number } {
  const n = points.length;
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN };
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * The exponent k in total ≈ c·N^k between the smallest and largest N:
 * about 1 for linear growth, about 2 when each step replays all the ones before it.
 */
export function growthExponent(series: ReadonlyArray<readonly [number, number]>): number {
  if (series.length < 2) return Number.NaN;
  const sorted = [...series].sort((a, b) => a[0] - b[0]);
  const [n0, t0] = sorted[0]!;
  const [n1, t1] = sorted[sorted.length - 1]!;
  return Math.log(t1 / t0) / Math.log(n1 / n0);
}

/** Rounds for display and JSON, keeping figures readable without losing meaning. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
