import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { distinctRows, scatterRows } from '../../src/learners/rf/dedup';
import { symmetricApply } from '../../src/learners/rf/eigen';
import { applyStage, drawFrequencies, embed, oneHot, type Stage } from '../../src/learners/rf/features';
import { ridgeStage } from '../../src/learners/rf/ridge';
import { smallGrammar } from './support';

/**
 * The tolerance for the exact T-step iterate against literal step-by-step GD,
 * relative to the largest |W| entry. Both run in float64; the measured gap is ~2e-15
 * (round-off of T steps against that of one eigendecomposition), so 1e-6 has a wide margin.
 */
const GD_EXACT_REL_TOL = 1e-6;

/** Literal full-batch GD from W = 0 on ½tr(WᵀAW) − tr(WᵀC), A = Σ̂/n + λI built row by row (no deduplication). */
function literalGd(
  x: Float64Array,
  labels: Int32Array,
  n: number,
  dx: number,
  nc: number,
  lambda: number,
  eta: number,
  T: number,
): Float64Array {
  const A = new Float64Array(dx * dx);
  const C = new Float64Array(dx * nc);
  for (let r = 0; r < n; r++)
    for (let a = 0; a < dx; a++) {
      const xa = x[r * dx + a] as number;
      for (let b = 0; b < dx; b++) A[a * dx + b] = (A[a * dx + b] as number) + (xa * (x[r * dx + b] as number)) / n;
      const c = a * nc + (labels[r] as number);
      C[c] = (C[c] as number) + xa / n;
    }
  for (let a = 0; a < dx; a++) A[a * dx + a] = (A[a * dx + a] as number) + lambda;
  let W = new Float64Array(dx * nc);
  for (let t = 0; t < T; t++) {
    const next = new Float64Array(dx * nc);
    for (let a = 0; a < dx; a++)
      for (let z = 0; z < nc; z++) {
        let g = -(C[a * nc + z] as number);
        for (let b = 0; b < dx; b++) g += (A[a * dx + b] as number) * (W[b * nc + z] as number);
        next[a * nc + z] = (W[a * nc + z] as number) - eta * g;
      }
    W = next;
  }
  return W;
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i] as number));
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
  }
  return diff / scale;
}

describe('layerwise-rf exact optimiser and deduplication', () => {
  const g = smallGrammar('uniform-first-token', 2, 2);
  const V = 8;
  const P = 16;
  const eta = (2 * P) / (P + 1);

  // Fixed cases (seed, M, T): M = 64 solves in the dual (K ≤ 2M distinct rows), M = 4 in the primal (K > 2M);
  // T from 1 to 400 covers iterates far from and close to convergence.
  test.each([
    [1, 64, 1],
    [2, 64, 7],
    [3, 64, 60],
    [4, 4, 5],
    [5, 4, 400],
    [6, 16, 30],
  ])('seed %i, M = %i, T = %i: the exact T-step iterate equals literal GD from W = 0 to 1e-6', (seed, M, T) => {
    const n = 300;
    const batch = sampleIid(g, n, Rng.fromSeed(seed).stream('sample'));
    const inputs = oneHot(batch.tokens, n, 4, 2, V);
    const omega = drawFrequencies(Rng.fromSeed(seed).stream('features'), 2 * V, M, 0.8);
    const fit = ridgeStage(inputs, batch.labels, n, 2 * V, omega, M, 8, 1 / P, { solver: 'gd', eta, T });
    expect(fit.path).toBe(fit.distinctRows <= 2 * M ? 'dual' : 'primal');
    const x = embed(inputs, n, 2 * V, omega, M);
    const lit = literalGd(x, batch.labels, n, 2 * M, 8, 1 / P, eta, T);
    expect(maxRelDiff(fit.wT, lit)).toBeLessThanOrEqual(GD_EXACT_REL_TOL);
  });

  test('f(S)R through the eigendecomposition: f = 1 gives R, f = id gives SR (float64, 1e-10)', () => {
    const rng = Rng.fromSeed(11);
    for (const n of [1, 2, 3, 17, 40]) {
      const B = Float64Array.from({ length: n * n }, () => rng.normal());
      const S = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let k = 0; k < n; k++)
            S[i * n + j] = (S[i * n + j] as number) + ((B[i * n + k] as number) * (B[j * n + k] as number)) / n;
      const R = Float64Array.from({ length: n * 3 }, () => rng.normal());
      const SR = new Float64Array(n * 3);
      for (let i = 0; i < n; i++)
        for (let z = 0; z < 3; z++)
          for (let j = 0; j < n; j++)
            SR[i * 3 + z] = (SR[i * 3 + z] as number) + (S[i * n + j] as number) * (R[j * 3 + z] as number);
      expect(
        maxRelDiff(
          symmetricApply(S, n, R, 3, () => 1),
          R,
        ),
      ).toBeLessThan(1e-10);
      expect(
        maxRelDiff(
          symmetricApply(S, n, R, 3, (a) => a),
          SR,
        ),
      ).toBeLessThan(1e-10);
    }
  });

  test('distinct rows by float32 bytes: scattering them back gives the input bit for bit; −0 and 0 stay apart', () => {
    const data = Float32Array.from([1, 2, 1, 2, 0, -0, 3, 4, 0, 0, 1, 2]);
    const d = distinctRows(data, 6, 2);
    expect(d.size).toBe(4);
    expect(Array.from(d.counts)).toEqual([3, 1, 1, 1]);
    expect(Buffer.from(scatterRows(d, d.rows, 2).buffer)).toEqual(Buffer.from(data.buffer));
  });

  test('a stage applied once per distinct row equals the stage applied row by row, bit for bit', () => {
    const n = 200;
    const batch = sampleIid(g, n, Rng.fromSeed(3).stream('sample'));
    const inputs = oneHot(batch.tokens, n, 4, 2, V);
    const M = 32;
    const omega = drawFrequencies(Rng.fromSeed(3).stream('features'), 2 * V, M, 0.8);
    const fit = ridgeStage(inputs, batch.labels, n, 2 * V, omega, M, 8, 1 / P, { solver: 'closed-form' });
    const stage: Stage = { level: 2, inDim: 2 * V, M, sigma: 0.8, omega, wT: fit.wT, normaliserFloor: 0.1 };
    const all = applyStage(stage, inputs, n, 8);
    for (let r = 0; r < n; r++) {
      const one = applyStage(stage, inputs.slice(r * 2 * V, (r + 1) * 2 * V), 1, 8);
      expect(Buffer.from(one.buffer)).toEqual(Buffer.from(all.slice(r * 8, (r + 1) * 8).buffer));
    }
  });
});
