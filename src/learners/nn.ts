import { Type, type Static } from '@sinclair/typebox';
import * as tf from '@tensorflow/tfjs-core';
import { classCount, inputLength, type Grammar } from '../grammar/grammar';
import { sampleIid, type SampleBatch } from '../sampling/iid';
import { Rng } from '../util/rng';
import { BACKEND_NAMES, ensureBackend, type BackendName } from './backend';
import { invalid } from '../errors';
import { assertRequestFits, latentLevel, resolveOptions, secondsSince, statusFor } from './common';
import type { LearnOutcome, LearnRequest, LevelMeasurement } from './types';

/**
 * End-to-end trained networks of [C] (the `cnn` and `fcn` baselines): the
 * architecture, a seeded training loop written with tfjs-core ops (seeded
 * initialisation, seeded shuffling; never `fit`), and the synonymic sensitivity
 * of every hidden layer to synonym exchange at every level.
 *
 * Backpropagation and the Adam / SGD updates are written out by hand: the
 * tfjs-core package registers no gradient functions on its own (they come with
 * the `@tensorflow/tfjs` union package, which is not a dependency), and explicit
 * transposes keep the wasm backend on its fast matmul path.
 */

/** Options shared by `cnn` and `fcn` (pass with `--option key=value`). */
export const NetOptionsSchema = Type.Object(
  {
    width: Type.Integer({ minimum: 1, maximum: 65536, description: 'H: channels of every hidden layer' }),
    optimizer: Type.Union([Type.Literal('adam'), Type.Literal('sgd')], {
      description: 'optimiser of the cross-entropy',
    }),
    learningRate: Type.Number({
      exclusiveMinimum: 0,
      description: 'step size (for sgd under the mean-field readout, scale it with H)',
    }),
    batchSize: Type.Integer({ minimum: 1, maximum: 1 << 20, description: 'minibatch size' }),
    maxEpochs: Type.Integer({ minimum: 1, maximum: 1000000, description: 'passes over the training set at most' }),
    stopLoss: Type.Number({ minimum: 0, description: 'stop once the mean training loss of an epoch is below this' }),
    sensitivitySamples: Type.Integer({
      minimum: 0,
      maximum: 1 << 20,
      description: 'held-out inputs used for the synonymic sensitivity (0: skip)',
    }),
    backend: Type.Union([Type.Literal('auto'), ...BACKEND_NAMES.map((b) => Type.Literal(b))], {
      description: 'TensorFlow.js backend',
    }),
  },
  { additionalProperties: false },
);

/** Resolved options of `cnn` / `fcn`. */
export type NetOptions = Static<typeof NetOptionsSchema>;

/** Practical defaults (Adam converges without the H-scaled step that SGD needs under the mean-field readout). */
export const NET_DEFAULTS: NetOptions = Object.freeze({
  width: 256,
  optimizer: 'adam',
  learningRate: 1e-2,
  batchSize: 128,
  maxEpochs: 300,
  stopLoss: 1e-2,
  sensitivitySamples: 512,
  backend: 'auto',
});

/** Which architecture. */
export type NetKind = 'cnn' | 'fcn';

interface Net {
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

function normalVariable(rng: Rng, rows: number, cols: number, scale: number): tf.Tensor2D {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
  return tf.tensor2d(data, [rows, cols]);
}

function buildNet(kind: NetKind, g: Grammar, H: number, rng: Rng): Net {
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

/** Forward pass on one-hot inputs x (n × d·v): logits, every hidden activation A_k, and the inputs X_{k−1} and pre-activations Z_k of every layer. */
function forward(
  net: Net,
  x: tf.Tensor2D,
): { logits: tf.Tensor2D; acts: tf.Tensor2D[]; inputs: tf.Tensor2D[]; pre: tf.Tensor2D[] } {
  const n = x.shape[0];
  const acts: tf.Tensor2D[] = [];
  const inputs: tf.Tensor2D[] = [];
  const pre: tf.Tensor2D[] = [];
  let h: tf.Tensor2D = net.kind === 'cnn' ? tf.reshape(x, [(n * net.d) / net.s, net.s * net.v]) : x;
  const layers = net.hidden.length;
  for (let k = 0; k < layers; k++) {
    inputs.push(h);
    const z = tf.matMul(h, net.hidden[k] as tf.Tensor2D) as tf.Tensor2D;
    pre.push(z);
    const a = tf.relu(z) as tf.Tensor2D;
    acts.push(a);
    h = k < layers - 1 ? tf.reshape(a, [a.shape[0] / net.s, net.s * net.H]) : a;
  }
  const logits = tf.div(tf.matMul(h, net.readout), net.H) as tf.Tensor2D;
  return { logits, acts, inputs, pre };
}

/**
 * Mean cross-entropy of a batch and its gradients (hand-written backpropagation):
 * dlogits = (softmax − Y)/n, ∂a = A_Lᵀ dlogits / H, ∂A_L = dlogits aᵀ / H,
 * ∂Z_k = ∂A_k ⊙ [Z_k > 0], ∂W_k = X_{k−1}ᵀ ∂Z_k, ∂X_{k−1} = ∂Z_k W_kᵀ reshaped to ∂A_{k−1}.
 * Call inside tf.tidy.
 */
function lossAndGradients(
  net: Net,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
): { loss: tf.Scalar; hidden: tf.Tensor2D[]; readout: tf.Tensor2D } {
  const n = x.shape[0];
  const f = forward(net, x);
  const logp = tf.logSoftmax(f.logits);
  const loss = tf.neg(tf.div(tf.sum(tf.mul(y, logp)), n)) as tf.Scalar;
  const dlogits = tf.div(tf.sub(tf.exp(logp), y), n) as tf.Tensor2D;
  const top = f.acts[f.acts.length - 1] as tf.Tensor2D;
  const readout = tf.div(tf.matMul(tf.transpose(top), dlogits), net.H) as tf.Tensor2D;
  let dA = tf.div(tf.matMul(dlogits, tf.transpose(net.readout)), net.H) as tf.Tensor2D;
  const hidden: tf.Tensor2D[] = new Array<tf.Tensor2D>(net.hidden.length);
  for (let k = net.hidden.length - 1; k >= 0; k--) {
    const dZ = tf.mul(dA, tf.step(f.pre[k] as tf.Tensor2D) as tf.Tensor2D) as tf.Tensor2D;
    hidden[k] = tf.matMul(tf.transpose(f.inputs[k] as tf.Tensor2D), dZ);
    if (k > 0) {
      const dX = tf.matMul(dZ, tf.transpose(net.hidden[k] as tf.Tensor2D));
      dA = tf.reshape(dX, [dX.shape[0] * net.s, net.H]);
    }
  }
  return { loss, hidden, readout };
}

/** Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8) or plain SGD on a list of tensors; state kept here, disposed by {@link Updater.dispose}. */
class Updater {
  private readonly m: tf.Tensor[] = [];
  private readonly v: tf.Tensor[] = [];
  private t = 0;
  constructor(
    private readonly kind: 'adam' | 'sgd',
    private readonly lr: number,
  ) {}

  /** New parameters from old ones and their gradients (old parameters are disposed). */
  step(params: tf.Tensor2D[], grads: tf.Tensor2D[]): tf.Tensor2D[] {
    this.t++;
    const out: tf.Tensor2D[] = [];
    params.forEach((p, i) => {
      const g = grads[i] as tf.Tensor2D;
      if (this.kind === 'sgd') {
        out.push(tf.tidy(() => tf.sub(p, tf.mul(g, this.lr))));
      } else {
        const m0 = this.m[i] ?? tf.zerosLike(p);
        const v0 = this.v[i] ?? tf.zerosLike(p);
        const m1 = tf.tidy(() => tf.add(tf.mul(m0, 0.9), tf.mul(g, 0.1)));
        const v1 = tf.tidy(() => tf.add(tf.mul(v0, 0.999), tf.mul(tf.square(g), 0.001)));
        m0.dispose();
        v0.dispose();
        this.m[i] = m1;
        this.v[i] = v1;
        const c1 = 1 - 0.9 ** this.t;
        const c2 = 1 - 0.999 ** this.t;
        out.push(
          tf.tidy(() => tf.sub(p, tf.mul(tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), 1e-8)), this.lr))),
        );
      }
      p.dispose();
    });
    return out;
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

function oneHotRows(tokens: Int32Array, d: number, v: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * d * v);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    for (let p = 0; p < d; p++) out[(r * d + p) * v + (tokens[i * d + p] as number)] = 1;
  }
  return out;
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
      const r = g.levels[l] as { offsets: Int32Array; children: Int32Array; weights: Float64Array };
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

/**
 * Synonymic sensitivity of [C]: S_{k,l} = ⟨‖f_k(x) − f_k(P_l x)‖²⟩ / ⟨‖f_k(x) − f_k(y)‖²⟩,
 * P_l x = x with every level-l patch exchanged for a random synonym, y an
 * independent input. Result [l−1][k−1] for levels l = 1..L and hidden layers k.
 */
function synonymicSensitivity(net: Net, g: Grammar, batch: SampleBatch, rng: Rng): number[][] {
  const n = batch.n;
  const idx = Array.from({ length: n }, (_, i) => i);
  const shifted = idx.map((i) => (i + 1) % n);
  const out: number[][] = [];
  const base = tf.tidy(() => tf.tensor2d(oneHotRows(batch.tokens, net.d, net.v, idx), [n, net.d * net.v]));
  const other = tf.tidy(() => tf.tensor2d(oneHotRows(batch.tokens, net.d, net.v, shifted), [n, net.d * net.v]));
  try {
    const denom = tf.tidy(() => {
      const fa = forward(net, base).acts;
      const fb = forward(net, other).acts;
      return fa.map((a, k) =>
        meanSqDiff(tf.reshape(a, [n, -1]) as tf.Tensor2D, tf.reshape(fb[k] as tf.Tensor2D, [n, -1]) as tf.Tensor2D),
      );
    });
    for (let l = 1; l <= g.L; l++) {
      const exchanged = synonymExchange(g, batch, l, rng.stream(`level-${l}`));
      const row = tf.tidy(() => {
        const xe = tf.tensor2d(oneHotRows(exchanged, net.d, net.v, idx), [n, net.d * net.v]);
        const fa = forward(net, base).acts;
        const fe = forward(net, xe).acts;
        return fa.map(
          (a, k) =>
            meanSqDiff(
              tf.reshape(a, [n, -1]) as tf.Tensor2D,
              tf.reshape(fe[k] as tf.Tensor2D, [n, -1]) as tf.Tensor2D,
            ) / Math.max(denom[k] as number, 1e-30),
        );
      });
      out.push(row);
    }
  } finally {
    base.dispose();
    other.dispose();
  }
  return out;
}

/** Most numbers in the parameters (with Adam's two moments) or in one batch's activations: 2^27 (512 MiB of float32). */
const MAX_NET_NUMBERS = 2 ** 27;

/**
 * Refuse, before allocating, a width or batch size whose parameters or activations would not fit.
 * @throws InvalidInputError naming `--option width` or `--option batchSize`.
 */
function assertNetFits(kind: NetKind, g: Grammar, opts: NetOptions, samples: number): void {
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

/**
 * Train a `cnn` or `fcn` end to end on cross-entropy and evaluate it.
 * @param kind - architecture.
 * @param request - budget (training-set size P), seed, held-out size, options.
 */
export async function runNet(kind: NetKind, request: LearnRequest): Promise<LearnOutcome> {
  const t0 = process.hrtime.bigint();
  const opts = resolveOptions(kind, NetOptionsSchema, NET_DEFAULTS, request.options);
  const g = request.grammar;
  const v = g.vocabulary[g.L] as number;
  const d = inputLength(g);
  const nc = classCount(g);
  assertRequestFits(request, 0);
  assertNetFits(kind, g, opts, request.samples);
  const backend = await ensureBackend(opts.backend === 'auto' ? undefined : (opts.backend as BackendName));
  const root = Rng.fromSeed(request.seed);
  const n = request.samples;
  const train = sampleIid(g, n, root.stream('sample'));
  const net = buildNet(kind, g, opts.width, root.stream('init'));
  const updater = new Updater(opts.optimizer, opts.learningRate);
  const shuffle = root.stream('shuffle');
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const progress = request.onProgress ?? (() => undefined);
  const B = Math.min(opts.batchSize, n);
  let epochs = 0;
  let lastLoss = Infinity;
  try {
    for (let e = 0; e < opts.maxEpochs; e++) {
      shuffle.shuffleInPlace(order);
      let lossSum = 0;
      for (let b0 = 0; b0 < n; b0 += B) {
        const rows = order.subarray(b0, Math.min(n, b0 + B));
        const x = tf.tensor2d(oneHotRows(train.tokens, d, v, rows), [rows.length, d * v]);
        const y = tf.tidy(() =>
          tf.oneHot(
            tf.tensor1d(
              Int32Array.from(rows, (i) => train.labels[i] as number),
              'int32',
            ),
            nc,
          ),
        );
        const grads = tf.tidy(() => {
          const r = lossAndGradients(net, x, y as tf.Tensor2D);
          return [r.loss, r.readout, ...r.hidden];
        });
        const [loss, gReadout, ...gHidden] = grads as [tf.Scalar, tf.Tensor2D, ...tf.Tensor2D[]];
        lossSum += ((loss.dataSync() as Float32Array)[0] as number) * rows.length;
        const [readout, ...hidden] = updater.step([net.readout, ...net.hidden], [gReadout, ...gHidden]);
        net.readout = readout as tf.Tensor2D;
        net.hidden = hidden;
        for (const t of grads) t.dispose();
        x.dispose();
        y.dispose();
      }
      epochs = e + 1;
      lastLoss = lossSum / n;
      progress(Math.min(0.95, epochs / opts.maxEpochs), `epoch ${epochs}`);
      if (lastLoss < opts.stopLoss) break;
    }
    progress(0.95, 'evaluation');
    const nt = request.testSamples;
    const test = sampleIid(g, nt, root.stream('test'), { latent: true });
    let wrong = 0;
    for (let r0 = 0; r0 < nt; r0 += 1024) {
      const rows = Int32Array.from({ length: Math.min(1024, nt - r0) }, (_, i) => r0 + i);
      const pred = tf.tidy(() =>
        tf.argMax(forward(net, tf.tensor2d(oneHotRows(test.tokens, d, v, rows), [rows.length, d * v])).logits, 1),
      );
      const p = pred.dataSync() as Int32Array;
      pred.dispose();
      for (let i = 0; i < rows.length; i++) if (p[i] !== test.labels[rows[i] as number]) wrong++;
    }
    const testError = wrong / nt;
    let sens: number[][] | null = null;
    if (opts.sensitivitySamples > 0) {
      const ns = Math.min(opts.sensitivitySamples, nt);
      const sub = sampleIid(g, ns, root.stream('sensitivity/inputs'), { latent: true });
      sens = synonymicSensitivity(net, g, sub, root.stream('sensitivity/exchange'));
    }
    const levels: LevelMeasurement[] = Array.from({ length: g.L }, (_, i) => ({
      level: i + 1,
      recoveryRate: null,
      synonymicSensitivity: sens ? (sens[i] as number[]) : null,
      sensitivityLayers: kind === 'cnn' ? 'hidden layers k = 1..L (bottom-up)' : 'the hidden layer',
    }));
    progress(1, 'done');
    const status = statusFor(testError, nc);
    return {
      status,
      learner: kind,
      samples: n,
      testError,
      levels,
      backend,
      resolvedOptions: Object.freeze({ ...opts, backend: backend.name, epochsRun: epochs, finalTrainLoss: lastLoss }),
      seconds: secondsSince(t0),
      ...(status === 'not-learned'
        ? {
            reason: `test error ${testError.toFixed(4)} above the target after ${epochs} epoch(s) (final training loss ${lastLoss.toPrecision(3)})`,
          }
        : {}),
    };
  } finally {
    updater.dispose();
    for (const w of net.hidden) w.dispose();
    net.readout.dispose();
  }
}
