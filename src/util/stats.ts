/**
 * Small exact-enough statistics used by the statistical checks and tests:
 * the chi-square distribution's upper tail, Pearson's goodness-of-fit test, and the
 * cells (pooled to a minimum expected count) of a chi-square test.
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), relative error < 1e-13 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0] as number;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) (series or continued fraction). */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
  }
  // Lentz's continued fraction.
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(-x + a * Math.log(x) - logGamma(a)) * h);
}

/** P(χ²_df ≥ stat): the p-value of a chi-square statistic with df degrees of freedom. */
export function chiSquareSurvival(stat: number, df: number): number {
  if (df <= 0) return 1;
  return regularizedGammaQ(df / 2, stat / 2);
}

/** Result of a goodness-of-fit test. */
export interface GoodnessOfFit {
  /** Pearson's statistic Σ (O − E)²/E over cells with E > 0. */
  readonly statistic: number;
  /** Degrees of freedom: (cells with E > 0) − 1. */
  readonly df: number;
  /** P(χ²_df ≥ statistic). */
  readonly pValue: number;
  /** Observed counts in cells with expected probability 0 (any is a violation). */
  readonly impossibleCount: number;
}

/**
 * Pearson's chi-square goodness-of-fit of observed counts to probabilities.
 * Cells of probability 0 are excluded from the statistic and their counts
 * reported in `impossibleCount` (a count there rejects the model outright).
 */
export function chiSquareGoodnessOfFit(observed: ArrayLike<number>, probabilities: ArrayLike<number>): GoodnessOfFit {
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i] as number;
  let statistic = 0;
  let cells = 0;
  let impossibleCount = 0;
  for (let i = 0; i < observed.length; i++) {
    const p = probabilities[i] as number;
    const o = observed[i] as number;
    if (p > 0) {
      const e = p * total;
      statistic += ((o - e) * (o - e)) / e;
      cells++;
    } else impossibleCount += o;
  }
  const df = cells - 1;
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), impossibleCount };
}

/** Smallest expected count of a cell of a chi-square test (Cochran's rule). */
export const MIN_EXPECTED = 5;

/** Observed and expected counts of the cells of one chi-square group. */
export interface ChiSquareCells {
  /** Observed counts, one per cell. */
  readonly o: number[];
  /** Expected counts, one per cell (each ≥ the minimum, but for a folded remainder). */
  readonly e: number[];
}

/**
 * Chi-square cells of one group of categorical draws against probabilities
 * q: categories with expected count n·q ≥ minExpected form their own cell, the
 * rest one pooled cell; a pooled remainder below minExpected is folded into
 * the smallest kept cell. Categories of probability 0 are left out.
 *
 * @param draws - the observed categories (0 … q.length − 1).
 * @returns the cells, or null when fewer than two cells remain (nothing to test).
 */
export function pooledCells(
  draws: readonly number[],
  q: ArrayLike<number>,
  minExpected: number = MIN_EXPECTED,
): ChiSquareCells | null {
  const n = draws.length;
  const counts = new Map<number, number>();
  for (const z of draws) counts.set(z, (counts.get(z) ?? 0) + 1);
  const big: number[] = [];
  let restE = 0;
  let restO = 0;
  for (let z = 0; z < q.length; z++) {
    const e = n * (q[z] as number);
    if (e <= 0) continue;
    if (e >= minExpected) big.push(z);
    else {
      restE += e;
      restO += counts.get(z) ?? 0;
    }
  }
  const o = big.map((z) => counts.get(z) ?? 0);
  const e = big.map((z) => n * (q[z] as number));
  if (restE >= minExpected) {
    o.push(restO);
    e.push(restE);
  } else if (restE > 0 && o.length > 0) foldIntoSmallest(o, e, restO, restE);
  return o.length >= 2 ? { o, e } : null;
}

/** Add a small remainder to the cell with the smallest expected count (in place). */
function foldIntoSmallest(o: number[], e: number[], restO: number, restE: number): void {
  let j = 0;
  e.forEach((x, i) => {
    if (x < (e[j] as number)) j = i;
  });
  o[j] = (o[j] as number) + restO;
  e[j] = (e[j] as number) + restE;
}

/** Pearson's statistic Σ (O − E)²/E of one group's cells. */
export function pearsonStatistic(c: ChiSquareCells): number {
  let statistic = 0;
  c.o.forEach((o, j) => {
    const e = c.e[j] as number;
    statistic += ((o - e) * (o - e)) / e;
  });
  return statistic;
}
