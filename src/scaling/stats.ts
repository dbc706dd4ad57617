import type { Rng } from '../util/rng';

/**
 * Small order statistics and the seeded bootstrap used by the scaling sweep.
 * Infinity stands for "not reached within the budget" (a right-censored value):
 * it sorts last, so a median is finite exactly when more than half the values are.
 */

/** The median of `values` (mean of the two middle values for an even count). Infinity-aware. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  const lo = sorted[mid - 1] as number;
  const hi = sorted[mid] as number;
  return hi === Infinity ? Infinity : (lo + hi) / 2;
}

/**
 * The q-quantile of sorted values by the nearest-rank rule (no interpolation,
 * so a quantile is always one of the values, and Infinity stays Infinity).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty list');
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A bootstrap percentile interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Percentile bootstrap interval of the median: `resamples` resamples with
 * replacement, the (1−confidence)/2 and (1+confidence)/2 quantiles of their medians.
 * With one value, or no resamples, the interval is that median itself.
 * @param rng - the stream to draw from (the caller names it, e.g. 'bootstrap').
 */
export function bootstrapMedianInterval(
  values: readonly number[],
  rng: Rng,
  resamples: number,
  confidence: number,
): Interval {
  const m = median(values);
  if (values.length === 1 || resamples === 0) return { low: m, high: m };
  const medians = new Array<number>(resamples);
  const draw = new Array<number>(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) draw[i] = values[rng.int(values.length)] as number;
    medians[r] = median(draw);
  }
  medians.sort((a, b) => a - b);
  return { low: quantileSorted(medians, (1 - confidence) / 2), high: quantileSorted(medians, (1 + confidence) / 2) };
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Population standard deviation. */
export function stdDev(values: readonly number[]): number {
  const mu = mean(values);
  let s = 0;
  for (const v of values) s += (v - mu) * (v - mu);
  return Math.sqrt(s / values.length);
}
