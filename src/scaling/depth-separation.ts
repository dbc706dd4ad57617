import type { DepthSeparation } from '../../spec/scale';
import { leastSquares } from './least-squares';

/** One cell as the depth-separation comparison sees it. */
export interface SeparationCell {
  readonly m: number;
  readonly L: number;
  readonly classes: number;
  /** Median P* (null when not reached). */
  readonly pStar: number | null;
  /** P_max as an exact decimal string. */
  readonly pMax: string;
  /** n_c·m^L. */
  readonly ncMToL: number;
}

/** Natural log of a non-negative decimal integer string of any length (P_max passes 2^53 quickly). */
export function logDecimal(decimal: string): number {
  if (!/^\d+$/.test(decimal)) throw new RangeError(`not a decimal integer: '${decimal}'`);
  const digits = decimal.replace(/^0+(?=\d)/, '');
  const head = Number(digits.slice(0, 17));
  return Math.log(head) + (digits.length - Math.min(17, digits.length)) * Math.LN10;
}

/**
 * A law explains the data better when its rms residual is below this fraction
 * of the other's; otherwise the comparison is 'undetermined'.
 */
export const SEPARATION_RMS_RATIO = 0.5;

function fixedSlopeRms(x: readonly number[], y: readonly number[]): number {
  const d = y.map((v, i) => v - (x[i] as number));
  const a = d.reduce((s, v) => s + v, 0) / d.length;
  return Math.sqrt(d.reduce((s, v) => s + (v - a) ** 2, 0) / d.length);
}

/**
 * Depth separation ([C], theory.md §5): a shallow learner's P* grows like
 * P_max = n_c·m^((s^L−1)/(s−1)), a deep learner's like n_c·m^L. For the cells
 * that reached the target, fit log P* against log P_max and against
 * log(n_c·m^L) (free slopes), and measure how well each law with slope 1 fits
 * (rms residual of log P* = a + log X). `follows` names the law whose rms is
 * below {@link SEPARATION_RMS_RATIO} times the other's.
 *
 * Meaningful only when the grid varies P_max/(n_c·m^L), i.e. has cells of
 * different depth or different m at depth ≥ 2.
 */
export function depthSeparation(cells: readonly SeparationCell[]): DepthSeparation {
  const rows = cells.map((c) => ({
    m: c.m,
    L: c.L,
    classes: c.classes,
    pStar: c.pStar,
    ratioToPMax: c.pStar === null ? null : Math.exp(Math.log(c.pStar) - logDecimal(c.pMax)),
    ratioToNcMToL: c.pStar === null ? null : c.pStar / c.ncMToL,
  }));
  const measured = cells.filter((c) => c.pStar !== null);
  const undetermined = (reason: string): DepthSeparation => ({
    slopeVsPMax: null,
    slopeVsNcMToL: null,
    rmsVsPMax: null,
    rmsVsNcMToL: null,
    follows: 'undetermined',
    cells: rows,
    reason,
  });
  if (measured.length < 2)
    return undetermined(`need at least two cells that reached the target, have ${measured.length}`);
  const y = measured.map((c) => Math.log(c.pStar as number));
  const xMax = measured.map((c) => logDecimal(c.pMax));
  const xDeep = measured.map((c) => Math.log(c.ncMToL));
  const gap = xMax.map((v, i) => v - (xDeep[i] as number));
  if (Math.max(...gap) - Math.min(...gap) < 1e-9) {
    return undetermined(
      'P_max/(n_c·m^L) is the same in every measured cell: the two laws cannot be told apart on this grid',
    );
  }
  const fMax = leastSquares([xMax], y);
  const fDeep = leastSquares([xDeep], y);
  const rmsMax = fixedSlopeRms(xMax, y);
  const rmsDeep = fixedSlopeRms(xDeep, y);
  const follows =
    rmsDeep < SEPARATION_RMS_RATIO * rmsMax
      ? 'n_c·m^L'
      : rmsMax < SEPARATION_RMS_RATIO * rmsDeep
        ? 'P_max'
        : 'undetermined';
  const left = cells.length - measured.length;
  return {
    slopeVsPMax: fMax ? (fMax.coef[0] as number) : null,
    slopeVsNcMToL: fDeep ? (fDeep.coef[0] as number) : null,
    rmsVsPMax: rmsMax,
    rmsVsNcMToL: rmsDeep,
    follows,
    cells: rows,
    ...(follows === 'undetermined' || left > 0
      ? {
          reason: [
            follows === 'undetermined' ? 'neither law fits clearly better' : '',
            left > 0 ? `${left} cell(s) did not reach the target and are left out` : '',
          ]
            .filter((r) => r)
            .join('; '),
        }
      : {}),
  };
}
