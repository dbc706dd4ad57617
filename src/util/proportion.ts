/**
 * Intervals for a binomial proportion: how sure a share of k successes in n
 * trials is about the underlying probability.
 */

/**
 * The standard normal quantile Φ^(−1)(p), by Acklam's rational approximation
 * (relative error below 1.2e-9 on (0, 1)).
 * @throws RangeError when p is not in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs p in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: readonly number[], x: number): number => k.reduce((acc, ki) => acc * x + ki, 0);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** A two-sided interval [low, high] ⊆ [0, 1]. */
export interface ProportionInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson score interval of a binomial proportion: the set of p for which
 * |k/n − p| ≤ z·√(p(1−p)/n), z = Φ^(−1)(1 − (1−confidence)/2). Unlike the
 * normal (Wald) interval it stays inside [0, 1] and is not degenerate at k = 0
 * or k = n, which is where atlas shares often sit. With n = 0 it is [0, 1].
 *
 * @param k - successes, 0 ≤ k ≤ n.
 * @param n - trials.
 * @param confidence - two-sided coverage, e.g. 0.95.
 * @example
 * wilsonInterval(40, 40, 0.95); // { low: 0.912, high: 1 }
 */
export function wilsonInterval(k: number, n: number, confidence: number): ProportionInterval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n)
    throw new RangeError(`wilsonInterval needs whole numbers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (n === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At k = 0 (k = n) the exact bound is 0 (1); float rounding must not move it.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/**
 * The one-sided Clopper–Pearson lower bound at k = n: the smallest p with
 * P(n successes in n | p) ≥ α, i.e. α^(1/n). Used to state what "every one of
 * n trials passed" establishes at significance α.
 */
export function allPassedLowerBound(n: number, alpha: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
  return alpha ** (1 / n);
}
