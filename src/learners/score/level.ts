import type { ExternalLevel } from '../../../spec/external-level';
import type { Grammar } from '../../grammar/grammar';
import type { Rng } from '../../util/rng';
import { kmeans } from '../kmeans';
import { matchedRecovery } from '../matching';
import { realisationGeometry } from '../rf/realisations';
import { crossedNearestCentroid, spreadAndGap, type LevelVectors } from './centroids';

/**
 * Score one level's representation vectors against the true parents of the
 * held-out patches (theory.md §6): nearest-centroid accuracy on held-out
 * halves (by input, and by synonym), k-means with the best matching, the
 * centroid spread and gap, and Assumption 9's ε̃_S and ρ̃.
 */

/** Default share a nearest-centroid accuracy must reach for `recovered`. */
export const DEFAULT_RECOVERY_THRESHOLD = 0.9;
/** Rows k-means runs on (the first ones, in row order). */
export const MAX_CLUSTER_ROWS = 2048;
/** Rows ε̃_S and ρ̃ are computed on (k² pairwise distances). */
export const MAX_GEOMETRY_ROWS = 2048;

/** The held-out patches of one level: their parents, and the latent tree to find each patch's production. */
export interface LevelTruth {
  /** l. */
  readonly level: number;
  /** n held-out inputs. */
  readonly n: number;
  /** Level-(l−1) symbols, n·s^(l−1): the parent of row r = (input i, patch j) is at i·s^(l−1) + j. */
  readonly parents: Int32Array;
  /** Level-l symbols, n·s^l: row r's patch is children[r·s … r·s+s−1]. */
  readonly children: Int32Array;
}

/** Group 0/1 by the parity of the held-out input a row belongs to. */
function inputHalves(rows: number, perInput: number): Int8Array {
  return Int8Array.from({ length: rows }, (_, r) => Math.floor(r / perInput) % 2);
}

/** Group 0/1 by the parity of the production rank of each row's patch within its parent; −1 for parents with one production. */
function synonymHalves(g: Grammar, t: LevelTruth, rows: number): Int8Array {
  const rules = g.levels[t.level - 1];
  const out = new Int8Array(rows).fill(-1);
  if (!rules) return out;
  const s = g.s;
  for (let r = 0; r < rows; r++) {
    const nu = t.parents[r] as number;
    const lo = rules.offsets[nu] as number;
    const hi = rules.offsets[nu + 1] as number;
    if (hi - lo < 2) continue;
    for (let p = lo; p < hi; p++) {
      let same = true;
      for (let c = 0; c < s && same; c++) same = rules.children[p * s + c] === t.children[r * s + c];
      if (same) {
        out[r] = (p - lo) % 2;
        break;
      }
    }
  }
  return out;
}

/** Share of the first rows assigned, by k-means into |V_{l−1}| clusters, to their parent under the best matching. */
function clusteringRate(v: LevelVectors, rng: Rng): number {
  const rows = Math.min(v.rows, MAX_CLUSTER_ROWS);
  const points = Float64Array.from(v.vectors.subarray(0, rows * v.dim));
  const km = kmeans(points, new Float64Array(rows).fill(1), rows, v.dim, v.parents, rng, 3, 50);
  return matchedRecovery(km.assignment, v.truth.subarray(0, rows), v.parents, v.parents).rate;
}

/** A level the program gave no representation of. */
export function unrepresentedLevel(level: number, parents: number, heldOutPatches: number): ExternalLevel {
  return {
    kind: 'representation',
    level,
    represented: false,
    dim: null,
    heldOutPatches,
    recoveryRate: null,
    synonymHalvesRate: null,
    clusteringRate: null,
    chanceRate: 1 / parents,
    intraClusterSpread: null,
    interClusterGap: null,
    separated: null,
    intraDiameter: null,
    interDistance: null,
    assumption9: null,
    realisations: 0,
    realisationsComplete: true,
    synonymicSensitivity: null,
    sensitivityLayers: 'not measured',
    recovered: false,
    recoveryCriterion: 'no representation of this level was given',
  };
}

/**
 * Score the vectors of one level.
 * @param g - the grammar (its rules give each patch's production rank).
 * @param truth - the held-out patches' parents and tokens.
 * @param vectors - n·s^(l−1)·dim float32 values, [input][patch][component].
 * @param dim - components per vector.
 * @param threshold - share both nearest-centroid accuracies must reach for `recovered`.
 * @param rng - stream for k-means seeding.
 */
export function scoreLevel(
  g: Grammar,
  truth: LevelTruth,
  vectors: Float32Array,
  dim: number,
  threshold: number,
  rng: Rng,
): ExternalLevel {
  const perInput = g.s ** (truth.level - 1);
  const rows = truth.n * perInput;
  const parents = g.vocabulary[truth.level - 1] as number;
  const v: LevelVectors = { vectors, dim, rows, truth: truth.parents, parents };
  const recoveryRate = crossedNearestCentroid(v, inputHalves(rows, perInput));
  const synonymHalvesRate = crossedNearestCentroid(v, synonymHalves(g, truth, rows));
  const { spread, gap } = spreadAndGap(v);
  const geoRows = Math.min(rows, MAX_GEOMETRY_ROWS);
  const geo = realisationGeometry(vectors, truth.parents, geoRows, dim);
  const interDistance = Number.isFinite(geo.interDistance) ? geo.interDistance : null;
  const recovered =
    recoveryRate !== null &&
    recoveryRate >= threshold &&
    (synonymHalvesRate === null || synonymHalvesRate >= threshold);
  return {
    kind: 'representation',
    level: truth.level,
    represented: true,
    dim,
    heldOutPatches: rows,
    recoveryRate,
    synonymHalvesRate,
    clusteringRate: clusteringRate(v, rng),
    chanceRate: 1 / parents,
    intraClusterSpread: spread,
    interClusterGap: gap,
    separated: gap === null ? null : spread < gap / 2,
    intraDiameter: geo.intraDiameter,
    interDistance,
    assumption9: interDistance === null ? null : geo.intraDiameter < interDistance,
    realisations: geo.realisations,
    realisationsComplete: geo.complete && geoRows === rows,
    synonymicSensitivity: null,
    sensitivityLayers: 'not measured',
    recovered,
    recoveryCriterion: `nearest-centroid accuracy on held-out input halves ≥ ${threshold} and across synonym halves ≥ ${threshold} (chance ${(1 / parents).toFixed(3)})`,
  };
}
