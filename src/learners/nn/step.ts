import * as tf from '@tensorflow/tfjs-core';
import type { Net } from './architecture';

/**
 * One minibatch's loss and gradients with the parameters held on the host
 * (Float32Array, row-major, the shapes of {@link Net}). The matrix products run on
 * the TensorFlow.js backend in as few kernels as the backward pass allows:
 * measured on the wasm backend (2 shared cores, issue 11), a `matMul` with
 * `transposeA`/`transposeB` leaves XNNPACK's fast path (32–39 ms against 2.6 ms
 * for the same product), and every small kernel costs 35–50 µs of dispatch. So:
 * the first layer (one-hot input) is a gather forward and a scatter-add backward
 * on the host, no product; every other product is fused with its ReLU; the
 * softmax, the loss and ∂logits (n × n_c, tiny) are computed here in float64;
 * the transposed weights Wᵀ are built on the host instead of by a transpose
 * kernel; the ReLU mask is taken from A = relu(Z) (A > 0 exactly when
 * Z > 0), so Z is never kept; and the optimiser runs on the host (see training.ts).
 */

/** Parameters on the host; `hidden[k]` is fanIn_k × H, `readout` H × n_c, row-major. */
export interface HostParams {
  readonly hidden: Float32Array[];
  readonly readout: Float32Array;
}

/** Mean cross-entropy of one batch and its gradients, in the layout of {@link HostParams}. */
export interface HostGradients {
  readonly loss: number;
  readonly hidden: Float32Array[];
  readonly readout: Float32Array;
}

/** Rows of layer k's weight matrix: s·v (cnn, k = 0), s·H (cnn, k > 0), d·v (fcn). */
export function fanIn(net: Net, k: number): number {
  if (net.kind === 'fcn') return net.d * net.v;
  return net.s * (k === 0 ? net.v : net.H);
}

/** Copy the parameters of `net` to the host. */
export function hostParams(net: Net): HostParams {
  return {
    hidden: net.hidden.map((w) => Float32Array.from(w.dataSync())),
    readout: Float32Array.from(net.readout.dataSync()),
  };
}

/** Replace the parameter tensors of `net` by host parameters (the old tensors are disposed). */
export function loadParams(net: Net, p: HostParams): void {
  for (const w of net.hidden) w.dispose();
  net.readout.dispose();
  net.hidden = p.hidden.map((w, k) => tf.tensor2d(w, [fanIn(net, k), net.H]));
  net.readout = tf.tensor2d(p.readout, [net.H, p.readout.length / net.H]);
}

/** Transpose of a rows × cols row-major matrix, in 32 × 32 tiles (a plain strided loop was 6.5% of a step). */
function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        const base = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = a[base + j] as number;
      }
    }
  }
  return out;
}

/** Tokens per row of the first layer's input: s (cnn) or d (fcn). */
function patch0(net: Net): number {
  return net.kind === 'cnn' ? net.s : net.d;
}

/**
 * First layer on the host: its input is one-hot, so X_0 W_0 is a sum of s0 weight
 * rows per input row (a gather, no product). Returns A_0 = relu(X_0 W_0), R_0 × H.
 */
function firstLayerForward(net: Net, w0: Float32Array, tokens: Int32Array, rows: ArrayLike<number>): Float32Array {
  const { d, v, H } = net;
  const s0 = patch0(net);
  const perSample = d / s0;
  const out = new Float32Array(rows.length * perSample * H);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    for (let q = 0; q < perSample; q++) {
      const o = (r * perSample + q) * H;
      for (let c = 0; c < s0; c++) {
        const w = (c * v + (tokens[i * d + q * s0 + c] as number)) * H;
        for (let h = 0; h < H; h++) out[o + h] = (out[o + h] as number) + (w0[w + h] as number);
      }
    }
  }
  for (let j = 0; j < out.length; j++) if (!((out[j] as number) > 0)) out[j] = 0;
  return out;
}

/** ∂W_0 = X_0ᵀ (∂A_0 ⊙ [A_0 > 0]) on the host: a scatter-add of the masked rows into the weight rows of their tokens. */
function firstLayerBackward(
  net: Net,
  dA0: Float32Array,
  a0: Float32Array,
  tokens: Int32Array,
  rows: ArrayLike<number>,
): Float32Array {
  const { d, v, H } = net;
  const s0 = patch0(net);
  const perSample = d / s0;
  const acc = new Float64Array(s0 * v * H);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    for (let q = 0; q < perSample; q++) {
      const o = (r * perSample + q) * H;
      for (let c = 0; c < s0; c++) {
        const w = (c * v + (tokens[i * d + q * s0 + c] as number)) * H;
        for (let h = 0; h < H; h++) {
          if ((a0[o + h] as number) > 0) acc[w + h] = (acc[w + h] as number) + (dA0[o + h] as number);
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Softmax cross-entropy on the host: returns the mean loss and writes ∂loss/∂logits / H
 * (the mean-field factor of the readout folded in) into `out`. `raw` = h·a (before ÷ H).
 */
function softmaxBackward(
  raw: Float32Array,
  labels: Int32Array,
  rows: ArrayLike<number>,
  nc: number,
  H: number,
  out: Float32Array,
): number {
  const n = rows.length;
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const o = r * nc;
    let max = -Infinity;
    for (let c = 0; c < nc; c++) max = Math.max(max, (raw[o + c] as number) / H);
    let sum = 0;
    for (let c = 0; c < nc; c++) sum += Math.exp((raw[o + c] as number) / H - max);
    const lse = max + Math.log(sum);
    const y = labels[rows[r] as number] as number;
    loss -= (raw[o + y] as number) / H - lse;
    for (let c = 0; c < nc; c++) {
      const p = Math.exp((raw[o + c] as number) / H - lse);
      out[o + c] = (p - (c === y ? 1 : 0)) / (n * H);
    }
  }
  return loss / n;
}

/**
 * Loss and gradients of one batch (the samples `rows` of a token array): forward
 * Z_k = X_{k−1} W_k, A_k = relu(Z_k), logits = A_L a / H; backward ∂a = A_Lᵀ δ,
 * ∂A_L = δ aᵀ with δ = ∂logits / H, ∂Z_k = ∂A_k ⊙ [A_k > 0], ∂W_k = X_{k−1}ᵀ ∂Z_k,
 * ∂X_{k−1} = ∂Z_k W_kᵀ reshaped to ∂A_{k−1}.
 */
export function batchGradients(
  net: Net,
  p: HostParams,
  tokens: Int32Array,
  labels: Int32Array,
  rows: ArrayLike<number>,
): HostGradients {
  const n = rows.length;
  const { H, s } = net;
  const nc = p.readout.length / H;
  const layers = p.hidden.length;
  const box: { g?: HostGradients } = {};
  tf.tidy(() => {
    const inputs: tf.Tensor2D[] = [];
    const acts: tf.Tensor2D[] = [];
    const a0 = firstLayerForward(net, p.hidden[0] as Float32Array, tokens, rows);
    let h = tf.tensor2d(a0, [a0.length / H, H]);
    for (let k = 1; k < layers; k++) {
      h = tf.reshape<tf.Rank.R2>(h, [h.shape[0] / s, s * H]);
      inputs[k] = h;
      const w = tf.tensor2d(p.hidden[k] as Float32Array, [fanIn(net, k), H]);
      h = tf.fused.matMul({ a: h, b: w, activation: 'relu' }) as tf.Tensor2D;
      acts[k] = h;
    }
    const raw = tf.matMul(h, tf.tensor2d(p.readout, [H, nc])).dataSync() as Float32Array;
    const delta = new Float32Array(n * nc);
    const loss = softmaxBackward(raw, labels, rows, nc, H, delta);
    const dl = tf.tensor2d(delta, [n, nc]);
    const readout = tf.matMul(tf.transpose(h), dl).dataSync() as Float32Array;
    let dA = tf.matMul(dl, tf.tensor2d(transposed(p.readout, H, nc), [nc, H]));
    const hidden = new Array<Float32Array>(layers);
    for (let k = layers - 1; k >= 1; k--) {
      const dZ = tf.mul<tf.Tensor2D>(dA, tf.step(acts[k] as tf.Tensor2D));
      hidden[k] = tf.matMul(tf.transpose(inputs[k] as tf.Tensor2D), dZ).dataSync() as Float32Array;
      const fin = fanIn(net, k);
      const wT = tf.tensor2d(transposed(p.hidden[k] as Float32Array, fin, H), [H, fin]);
      const dX = tf.matMul(dZ, wT);
      dA = tf.reshape(dX, [dX.shape[0] * s, H]);
    }
    hidden[0] = firstLayerBackward(net, dA.dataSync() as Float32Array, a0, tokens, rows);
    box.g = { loss, hidden, readout };
  });
  if (box.g === undefined) throw new Error('batchGradients: no result');
  return box.g;
}
