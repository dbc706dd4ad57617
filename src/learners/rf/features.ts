import { classCount, type Grammar } from '../../grammar/grammar';
import type { Rng } from '../../util/rng';
import { distinctRows, scatterRows } from './dedup';

/** Distinct rows embedded at once; bounds the memory of embeddings (rows × 2M float64). */
export const CHUNK_ROWS = 2048;

/** One trained stage: h^(l−1) = W x / ⟨1, W x⟩ with x = Φ^(l)(patch). Plain typed arrays, no tensors. */
export interface Stage {
  readonly level: number;
  /** Input dimension s·d_e. */
  readonly inDim: number;
  /** M. */
  readonly M: number;
  /** σ used. */
  readonly sigma: number;
  /** ω, inDim × M row-major, entries N(0, σ^(−2)) rounded to float32. */
  readonly omega: Float32Array;
  /** Wᵀ, 2M × n_c row-major, float64. */
  readonly wT: Float64Array;
  /** Smallest normaliser ⟨1, Wx⟩ used. */
  readonly normaliserFloor: number;
}

/**
 * x = Φ(h) = M^(−1/2)(cos ωh, sin ωh), the random Fourier embedding of [R] §4, of
 * `rows` input rows (rows × inDim) → rows × 2M, in float64 (ωh accumulated in
 * float64; zero inputs, e.g. of one-hot rows, skipped).
 */
export function embed(input: Float32Array, rows: number, inDim: number, omega: Float32Array, M: number): Float64Array {
  const dx = 2 * M;
  const out = new Float64Array(rows * dx);
  const proj = new Float64Array(M);
  const scale = 1 / Math.sqrt(M);
  for (let r = 0; r < rows; r++) {
    proj.fill(0);
    for (let i = 0; i < inDim; i++) {
      const h = input[r * inDim + i] as number;
      if (h === 0) continue;
      const o = i * M;
      for (let k = 0; k < M; k++) proj[k] = (proj[k] as number) + h * (omega[o + k] as number);
    }
    const b = r * dx;
    for (let k = 0; k < M; k++) {
      const p = proj[k] as number;
      out[b + k] = Math.cos(p) * scale;
      out[b + M + k] = Math.sin(p) * scale;
    }
  }
  return out;
}

/** Outputs x·Wᵀ of embedded rows (rows × dx) → rows × n_c, float64 (W transposed once so every dot product is contiguous). */
export function project(x: Float64Array, rows: number, dx: number, wT: Float64Array, nc: number): Float64Array {
  const W = new Float64Array(nc * dx);
  for (let j = 0; j < dx; j++) for (let z = 0; z < nc; z++) W[z * dx + j] = wT[j * nc + z] as number;
  const out = new Float64Array(rows * nc);
  for (let r = 0; r < rows; r++) {
    const b = r * dx;
    for (let z = 0; z < nc; z++) {
      const w = z * dx;
      let s = 0;
      for (let j = 0; j < dx; j++) s += (x[b + j] as number) * (W[w + j] as number);
      out[r * nc + z] = s;
    }
  }
  return out;
}

/** The normalised stage outputs Wx/max(⟨1, Wx⟩, floor) of distinct rows (K × inDim) → K × n_c float32. */
function applyDistinct(stage: Stage, rows: Float32Array, K: number, nc: number): Float32Array {
  const out = new Float32Array(K * nc);
  const dx = 2 * stage.M;
  for (let r0 = 0; r0 < K; r0 += CHUNK_ROWS) {
    const r = Math.min(CHUNK_ROWS, K - r0);
    const x = embed(rows.subarray(r0 * stage.inDim, (r0 + r) * stage.inDim), r, stage.inDim, stage.omega, stage.M);
    const o = project(x, r, dx, stage.wT, nc);
    for (let i = 0; i < r; i++) {
      let sum = 0;
      for (let z = 0; z < nc; z++) sum += o[i * nc + z] as number;
      const norm = Math.max(sum, stage.normaliserFloor);
      for (let z = 0; z < nc; z++) out[(r0 + i) * nc + z] = (o[i * nc + z] as number) / norm;
    }
  }
  return out;
}

/**
 * Apply a stage to `rows` patches (rows × inDim, row-major) → rows × n_c normalised
 * outputs: computed once per distinct input row (keyed by its float32 bytes) and
 * scattered back, so the result is the same as row by row, bit for bit.
 */
export function applyStage(stage: Stage, input: Float32Array, rows: number, nc: number): Float32Array {
  const d = distinctRows(input, rows, stage.inDim);
  return scatterRows(d, applyDistinct(stage, d.rows, d.size, nc), nc);
}

/** One-hot rows of the first `width` tokens of every sample (n·width × V). */
export function oneHot(tokens: Int32Array, n: number, d: number, width: number, V: number): Float32Array {
  const out = new Float32Array(n * width * V);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < width; p++) out[(i * width + p) * V + (tokens[i * d + p] as number)] = 1;
  return out;
}

/** ω (inDim × M, row-major) with entries N(0, σ^(−2)) rounded to float32, from the stage's `features` stream. */
export function drawFrequencies(rng: Rng, inDim: number, M: number, sigma: number): Float32Array {
  const om = new Float32Array(inDim * M);
  for (let i = 0; i < om.length; i++) om[i] = rng.normal() / sigma;
  return om;
}

/** Level-l representations of the first patch of every sample: one-hot tokens pushed through the trained stages. */
export function representations(
  g: Grammar,
  tokens: Int32Array,
  n: number,
  width: number,
  stages: readonly Stage[],
  after?: (stage: Stage, reps: Float32Array, rows: number) => void,
): Float32Array {
  const nc = classCount(g);
  let reps = oneHot(tokens, n, g.s ** g.L, width, g.vocabulary[g.L] as number);
  let rows = n * width;
  for (const st of stages) {
    rows /= g.s;
    reps = applyStage(st, reps, rows, nc);
    after?.(st, reps, rows);
  }
  return reps;
}
