import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../util/rng';

/** Rows per TensorFlow.js call; bounds the memory of embeddings (rows × 2M floats). */
export const CHUNK_ROWS = 4096;
/** One trained stage: h^(l−1) = W x / ⟨1, W x⟩ with x = Φ^(l)(patch). */
export interface Stage {
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

/** x = Φ(h) = M^(−1/2)(cos ωh, sin ωh): the random Fourier embedding of [R] §4. */
export function embed(h: tf.Tensor2D, omega: tf.Tensor2D, M: number): tf.Tensor2D {
  const proj = tf.matMul(h, omega);
  return tf.mul<tf.Tensor2D>(tf.concat([tf.cos(proj), tf.sin(proj)], 1), 1 / Math.sqrt(M));
}

/** Apply a stage to rows patches (rows × inDim, row-major) → rows × n_c normalised outputs. */
export function applyStage(stage: Stage, input: Float32Array, rows: number, nc: number): Float32Array {
  const out = new Float32Array(rows * nc);
  for (let r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
    const r = Math.min(CHUNK_ROWS, rows - r0);
    const values = tf.tidy(() => {
      const h = tf.tensor2d(input.subarray(r0 * stage.inDim, (r0 + r) * stage.inDim), [r, stage.inDim]);
      const o = tf.matMul(embed(h, stage.omega, stage.M), stage.wT);
      const norm = tf.maximum(tf.sum(o, 1, true), stage.normaliserFloor);
      return tf.div(o, norm);
    });
    out.set(values.dataSync(), r0 * nc);
    values.dispose();
  }
  return out;
}

/** One-hot rows of the first `width` tokens of every sample (n·width × V). */
export function oneHot(tokens: Int32Array, n: number, d: number, width: number, V: number): Float32Array {
  const out = new Float32Array(n * width * V);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < width; p++) out[(i * width + p) * V + (tokens[i * d + p] as number)] = 1;
  return out;
}

/** ω as a (inDim × M) tensor with entries N(0, σ^(−2)), from the stage's `features` stream. */
export function drawFrequencies(rng: Rng, inDim: number, M: number, sigma: number): tf.Tensor2D {
  const om = new Float32Array(inDim * M);
  for (let i = 0; i < om.length; i++) om[i] = rng.normal() / sigma;
  return tf.tensor2d(om, [inDim, M]);
}
