import { Type, type Static } from '@sinclair/typebox';
import * as tf from '@tensorflow/tfjs-core';
import { invalid } from '../errors';
import { classCount, type Grammar } from '../grammar/grammar';
import { patchPosteriors } from '../exact/posteriors';
import { sampleIid } from '../sampling/iid';
import { Rng } from '../util/rng';
import { ensureBackend, type BackendName, BACKEND_NAMES } from './backend';
import { assertRequestFits, exhaustedOutcome, latentLevel, resolveOptions, secondsSince, statusFor } from './common';
import { exactLevelGaps, ZERO_GAP_TOLERANCE } from './diagnosis';
import { kmeans } from './kmeans';
import type { LearnOutcome, LearnRequest, Learner, LevelMeasurement } from './types';

/** Options of `layerwise-rf` (pass with `--option key=value`). */
export const LayerwiseRfOptionsSchema = Type.Object(
  {
    features: Type.Integer({
      minimum: 1,
      maximum: 4096,
      description: 'M: random Fourier frequencies per level (d_x = 2M; Σ̂ holds (2M)² numbers, so M ≤ 4096)',
    }),
    sigma: Type.Union([Type.Literal('estimate'), Type.Literal('oracle'), Type.Number({ exclusiveMinimum: 0 })], {
      description:
        "bandwidth rule: 'estimate' = separation / √(2 ln(1/floor)), the separation being √2 for one-hot inputs (l = L) and, above, the smallest gap between k-means centroids of the previous stage's outputs (clusters closer than twice their radius merged first; if every cluster merges, the distance of the last merge); 'oracle' = exact ρ̂^(l+1) from the grammar's q-vectors (needs --oracle); a number = that σ at every level",
    }),
    kernelFloor: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: 'kernel value exp(−gap²/2σ²) aimed for between distinct one-hot input patches (stage L)',
    }),
    upperKernelFloor: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description:
        'the same for stages l < L, whose inputs are noisy outputs of the stage below (a larger value widens σ to cover their spread)',
    }),
    normaliserFloor: Type.Number({
      exclusiveMinimum: 0,
      description:
        'h = Wx / max(⟨1, Wx⟩, floor): guards inputs far from every training input (the fitted ⟨1, Wx⟩ is ≈ p/(p+λ) ≈ 1/2 on seen patches)',
    }),
    solver: Type.Union([Type.Literal('gd'), Type.Literal('closed-form')], {
      description: "gd: full-batch gradient descent from W = 0 with [R]'s λ and step; closed-form: Ĉ(Σ̂ + λI)^(−1)",
    }),
    steps: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 1, maximum: 1000000 })], {
      description: "T: GD steps; 'auto' = ⌈|P_l|·ln(100|P_l|√|V_0|/ε)⌉ with ε = 0.01 and κ = 1",
    }),
    stageSplit: Type.Union([Type.Literal('geometric'), Type.Literal('equal')], {
      description: 'how the budget is split over the L stages: geometric ∝ m^l (as N^(l) of Theorem 7) or equal',
    }),
    oracle: Type.Boolean({ description: 'allow exact grammar quantities (σ from ρ̂) to choose hyper-parameters' }),
    backend: Type.Union([Type.Literal('auto'), ...BACKEND_NAMES.map((b) => Type.Literal(b))], {
      description: 'TensorFlow.js backend',
    }),
  },
  { additionalProperties: false },
);

/** Resolved options of `layerwise-rf`. */
export type LayerwiseRfOptions = Static<typeof LayerwiseRfOptionsSchema>;

/** Practical defaults of `layerwise-rf` (the theory-prescribed values are recorded beside them in each result). */
export const LAYERWISE_RF_DEFAULTS: LayerwiseRfOptions = Object.freeze({
  features: 512,
  sigma: 'estimate',
  kernelFloor: 0.05,
  upperKernelFloor: 0.3,
  normaliserFloor: 0.1,
  solver: 'gd',
  steps: 'auto',
  stageSplit: 'geometric',
  oracle: false,
  backend: 'auto',
});

/** Rows per TensorFlow.js call; bounds the memory of embeddings (rows × 2M floats). */
const CHUNK_ROWS = 4096;
/** δ used for the theory-prescribed N^(l) (failure probability of Theorem 7). */
const THEORY_DELTA = 0.01;

/** One trained stage: h^(l−1) = W x / ⟨1, W x⟩ with x = Φ^(l)(patch). */
interface Stage {
  readonly level: number;
  /** Input dimension s·d_e. */
  readonly inDim: number;
  /** M. */
  readonly M: number;
  /** σ used. */
  readonly sigma: number;
  /** ω as a (inDim × M) tensor, entries N(0, σ^(−2)). */
  readonly omega: tf.Tensor2D;
  /** Wᵀ as a (2M × n_c) tensor. */
  readonly wT: tf.Tensor2D;
  /** Smallest normaliser ⟨1, Wx⟩ used. */
  readonly normaliserFloor: number;
}

function embed(h: tf.Tensor2D, omega: tf.Tensor2D, M: number): tf.Tensor2D {
  const proj = tf.matMul(h, omega);
  return tf.mul(tf.concat([tf.cos(proj), tf.sin(proj)], 1), 1 / Math.sqrt(M)) as tf.Tensor2D;
}

/** Apply a stage to rows patches (rows × inDim, row-major) → rows × n_c normalised outputs. */
function applyStage(stage: Stage, input: Float32Array, rows: number, nc: number): Float32Array {
  const out = new Float32Array(rows * nc);
  for (let r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
    const r = Math.min(CHUNK_ROWS, rows - r0);
    const values = tf.tidy(() => {
      const h = tf.tensor2d(input.subarray(r0 * stage.inDim, (r0 + r) * stage.inDim), [r, stage.inDim]);
      const o = tf.matMul(embed(h, stage.omega, stage.M), stage.wT);
      const norm = tf.maximum(tf.sum(o, 1, true), stage.normaliserFloor);
      return tf.div(o, norm);
    });
    out.set(values.dataSync() as Float32Array, r0 * nc);
    values.dispose();
  }
  return out;
}

/** One-hot rows of the first `width` tokens of every sample (n·width × V). */
function oneHot(tokens: Int32Array, n: number, d: number, width: number, V: number): Float32Array {
  const out = new Float32Array(n * width * V);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < width; p++) out[(i * width + p) * V + (tokens[i * d + p] as number)] = 1;
  return out;
}

/** Cholesky solve of A X = B for symmetric positive-definite A (n×n) and B (n×k), in float64. */
function choleskySolve(A: Float64Array, n: number, B: Float64Array, k: number): Float64Array {
  const Lm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j] as number;
      for (let t = 0; t < j; t++) s -= (Lm[i * n + t] as number) * (Lm[j * n + t] as number);
      if (i === j) Lm[i * n + i] = Math.sqrt(Math.max(s, 1e-300));
      else Lm[i * n + j] = s / (Lm[j * n + j] as number);
    }
  }
  const X = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = B[i * k + c] as number;
      for (let t = 0; t < i; t++) s -= (Lm[i * n + t] as number) * (y[t] as number);
      y[i] = s / (Lm[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let t = i + 1; t < n; t++) s -= (Lm[t * n + i] as number) * (X[t * k + c] as number);
      X[i * k + c] = s / (Lm[i * n + i] as number);
    }
  }
  return X;
}

/** Result of {@link ridgeStage}: Wᵀ and the GD trace. */
interface RidgeFit {
  readonly wT: tf.Tensor2D;
  readonly finalLoss: number;
}

/**
 * Ridge regression of one-hot labels on embeddings: L(W) = ½Ê‖e_ζ − Wx‖² + (λ/2)‖W‖²,
 * by full-batch GD from W = 0 (step η, T steps) or in closed form.
 * Σ̂ = Ê[xxᵀ] and Ĉ = Ê[x e_ζᵀ] are accumulated in chunks; GD then costs O(T·n_c·(2M)²).
 * @param onStep - called every 25 GD steps with (t, T), for progress reporting.
 * @returns Wᵀ (2M × n_c).
 */
export function ridgeStage(
  inputs: Float32Array,
  labels: Int32Array,
  n: number,
  inDim: number,
  omega: tf.Tensor2D,
  M: number,
  nc: number,
  lambda: number,
  solver: 'gd' | 'closed-form',
  eta: number,
  T: number,
  onStep?: (t: number, T: number) => void,
): RidgeFit {
  const dx = 2 * M;
  let sigmaHat = tf.zeros([dx, dx]) as tf.Tensor2D;
  let cHat = tf.zeros([dx, nc]) as tf.Tensor2D;
  for (let r0 = 0; r0 < n; r0 += CHUNK_ROWS) {
    const r = Math.min(CHUNK_ROWS, n - r0);
    const [s2, c2] = tf.tidy(() => {
      const x = embed(tf.tensor2d(inputs.subarray(r0 * inDim, (r0 + r) * inDim), [r, inDim]), omega, M);
      const y = tf.cast(tf.oneHot(tf.tensor1d(labels.subarray(r0, r0 + r), 'int32'), nc), 'float32') as tf.Tensor2D;
      const xT = tf.transpose(x);
      return [tf.add(sigmaHat, tf.matMul(xT, x)), tf.add(cHat, tf.matMul(xT, y))] as [tf.Tensor2D, tf.Tensor2D];
    });
    sigmaHat.dispose();
    cHat.dispose();
    sigmaHat = s2;
    cHat = c2;
  }
  const A = tf.tidy(() => tf.add(tf.div(sigmaHat, n), tf.mul(tf.eye(dx), lambda))) as tf.Tensor2D;
  const C = tf.tidy(() => tf.div(cHat, n)) as tf.Tensor2D;
  sigmaHat.dispose();
  cHat.dispose();
  let wT: tf.Tensor2D;
  if (solver === 'closed-form') {
    const a64 = Float64Array.from(A.dataSync());
    const c64 = Float64Array.from(C.dataSync());
    wT = tf.tensor2d(Float32Array.from(choleskySolve(a64, dx, c64, nc)), [dx, nc]);
  } else {
    // Gradient of L at Wᵀ: (Σ̂ + λI)Wᵀ − Ĉ.
    wT = tf.zeros([dx, nc]) as tf.Tensor2D;
    for (let t = 0; t < T; t++) {
      const next = tf.tidy(() => tf.sub(wT, tf.mul(tf.sub(tf.matMul(A, wT), C), eta))) as tf.Tensor2D;
      wT.dispose();
      wT = next;
      if (onStep && (t + 1) % 25 === 0) onStep(t + 1, T);
    }
  }
  // Loss up to the constant ½Ê‖e_ζ‖² = ½: ½ tr(W A Wᵀ) − tr(W C).
  const loss = tf.tidy(() =>
    tf.add(tf.sub(tf.mul(tf.sum(tf.mul(wT, tf.matMul(A, wT))), 0.5), tf.sum(tf.mul(wT, C))), 0.5),
  );
  const finalLoss = (loss.dataSync() as Float32Array)[0] as number;
  loss.dispose();
  A.dispose();
  C.dispose();
  return { wT, finalLoss };
}

/** Exact quantities of the grammar needed for the theory-prescribed hyper-parameters and recovery. */
interface Exact {
  /** q-vectors of level-(l−1) symbols at the first patch, index l (1..L). */
  readonly q: readonly (readonly (Float64Array | null)[])[];
  /** ρ̂^(l) (first patch), index l. */
  readonly rho: readonly number[];
  /** κ̂. */
  readonly kappa: number;
  /** K̂_ρ = min_l ρ̂^(l)·m^(l/2). */
  readonly kRho: number;
}

function exactQuantities(g: Grammar): Exact {
  const q: (readonly (Float64Array | null)[])[] = [[]];
  const rho: number[] = [Infinity];
  let kappa = 1;
  const m = g.m ?? 1;
  let kRho = Infinity;
  const gaps = exactLevelGaps(g);
  for (let l = 1; l <= g.L; l++) {
    const post = patchPosteriors(g, l);
    q.push(post.q);
    const P = post.patchProbability.length;
    for (const p of post.patchProbability) kappa = Math.max(kappa, p > 0 ? 1 / (P * p) : Infinity);
    const r = (gaps[l - 1] as { firstPatchGap: number }).firstPatchGap;
    rho.push(r);
    kRho = Math.min(kRho, r * m ** (l / 2));
  }
  return { q, rho, kappa, kRho };
}

/**
 * Theory-prescribed hyper-parameters of Theorem 7 for stage l (theory.md §4), with
 * the paper's constants (20, 100, 1200), the unspecified absolute constant C = 1 and δ = 0.01:
 * ε_*^(l) = K_ρ m^(−l/2) / √(C V² m² s L log m), T = |P_l| log(100 |P_l| κ √|V_0| / ε_*),
 * σ² = ρ² / (2 log(1200 |P_l|² κ √|V_0| / ε_*)), N^(l) = 20 C κ V² m² s L log²(V m κ/δ) K_ρ^(−2) m^l,
 * λ = 1/|P_l|, step 2|P_l|/(|P_l|+1). Non-finite values (K_ρ = 0, κ = ∞) are null.
 * @param g - the grammar (V = max |V_l|, m, s, L).
 * @param l - the stage (level of the patch tokens).
 * @param kRho - K̂_ρ = min_l ρ̂^(l) m^(l/2).
 * @param kappa - κ̂ of Assumption 6(a).
 * @param rhoAbove - separation of the stage's input clusters: ρ̂^(l+1), or √2 for one-hot inputs at l = L.
 */
export function theoryPrescribed(
  g: Grammar,
  l: number,
  kRho: number,
  kappa: number,
  rhoAbove: number,
): Record<string, number | null> {
  const V = Math.max(...g.vocabulary);
  const m = g.m ?? 1;
  const nc = classCount(g);
  const P = (g.levels[l - 1] as { weights: Float64Array }).weights.length;
  const C = 1;
  const logm = Math.log(Math.max(m, 2));
  const eps = (kRho * m ** (-l / 2)) / Math.sqrt(C * V * V * m * m * g.s * g.L * logm);
  const T = P * Math.log((100 * P * kappa * Math.sqrt(nc)) / eps);
  const sigma2 = (rhoAbove * rhoAbove) / (2 * Math.log((1200 * P * P * kappa * Math.sqrt(nc)) / eps));
  const N =
    20 * C * kappa * V * V * m * m * g.s * g.L * Math.log((V * m * kappa) / THEORY_DELTA) ** 2 * kRho ** -2 * m ** l;
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    epsilonStar: fin(eps),
    steps: fin(Math.ceil(T)),
    sigma: fin(Math.sqrt(sigma2)),
    samples: fin(Math.ceil(N)),
    lambda: 1 / P,
    stepSize: (2 * P) / (P + 1),
    C,
    delta: THEORY_DELTA,
  };
}

/** Nearest non-null q-vector index (−1 when none). */
function nearestQ(
  o: Float32Array,
  off: number,
  q: readonly (Float64Array | null)[],
  nc: number,
): { idx: number; dist: number } {
  let idx = -1;
  let best = Infinity;
  for (let nu = 0; nu < q.length; nu++) {
    const v = q[nu];
    if (!v) continue;
    let d2 = 0;
    for (let z = 0; z < nc; z++) {
      const d = (o[off + z] as number) - (v[z] as number);
      d2 += d * d;
    }
    if (d2 < best) {
      best = d2;
      idx = nu;
    }
  }
  return { idx, dist: Math.sqrt(best) };
}

/** Recovery measurements of one level from held-out outputs (theory.md §6). */
function measureLevel(
  level: number,
  outputs: Float32Array,
  truth: Int32Array,
  K: number,
  nt: number,
  q: readonly (Float64Array | null)[],
  nc: number,
  parents: number,
  epsStar: number | null,
): Record<string, unknown> {
  let hit = 0;
  let hitFirst = 0;
  let maxErr = 0;
  let maxErrFirst = 0;
  const rows = nt * K;
  const sums = new Float64Array(parents * nc);
  const counts = new Float64Array(parents);
  for (let r = 0; r < rows; r++) {
    const nu = truth[r] as number;
    const first = r % K === 0;
    const { idx } = nearestQ(outputs, r * nc, q, nc);
    if (idx === nu) {
      hit++;
      if (first) hitFirst++;
    }
    const qn = q[nu];
    if (qn) {
      let d2 = 0;
      for (let z = 0; z < nc; z++) {
        const d = (outputs[r * nc + z] as number) - (qn[z] as number);
        d2 += d * d;
      }
      const e = Math.sqrt(d2);
      maxErr = Math.max(maxErr, e);
      if (first) maxErrFirst = Math.max(maxErrFirst, e);
    } else {
      maxErr = Infinity;
      if (first) maxErrFirst = Infinity;
    }
    counts[nu] = (counts[nu] as number) + 1;
    for (let z = 0; z < nc; z++) sums[nu * nc + z] = (sums[nu * nc + z] as number) + (outputs[r * nc + z] as number);
  }
  for (let nu = 0; nu < parents; nu++)
    for (let z = 0; z < nc; z++)
      if ((counts[nu] as number) > 0) sums[nu * nc + z] = (sums[nu * nc + z] as number) / (counts[nu] as number);
  let spread = 0;
  for (let r = 0; r < rows; r++) {
    const nu = truth[r] as number;
    let d2 = 0;
    for (let z = 0; z < nc; z++) {
      const d = (outputs[r * nc + z] as number) - (sums[nu * nc + z] as number);
      d2 += d * d;
    }
    spread = Math.max(spread, Math.sqrt(d2));
  }
  let gap = Infinity;
  for (let a = 0; a < parents; a++) {
    if (!(counts[a] as number)) continue;
    for (let b = a + 1; b < parents; b++) {
      if (!(counts[b] as number)) continue;
      let d2 = 0;
      for (let z = 0; z < nc; z++) {
        const d = (sums[a * nc + z] as number) - (sums[b * nc + z] as number);
        d2 += d * d;
      }
      gap = Math.min(gap, Math.sqrt(d2));
    }
  }
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    level,
    recoveryRate: rows === 0 ? 0 : hit / rows,
    recoveryRateFirstPatch: nt === 0 ? 0 : hitFirst / nt,
    heldOutPatches: rows,
    maxErrorToQ: fin(maxErr),
    maxErrorToQFirstPatch: fin(maxErrFirst),
    epsilonStar: epsStar,
    withinEpsilonStar: epsStar === null ? null : maxErrFirst <= epsStar,
    intraClusterSpread: spread,
    interClusterGap: fin(gap),
    separated: Number.isFinite(gap) ? spread < gap / 2 : false,
  };
}

/** Clusters closer than this multiple of their larger RMS radius are taken as one (a k-means split of a single cluster). */
const SPLIT_RADIUS_FACTOR = 2;

/**
 * Estimate the separation of a stage's outputs: k-means (k = |V_l|) on up to 4096
 * outputs, then repeatedly merge the two closest clusters while their centroid
 * distance is below {@link SPLIT_RADIUS_FACTOR} times the larger RMS radius (k-means
 * splits a true cluster when it has too many centroids or a bad start); the estimate is
 * the smallest distance between the remaining centroids, or, when merging leaves a
 * single cluster (outputs noisier than their separation), the distance of the last merge.
 */
function estimateGap(outputs: Float32Array, rows: number, nc: number, k: number, rng: Rng): number {
  const take = Math.min(rows, 4096);
  const pts = Float64Array.from(outputs.subarray(0, take * nc));
  const km = kmeans(pts, new Float64Array(take).fill(1), take, nc, k, rng, 8, 100);
  const assign = Int32Array.from(km.assignment);
  const stats = (): { c: Float64Array; n: Float64Array; rms: Float64Array } => {
    const c = new Float64Array(k * nc);
    const n = new Float64Array(k);
    for (let i = 0; i < take; i++) {
      const a = assign[i] as number;
      n[a] = (n[a] as number) + 1;
      for (let z = 0; z < nc; z++) c[a * nc + z] = (c[a * nc + z] as number) + (pts[i * nc + z] as number);
    }
    for (let a = 0; a < k; a++)
      if ((n[a] as number) > 0)
        for (let z = 0; z < nc; z++) c[a * nc + z] = (c[a * nc + z] as number) / (n[a] as number);
    const rms = new Float64Array(k);
    for (let i = 0; i < take; i++) {
      const a = assign[i] as number;
      let d2 = 0;
      for (let z = 0; z < nc; z++) d2 += ((pts[i * nc + z] as number) - (c[a * nc + z] as number)) ** 2;
      rms[a] = (rms[a] as number) + d2;
    }
    for (let a = 0; a < k; a++) if ((n[a] as number) > 0) rms[a] = Math.sqrt((rms[a] as number) / (n[a] as number));
    return { c, n, rms };
  };
  // Distance of the last merged pair: the separation to report if merging leaves one cluster
  // (noisy outputs whose radius exceeds their gap), instead of no separation at all.
  let lastMerged = Infinity;
  for (;;) {
    const { c, n, rms } = stats();
    let best = Infinity;
    let pair: [number, number] | null = null;
    let pairDistance = Infinity;
    let minGap = Infinity;
    for (let a = 0; a < k; a++) {
      if (!(n[a] as number)) continue;
      for (let b = a + 1; b < k; b++) {
        if (!(n[b] as number)) continue;
        let d2 = 0;
        for (let z = 0; z < nc; z++) d2 += ((c[a * nc + z] as number) - (c[b * nc + z] as number)) ** 2;
        const d = Math.sqrt(d2);
        minGap = Math.min(minGap, d);
        const ratio = d / Math.max(rms[a] as number, rms[b] as number, 1e-12);
        if (ratio < best) {
          best = ratio;
          pair = [a, b];
          pairDistance = d;
        }
      }
    }
    if (pair === null) return lastMerged;
    if (!(best < SPLIT_RADIUS_FACTOR)) return minGap;
    lastMerged = pairDistance;
    const [a, b] = pair;
    for (let i = 0; i < take; i++) if (assign[i] === b) assign[i] = a;
  }
}

/** Budget of each stage l = L..1 (index L−l), summing to at most `total`. */
export function splitBudget(total: number, L: number, m: number, split: 'geometric' | 'equal'): number[] {
  const w = Array.from({ length: L }, (_, i) => (split === 'equal' ? 1 : m ** (L - i)));
  const sw = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.floor((total * x) / sw));
}

/**
 * `layerwise-rf`: the learner of Theorem 7 of [R], faithfully. For l = L, …, 1,
 * on fresh samples: embed the first level-l patch (the previous stages'
 * outputs, or one-hot tokens at l = L) with random Fourier features of
 * bandwidth σ_l, fit one shared W^(l) by ridge regression on the one-hot label
 * (GD from zero, λ = 1/|P_l|, step 2|P_l|/(|P_l|+1)), and normalise the output
 * to sum 1. Held-out recovery compares each level's outputs with the exact
 * q-vectors of its parents.
 *
 * σ_l (documented choice): 'estimate' uses √2 (one-hot separation) at l = L and,
 * above, the smallest distance between k-means centroids of the previous stage's
 * outputs on its own training patches (the last merge distance when merging leaves a
 * single cluster), divided by √(2 ln(1/kernelFloor)); 'oracle'
 * uses the exact ρ̂^(l+1) instead. The theory's σ, T, N^(l) and ε_*^(l) are recorded per level.
 *
 * @example
 * const out = await layerwiseRf.run({ grammar, samples: 16384, seed: 1, testSamples: 2048 });
 */
export const layerwiseRf: Learner = {
  name: 'layerwise-rf',
  description:
    'Theorem 7 of [R]: layerwise random-feature ridge regression on the first patch, fresh samples per stage',
  usesTensorflow: true,
  shallow: false,
  options: { schema: LayerwiseRfOptionsSchema, defaults: LAYERWISE_RF_DEFAULTS },
  async run(request: LearnRequest): Promise<LearnOutcome> {
    const t0 = process.hrtime.bigint();
    const opts = resolveOptions('layerwise-rf', LayerwiseRfOptionsSchema, LAYERWISE_RF_DEFAULTS, request.options);
    if (opts.sigma === 'oracle' && !opts.oracle) {
      invalid(
        'options of learner layerwise-rf',
        '--oracle',
        "sigma = 'oracle' reads the exact gap ρ̂ from the grammar, which the user has not allowed",
        'add --oracle (or --option oracle=true), or use --option sigma=estimate',
      );
    }
    const g = request.grammar;
    const { s, L } = g;
    const nc = classCount(g);
    const M = opts.features;
    assertRequestFits(request, 4 * Math.max(g.vocabulary[L] as number, nc) * s ** L);
    const backend = await ensureBackend(opts.backend === 'auto' ? undefined : (opts.backend as BackendName));
    const resolved = { ...opts, backend: backend.name };
    const root = Rng.fromSeed(request.seed);
    const m = g.m ?? 1;
    const budgets = splitBudget(request.samples, L, m, opts.stageSplit);
    if (budgets.some((b) => b < 2)) {
      return exhaustedOutcome(
        'layerwise-rf',
        g,
        0,
        resolved,
        secondsSince(t0),
        `a budget of ${request.samples} samples split over ${L} stages (${opts.stageSplit}) leaves a stage with fewer than 2 fresh samples`,
        backend,
      );
    }
    const progress = request.onProgress ?? (() => undefined);
    const exact = exactQuantities(g);
    const stages: Stage[] = [];
    const stageInfo: Record<string, unknown>[] = [];
    const d = s ** L;
    let drawn = 0;
    try {
      for (let l = L; l >= 1; l--) {
        progress((L - l) / (L + 1), `stage ${l}`);
        const N = budgets[L - l] as number;
        const batch = sampleIid(g, N, root.stream(`sample/stage-${l}`));
        drawn += N;
        const width = s ** (L - l + 1);
        let V = g.vocabulary[L] as number;
        let reps = oneHot(batch.tokens, N, d, width, V);
        let rows = N * width;
        for (const st of stages) {
          rows /= s;
          reps = applyStage(st, reps, rows, nc);
          V = nc;
        }
        // reps: N·s rows of level-l representations = N first patches of inDim = s·V.
        const inDim = s * V;
        let sigma: number;
        let sigmaSource: string;
        if (typeof opts.sigma === 'number') {
          sigma = opts.sigma;
          sigmaSource = 'fixed';
        } else {
          const floorScale = Math.sqrt(2 * Math.log(1 / (l === L ? opts.kernelFloor : opts.upperKernelFloor)));
          let sep: number;
          if (l === L) {
            sep = Math.SQRT2;
            sigmaSource = 'one-hot separation √2';
          } else if (opts.sigma === 'oracle') {
            sep = exact.rho[l + 1] as number;
            sigmaSource = `oracle ρ̂^(${l + 1})`;
          } else {
            sep = estimateGap(reps, N * s, nc, g.vocabulary[l] as number, root.stream(`sigma/stage-${l}`));
            sigmaSource = `estimated gap of stage-${l + 1} outputs`;
          }
          if (!(sep > ZERO_GAP_TOLERANCE) || !Number.isFinite(sep)) {
            // No separation to tie σ to (a zero gap, or a single cluster): fall back to the widest scale.
            sep = Math.SQRT2;
            sigmaSource += ' (no positive separation found: fallback √2)';
          }
          sigma = sep / floorScale;
        }
        const fr = root.stream(`features/stage-${l}`);
        const om = new Float32Array(inDim * M);
        for (let i = 0; i < om.length; i++) om[i] = fr.normal() / sigma;
        const omega = tf.tensor2d(om, [inDim, M]);
        const P = (g.levels[l - 1] as { weights: Float64Array }).weights.length;
        const lambda = 1 / P;
        const eta = (2 * P) / (P + 1);
        const T = opts.steps === 'auto' ? Math.ceil(P * Math.log((100 * P * Math.sqrt(nc)) / 0.01)) : opts.steps;
        const fit = ridgeStage(
          reps,
          batch.labels,
          N,
          inDim,
          omega,
          M,
          nc,
          lambda,
          opts.solver,
          eta,
          opts.solver === 'gd' ? T : 0,
          (t, all) => progress((L - l + t / all) / (L + 1), `stage ${l} step ${t}/${all}`),
        );
        stages.push({ level: l, inDim, M, sigma, omega, wT: fit.wT, normaliserFloor: opts.normaliserFloor });
        const theory = theoryPrescribed(
          g,
          l,
          exact.kRho,
          exact.kappa,
          l === L ? Math.SQRT2 : (exact.rho[l + 1] as number),
        );
        stageInfo.push({
          level: l,
          freshSamples: N,
          practical: {
            M,
            sigma,
            sigmaSource,
            lambda,
            stepSize: eta,
            steps: opts.solver === 'gd' ? T : null,
            solver: opts.solver,
          },
          theory: {
            ...theory,
            kappa: Number.isFinite(exact.kappa) ? exact.kappa : null,
            kRho: Number.isFinite(exact.kRho) ? exact.kRho : null,
            M: null,
            MNote: 'width poly(κ, m, V, s, L)·m^L: no closed form in [R]',
          },
          trainLoss: fit.finalLoss,
        });
      }
      // Held-out evaluation through the whole network.
      progress(L / (L + 1), 'evaluation');
      const nt = request.testSamples;
      const test = sampleIid(g, nt, root.stream('test'), { latent: true });
      let V = g.vocabulary[L] as number;
      let reps = oneHot(test.tokens, nt, d, d, V);
      let rows = nt * d;
      const levels: LevelMeasurement[] = [];
      for (const st of stages) {
        rows /= s;
        reps = applyStage(st, reps, rows, nc);
        V = nc;
        const l = st.level;
        const info = stageInfo.find((x) => x.level === l) as { theory: { epsilonStar: number | null } };
        const meas = measureLevel(
          l,
          reps,
          latentLevel(test.latent, l - 1),
          rows / nt,
          nt,
          exact.q[l] as (Float64Array | null)[],
          nc,
          g.vocabulary[l - 1] as number,
          info.theory.epsilonStar,
        );
        levels.push({
          ...(meas as { level: number; recoveryRate: number }),
          exactGap: Number.isFinite(exact.rho[l] as number) ? (exact.rho[l] as number) : null,
          stage: info,
        });
      }
      let wrong = 0;
      for (let i = 0; i < nt; i++) {
        let best = 0;
        for (let z = 1; z < nc; z++) if ((reps[i * nc + z] as number) > (reps[i * nc + best] as number)) best = z;
        if (best !== test.labels[i]) wrong++;
      }
      const testError = wrong / nt;
      levels.sort((a, b) => a.level - b.level);
      progress(1, 'done');
      const status = statusFor(testError, nc);
      const reason = rfReason(levels, exact);
      return {
        status,
        learner: 'layerwise-rf',
        samples: drawn,
        testError,
        levels,
        backend,
        resolvedOptions: Object.freeze(resolved),
        seconds: secondsSince(t0),
        ...(reason ? { reason } : {}),
      };
    } finally {
      for (const st of stages) {
        st.omega.dispose();
        st.wT.dispose();
      }
    }
  },
};

function rfReason(levels: readonly LevelMeasurement[], exact: Exact): string | undefined {
  const failing = levels.filter((m) => m.recoveryRate !== null && m.recoveryRate < 1).map((m) => m.level);
  if (failing.length === 0) return undefined;
  const worst = Math.max(...failing);
  const m = levels.find((x) => x.level === worst) as LevelMeasurement;
  const rho = exact.rho[worst] as number;
  const why =
    rho <= ZERO_GAP_TOLERANCE
      ? `zero gap: two level-${worst - 1} symbols have identical first-patch label posteriors (exact ρ̂^(${worst}) = ${rho.toExponential(2)}), so no regression on the first patch separates them`
      : `outputs not yet within half the gap of their q-vectors (max error ${String(m.maxErrorToQ)}, exact ρ̂^(${worst}) = ${rho.toPrecision(3)}): too few fresh samples or features for this stage`;
  return `level ${worst} not recovered (recovery rate ${(m.recoveryRate as number).toFixed(4)} on held-out patches): ${why}`;
}
