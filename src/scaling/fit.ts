import type { Exponent } from '../../spec/scale';
import type { Rng } from '../util/rng';
import { median, quantileSorted } from './stats';

/** One measured cell as the fit sees it. */
export interface FitCell {
  /** m. */
  readonly m: number;
  /** L. */
  readonly L: number;
  /** n_c. */
  readonly classes: number;
  /** P* of every replicate; Infinity when a replicate did not reach the target within its budget. */
  readonly replicatePStars: readonly number[];
}

/** Options of {@link fitExponent}. */
export interface FitOptions {
  /** Stream for the bootstrap (name it, e.g. root.stream('bootstrap')). */
  readonly rng: Rng;
  /** Bootstrap resamples (0: no interval). */
  readonly resamples: number;
  /** Confidence level of the percentile interval, e.g. 0.95. */
  readonly confidence: number;
}

/** A least-squares fit of log P* on the design columns. */
export interface LeastSquares {
  /** Intercept a. */
  readonly a: number;
  /** Coefficients, one per design column. */
  readonly coef: readonly number[];
  /** Root mean square residual. */
  readonly rms: number;
}

/** Relative tolerance below which a centred design is treated as rank-deficient (float64 round-off on log values of magnitude ≤ 100). */
const RANK_TOLERANCE = 1e-9;

/**
 * Ordinary least squares y ≈ a + Σ_j coef_j·x_j by centred normal equations
 * (Gauss–Jordan with partial pivoting; the designs here have at most 2 columns).
 * @returns the fit, or null when the centred design is rank-deficient.
 */
export function leastSquares(columns: readonly (readonly number[])[], y: readonly number[]): LeastSquares | null {
  const n = y.length;
  const k = columns.length;
  if (n < k + 1) return null;
  const meanOf = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / n;
  const my = meanOf(y);
  const mx = columns.map(meanOf);
  const xc = columns.map((c, j) => c.map((x) => x - (mx[j] as number)));
  const yc = y.map((v) => v - my);
  const A: number[][] = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => dot(xc[i] as number[], xc[j] as number[])),
    dot(xc[i] as number[], yc),
  ]);
  const scale = Math.max(1e-300, ...A.map((row, i) => Math.abs(row[i] as number)));
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs((A[r] as number[])[col] as number) > Math.abs((A[piv] as number[])[col] as number)) piv = r;
    if (Math.abs((A[piv] as number[])[col] as number) <= RANK_TOLERANCE * scale) return null;
    [A[col], A[piv]] = [A[piv] as number[], A[col] as number[]];
    const p = A[col] as number[];
    const d = p[col] as number;
    for (let j = col; j <= k; j++) p[j] = (p[j] as number) / d;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const row = A[r] as number[];
      const f = row[col] as number;
      for (let j = col; j <= k; j++) row[j] = (row[j] as number) - f * (p[j] as number);
    }
  }
  const coef = A.map((row) => row[k] as number);
  const a = my - coef.reduce((s, c, j) => s + c * (mx[j] as number), 0);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    let pred = a;
    for (let j = 0; j < k; j++) pred += (coef[j] as number) * ((columns[j] as number[])[i] as number);
    ss += ((y[i] as number) - pred) ** 2;
  }
  return { a, coef, rms: Math.sqrt(ss / n) };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function distinctCount(values: readonly number[]): number {
  return new Set(values.map((v) => v.toPrecision(12))).size;
}

interface Design {
  readonly withC: boolean;
  readonly cReason?: string;
}

function chooseDesign(cells: readonly FitCell[]): Design {
  const logNc = cells.map((c) => Math.log(c.classes));
  if (distinctCount(logNc) < 2) {
    return {
      withC: false,
      cReason: `n_c is constant across the grid (n_c = ${cells[0]?.classes ?? '?'}): c is not identifiable and the term c·log n_c was dropped (absorbed into a)`,
    };
  }
  const x = cells.map((c) => c.L * Math.log(c.m));
  if (
    leastSquares(
      [x, logNc],
      x.map(() => 0),
    ) === null
  ) {
    return {
      withC: false,
      cReason: 'log n_c is collinear with L·log m on this grid: c is not identifiable and was dropped',
    };
  }
  return { withC: true };
}

function fitOnce(cells: readonly FitCell[], pStars: readonly number[], withC: boolean): LeastSquares | null {
  const x = cells.map((c) => c.L * Math.log(c.m));
  const y = pStars.map((p) => Math.log(p));
  return leastSquares(withC ? [x, cells.map((c) => Math.log(c.classes))] : [x], y);
}

/** What the bootstrap of b resamples: the measured cells, the fit's values and residuals, the method. */
interface BootstrapInput {
  readonly measured: readonly FitCell[];
  readonly fitted: readonly number[];
  readonly residuals: readonly number[];
  readonly method: 'replicates' | 'residuals';
  readonly withC: boolean;
}

/** One bootstrap draw of every cell's P* (cells whose drawn P* is not reached are left out). */
function drawCells(input: BootstrapInput, rng: Rng): { cells: FitCell[]; pStars: number[] } {
  const cells: FitCell[] = [];
  const pStars: number[] = [];
  input.measured.forEach((cell, i) => {
    let p: number;
    if (input.method === 'replicates') {
      const reps = cell.replicatePStars;
      p = median(reps.map(() => reps[rng.int(reps.length)] as number));
    } else {
      p = Math.exp((input.fitted[i] as number) + (input.residuals[rng.int(input.residuals.length)] as number));
    }
    if (Number.isFinite(p)) {
      cells.push(cell);
      pStars.push(p);
    }
  });
  return { cells, pStars };
}

/** Up to `options.resamples` bootstrap slopes b (at most 10× as many draws), and the draws that could not be fitted. */
function bootstrapSlopes(input: BootstrapInput, options: FitOptions): { slopes: number[]; degenerate: number } {
  const slopes: number[] = [];
  let degenerate = 0;
  const maxTries = options.resamples * 10;
  for (let tries = 0; slopes.length < options.resamples && tries < maxTries; tries++) {
    const drawn = drawCells(input, options.rng);
    const f = fitOnce(drawn.cells, drawn.pStars, input.withC);
    if (f === null) degenerate++;
    else slopes.push(f.coef[0] as number);
  }
  return { slopes, degenerate };
}

/**
 * Fit log P* = a + b·L·log m + c·log n_c by least squares over the measured
 * cells (theory.md §6: b near 1 means P* ~ m^((1+o(1))L)), with a seeded
 * percentile-bootstrap interval for b.
 *
 * Each cell enters with the median of its replicate P*s; cells whose median is
 * not reached (Infinity) are left out and counted. The grid is a designed
 * experiment (the (m, L) values are chosen, not sampled), so the bootstrap
 * keeps the design fixed and resamples the measurement noise:
 * - 'replicates' (every cell has ≥ 2 replicates): inside every cell, resample
 *   its replicate P*s with replacement and take the median; a cell whose
 *   resampled median is not reached is left out of that draw;
 * - 'residuals' (some cell has one replicate): add resampled residuals of the
 *   fit to the fitted values.
 * The interval therefore measures the precision of b on this grid, not the
 * size of the o(1) correction (that shows in `residualRms`). Draws that cannot
 * be fitted are redrawn and counted.
 * When n_c is constant the c term is not identifiable: it is dropped and
 * `cReason` says so.
 *
 * @returns the {@link Exponent} record; `b` is null with a `reason` when fewer
 *   than two distinct values of L·log m were measured.
 */
export function fitExponent(cells: readonly FitCell[], options: FitOptions): Exponent {
  const measured = cells.filter((c) => Number.isFinite(median(c.replicatePStars)));
  const base = {
    confidence: options.confidence,
    resamples: 0,
    degenerateResamples: 0,
    cellsUsed: measured.length,
    method: 'none' as const,
  };
  const empty = { ...base, b: null, low: null, high: null, a: null, c: null, residualRms: null };
  const left = cells.length - measured.length;
  const leftNote = left > 0 ? `; ${left} cell(s) left out because P* was not reached` : '';
  if (measured.length === 0) return { ...empty, reason: `no cell reached the target${leftNote}` };
  const design = chooseDesign(measured);
  const fit = fitOnce(
    measured,
    measured.map((c) => median(c.replicatePStars)),
    design.withC,
  );
  if (fit === null) {
    return {
      ...empty,
      reason: `cannot fit b: need at least ${design.withC ? 3 : 2} measured cells with at least two distinct values of L·log m, have ${measured.length}${leftNote}`,
      ...(design.cReason ? { cReason: design.cReason } : {}),
    };
  }
  const b = fit.coef[0] as number;
  const method = measured.every((c) => c.replicatePStars.length >= 2) ? 'replicates' : 'residuals';
  const x = measured.map((c) => c.L * Math.log(c.m));
  const fitted = measured.map(
    (c, i) => fit.a + b * (x[i] as number) + (design.withC ? (fit.coef[1] as number) * Math.log(c.classes) : 0),
  );
  const residuals = measured.map((c, i) => Math.log(median(c.replicatePStars)) - (fitted[i] as number));
  const { slopes: bs, degenerate } = bootstrapSlopes(
    { measured, fitted, residuals, method, withC: design.withC },
    options,
  );
  bs.sort((u, v) => u - v);
  const interval =
    bs.length > 0
      ? {
          low: quantileSorted(bs, (1 - options.confidence) / 2),
          high: quantileSorted(bs, (1 + options.confidence) / 2),
        }
      : { low: null, high: null };
  const reasons = [
    bs.length === 0 && options.resamples > 0 ? 'every bootstrap draw was degenerate: no interval' : '',
    options.resamples === 0 ? 'no bootstrap resamples requested: no interval' : '',
    left > 0 ? leftNote.slice(2) : '',
  ].filter((r) => r !== '');
  return {
    ...base,
    b,
    ...interval,
    method,
    a: fit.a,
    c: design.withC ? (fit.coef[1] as number) : null,
    ...(design.cReason ? { cReason: design.cReason } : {}),
    resamples: bs.length,
    degenerateResamples: degenerate,
    residualRms: fit.rms,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

/**
 * The verdict of theory.md §6: 'consistent' with P* ~ m^((1+o(1))L) when the
 * bootstrap interval [low, high] of b lies inside the band; 'undetermined'
 * when b or its interval could not be computed.
 */
export function exponentVerdict(
  e: Exponent,
  band: readonly [number, number],
): { verdict: 'consistent' | 'inconsistent' | 'undetermined'; reason: string } {
  const [lo, hi] = band;
  if (e.b === null || e.low === null || e.high === null) {
    return { verdict: 'undetermined', reason: e.reason ?? 'the exponent b or its interval could not be computed' };
  }
  const ci = `b = ${e.b.toFixed(3)}, ${Math.round(e.confidence * 100)}% interval [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]`;
  if (e.low >= lo && e.high <= hi)
    return {
      verdict: 'consistent',
      reason: `${ci} lies inside the band [${lo}, ${hi}]: consistent with P* ~ m^((1+o(1))L)`,
    };
  return { verdict: 'inconsistent', reason: `${ci} is not inside the band [${lo}, ${hi}]` };
}
