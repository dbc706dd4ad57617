import type { SampleBatch } from '../../sampling/iid';
import type { Rng } from '../../util/rng';
import type { Net } from './architecture';
import type { NetOptions } from './options';
import { batchGradients, hostParams, loadParams, type HostParams } from './step';

/**
 * The seeded training loop of `cnn` / `fcn` (seeded shuffling, never `fit`).
 * Backpropagation is written out by hand in step.ts (the tfjs-core package
 * registers no gradient functions on its own; they come with the `@tensorflow/tfjs`
 * union package, which is not a dependency). The parameters live on the host
 * between steps and Adam / SGD update them there in one loop per parameter
 * (issue 11: the same update as a chain of ~10 backend kernels per parameter cost
 * more in dispatch than in arithmetic).
 */

/** Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8) or plain SGD on host parameters, updated in place. */
export class HostUpdater {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  constructor(
    private readonly kind: 'adam' | 'sgd',
    private readonly lr: number,
    sizes: readonly number[],
  ) {
    this.m = kind === 'adam' ? sizes.map((n) => new Float32Array(n)) : [];
    this.v = kind === 'adam' ? sizes.map((n) => new Float32Array(n)) : [];
  }

  /** p_i ← update(p_i, g_i) for every parameter array i. */
  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    this.t++;
    const lr = this.lr;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as Float32Array;
      const g = grads[i] as Float32Array;
      if (this.kind === 'sgd') {
        for (let j = 0; j < p.length; j++) p[j] = (p[j] as number) - lr * (g[j] as number);
        continue;
      }
      const m = this.m[i] as Float32Array;
      const v = this.v[i] as Float32Array;
      for (let j = 0; j < p.length; j++) {
        const gj = g[j] as number;
        const mj = 0.9 * (m[j] as number) + 0.1 * gj;
        const vj = 0.999 * (v[j] as number) + 0.001 * gj * gj;
        m[j] = mj;
        v[j] = vj;
        p[j] = (p[j] as number) - (lr * (mj / c1)) / (Math.sqrt(vj / c2) + 1e-8);
      }
    }
  }
}

/** One minibatch step on the training samples `rows`: updates `params` in place, returns the batch's mean loss. */
export function trainStep(
  net: Net,
  params: HostParams,
  updater: HostUpdater,
  train: SampleBatch,
  rows: Int32Array,
): number {
  const g = batchGradients(net, params, train.tokens, train.labels, rows);
  updater.step([params.readout, ...params.hidden], [g.readout, ...g.hidden]);
  return g.loss;
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
 * @param progress - called after every epoch with a fraction in [0, 0.95].
 */
export function trainNet(
  net: Net,
  train: SampleBatch,
  opts: NetOptions,
  shuffle: Rng,
  progress: (fraction: number, label: string) => void,
): TrainingSummary {
  const n = train.n;
  const params = hostParams(net);
  const updater = new HostUpdater(
    opts.optimizer,
    opts.learningRate,
    [params.readout, ...params.hidden].map((a) => a.length),
  );
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
        lossSum += trainStep(net, params, updater, train, rows) * rows.length;
      }
      epochs = e + 1;
      lastLoss = lossSum / n;
      progress(Math.min(0.95, epochs / opts.maxEpochs), `epoch ${epochs}`);
      if (lastLoss < opts.stopLoss) break;
    }
  } finally {
    loadParams(net, params);
  }
  return { epochs, lastLoss };
}
