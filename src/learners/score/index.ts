import type { ExternalLevel } from '../../../spec/external-level';
import type { Grammar } from '../../grammar/grammar';
import type { Rng } from '../../util/rng';
import { scoreLevel, unrepresentedLevel, type LevelTruth } from './level';
import { sensitivityRow, type Representation } from './sensitivity';

/**
 * Scoring of per-level representations against the latent tree (`rhm score`,
 * and every learner run through `--learner-command`): one entry per level l = 1..L
 * in the `levels[]` union of rhm-learn/1 (kind 'representation').
 */

export { DEFAULT_RECOVERY_THRESHOLD, MAX_CLUSTER_ROWS, MAX_GEOMETRY_ROWS, type LevelTruth } from './level';
export type { Representation } from './sensitivity';

/** Representations of the probe inputs and of their synonym-exchanged versions, for [C]'s sensitivity. */
export interface SensitivityInput {
  /** Probe inputs. */
  readonly n: number;
  /** Level k → vectors of the probe inputs. */
  readonly base: ReadonlyMap<number, Representation>;
  /** Exchanged level l → (level k → vectors of P_l x). */
  readonly exchanged: ReadonlyMap<number, ReadonlyMap<number, Representation>>;
}

/** What {@link scoreRepresentations} needs. */
export interface ScoreRequest {
  readonly grammar: Grammar;
  /** Held-out inputs. */
  readonly n: number;
  /** Their latent trees: latent[l] holds n·s^l level-l symbols (latent[0] the labels, latent[L] the tokens). */
  readonly latent: readonly Int32Array[];
  /** Level l → the held-out inputs' level-l vectors; a missing level is reported as not represented. */
  readonly representations: ReadonlyMap<number, Representation>;
  readonly sensitivity?: SensitivityInput;
  /** Share both nearest-centroid accuracies must reach for `recovered`. */
  readonly threshold: number;
  /** Stream for k-means seeding. */
  readonly rng: Rng;
}

function truthOf(r: ScoreRequest, level: number): LevelTruth {
  const parents = r.latent[level - 1];
  const children = r.latent[level];
  if (!parents || !children) throw new RangeError(`no latent symbols for level ${level}`);
  return { level, n: r.n, parents, children };
}

/**
 * Per-level scores of representations (theory.md §6; [R] Assumption 9; [C] §V).
 * @returns levels l = 1..L, kind 'representation'.
 * @example
 * const levels = scoreRepresentations({ grammar, n, latent, representations, threshold: 0.9, rng });
 */
export function scoreRepresentations(r: ScoreRequest): ExternalLevel[] {
  const g = r.grammar;
  return Array.from({ length: g.L }, (_, i) => {
    const level = i + 1;
    const rep = r.representations.get(level);
    const parents = g.vocabulary[level - 1] as number;
    const scored = rep
      ? scoreLevel(g, truthOf(r, level), rep.vectors, rep.dim, r.threshold, r.rng.stream(`level-${level}`))
      : unrepresentedLevel(level, parents, r.n * g.s ** (level - 1));
    const ex = r.sensitivity?.exchanged.get(level);
    if (!r.sensitivity || !ex) return scored;
    return {
      ...scored,
      synonymicSensitivity: sensitivityRow(r.sensitivity.base, ex, r.sensitivity.n, g.s, g.L),
      sensitivityLayers: `S_{k,${level}} for representation levels k = 1..${g.L} (entry k−1; level k is the layer that reads level-k patches)`,
    };
  });
}

/** Fraction of predictions that differ from the labels. */
export function predictionError(predictions: Int32Array, labels: Int32Array): number {
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] !== labels[i]) wrong++;
  return labels.length === 0 ? 0 : wrong / labels.length;
}
