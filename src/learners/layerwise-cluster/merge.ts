/**
 * The noise merge of `layerwise-cluster` (`mergeThreshold`): after k-means, merge
 * clusters whose pooled label frequencies differ by no more than sampling noise
 * explains. Without it a parent that never occurs leaves k-means one cluster too
 * many, and it splits a true one.
 */

/** Pooled label counts of k clusters, `slots` slots of n_c labels each (k × slots·n_c). */
interface ClusterCounts {
  readonly cc: Float64Array;
  readonly slots: number;
  readonly nc: number;
}

/** Pooled label counts of every cluster: the sum of its patches' counts. */
function clusterCounts(assignment: Int32Array, counts: Float64Array, nP: number, dim: number, k: number): Float64Array {
  const cc = new Float64Array(k * dim);
  for (let i = 0; i < nP; i++) {
    const a = assignment[i] as number;
    for (let t = 0; t < dim; t++) cc[a * dim + t] = (cc[a * dim + t] as number) + (counts[i * dim + t] as number);
  }
  return cc;
}

/** Total count of cluster a in one slot. */
function slotTotal(c: ClusterCounts, a: number, slot: number): number {
  const dim = c.slots * c.nc;
  let t = 0;
  for (let z = 0; z < c.nc; z++) t += c.cc[a * dim + slot * c.nc + z] as number;
  return t;
}

/** d² / E of clusters a and b (see {@link mergeNoiseSplits}); 0 when both are empty, Infinity when E = 0 < d². */
function noiseRatio(c: ClusterCounts, a: number, b: number, marginal: Float64Array): number {
  const { cc, slots, nc } = c;
  const dim = slots * nc;
  let d2 = 0;
  let e = 0;
  for (let slot = 0; slot < slots; slot++) {
    const ta = slotTotal(c, a, slot);
    const tb = slotTotal(c, b, slot);
    if (ta === 0 && tb === 0) continue;
    for (let z = 0; z < nc; z++) {
      const ca = cc[a * dim + slot * nc + z] as number;
      const cb = cc[b * dim + slot * nc + z] as number;
      const fa = ta > 0 ? ca / ta - (marginal[z] as number) : 0;
      const fb = tb > 0 ? cb / tb - (marginal[z] as number) : 0;
      d2 += (fa - fb) * (fa - fb);
      const p = (ca + cb) / (ta + tb);
      e += p * (1 - p) * ((ta > 0 ? 1 / ta : 0) + (tb > 0 ? 1 / tb : 0));
    }
  }
  return e > 0 ? d2 / e : d2 > 0 ? Infinity : 0;
}

/** The pair of live clusters (a < b, first in scan order on ties) with the smallest noise ratio, or null. */
function closestPair(
  c: ClusterCounts,
  alive: Uint8Array,
  marginal: Float64Array,
): { pair: [number, number]; ratio: number } | null {
  const k = alive.length;
  let best = Infinity;
  let pair: [number, number] | null = null;
  for (let a = 0; a < k; a++) {
    if (!alive[a]) continue;
    for (let b = a + 1; b < k; b++) {
      if (!alive[b]) continue;
      const ratio = noiseRatio(c, a, b, marginal);
      if (ratio < best) {
        best = ratio;
        pair = [a, b];
      }
    }
  }
  return pair === null ? null : { pair, ratio: best };
}

/**
 * Merge clusters that sampling noise alone could have split: for clusters a, b with
 * pooled label counts per slot, d² = Σ_slot ‖f_a − f_b‖² (f = frequencies − marginal,
 * 0 where a cluster has no count) against its null expectation
 * E = Σ_slot Σ_z p̂_z(1 − p̂_z)(1/T_a + 1/T_b) (p̂ pooled over both, terms only for
 * slots with counts). The pair with the smallest d²/E is merged while d²/E < threshold.
 * @returns a new assignment (ids of merged clusters are the smaller id).
 */
export function mergeNoiseSplits(
  assignment: Int32Array,
  counts: Float64Array,
  nP: number,
  slots: number,
  nc: number,
  k: number,
  marginal: Float64Array,
  threshold: number,
): Int32Array {
  const dim = slots * nc;
  const c: ClusterCounts = { cc: clusterCounts(assignment, counts, nP, dim, k), slots, nc };
  const alive = new Uint8Array(k);
  for (let i = 0; i < nP; i++) alive[assignment[i] as number] = 1;
  const target = Int32Array.from({ length: k }, (_, a) => a);
  for (;;) {
    const closest = closestPair(c, alive, marginal);
    if (closest === null || !(closest.ratio < threshold)) break;
    const [a, b] = closest.pair;
    for (let t = 0; t < dim; t++) c.cc[a * dim + t] = (c.cc[a * dim + t] as number) + (c.cc[b * dim + t] as number);
    alive[b] = 0;
    for (let j = 0; j < k; j++) if (target[j] === b) target[j] = a;
  }
  return assignment.map((a) => target[a] as number);
}
