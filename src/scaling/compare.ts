import type { LearnerComparison, ScaleResult } from '../../spec/scale';
import { logDecimal } from './depth-separation';
import { leastSquares } from './least-squares';

/**
 * Compare two sweeps cell by cell (same n_c, v, s, m, L): the ratio of their
 * P*, and how that ratio grows with P_max/(n_c·m^L), the gap [C] predicts
 * between a shallow learner (P* ~ P_max) and a deep one (P* ~ n_c·m^L).
 *
 * The slope of log(P*_this / P*_other) against log(P_max/(n_c·m^L)) is 1 for
 * the full predicted separation (this = shallow, other = deep), 0 when the two
 * learners scale alike, and −1 when this is the deep one. Cells are matched on
 * (n_c, v, s, m, L); cells that either sweep did not measure have ratio null.
 *
 * @param result - this sweep (`rhm-scale/1`).
 * @param other - the sweep to compare with.
 */
export function compareLearners(result: ScaleResult, other: ScaleResult): LearnerComparison {
  const key = (c: ScaleResult['cells'][number]) => `${c.classes}/${c.vocab}/${c.s}/${c.m}/${c.L}`;
  const theirs = new Map(other.cells.map((c) => [key(c), c]));
  const cells = result.cells
    .filter((c) => theirs.has(key(c)))
    .map((c) => {
      const o = theirs.get(key(c)) as ScaleResult['cells'][number];
      const separation = Math.exp(logDecimal(c.pMax) - Math.log(c.ncMToL));
      return {
        m: c.m,
        L: c.L,
        classes: c.classes,
        ratio: c.pStar !== null && o.pStar !== null ? c.pStar / o.pStar : null,
        separation,
      };
    });
  const measured = cells.filter((c) => c.ratio !== null);
  const fit =
    measured.length >= 2
      ? leastSquares(
          [measured.map((c) => Math.log(c.separation))],
          measured.map((c) => Math.log(c.ratio as number)),
        )
      : null;
  // The other sweep's exponent is carried along for plotting both learners' b; a partial result may lack it.
  const e = other.exponent as ScaleResult['exponent'] | undefined;
  const base = {
    learner: result.learner,
    against: other.learner,
    cells,
    ...(e ? { againstExponent: { model: e.model, b: e.b, low: e.low, high: e.high, confidence: e.confidence } } : {}),
  };
  if (fit === null) {
    const why =
      cells.length === 0
        ? 'the two sweeps have no cell in common'
        : measured.length < 2
          ? `need two common cells measured by both, have ${measured.length}`
          : 'P_max/(n_c·m^L) is the same in every common cell';
    return { ...base, slopeVsSeparation: null, reason: why };
  }
  return {
    ...base,
    slopeVsSeparation: fit.coef[0] as number,
    ...(measured.length < cells.length
      ? { reason: `${cells.length - measured.length} common cell(s) not measured by both` }
      : {}),
  };
}
