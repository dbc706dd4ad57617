import { classCount, type Grammar } from '../../grammar/grammar';
import { sampleIid, type SampleBatch } from '../../sampling/iid';
import { Rng } from '../../util/rng';
import type { NetworkLevel } from '../../../spec/learn';
import { statusFor } from '../../exact/target';
import { ensureBackend } from '../backend';
import { assertRequestFits, resolveOptions, secondsSince } from '../common';
import type { LearnOutcome, LearnRequest } from '../types';
import { assertNetFits, buildNet, disposeNet, predict, type Net, type NetKind } from './architecture';
import { NET_DEFAULTS, NetOptionsSchema, type NetOptions } from './options';
import { synonymicSensitivity } from './sensitivity';
import { trainNet } from './training';

/**
 * End-to-end trained networks of [C] (the `cnn` and `fcn` baselines), one job per file:
 * `options` (the option schema and defaults), `architecture` (parameters, seeded
 * initialisation, forward pass), `training` (the seeded Adam / SGD loop with hand-written
 * backpropagation; never `fit`), `sensitivity` (synonymic sensitivity of every hidden
 * layer to synonym exchange at every level), and here the learner glue: one run from
 * request to outcome.
 */

export { NET_DEFAULTS, NetOptionsSchema, type NetOptions } from './options';
export type { NetKind } from './architecture';
export { synonymExchange } from './sensitivity';

/** Held-out inputs are classified in chunks of this many. */
const EVAL_CHUNK = 1024;

/** Fraction of the held-out samples whose predicted class is not their label. */
function heldOutError(net: Net, test: SampleBatch): number {
  const nt = test.n;
  let wrong = 0;
  for (let r0 = 0; r0 < nt; r0 += EVAL_CHUNK) {
    const rows = Int32Array.from({ length: Math.min(EVAL_CHUNK, nt - r0) }, (_, i) => r0 + i);
    const p = predict(net, test.tokens, rows);
    for (let i = 0; i < rows.length; i++) if (p[i] !== test.labels[rows[i] as number]) wrong++;
  }
  return wrong / nt;
}

/** Per-level measurements: the synonymic sensitivity of every hidden layer (null when `sensitivitySamples` is 0). */
function measureLevels(net: Net, g: Grammar, opts: NetOptions, testSamples: number, root: Rng): NetworkLevel[] {
  let sens: number[][] | null = null;
  if (opts.sensitivitySamples > 0) {
    const ns = Math.min(opts.sensitivitySamples, testSamples);
    const sub = sampleIid(g, ns, root.stream('sensitivity/inputs'), { latent: true });
    sens = synonymicSensitivity(net, g, sub, root.stream('sensitivity/exchange'));
  }
  return Array.from({ length: g.L }, (_, i) => ({
    kind: 'network' as const,
    level: i + 1,
    recoveryRate: null,
    synonymicSensitivity: sens ? (sens[i] as number[]) : null,
    sensitivityLayers: net.kind === 'cnn' ? 'hidden layers k = 1..L (bottom-up)' : 'the hidden layer',
  }));
}

/**
 * Train a `cnn` or `fcn` end to end on cross-entropy and evaluate it.
 * @param kind - architecture.
 * @param request - budget (training-set size P), seed, held-out size, options.
 */
export async function runNet(kind: NetKind, request: LearnRequest): Promise<LearnOutcome<NetworkLevel>> {
  const t0 = process.hrtime.bigint();
  const opts = resolveOptions(kind, NetOptionsSchema, NET_DEFAULTS, request.options);
  const g = request.grammar;
  const nc = classCount(g);
  assertRequestFits(request, 0);
  assertNetFits(kind, g, opts, request.samples);
  const backend = await ensureBackend(request.backend === 'auto' ? undefined : request.backend);
  const root = Rng.fromSeed(request.seed);
  const n = request.samples;
  const train = sampleIid(g, n, root.stream('sample'));
  const net = buildNet(kind, g, opts.width, root.stream('init'));
  const progress = request.onProgress ?? (() => undefined);
  try {
    const { epochs, lastLoss } = trainNet(net, train, opts, root.stream('shuffle'), progress);
    progress(0.95, 'evaluation');
    const test = sampleIid(g, request.testSamples, root.stream('test'), { latent: true });
    const testError = heldOutError(net, test);
    const levels = measureLevels(net, g, opts, request.testSamples, root);
    progress(1, 'done');
    const status = statusFor(testError, nc, request.targetFraction);
    return {
      status,
      learner: kind,
      samples: n,
      testError,
      levels,
      backend,
      resolvedOptions: opts,
      training: { epochs, finalTrainLoss: lastLoss },
      seconds: secondsSince(t0),
      ...(status === 'not-learned'
        ? {
            reason: `test error ${testError.toFixed(4)} above the target after ${epochs} epoch(s) (final training loss ${lastLoss.toPrecision(3)})`,
          }
        : {}),
    };
  } finally {
    disposeNet(net);
  }
}
