import type { RfStage } from '../../../spec/learn';
import { DEFAULT_DELTA } from '../../exact/budgets';
import { lemma10Width, simplexPatchDiameter } from '../../exact/lemma10';
import { valueOrNull } from '../../exact/quantity';
import type { SigmaChoice } from './bandwidth';
import type { LayerwiseRfOptions } from './options';

/** M of one stage beside Lemma 10's prescription. */
export interface WidthChoice {
  /** M used. */
  readonly M: number;
  /** Where M came from. */
  readonly source: string;
  /** Lemma 10's M for this stage's σ, D = s·d_e and ε_O (null when undefined). */
  readonly prescribed: number | null;
}

/** Largest M of any stage (the options schema's bound). */
export const FEATURE_LIMIT = 4096;

/** Multiply-adds allowed for the K × K dual Gram matrix (K²·2M) when a stage with few distinct rows gets more than `maxFeatures`. */
export const DUAL_GRAM_BUDGET = 2 ** 26;

/**
 * The largest M a stage with K distinct input rows can afford: `maxFeatures` in the
 * primal path ((2M)² Σ̂, (2M)³ eigendecomposition), and more — up to
 * {@link FEATURE_LIMIT} and K²·2M ≤ {@link DUAL_GRAM_BUDGET} — when K is small enough
 * for the K × K dual (K ≤ 2M), as at stage L where K ≤ |P_L|.
 */
export function featureBound(maxFeatures: number, K: number): number {
  const dual = Math.min(FEATURE_LIMIT, Math.floor(DUAL_GRAM_BUDGET / (2 * K * K)));
  return dual > maxFeatures && K <= 2 * dual ? dual : maxFeatures;
}

/**
 * M of stage l: a fixed `features`, or for 'lemma10' the width Lemma 10 prescribes
 * ({@link lemma10Width}, δ = {@link DEFAULT_DELTA}, ℓ = √(2s)) capped at
 * {@link featureBound} for the stage's K distinct input rows.
 */
export function chooseWidth(
  opts: LayerwiseRfOptions,
  inDim: number,
  s: number,
  sigma: SigmaChoice,
  K: number,
): WidthChoice {
  const prescribed = valueOrNull(
    lemma10Width({
      inputDim: inDim,
      sigma: sigma.sigma,
      diameter: simplexPatchDiameter(s),
      epsO: sigma.epsO,
      delta: DEFAULT_DELTA,
    }),
  );
  if (opts.features !== 'lemma10') return { M: opts.features, source: 'fixed', prescribed };
  const bound = featureBound(opts.maxFeatures, K);
  const why = bound > opts.maxFeatures ? `the dual bound for K = ${K} distinct rows` : 'maxFeatures';
  if (prescribed === null) return { M: bound, source: `${why} (Lemma 10 width undefined)`, prescribed };
  if (prescribed <= bound) return { M: prescribed, source: 'Lemma 10', prescribed };
  return { M: bound, source: `Lemma 10 capped at ${bound} (${why})`, prescribed };
}

/** The Lemma 10 record of a stage: the prescribed ε_O, σ and M beside the input separation they were derived from. */
export function lemma10Record(s: number, sigma: SigmaChoice, width: WidthChoice): RfStage['theory']['lemma10'] {
  return {
    epsO: sigma.epsO,
    separation: sigma.separation,
    sigma: sigma.lemma10Sigma,
    M: width.prescribed,
    diameter: simplexPatchDiameter(s),
    delta: DEFAULT_DELTA,
  };
}
