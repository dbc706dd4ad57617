import type { Rng } from '../util/rng';

/** Result of {@link kmeans}. */
export interface KMeansResult {
  /** Cluster of each point, in [0, k). */
  readonly assignment: Int32Array;
  /** k centroids, row-major k × dim. */
  readonly centroids: Float64Array;
  /** Weighted within-cluster sum of squared distances. */
  readonly inertia: number;
}

function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const d = (a[ao + t] as number) - (b[bo + t] as number);
    s += d * d;
  }
  return s;
}

/** Coordinates summed between two checks of the running sum in {@link sqDistBelow}. */
const ABANDON_BLOCK = 16;

/**
 * ‖a − b‖² summed in the order of {@link sqDist} (so bit for bit the same value),
 * but abandoned once the running sum exceeds `bound`: any value > `bound` may be
 * returned then. Exact for comparisons against `bound`, because a sum of
 * non-negative terms never decreases in floating point either.
 */
function sqDistBelow(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number, bound: number): number {
  let s = 0;
  let t = 0;
  while (t < dim) {
    const end = Math.min(t + ABANDON_BLOCK, dim);
    for (; t < end; t++) {
      const d = (a[ao + t] as number) - (b[bo + t] as number);
      s += d * d;
    }
    if (s > bound) return s;
  }
  return s;
}

/** Index of the first point at which the running sum of the weights exceeds `target` (n − 1 when none does before it). */
function pickByWeight(weights: Float64Array, n: number, target: number): number {
  let r = target;
  let pick: number;
  for (pick = 0; pick < n - 1; pick++) {
    r -= weights[pick] as number;
    if (r < 0) break;
  }
  return pick;
}

/** k-means++ seeding, weighted by the point weights: k centroids, row-major k × dim. */
function seedCentroids(
  points: Float64Array,
  weights: Float64Array,
  n: number,
  dim: number,
  k: number,
  rng: Rng,
): Float64Array {
  const centroids = new Float64Array(k * dim);
  const d2 = new Float64Array(n).fill(Infinity);
  let totalW = 0;
  for (let i = 0; i < n; i++) totalW += weights[i] as number;
  let pick = pickByWeight(weights, n, rng.nextFloat() * totalW);
  centroids.set(points.subarray(pick * dim, pick * dim + dim), 0);
  for (let c = 1; c < k; c++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const dd = sqDistBelow(points, i * dim, centroids, (c - 1) * dim, dim, d2[i] as number);
      if (dd < (d2[i] as number)) d2[i] = dd;
      sum += (d2[i] as number) * (weights[i] as number);
    }
    const target = rng.nextFloat() * sum;
    pick = sum > 0 ? firstAbove(d2, weights, n, target) : rng.int(n);
    centroids.set(points.subarray(pick * dim, pick * dim + dim), c * dim);
  }
  return centroids;
}

/** Index of the first point at which the running sum of d2·w exceeds `target` (n − 1 when none does). */
function firstAbove(d2: Float64Array, weights: Float64Array, n: number, target: number): number {
  let r = target;
  for (let i = 0; i < n; i++) {
    r -= (d2[i] as number) * (weights[i] as number);
    if (r < 0) return i;
  }
  return n - 1;
}

/**
 * The nearest centroid of point i (the first on ties) and its squared distance.
 * The current assignment, when there is one, is measured first: its distance
 * bounds the others, which are abandoned as soon as they exceed it.
 */
function nearest(
  points: Float64Array,
  centroids: Float64Array,
  i: number,
  current: number,
  dim: number,
  k: number,
): { best: number; bd: number } {
  const io = i * dim;
  let best = current >= 0 ? current : 0;
  let bd = sqDist(points, io, centroids, best * dim, dim);
  for (let c = 0; c < k; c++) {
    if (c === best) continue;
    const dd = sqDistBelow(points, io, centroids, c * dim, dim, bd);
    if (dd < bd || (dd === bd && c < best)) {
      bd = dd;
      best = c;
    }
  }
  return { best, bd };
}

/** Assign every point to its nearest centroid (first on ties); returns the weighted inertia and whether any assignment changed. */
function assignNearest(
  points: Float64Array,
  weights: Float64Array,
  centroids: Float64Array,
  assignment: Int32Array,
  n: number,
  dim: number,
  k: number,
): { inertia: number; changed: boolean } {
  let changed = false;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const { best, bd } = nearest(points, centroids, i, assignment[i] as number, dim, k);
    inertia += bd * (weights[i] as number);
    if (assignment[i] !== best) {
      assignment[i] = best;
      changed = true;
    }
  }
  return { inertia, changed };
}

/** Move an empty cluster c to the point farthest (weighted) from its centroid, and assign that point to c. */
function reseedEmpty(
  points: Float64Array,
  weights: Float64Array,
  centroids: Float64Array,
  assignment: Int32Array,
  n: number,
  dim: number,
  c: number,
): void {
  let far = 0;
  let fd = -1;
  for (let i = 0; i < n; i++) {
    const dd = sqDist(points, i * dim, centroids, (assignment[i] as number) * dim, dim) * (weights[i] as number);
    if (dd > fd) {
      fd = dd;
      far = i;
    }
  }
  centroids.set(points.subarray(far * dim, far * dim + dim), c * dim);
  assignment[far] = c;
}

/** Lloyd's update: every centroid becomes the weighted mean of its points; an empty cluster is reseeded. */
function updateCentroids(
  points: Float64Array,
  weights: Float64Array,
  centroids: Float64Array,
  assignment: Int32Array,
  n: number,
  dim: number,
  k: number,
): void {
  const sums = new Float64Array(k * dim);
  const mass = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = assignment[i] as number;
    const w = weights[i] as number;
    mass[c] = (mass[c] as number) + w;
    for (let t = 0; t < dim; t++)
      sums[c * dim + t] = (sums[c * dim + t] as number) + w * (points[i * dim + t] as number);
  }
  for (let c = 0; c < k; c++) {
    const mc = mass[c] as number;
    if (mc > 0) {
      for (let t = 0; t < dim; t++) centroids[c * dim + t] = (sums[c * dim + t] as number) / mc;
    } else reseedEmpty(points, weights, centroids, assignment, n, dim, c);
  }
}

/** One seeded run: k-means++ seeding, then Lloyd iterations until no assignment changes or `maxIterations`. */
function onePass(
  points: Float64Array,
  weights: Float64Array,
  n: number,
  dim: number,
  k: number,
  rng: Rng,
  maxIterations: number,
): KMeansResult {
  const centroids = seedCentroids(points, weights, n, dim, k, rng);
  const assignment = new Int32Array(n).fill(-1);
  let inertia = 0;
  for (let it = 0; it < maxIterations; it++) {
    const pass = assignNearest(points, weights, centroids, assignment, n, dim, k);
    inertia = pass.inertia;
    if (!pass.changed && it > 0) break;
    updateCentroids(points, weights, centroids, assignment, n, dim, k);
  }
  return { assignment, centroids, inertia };
}

/**
 * Weighted k-means (k-means++ seeding, Lloyd iterations), best of `restarts`
 * seeded runs by weighted inertia. Deterministic given the stream.
 * @param points - n × dim row-major.
 * @param weights - one non-negative weight per point (e.g. how often a patch was seen).
 * @param k - number of clusters; when n ≤ k every point gets its own cluster.
 * @param rng - the stream for seeding (advanced).
 */
export function kmeans(
  points: Float64Array,
  weights: Float64Array,
  n: number,
  dim: number,
  k: number,
  rng: Rng,
  restarts = 8,
  maxIterations = 100,
): KMeansResult {
  if (n <= k) {
    const centroids = new Float64Array(k * dim);
    centroids.set(points.subarray(0, n * dim));
    return { assignment: Int32Array.from({ length: n }, (_, i) => i), centroids, inertia: 0 };
  }
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const res = onePass(points, weights, n, dim, k, rng, maxIterations);
    if (best === null || res.inertia < best.inertia) best = res;
  }
  return best as KMeansResult;
}
