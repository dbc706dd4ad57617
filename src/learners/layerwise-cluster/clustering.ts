import type { Rng } from '../../util/rng';
import { kmeans } from '../kmeans';
import type { PatchIndex } from '../patch-index';
import type { ClusterLevel } from '../../../spec/learn';
import { mergeNoiseSplits } from './merge';
import type { LayerwiseClusterOptions } from './options';
import type { LevelIds } from './level-ids';
import { patchStatistics, type PatchStatistics } from './statistics';

/**
 * One clustering stage of `layerwise-cluster`: the distinct patches of a level,
 * clustered by their label statistics into |V_{l−1}| groups, and the geometry of
 * the clusters found.
 */

/** What one stage learned and measured. */
export interface StageResult {
  /** Cluster of every distinct training patch. */
  readonly clusterOf: Int32Array;
  readonly index: PatchIndex;
  readonly measurement: Pick<
    ClusterLevel,
    | 'clusters'
    | 'clustersUsed'
    | 'distinctPatchesSeen'
    | 'features'
    | 'featureDimension'
    | 'intraClusterSpread'
    | 'interClusterGap'
    | 'separated'
  >;
}

/** Count-weighted centroids of the points of each cluster (k × dim). */
function centroidsOf(
  points: Float64Array,
  weights: Float64Array,
  assignment: Int32Array,
  n: number,
  dim: number,
  k: number,
): Float64Array {
  const c = new Float64Array(k * dim);
  const mass = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const a = assignment[i] as number;
    const w = Math.max(weights[i] as number, 1e-12);
    mass[a] = (mass[a] as number) + w;
    for (let t = 0; t < dim; t++) c[a * dim + t] = (c[a * dim + t] as number) + w * (points[i * dim + t] as number);
  }
  for (let a = 0; a < k; a++)
    if ((mass[a] as number) > 0)
      for (let t = 0; t < dim; t++) c[a * dim + t] = (c[a * dim + t] as number) / (mass[a] as number);
  return c;
}

function distance(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  let d2 = 0;
  for (let t = 0; t < dim; t++) {
    const d = (a[ao + t] as number) - (b[bo + t] as number);
    d2 += d * d;
  }
  return Math.sqrt(d2);
}

/** Spread, gap and used clusters of a clustering. */
interface ClusterGeometry {
  /** ε̃_S analogue: largest distance of a patch's feature to its cluster centroid. */
  readonly spread: number;
  /** ρ̃ analogue: smallest distance between two non-empty cluster centroids (Infinity with fewer than two). */
  readonly gap: number;
  /** Non-empty clusters. */
  readonly used: number;
}

function clusterGeometry(
  points: Float64Array,
  assignment: Int32Array,
  centroids: Float64Array,
  nP: number,
  dim: number,
  k: number,
): ClusterGeometry {
  const used = new Uint8Array(k);
  let spread = 0;
  for (let id = 0; id < nP; id++) {
    const c = assignment[id] as number;
    used[c] = 1;
    spread = Math.max(spread, distance(points, id * dim, centroids, c * dim, dim));
  }
  let gap = Infinity;
  for (let a = 0; a < k; a++) {
    if (!used[a]) continue;
    for (let b = a + 1; b < k; b++) {
      if (used[b]) gap = Math.min(gap, distance(centroids, a * dim, centroids, b * dim, dim));
    }
  }
  let usedCount = 0;
  for (let c = 0; c < k; c++) usedCount += used[c] as number;
  return { spread, gap, used: usedCount };
}

/** Weighted k-means of the patch features into k clusters, then the noise merge when `mergeThreshold` > 0. */
function clusterPatches(
  st: PatchStatistics,
  nc: number,
  k: number,
  opts: LayerwiseClusterOptions,
  rng: Rng,
): Int32Array {
  const raw = kmeans(st.points, st.weights, st.nP, st.dim, k, rng, opts.restarts, opts.maxIterations);
  return opts.mergeThreshold > 0
    ? mergeNoiseSplits(raw.assignment, st.counts, st.nP, st.slots, nc, k, st.marginal, opts.mergeThreshold)
    : raw.assignment;
}

/**
 * One stage: estimate label-given-patch frequencies of every distinct patch
 * (per position or pooled), cluster them into k groups (weighted k-means).
 * @param level - the patch ids of the level's training samples.
 * @param labels - label of each training sample.
 * @param nc - n_c.
 * @param k - clusters, |V_{l−1}|.
 * @param rng - the stage's k-means stream.
 */
export function clusterStage(
  level: LevelIds,
  labels: Int32Array,
  nc: number,
  k: number,
  opts: LayerwiseClusterOptions,
  rng: Rng,
): StageResult {
  const st = patchStatistics(level, labels, nc, opts.features);
  const assignment = clusterPatches(st, nc, k, opts, rng);
  const centroids = centroidsOf(st.points, st.weights, assignment, st.nP, st.dim, k);
  const geo = clusterGeometry(st.points, assignment, centroids, st.nP, st.dim, k);
  const finite = Number.isFinite(geo.gap);
  return {
    clusterOf: assignment,
    index: st.index,
    measurement: {
      clusters: k,
      clustersUsed: geo.used,
      distinctPatchesSeen: st.nP,
      features: st.positional ? 'positional' : 'pooled',
      featureDimension: st.dim,
      intraClusterSpread: geo.spread,
      interClusterGap: finite ? geo.gap : null,
      separated: finite ? geo.spread < geo.gap / 2 : false,
    },
  };
}
