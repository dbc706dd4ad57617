import { spawnSync } from 'node:child_process';
import { classCount, compileGrammar, inputLength } from '../src/grammar/grammar';
import { generateGrammar } from '../src/grammar/generate';
import { targetError } from '../src/exact/target';
import { ensureBackend } from '../src/learners/backend';
import { buildNet, disposeNet, predict, type Net } from '../src/learners/nn/architecture';
import { hostParams, loadParams, type HostParams } from '../src/learners/nn/step';
import { HostUpdater, trainStep } from '../src/learners/nn/training';
import { sampleIid, type SampleBatch } from '../src/sampling/iid';
import { Rng } from '../src/util/rng';
import { findTorch, TORCH_SCRIPT } from './cnn-step';
import type { Benchmark, BenchResult } from './types';

/**
 * Issue 11, item 6, end to end: training time of the deep `cnn` to the
 * 10%-of-chance test error, ours against the PyTorch reference
 * (bench/pytorch/cnn_step.py, conv1d, 1 thread), like for like: the same samples,
 * the same rule (after every epoch stop once the held-out error is at the target or
 * the epoch's mean loss is below stopLoss), each optimiser on both sides. Held-out
 * evaluation is not counted in the training time on either side.
 */

const SIZE = { classes: 8, vocab: 8, m: 4, s: 2, L: 3 } as const;
const H = 256;
const BATCH = 128;
const SAMPLES = 4 * SIZE.classes * SIZE.m ** SIZE.L;
const TEST_SAMPLES = 2048;
const MAX_EPOCHS = 60;
const STOP_LOSS = 1e-2;
/** Adam: the learner's default step; SGD: a step scaled with H for the mean-field readout. */
const OPTIMISERS = [
  { optimizer: 'adam', learningRate: 1e-2 },
  { optimizer: 'sgd', learningRate: H / 4 },
] as const;

interface Run {
  readonly trainSeconds: number;
  readonly epochs: number;
  readonly steps: number;
  readonly testError: number;
  readonly reached: boolean;
}

function heldOutError(net: Net, params: HostParams, test: SampleBatch): number {
  loadParams(net, params);
  const p = predict(
    net,
    test.tokens,
    Int32Array.from({ length: test.n }, (_, i) => i),
  );
  let wrong = 0;
  for (let i = 0; i < test.n; i++) if (p[i] !== test.labels[i]) wrong++;
  return wrong / test.n;
}

function ours(train: SampleBatch, test: SampleBatch, optimizer: 'adam' | 'sgd', lr: number, target: number): Run {
  const g = compileGrammar(generateGrammar({ sampler: 'cagnetta', seed: 1, ...SIZE }));
  const net = buildNet('cnn', g, H, Rng.fromSeed(1).stream('init'));
  const params = hostParams(net);
  const upd = new HostUpdater(
    optimizer,
    lr,
    [params.readout, ...params.hidden].map((a) => a.length),
  );
  const shuffle = Rng.fromSeed(1).stream('shuffle');
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  let seconds = 0;
  let steps = 0;
  let err = 1;
  let epochs = 0;
  for (let e = 0; e < MAX_EPOCHS; e++) {
    const t0 = process.hrtime.bigint();
    shuffle.shuffleInPlace(order);
    let loss = 0;
    for (let b0 = 0; b0 < train.n; b0 += BATCH) {
      const rows = order.subarray(b0, Math.min(train.n, b0 + BATCH));
      loss += trainStep(net, params, upd, train, rows) * rows.length;
      steps++;
    }
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    epochs = e + 1;
    err = heldOutError(net, params, test);
    if (err <= target || loss / train.n < STOP_LOSS) break;
  }
  disposeNet(net);
  return { trainSeconds: seconds, epochs, steps, testError: err, reached: err <= target };
}

function reference(python: string, cfg: Record<string, unknown>, target: number): Run {
  const r = spawnSync(python, [TORCH_SCRIPT], { input: JSON.stringify(cfg), encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`cnn_step.py failed (${String(r.status)}): ${r.stderr}`);
  const o = JSON.parse(r.stdout) as Omit<Run, 'reached'>;
  return { ...o, reached: o.testError <= target };
}

export const cnnTargetBenchmark: Benchmark = {
  name: 'cnn-target',
  async run(): Promise<BenchResult[]> {
    const backend = await ensureBackend();
    const g = compileGrammar(generateGrammar({ sampler: 'cagnetta', seed: 1, ...SIZE }));
    const root = Rng.fromSeed(1);
    const train = sampleIid(g, SAMPLES, root.stream('sample'));
    const test = sampleIid(g, TEST_SAMPLES, root.stream('test'));
    const nc = classCount(g);
    const target = targetError(nc);
    const torch = findTorch();
    const out: BenchResult[] = [];
    for (const o of OPTIMISERS) {
      const mine = ours(train, test, o.optimizer, o.learningRate, target);
      const metrics: Record<string, unknown> = { ...o, backend, targetError: target, ours: mine };
      if ('python' in torch) {
        const ref = reference(
          torch.python,
          {
            mode: 'train',
            kind: 'cnn',
            formulation: 'conv1d',
            threads: 1,
            v: SIZE.vocab,
            s: SIZE.s,
            L: SIZE.L,
            d: inputLength(g),
            H,
            nc,
            batchSize: BATCH,
            maxEpochs: MAX_EPOCHS,
            stopLoss: STOP_LOSS,
            targetError: target,
            ...o,
            trainTokens: Array.from(train.tokens),
            trainLabels: Array.from(train.labels),
            testTokens: Array.from(test.tokens),
            testLabels: Array.from(test.labels),
          },
          target,
        );
        Object.assign(metrics, {
          torchConv1d1Thread: ref,
          ratioOursOverTorchTrainSeconds: mine.trainSeconds / ref.trainSeconds,
          ratioOursOverTorchPerStep: mine.trainSeconds / mine.steps / (ref.trainSeconds / ref.steps),
        });
      } else {
        metrics.skipped = torch.reason;
      }
      out.push({
        name: `cnn-target cagnetta v=n_c=8 m=4 s=2 L=3 P=${SAMPLES} H=${H} ${o.optimizer}`,
        metrics: {
          ...metrics,
          samples: SAMPLES,
          testSamples: TEST_SAMPLES,
          maxEpochs: MAX_EPOCHS,
          stopLoss: STOP_LOSS,
        },
        target: null,
      });
    }
    return out;
  },
};
