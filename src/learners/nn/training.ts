import * as tf from '@tensorflow/tfjs-core';
import type { SampleBatch } from '../../sampling/iid';
import type { Rng } from '../../util/rng';
import { forward, oneHotRows, type Net } from './architecture';
import type { NetOptions } from './options';

/**
 * The seeded training loop of `cnn` / `fcn`, written with tfjs-core ops (seeded
 * shuffling, never `fit`). Backpropagation and the Adam / SGD updates are written
 * out by hand: the tfjs-core package registers no gradient functions on its own
 * (they come with the `@tensorflow/tfjs` union package, which is not a
 * dependency), and explicit transposes keep the wasm backend on its fast matmul path.
 */

/** Gradients of one batch. */
interface Gradients {
  readonly loss: tf.Scalar;
  readonly hidden: tf.Tensor2D[];
  readonly readout: tf.Tensor2D;
}

/**
 * Mean cross-entropy of a batch and its gradients (hand-written backpropagation):
 * dlogits = (softmax − Y)/n, ∂a = A_Lᵀ dlogits / H, ∂A_L = dlogits aᵀ / H,
 * ∂Z_k = ∂A_k ⊙ [Z_k > 0], ∂W_k = X_{k−1}ᵀ ∂Z_k, ∂X_{k−1} = ∂Z_k W_kᵀ reshaped to ∂A_{k−1}.
 * Call inside tf.tidy.
 */
function lossAndGradients(net: Net, x: tf.Tensor2D, y: tf.Tensor2D): Gradients {
  const n = x.shape[0];
  const f = forward(net, x);
  const logp = tf.logSoftmax(f.logits);
  const loss = tf.neg(tf.div(tf.sum(tf.mul(y, logp)), n)) as tf.Scalar;
  const dlogits = tf.div<tf.Tensor2D>(tf.sub(tf.exp(logp), y), n);
  const top = f.acts[f.acts.length - 1] as tf.Tensor2D;
  const readout = tf.div<tf.Tensor2D>(tf.matMul(tf.transpose(top), dlogits), net.H);
  let dA = tf.div<tf.Tensor2D>(tf.matMul(dlogits, tf.transpose(net.readout)), net.H);
  const hidden: tf.Tensor2D[] = new Array<tf.Tensor2D>(net.hidden.length);
  for (let k = net.hidden.length - 1; k >= 0; k--) {
    const dZ = tf.mul<tf.Tensor2D>(dA, tf.step<tf.Tensor2D>(f.pre[k] as tf.Tensor2D));
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
    return params.map((p, i): tf.Tensor2D => {
      const g = grads[i] as tf.Tensor2D;
      const next: tf.Tensor2D = this.kind === 'sgd' ? tf.tidy(() => tf.sub(p, tf.mul(g, this.lr))) : this.adam(p, g, i);
      p.dispose();
      return next;
    });
  }

  /** Adam's update of parameter i (moments replaced in place). */
  private adam(p: tf.Tensor2D, g: tf.Tensor2D, i: number): tf.Tensor2D {
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
    return tf.tidy(() => tf.sub(p, tf.mul(tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), 1e-8)), this.lr)));
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

/** One minibatch step on the training samples `rows`: replaces the parameters of `net`, returns the batch's mean loss. */
function trainStep(net: Net, updater: Updater, train: SampleBatch, rows: Int32Array, nc: number): number {
  const x = tf.tensor2d(oneHotRows(train.tokens, net.d, net.v, rows), [rows.length, net.d * net.v]);
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
  const value = (loss.dataSync() as Float32Array)[0] as number;
  const [readout, ...hidden] = updater.step([net.readout, ...net.hidden], [gReadout, ...gHidden]);
  net.readout = readout as tf.Tensor2D;
  net.hidden = hidden;
  for (const t of grads) t.dispose();
  x.dispose();
  y.dispose();
  return value;
}

/** What the training loop did. */
export interface TrainingSummary {
  /** Epochs run (≤ maxEpochs). */
  readonly epochs: number;
  /** Mean training loss of the last epoch (Infinity when none ran). */
  readonly lastLoss: number;
}

/**
 * Train `net` in place on cross-entropy: every epoch reshuffles the sample order
 * with `shuffle`, runs minibatches of `batchSize`, and stops after `maxEpochs` or
 * once the epoch's mean loss is below `stopLoss`.
 * @param nc - n_c, the number of classes.
 * @param progress - called after every epoch with a fraction in [0, 0.95].
 */
export function trainNet(
  net: Net,
  train: SampleBatch,
  nc: number,
  opts: NetOptions,
  shuffle: Rng,
  progress: (fraction: number, label: string) => void,
): TrainingSummary {
  const n = train.n;
  const updater = new Updater(opts.optimizer, opts.learningRate);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const B = Math.min(opts.batchSize, n);
  let epochs = 0;
  let lastLoss = Infinity;
  try {
    for (let e = 0; e < opts.maxEpochs; e++) {
      shuffle.shuffleInPlace(order);
      let lossSum = 0;
      for (let b0 = 0; b0 < n; b0 += B) {
        const rows = order.subarray(b0, Math.min(n, b0 + B));
        lossSum += trainStep(net, updater, train, rows, nc) * rows.length;
      }
      epochs = e + 1;
      lastLoss = lossSum / n;
      progress(Math.min(0.95, epochs / opts.maxEpochs), `epoch ${epochs}`);
      if (lastLoss < opts.stopLoss) break;
    }
  } finally {
    updater.dispose();
  }
  return { epochs, lastLoss };
}
