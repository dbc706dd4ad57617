import type { PatchIndex } from '../patch-index';
import type { IdArray, LevelIds } from './level-ids';

/**
 * The label statistics `layerwise-cluster` clusters: for every distinct patch of
 * a level, its label counts (per patch position, or pooled over positions) and
 * its label frequencies as deviations from the label marginal.
 */

/** Positional feature tables larger than this many numbers fall back to pooled features for that level. */
const MAX_POSITIONAL_FEATURE_NUMBERS = 1 << 25;

/** Label statistics of the distinct patches of one level. */
export interface PatchStatistics {
  /** Dense ids of the distinct training patches. */
  readonly index: PatchIndex;
  /** Number of distinct patches nP. */
  readonly nP: number;
  /** Whether the features are per position (else pooled over positions). */
  readonly positional: boolean;
  /** Feature slots per patch: K = width/s when positional, else 1. */
  readonly slots: number;
  /** Feature dimension slots · n_c. */
  readonly dim: number;
  /** Label counts, nP × dim. */
  readonly counts: Float64Array;
  /** Label marginal p̂(z) over the training samples. */
  readonly marginal: Float64Array;
  /** Features: per slot, label frequencies minus the marginal (0 for a slot without counts), nP × dim. */
  readonly points: Float64Array;
  /** Occurrences of each patch (its k-means weight). */
  readonly weights: Float64Array;
}

/** Label counts per patch and slot, and the label marginal. */
function labelCounts(
  ids: IdArray,
  n: number,
  K: number,
  labels: Int32Array,
  nc: number,
  nP: number,
  positional: boolean,
): { counts: Float64Array; marginal: Float64Array } {
  const dim = (positional ? K : 1) * nc;
  const counts = new Float64Array(nP * dim);
  const marginal = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    const z = labels[i] as number;
    marginal[z] = (marginal[z] as number) + 1 / n;
    for (let p = 0; p < K; p++) {
      const id = ids[i * K + p] as number;
      const at = id * dim + (positional ? p * nc : 0) + z;
      counts[at] = (counts[at] as number) + 1;
    }
  }
  return { counts, marginal };
}

/** Frequencies minus the marginal, per patch and slot, and each patch's total count. */
function centredFrequencies(
  counts: Float64Array,
  marginal: Float64Array,
  nP: number,
  slots: number,
  nc: number,
): { points: Float64Array; weights: Float64Array } {
  const dim = slots * nc;
  const points = new Float64Array(nP * dim);
  const weights = new Float64Array(nP);
  for (let id = 0; id < nP; id++) {
    for (let slot = 0; slot < slots; slot++) {
      const base = id * dim + slot * nc;
      let t = 0;
      for (let z = 0; z < nc; z++) t += counts[base + z] as number;
      weights[id] = (weights[id] as number) + t;
      if (t === 0) continue;
      for (let z = 0; z < nc; z++) points[base + z] = (counts[base + z] as number) / t - (marginal[z] as number);
    }
  }
  return { points, weights };
}

/**
 * Label-given-patch statistics of one level.
 * @param labels - the label ζ of each of the n samples.
 * @param nc - n_c.
 * @param features - 'positional' (falls back to pooled when the table would exceed 2^25 numbers) or 'pooled'.
 */
export function patchStatistics(
  level: LevelIds,
  labels: Int32Array,
  nc: number,
  features: 'positional' | 'pooled',
): PatchStatistics {
  const { K, index, ids } = level;
  const nP = index.size;
  const positional = features === 'positional' && nP * K * nc <= MAX_POSITIONAL_FEATURE_NUMBERS;
  const slots = positional ? K : 1;
  const { counts, marginal } = labelCounts(ids, level.n, K, labels, nc, nP, positional);
  const { points, weights } = centredFrequencies(counts, marginal, nP, slots, nc);
  return { index, nP, positional, slots, dim: slots * nc, counts, marginal, points, weights };
}
