import { invalid } from '../../errors';
import { classCount, type Grammar } from '../../grammar/grammar';
import { sampleIid, type SampleBatch } from '../../sampling/iid';
import { Rng } from '../../util/rng';
import type { ClusterLevel } from '../../../spec/learn';
import { statusFor } from '../../exact/target';
import { assertRequestFits, latentLevel, resolveOptions, secondsSince } from '../common';
import type { LearnOutcome, LearnRequest, Learner } from '../types';
import { clusterStage } from './clustering';
import { clustersOf, idsAbove, sampleLevelIds, type LevelIds } from './level-ids';
import {
  type ClusterMeasured,
  exactGapsIfSmall,
  levelRecovery,
  majorityLabels,
  mapUp,
  recoveryReason,
  voteError,
  withExactGaps,
} from './measurement';
import { LAYERWISE_CLUSTER_DEFAULTS, LayerwiseClusterOptionsSchema, type LayerwiseClusterOptions } from './options';

/**
 * `layerwise-cluster`, one job per file: `options` (schema and defaults),
 * `statistics` (label-given-patch frequencies per position), `clustering` (one
 * k-means stage and its geometry), `merge` (the noise merge), `measurement`
 * (recovery, the label vote, exact gaps, failure reasons), and here the learner.
 */

export { LAYERWISE_CLUSTER_DEFAULTS, LayerwiseClusterOptionsSchema, type LayerwiseClusterOptions } from './options';
export { exactGapsIfSmall, recoveryReason } from './measurement';

/** Level-1 cluster ids of the training and held-out samples after every stage, and each level's measurement. */
interface StagesResult {
  readonly trainLabels: Int32Array;
  readonly trainClusters: Int32Array;
  readonly testClusters: Int32Array;
  /** Per level, in training order l = L, …, 1. */
  readonly measured: ClusterMeasured[];
}

/**
 * Bottom-up, l = L, …, 1: cluster the level-l patches and pass the cluster ids up as
 * level-(l−1) tokens. Only the current level's training ids are kept alive.
 */
function runStages(
  g: Grammar,
  n: number,
  sampleStream: Rng,
  test: SampleBatch,
  opts: LayerwiseClusterOptions,
  root: Rng,
  progress: (fraction: number, label: string) => void,
): StagesResult {
  const { s, L } = g;
  const nc = classCount(g);
  const labels = new Int32Array(n);
  // The only reference to each level's ids, so that the level below is freed once the one above is built.
  let level: LevelIds = sampleLevelIds(g, sampleStream, labels);
  let testSeq = test.tokens;
  let trainClusters: Int32Array = new Int32Array(0);
  const measured: ClusterMeasured[] = [];
  let stageLabels = labels;
  for (let l = L; l >= 1; l--) {
    progress((L - l) / L, `level ${l}`);
    const k = g.vocabulary[l - 1] as number;
    const stage = clusterStage(level, stageLabels, nc, k, opts, root.stream(`cluster/level-${l}`));
    const nextTest = mapUp(testSeq, test.n, s ** l, s, stage);
    measured.push(levelRecovery(l, nextTest, latentLevel(test.latent, l - 1), k, g.m, stage));
    if (l > 1) {
      // Stage l−1 sees only its first stageSamples[l−2] samples: the level-(l−1) patches are indexed from those alone.
      const nAbove = Math.min(level.n, opts.stageSamples?.[l - 2] ?? level.n);
      level = idsAbove(firstSamples(level, nAbove), stage.clusterOf, k, s);
      stageLabels = stageLabels.subarray(0, nAbove);
    } else trainClusters = clustersOf(level, stage.clusterOf);
    testSeq = nextTest;
  }
  return { trainLabels: stageLabels, trainClusters, testClusters: testSeq, measured };
}

/** The ids of the first `n` samples of a level (the same view when n is all of them). */
function firstSamples(level: LevelIds, n: number): LevelIds {
  return n === level.n ? level : { ...level, ids: level.ids.subarray(0, n * level.K), n };
}

/**
 * Training samples to draw: `stageSamples[L−1]` (stage L, the largest) when the option is given, else `samples`.
 * @throws InvalidInputError when `stageSamples` does not have one entry per stage or increases towards stage 1.
 */
export function clusterSampleCount(samples: number, L: number, opts: LayerwiseClusterOptions): number {
  const given = opts.stageSamples;
  if (given === undefined) return samples;
  const subject = 'options of learner layerwise-cluster';
  if (given.length !== L)
    invalid(
      subject,
      '--option stageSamples',
      `stageSamples has ${given.length} entries, but the grammar has L = ${L} stages`,
      `give one budget per stage, e.g. --option 'stageSamples=[${Array.from({ length: L }, () => 1000).join(',')}]'`,
    );
  for (let l = 1; l < L; l++)
    if ((given[l - 1] as number) > (given[l] as number))
      invalid(
        subject,
        '--option stageSamples',
        `stageSamples[${l - 1}] = ${given[l - 1]} (stage ${l}) exceeds stageSamples[${l}] = ${given[l]} (stage ${l + 1}): stage l reuses a prefix of the samples of the stage below it`,
        'give budgets that do not increase from stage L up to stage 1 (entry l−1 ≤ entry l)',
      );
  return given[L - 1] as number;
}

/** The failure reason of a run: the first unrecovered level, or a wrong label vote. */
function reasonFor(
  status: 'learned' | 'not-learned',
  levelReason: string | undefined,
): { reason: string } | Record<string, never> {
  if (levelReason) return { reason: levelReason };
  if (status === 'not-learned') {
    return {
      reason:
        'every level recovered on held-out patches, but the level-1 cluster → label vote is wrong for some classes',
    };
  }
  return {};
}

/**
 * `layerwise-cluster`: Construction 2 of [R], close to the layerwise clustering
 * of [C] §VI. Bottom-up, for l = L, …, 1: estimate the label frequencies
 * given each distinct level-l patch (at every patch position, side by side), cluster
 * the patches into |V_{l−1}| groups by weighted k-means, and replace every patch
 * by its cluster id, which becomes the level-(l−1) token of the next stage. The
 * same training samples serve every level. At level 1 each cluster predicts its
 * majority label. After k-means, clusters whose pooled label frequencies differ by
 * no more than sampling noise explains are merged (`mergeThreshold`): without it a
 * parent that never occurs leaves k-means one cluster too many, and it splits a true one.
 *
 * Per-level recovery: the fraction of held-out level-l patches whose cluster maps
 * to their true parent under the best one-to-one matching of clusters to symbols.
 *
 * @example
 * const out = await layerwiseCluster.run({ grammar, samples: 2048, seed: 1, testSamples: 4096 });
 * out.levels.map((m) => m.recoveryRate); // [1, 1, 1] when every level is recovered
 */
export const layerwiseCluster: Learner<LayerwiseClusterOptions, ClusterLevel> = {
  name: 'layerwise-cluster',
  description:
    'Construction 2 of [R] / [C] layerwise clustering: label-given-patch frequencies, k-means per level, discrete ids passed up',
  usesTensorflow: false,
  shallow: false,
  options: { schema: LayerwiseClusterOptionsSchema, defaults: LAYERWISE_CLUSTER_DEFAULTS },
  async run(request: LearnRequest): Promise<LearnOutcome<ClusterLevel>> {
    const t0 = process.hrtime.bigint();
    const opts = resolveOptions(
      'layerwise-cluster',
      LayerwiseClusterOptionsSchema,
      LAYERWISE_CLUSTER_DEFAULTS,
      request.options,
    );
    // Per training sample: its label and the patch ids of two adjacent levels (d/s + d/s² ≤ d ids of ≤ 4 bytes).
    assertRequestFits(request, 4 + 4 * request.grammar.s ** request.grammar.L);
    const g = request.grammar;
    const nc = classCount(g);
    const root = Rng.fromSeed(request.seed);
    const n = clusterSampleCount(request.samples, g.L, opts);
    const progress = request.onProgress ?? (() => undefined);
    progress(0, 'sampling');
    const test = sampleIid(g, request.testSamples, root.stream('test'), { latent: true });
    const stages = runStages(g, n, root.stream('sample'), test, opts, root, progress);
    const labelOf = majorityLabels(stages.trainClusters, stages.trainLabels, stages.trainLabels.length, nc);
    const testError = voteError(stages.testClusters, test.labels, labelOf, request.testSamples);
    const gaps = exactGapsIfSmall(g);
    const levels = withExactGaps(stages.measured, gaps);
    progress(1, 'done');
    const status = statusFor(testError, nc, request.targetFraction);
    return {
      status,
      learner: 'layerwise-cluster',
      samples: n,
      testError,
      levels,
      backend: null,
      resolvedOptions: opts,
      seconds: secondsSince(t0),
      ...reasonFor(status, recoveryReason(levels, gaps)),
    };
  },
};
