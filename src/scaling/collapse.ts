import type { Collapse } from '../../spec/scale';
import { stdDev } from './stats';

/** One cell's error curve, as measured by the P* searches of its replicates. */
export interface ErrorCurve {
  /** The [C] reference n_c·m^L of the cell. */
  readonly ncMToL: number;
  /** Chance error 1 − 1/n_c. */
  readonly chanceError: number;
  /** Every evaluated (P, test error) point of every replicate. */
  readonly points: readonly { readonly P: number; readonly testError: number }[];
  /** Median P* of the cell (null when not reached). */
  readonly pStar: number | null;
}

/** Points of the common range at which two curves are compared. */
export const COLLAPSE_GRID_POINTS = 32;

interface Curve {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** Average the replicates' errors at equal P, normalise by chance, put x on a log10 axis. */
function toCurve(c: ErrorCurve, scaled: boolean): Curve | null {
  const byP = new Map<number, { sum: number; n: number }>();
  for (const p of c.points) {
    const e = byP.get(p.P) ?? { sum: 0, n: 0 };
    byP.set(p.P, { sum: e.sum + p.testError, n: e.n + 1 });
  }
  const Ps = [...byP.keys()].sort((a, b) => a - b);
  if (Ps.length < 2) return null;
  return {
    x: Ps.map((P) => Math.log10(scaled ? P / c.ncMToL : P)),
    y: Ps.map((P) => {
      const e = byP.get(P) as { sum: number; n: number };
      return e.sum / e.n / c.chanceError;
    }),
  };
}

function interpolate(c: Curve, x: number): number {
  const xs = c.x;
  let hi = 1;
  while (hi < xs.length - 1 && (xs[hi] as number) < x) hi++;
  const x0 = xs[hi - 1] as number;
  const x1 = xs[hi] as number;
  const y0 = c.y[hi - 1] as number;
  const y1 = c.y[hi] as number;
  return x1 === x0 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/** Mean over curve pairs with a common x-range of the mean |y_i − y_j| on that range; null when no pair overlaps. */
function pairScore(curves: readonly Curve[]): { score: number | null; pairs: number } {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < curves.length; i++) {
    for (let j = i + 1; j < curves.length; j++) {
      const a = curves[i] as Curve;
      const b = curves[j] as Curve;
      const lo = Math.max(a.x[0] as number, b.x[0] as number);
      const hi = Math.min(a.x[a.x.length - 1] as number, b.x[b.x.length - 1] as number);
      if (!(hi > lo)) continue;
      let s = 0;
      for (let t = 0; t < COLLAPSE_GRID_POINTS; t++) {
        const x = lo + ((hi - lo) * t) / (COLLAPSE_GRID_POINTS - 1);
        s += Math.abs(interpolate(a, x) - interpolate(b, x));
      }
      total += s / COLLAPSE_GRID_POINTS;
      pairs++;
    }
  }
  return { score: pairs > 0 ? total / pairs : null, pairs };
}

/**
 * A numeric collapse score for error curves plotted against P/(n_c·m^L)
 * ([C]: the curves of different (m, L) fall on one curve; theory.md §5–6).
 *
 * Each curve is the test error divided by chance error 1 − 1/n_c, averaged over
 * replicates at equal P, linearly interpolated in log10 P. For every pair of
 * curves with a common range of P/(n_c·m^L), the mean absolute difference on
 * {@link COLLAPSE_GRID_POINTS} evenly spaced points of that range; the score is
 * the mean over pairs (0 = perfect collapse; the normalised error lives in
 * [0, ~1], so 0.1 means the curves differ by a tenth of chance on average).
 * `rawScore` is the same computed against P, for contrast, and
 * `crossingSpread` the standard deviation of log10(P* / (n_c·m^L)) over cells
 * that reached the target (0 when every P* is the same multiple of n_c·m^L).
 */
export function collapseScore(cells: readonly ErrorCurve[]): Collapse {
  const scaled = cells.map((c) => toCurve(c, true)).filter((c): c is Curve => c !== null);
  const raw = cells.map((c) => toCurve(c, false)).filter((c): c is Curve => c !== null);
  const s = pairScore(scaled);
  const r = pairScore(raw);
  const ratios = cells.filter((c) => c.pStar !== null).map((c) => Math.log10((c.pStar as number) / c.ncMToL));
  const crossingSpread = ratios.length >= 2 ? stdDev(ratios) : null;
  const reasons = [
    s.score === null ? 'fewer than two curves with a common range of P/(n_c·m^L)' : '',
    crossingSpread === null ? 'fewer than two cells reached the target: no crossing spread' : '',
  ].filter((x) => x !== '');
  return {
    score: s.score,
    rawScore: r.score,
    crossingSpread,
    pairs: s.pairs,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}
