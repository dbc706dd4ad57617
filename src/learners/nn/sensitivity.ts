import * as tf from '@tensorflow/tfjs-core';
import { inputLength, type Grammar } from '../../grammar/grammar';
import type { SampleBatch } from '../../sampling/iid';
import type { Rng } from '../../util/rng';
import { latentLevel } from '../common';
import { forward, oneHotRows, type Net } from './architecture';

/**
 * Synonymic sensitivity of [C] §V: how much each hidden layer of a trained
 * network moves when every level-l patch is exchanged for a random synonym,
 * relative to how much it moves between independent inputs.
 */

/** The rules of one level, as the grammar stores them. */
interface LevelRules {
  readonly offsets: Int32Array;
  readonly children: Int32Array;
  readonly weights: Float64Array;
}

/** Write into `nxt` the children of the `width` symbols in `cur`, each production drawn from its weights with `rng`. */
function expandLevel(r: LevelRules, s: number, cur: Int32Array, nxt: Int32Array, width: number, rng: Rng): void {
  for (let k = 0; k < width; k++) {
    const nu = cur[k] as number;
    const lo = r.offsets[nu] as number;
    const hi = r.offsets[nu + 1] as number;
    let u = rng.nextFloat();
    let p = lo;
    for (; p < hi - 1; p++) {
      u -= r.weights[p] as number;
      if (u < 0) break;
    }
    for (let c = 0; c < s; c++) nxt[k * s + c] = r.children[p * s + c] as number;
  }
}

/**
 * Resample every production below the level-(l−1) nodes of a batch with latents:
 * the inputs after exchanging every level-l patch for a random synonym (and
 * regenerating the subtrees under it). Labels and level-(l−1) symbols are kept.
 */
export function synonymExchange(g: Grammar, batch: SampleBatch, level: number, rng: Rng): Int32Array {
  const { s, L } = g;
  const n = batch.n;
  const d = inputLength(g);
  const top = latentLevel(batch.latent, level - 1);
  const out = new Int32Array(n * d);
  let cur = new Int32Array(d);
  let nxt = new Int32Array(d);
  for (let i = 0; i < n; i++) {
    let width = s ** (level - 1);
    cur.set(top.subarray(i * width, (i + 1) * width));
    for (let l = level - 1; l < L; l++) {
      expandLevel(g.levels[l] as LevelRules, s, cur, nxt, width, rng);
      width *= s;
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
    out.set(cur.subarray(0, d), i * d);
  }
  return out;
}

/** Mean squared distance between activations of paired rows, per sample (acts of n samples, rows grouped per sample). */
function meanSqDiff(a: tf.Tensor2D, b: tf.Tensor2D): number {
  const t = tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(a, b)), 1)));
  const v = (t.dataSync() as Float32Array)[0] as number;
  t.dispose();
  return v;
}

/** Per hidden layer k: mean squared distance between the layer-k activations of x and of x′ (n samples each). Call inside tf.tidy. */
function layerDistances(net: Net, x: tf.Tensor2D, xPrime: tf.Tensor2D, n: number): number[] {
  const fa = forward(net, x).acts;
  const fb = forward(net, xPrime).acts;
  return fa.map((a, k) =>
    meanSqDiff(tf.reshape<tf.Rank.R2>(a, [n, -1]), tf.reshape<tf.Rank.R2>(fb[k] as tf.Tensor2D, [n, -1])),
  );
}

/**
 * Synonymic sensitivity of [C]: S_{k,l} = ⟨‖f_k(x) − f_k(P_l x)‖²⟩ / ⟨‖f_k(x) − f_k(y)‖²⟩,
 * P_l x = x with every level-l patch exchanged for a random synonym, y an
 * independent input. Result [l−1][k−1] for levels l = 1..L and hidden layers k.
 * @param batch - held-out inputs with their latent trees.
 * @param rng - parent of the per-level exchange streams `level-l`.
 */
export function synonymicSensitivity(net: Net, g: Grammar, batch: SampleBatch, rng: Rng): number[][] {
  const n = batch.n;
  const idx = Array.from({ length: n }, (_, i) => i);
  const shifted = idx.map((i) => (i + 1) % n);
  const out: number[][] = [];
  const base = tf.tidy(() => tf.tensor2d(oneHotRows(batch.tokens, net.d, net.v, idx), [n, net.d * net.v]));
  const other = tf.tidy(() => tf.tensor2d(oneHotRows(batch.tokens, net.d, net.v, shifted), [n, net.d * net.v]));
  try {
    const denom = tf.tidy(() => layerDistances(net, base, other, n));
    for (let l = 1; l <= g.L; l++) {
      const exchanged = synonymExchange(g, batch, l, rng.stream(`level-${l}`));
      const row = tf.tidy(() => {
        const xe = tf.tensor2d(oneHotRows(exchanged, net.d, net.v, idx), [n, net.d * net.v]);
        return layerDistances(net, base, xe, n).map((num, k) => num / Math.max(denom[k] as number, 1e-30));
      });
      out.push(row);
    }
  } finally {
    base.dispose();
    other.dispose();
  }
  return out;
}
