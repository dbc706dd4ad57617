import fc from 'fast-check';
import { kmeans, type KMeansResult } from '../../src/learners/kmeans';
import { Rng } from '../../src/util/rng';
import { FC_SEED } from '../support/arbitraries';

/**
 * The k-means of `layerwise-cluster` and of the rf bandwidth estimate abandons a
 * distance once it exceeds the best so far. That must not change a single bit:
 * here it runs against the literal algorithm (every distance in full, first
 * centroid on ties), on points with small integer coordinates so that exact ties
 * and duplicate points are common.
 */

function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const d = (a[ao + t] as number) - (b[bo + t] as number);
    s += d * d;
  }
  return s;
}

/** k-means++ seeding, literally. */
function seed(p: Float64Array, w: Float64Array, n: number, dim: number, k: number, rng: Rng): Float64Array {
  const cs = new Float64Array(k * dim);
  const d2 = new Float64Array(n).fill(Infinity);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i] as number;
  let r = rng.nextFloat() * total;
  let pick = 0;
  for (; pick < n - 1; pick++) if ((r -= w[pick] as number) < 0) break;
  cs.set(p.subarray(pick * dim, pick * dim + dim), 0);
  for (let c = 1; c < k; c++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      d2[i] = Math.min(d2[i] as number, sqDist(p, i * dim, cs, (c - 1) * dim, dim));
      sum += (d2[i] as number) * (w[i] as number);
    }
    r = rng.nextFloat() * sum;
    pick = n - 1;
    if (sum > 0) {
      for (let i = 0; i < n; i++) {
        r -= (d2[i] as number) * (w[i] as number);
        if (r < 0) {
          pick = i;
          break;
        }
      }
    } else pick = rng.int(n);
    cs.set(p.subarray(pick * dim, pick * dim + dim), c * dim);
  }
  return cs;
}

/** One Lloyd pass, literally: assign to the first nearest centroid, then move centroids (reseed empty ones). */
function lloyd(p: Float64Array, w: Float64Array, cs: Float64Array, a: Int32Array, n: number, dim: number, k: number) {
  let changed = false;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bd = Infinity;
    for (let c = 0; c < k; c++) {
      const dd = sqDist(p, i * dim, cs, c * dim, dim);
      if (dd < bd) {
        bd = dd;
        best = c;
      }
    }
    inertia += bd * (w[i] as number);
    if (a[i] !== best) {
      a[i] = best;
      changed = true;
    }
  }
  return { inertia, changed };
}

function move(p: Float64Array, w: Float64Array, cs: Float64Array, a: Int32Array, n: number, dim: number, k: number) {
  const sums = new Float64Array(k * dim);
  const mass = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = a[i] as number;
    mass[c] = (mass[c] as number) + (w[i] as number);
    for (let t = 0; t < dim; t++)
      sums[c * dim + t] = (sums[c * dim + t] as number) + (w[i] as number) * (p[i * dim + t] as number);
  }
  for (let c = 0; c < k; c++) {
    if ((mass[c] as number) > 0) {
      for (let t = 0; t < dim; t++) cs[c * dim + t] = (sums[c * dim + t] as number) / (mass[c] as number);
      continue;
    }
    let far = 0;
    let fd = -1;
    for (let i = 0; i < n; i++) {
      const dd = sqDist(p, i * dim, cs, (a[i] as number) * dim, dim) * (w[i] as number);
      if (dd > fd) {
        fd = dd;
        far = i;
      }
    }
    cs.set(p.subarray(far * dim, far * dim + dim), c * dim);
    a[far] = c;
  }
}

function reference(p: Float64Array, w: Float64Array, n: number, dim: number, k: number, rng: Rng, restarts: number) {
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const centroids = seed(p, w, n, dim, k, rng);
    const assignment = new Int32Array(n).fill(-1);
    let inertia = 0;
    for (let it = 0; it < 100; it++) {
      const pass = lloyd(p, w, centroids, assignment, n, dim, k);
      inertia = pass.inertia;
      if (!pass.changed && it > 0) break;
      move(p, w, centroids, assignment, n, dim, k);
    }
    if (best === null || inertia < best.inertia) best = { assignment, centroids, inertia };
  }
  return best as KMeansResult;
}

describe('kmeans', () => {
  test('abandoning distances early gives the literal algorithm bit for bit (ties and duplicates included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        (n, dim, k, levels, s, fractional) => {
          const rng = Rng.fromSeed(s).stream('points');
          const points = Float64Array.from({ length: n * dim }, () => rng.int(levels + 1) / (fractional ? 3 : 1));
          const weights = Float64Array.from({ length: n }, () => rng.int(4));
          const got = kmeans(points, weights, n, dim, k, Rng.fromSeed(s).stream('init'), 3);
          if (n <= k) return;
          const want = reference(points, weights, n, dim, k, Rng.fromSeed(s).stream('init'), 3);
          expect(Array.from(got.assignment)).toEqual(Array.from(want.assignment));
          expect(Array.from(got.centroids)).toEqual(Array.from(want.centroids));
          expect(got.inertia).toBe(want.inertia);
        },
      ),
      { seed: FC_SEED, numRuns: 300 },
    );
  });
});
