import type { LevelExponent, SweepConfig } from '../../spec/scale';
import type { PerLevelCell } from '../../spec/scale-levels';
import { Rng } from '../util/rng';
import { fitExponent, type FitCell } from './fit';

/**
 * The per-level exponents of `rhm scale --per-level`: for each level l, the censored
 * maximum-likelihood fit log N^(l) = a + b_l·l·log m (+ c·log n_c when n_c varies) over
 * the (cell, level) searches of that level, with the percentile bootstrap over grammar
 * seeds of the main fit. It is {@link fitExponent} itself, with the level l in place of
 * the depth L: for one level the covariate l·log m varies through m only, so b_l is the
 * slope of log N^(l) against log m divided by l.
 *
 * Prediction, b_l = 1: once the stages below l deliver clean level-l tokens, stage l
 * separates its parents by label statistics whose gap is ρ^(l) = K_ρ·m^(−l/2)
 * (Assumption 6(b) of [R]), and sampling noise shrinks as N^(−1/2), so N^(l) ∝ (ρ^(l))^(−2)
 * ∝ m^l (Lemma 11; [C]'s signal-to-noise balance at the input level is the case l = L).
 * Theorem 7's bound on N^(l) also carries a poly(m) prefactor (V²m²), which would add a
 * constant to b_l·l; a per-level fit cannot tell it from b_l (l·log m and log m are
 * collinear for one level), so the prediction is stated for the ρ^(−2) law alone.
 */

/** The b_l that N^(l) ∝ m^l predicts. */
export const PREDICTED_LEVEL_EXPONENT = 1;

function levelName(c: PerLevelCell): string {
  return `n_c=${c.classes} m=${c.m} L=${c.L} l=${c.level}`;
}

/** The fit's words about the depth L rewritten for the level l it is fitting here. */
function forLevel(text: string): string {
  return text.replace(/L·log m/g, 'l·log m').replace(/\bL=(\d+)/g, 'l=$1');
}

function fitCells(config: SweepConfig, cells: readonly PerLevelCell[]): FitCell[] {
  return cells.map((c) => ({
    m: c.m,
    L: c.level,
    classes: c.classes,
    replicates: c.replicates
      .filter((r) => config.includeFailing || r.excludedBy.length === 0)
      .map((r) => ({ grammarSeed: r.grammarSeed, pStar: r.nStar, lowerBound: r.nStarLowerBound })),
  }));
}

/** One level's exponent from its (cell, level) searches. */
function levelExponent(config: SweepConfig, level: number, all: readonly PerLevelCell[]): LevelExponent {
  const cells = all.filter((c) => c.level === level);
  const used = cells.filter((c) => c.inFit);
  const e = fitExponent(fitCells(config, used), {
    rng: Rng.fromSeed(config.seed).stream(`bootstrap/level-${level}`),
    resamples: config.bootstrapResamples,
    confidence: config.confidence,
  });
  const left = cells.filter((c) => !c.inFit).map((c) => `${levelName(c)} (${c.fitNote ?? ''})`);
  const reasons = [
    e.reason === undefined ? '' : forLevel(e.reason),
    left.length > 0 ? `not in the fit: ${left.join('; ')}` : '',
  ];
  const reason = reasons.filter((r) => r !== '').join('; ');
  const { reason: _r, intervalReason, cReason, ...rest } = e;
  return {
    level,
    predicted: PREDICTED_LEVEL_EXPONENT,
    containsPrediction:
      e.low !== null && e.high !== null
        ? e.low <= PREDICTED_LEVEL_EXPONENT && PREDICTED_LEVEL_EXPONENT <= e.high
        : null,
    ...rest,
    model: `log N^(l) = a + b_l·l·log m${e.c === null ? '' : ' + c·log n_c'} (l = ${level})`,
    unidentifiedCells: fitCells(config, used)
      .map((f, i) => ({ f, c: used[i] as PerLevelCell }))
      .filter(({ f }) => f.replicates.every((r) => r.pStar === null))
      .map(({ c }) => levelName(c)),
    ...(intervalReason !== undefined ? { intervalReason } : {}),
    ...(cReason !== undefined ? { cReason } : {}),
    ...(reason !== '' ? { reason } : {}),
  };
}

/**
 * Fit b_l for every level l = 1..max L of the measured cells.
 * @returns one {@link LevelExponent} per level, in increasing l.
 */
export function fitLevelExponents(config: SweepConfig, cells: readonly PerLevelCell[]): LevelExponent[] {
  const maxLevel = Math.max(0, ...cells.map((c) => c.level));
  return Array.from({ length: maxLevel }, (_, i) => levelExponent(config, i + 1, cells));
}
