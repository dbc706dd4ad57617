import * as tf from '@tensorflow/tfjs-core';
import { classCount, inputLength, type Grammar } from '../../grammar/grammar';
import { invalid } from '../../errors';
import type { Rng } from '../../util/rng';
import type { NetOptions } from './options';

/**
 * The two architectures of [C]: parameters, seeded initialisation, the forward
 * pass on one-hot inputs, and the size check made before any allocation.
 */

/** Which architecture. */
export type NetKind = 'cnn' | 'fcn';

/** Parameters and shape of one network; `hidden` and `readout` are replaced by every training step. */
export interface Net {
  /** Architecture. */
  readonly kind: NetKind;
  /** Hidden weights: cnn layer k maps s·(v or H) → H; fcn: d·v → H. */
  hidden: tf.Tensor2D[];
  /** Readout a ∈ R^{H × n_c}; logits = h a / H (mean-field). */
  readout: tf.Tensor2D;
  readonly H: number;
  readonly s: number;
  readonly L: number;
  readonly v: number;
  readonly d: number;
}

/** Activations of one forward pass; every tensor belongs to the caller's tf.tidy. */
export interface ForwardPass {
  /** Logits (n × n_c). */
  readonly logits: tf.Tensor2D;
  /** Hidden activation A_k of every layer. */
  readonly acts: tf.Tensor2D[];
  /** Input X_{k−1} of every layer. */
  readonly inputs: tf.Tensor2D[];
  /** Pre-activation Z_k of every layer. */
  readonly pre: tf.Tensor2D[];
}

function normalVariable(rng: Rng, rows: number, cols: number, scale: number): tf.Tensor2D {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
  return tf.tensor2d(data, [rows, cols]);
}

/**
 * A network with He-initialised hidden weights and a unit-variance readout, drawn from `rng` in layer order.
 * The caller disposes it with {@link disposeNet}.
 */
export function buildNet(kind: NetKind, g: Grammar, H: number, rng: Rng): Net {
  const v = g.vocabulary[g.L] as number;
  const d = inputLength(g);
  const nc = classCount(g);
  const hidden: tf.Tensor2D[] = [];
  if (kind === 'cnn') {
    for (let k = 0; k < g.L; k++) {
      const fanIn = g.s * (k === 0 ? v : H);
      hidden.push(normalVariable(rng, fanIn, H, Math.sqrt(2 / fanIn)));
    }
  } else {
    hidden.push(normalVariable(rng, d * v, H, Math.sqrt(2 / (d * v))));
  }
  return { kind, hidden, readout: normalVariable(rng, H, nc, 1), H, s: g.s, L: g.L, v, d };
}

/** Dispose every parameter of a network. */
export function disposeNet(net: Net): void {
  for (const w of net.hidden) w.dispose();
  net.readout.dispose();
}

/** Forward pass on one-hot inputs x (n × d·v). Call inside tf.tidy. */
export function forward(net: Net, x: tf.Tensor2D): ForwardPass {
  const n = x.shape[0];
  const acts: tf.Tensor2D[] = [];
  const inputs: tf.Tensor2D[] = [];
  const pre: tf.Tensor2D[] = [];
  let h: tf.Tensor2D = net.kind === 'cnn' ? tf.reshape(x, [(n * net.d) / net.s, net.s * net.v]) : x;
  const layers = net.hidden.length;
  for (let k = 0; k < layers; k++) {
    inputs.push(h);
    const z = tf.matMul<tf.Tensor2D>(h, net.hidden[k] as tf.Tensor2D);
    pre.push(z);
    const a = tf.relu<tf.Tensor2D>(z);
    acts.push(a);
    h = k < layers - 1 ? tf.reshape(a, [a.shape[0] / net.s, net.s * net.H]) : a;
  }
  const logits = tf.div<tf.Tensor2D>(tf.matMul(h, net.readout), net.H);
  return { logits, acts, inputs, pre };
}

/** One-hot encoding (rows.length × d·v, row-major) of the samples `rows` of a token array of d tokens per sample. */
export function oneHotRows(tokens: Int32Array, d: number, v: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * d * v);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    for (let p = 0; p < d; p++) out[(r * d + p) * v + (tokens[i * d + p] as number)] = 1;
  }
  return out;
}

/** Predicted class (argmax of the logits) of the samples `rows` of a token array. */
export function predict(net: Net, tokens: Int32Array, rows: Int32Array): Int32Array {
  const pred = tf.tidy(() =>
    tf.argMax(
      forward(net, tf.tensor2d(oneHotRows(tokens, net.d, net.v, rows), [rows.length, net.d * net.v])).logits,
      1,
    ),
  );
  const p = pred.dataSync() as Int32Array;
  pred.dispose();
  return p;
}

/** Most numbers in the parameters (with Adam's two moments) or in one batch's activations: 2^27 (512 MiB of float32). */
const MAX_NET_NUMBERS = 2 ** 27;

/**
 * Refuse, before allocating, a width or batch size whose parameters or activations would not fit.
 * @throws InvalidInputError naming `--option width` or `--option batchSize`.
 */
export function assertNetFits(kind: NetKind, g: Grammar, opts: NetOptions, samples: number): void {
  const v = g.vocabulary[g.L] as number;
  const d = inputLength(g);
  const H = opts.width;
  const params =
    kind === 'cnn' ? g.s * v * H + (g.L - 1) * g.s * H * H + H * classCount(g) : d * v * H + H * classCount(g);
  if (3 * params > MAX_NET_NUMBERS) {
    invalid(
      `options of learner ${kind}`,
      '--option width',
      `width H = ${H} gives ${params} parameters (×3 with Adam's moments), more than the limit ${MAX_NET_NUMBERS} numbers`,
      'use a smaller width',
    );
  }
  const acts = Math.max(Math.min(opts.batchSize, samples), 1024) * (kind === 'cnn' ? (d / g.s) * H * 3 : d * v + H * 3);
  if (acts > MAX_NET_NUMBERS) {
    invalid(
      `options of learner ${kind}`,
      '--option batchSize',
      `a batch of ${opts.batchSize} inputs needs about ${acts} numbers of activations, more than the limit ${MAX_NET_NUMBERS}`,
      'use a smaller batchSize or width',
    );
  }
}
