import * as tf from '@tensorflow/tfjs-core';
import { CHUNK_ROWS, embed } from './features';

/** Cholesky solve of A X = B for symmetric positive-definite A (n×n) and B (n×k), in float64. */
export function choleskySolve(A: Float64Array, n: number, B: Float64Array, k: number): Float64Array {
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
export interface RidgeFit {
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
  let sigmaHat = tf.zeros<tf.Rank.R2>([dx, dx]);
  let cHat = tf.zeros<tf.Rank.R2>([dx, nc]);
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
  const A = tf.tidy<tf.Tensor2D>(() => tf.add(tf.div(sigmaHat, n), tf.mul(tf.eye(dx), lambda)));
  const C = tf.tidy<tf.Tensor2D>(() => tf.div(cHat, n));
  sigmaHat.dispose();
  cHat.dispose();
  let wT: tf.Tensor2D;
  if (solver === 'closed-form') {
    const a64 = Float64Array.from(A.dataSync());
    const c64 = Float64Array.from(C.dataSync());
    wT = tf.tensor2d(Float32Array.from(choleskySolve(a64, dx, c64, nc)), [dx, nc]);
  } else {
    // Gradient of L at Wᵀ: (Σ̂ + λI)Wᵀ − Ĉ.
    wT = tf.zeros<tf.Rank.R2>([dx, nc]);
    for (let t = 0; t < T; t++) {
      const next = tf.tidy<tf.Tensor2D>(() => tf.sub(wT, tf.mul(tf.sub(tf.matMul(A, wT), C), eta)));
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
