import { Type, type Static } from '@sinclair/typebox';
import { classCount, type Grammar } from '../grammar/grammar';
import { sampleIid } from '../sampling/iid';
import { Rng } from '../util/rng';
import { assertRequestFits, latentLevel, resolveOptions, secondsSince, statusFor } from './common';
import { exactLevelGaps, ZERO_GAP_TOLERANCE, type ExactLevelGap } from './diagnosis';
import { kmeans } from './kmeans';
import { matchedRecovery } from './matching';
import { PatchIndex } from './patch-index';
import type { LearnOutcome, LearnRequest, Learner, LevelMeasurement } from './types';

/** Options of `layerwise-cluster` (pass with `--option key=value`). */
export const LayerwiseClusterOptionsSchema = Type.Object(
  {
    features: Type.Union([Type.Literal('positional'), Type.Literal('pooled')], {
      description:
        "positional: a patch's feature is its label-frequency vectors at every patch position side by side (deviations from the label marginal); pooled: one frequency vector over all positions",
    }),
    restarts: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'k-means++ restarts per level (best inertia kept)',
    }),
    maxIterations: Type.Integer({ minimum: 1, maximum: 100000, description: 'Lloyd iterations per restart' }),
    mergeThreshold: Type.Number({
      minimum: 0,
      description:
        'after k-means, merge two clusters while the squared distance of their pooled label frequencies is below this multiple of its expected value under sampling noise alone (0: never merge); handles parents that never occur, which would otherwise split a true cluster',
    }),
  },
  { additionalProperties: false },
);

/** Resolved options of `layerwise-cluster`. */
export type LayerwiseClusterOptions = Static<typeof LayerwiseClusterOptionsSchema>;

/** Defaults of `layerwise-cluster`. */
export const LAYERWISE_CLUSTER_DEFAULTS: LayerwiseClusterOptions = Object.freeze({
  features: 'positional',
  restarts: 32,
  maxIterations: 100,
  mergeThreshold: 3,
});

/** Positional feature tables larger than this many numbers fall back to pooled features for that level. */
const MAX_POSITIONAL_FEATURE_NUMBERS = 1 << 25;

interface StageResult {
  /** Cluster of every distinct training patch. */
  readonly clusterOf: Int32Array;
  readonly index: PatchIndex;
  readonly measurement: Omit<LevelMeasurement, 'level' | 'recoveryRate'>;
}

/**
 * One stage: estimate label-given-patch frequencies of every distinct patch
 * (per position or pooled), cluster them into k groups (weighted k-means).
 */
function clusterStage(
  train: Int32Array,
  n: number,
  width: number,
  alphabet: number,
  s: number,
  labels: Int32Array,
  nc: number,
  k: number,
  opts: LayerwiseClusterOptions,
  rng: Rng,
): StageResult {
  const K = width / s;
  const index = new PatchIndex(alphabet, s);
  const ids = new Int32Array(n * K);
  for (let i = 0; i < n; i++) for (let p = 0; p < K; p++) ids[i * K + p] = index.add(train, i * width + p * s);
  const nP = index.size;
  const positional = opts.features === 'positional' && nP * K * nc <= MAX_POSITIONAL_FEATURE_NUMBERS;
  const slots = positional ? K : 1;
  const dim = slots * nc;
  const counts = new Float64Array(nP * dim);
  const marginal = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    const z = labels[i] as number;
    marginal[z] = (marginal[z] as number) + 1 / n;
    for (let p = 0; p < K; p++) {
      const id = ids[i * K + p] as number;
      if (id < 0) continue;
      const at = id * dim + (positional ? p * nc : 0) + z;
      counts[at] = (counts[at] as number) + 1;
    }
  }
  const points = new Float64Array(nP * dim);
  const weights = new Float64Array(nP);
  for (let id = 0; id < nP; id++) {
    for (let slot = 0; slot < slots; slot++) {
      const base = id * dim + slot * nc;
      let t = 0;
      for (let z = 0; z < nc; z++) t += counts[base + z] as number;
      weights[id] = (weights[id] as number) + t;
      if (t === 0) continue;
      for (let z = 0; z < nc; z++) points[base + z] = (counts[base + z] as number) / t - (marginal[z] as number);
    }
  }
  const raw = kmeans(points, weights, nP, dim, k, rng, opts.restarts, opts.maxIterations);
  const merged =
    opts.mergeThreshold > 0
      ? mergeNoiseSplits(raw.assignment, counts, nP, slots, nc, k, marginal, opts.mergeThreshold)
      : raw.assignment;
  const km = { assignment: merged, centroids: centroidsOf(points, weights, merged, nP, dim, k) };
  // Spread (ε̃_S analogue): largest distance of a patch's feature to its cluster centroid;
  // gap (ρ̃ analogue): smallest distance between two non-empty cluster centroids.
  const used = new Uint8Array(k);
  let spread = 0;
  for (let id = 0; id < nP; id++) {
    const c = km.assignment[id] as number;
    used[c] = 1;
    let d2 = 0;
    for (let t = 0; t < dim; t++) {
      const d = (points[id * dim + t] as number) - (km.centroids[c * dim + t] as number);
      d2 += d * d;
    }
    spread = Math.max(spread, Math.sqrt(d2));
  }
  let gap = Infinity;
  for (let a = 0; a < k; a++) {
    if (!used[a]) continue;
    for (let b = a + 1; b < k; b++) {
      if (!used[b]) continue;
      let d2 = 0;
      for (let t = 0; t < dim; t++) {
        const d = (km.centroids[a * dim + t] as number) - (km.centroids[b * dim + t] as number);
        d2 += d * d;
      }
      gap = Math.min(gap, Math.sqrt(d2));
    }
  }
  let usedCount = 0;
  for (let c = 0; c < k; c++) usedCount += used[c] as number;
  return {
    clusterOf: km.assignment,
    index,
    measurement: {
      clusters: k,
      clustersUsed: usedCount,
      distinctPatchesSeen: nP,
      features: positional ? 'positional' : 'pooled',
      featureDimension: dim,
      intraClusterSpread: spread,
      interClusterGap: Number.isFinite(gap) ? gap : null,
      separated: Number.isFinite(gap) ? spread < gap / 2 : false,
    },
  };
}

/** Count-weighted centroids of the points of each cluster (k × dim). */
function centroidsOf(
  points: Float64Array,
  weights: Float64Array,
  assignment: Int32Array,
  n: number,
  dim: number,
  k: number,
): Float64Array {
  const c = new Float64Array(k * dim);
  const mass = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const a = assignment[i] as number;
    const w = Math.max(weights[i] as number, 1e-12);
    mass[a] = (mass[a] as number) + w;
    for (let t = 0; t < dim; t++) c[a * dim + t] = (c[a * dim + t] as number) + w * (points[i * dim + t] as number);
  }
  for (let a = 0; a < k; a++)
    if ((mass[a] as number) > 0)
      for (let t = 0; t < dim; t++) c[a * dim + t] = (c[a * dim + t] as number) / (mass[a] as number);
  return c;
}

/**
 * Merge clusters that sampling noise alone could have split: for clusters a, b with
 * pooled label counts per slot, d² = Σ_slot ‖f_a − f_b‖² (f = frequencies − marginal,
 * 0 where a cluster has no count) against its null expectation
 * E = Σ_slot Σ_z p̂_z(1 − p̂_z)(1/T_a + 1/T_b) (p̂ pooled over both, terms only for
 * slots with counts). The pair with the smallest d²/E is merged while d²/E < threshold.
 * @returns a new assignment (ids of merged clusters are the smaller id).
 */
function mergeNoiseSplits(
  assignment: Int32Array,
  counts: Float64Array,
  nP: number,
  slots: number,
  nc: number,
  k: number,
  marginal: Float64Array,
  threshold: number,
): Int32Array {
  const dim = slots * nc;
  const cc = new Float64Array(k * dim);
  for (let i = 0; i < nP; i++) {
    const a = assignment[i] as number;
    for (let t = 0; t < dim; t++) cc[a * dim + t] = (cc[a * dim + t] as number) + (counts[i * dim + t] as number);
  }
  const alive = new Uint8Array(k);
  for (let i = 0; i < nP; i++) alive[assignment[i] as number] = 1;
  const target = Int32Array.from({ length: k }, (_, a) => a);
  const total = (a: number, slot: number): number => {
    let t = 0;
    for (let z = 0; z < nc; z++) t += cc[a * dim + slot * nc + z] as number;
    return t;
  };
  for (;;) {
    let best = Infinity;
    let pair: [number, number] | null = null;
    for (let a = 0; a < k; a++) {
      if (!alive[a]) continue;
      for (let b = a + 1; b < k; b++) {
        if (!alive[b]) continue;
        let d2 = 0;
        let e = 0;
        for (let slot = 0; slot < slots; slot++) {
          const ta = total(a, slot);
          const tb = total(b, slot);
          if (ta === 0 && tb === 0) continue;
          for (let z = 0; z < nc; z++) {
            const ca = cc[a * dim + slot * nc + z] as number;
            const cb = cc[b * dim + slot * nc + z] as number;
            const fa = ta > 0 ? ca / ta - (marginal[z] as number) : 0;
            const fb = tb > 0 ? cb / tb - (marginal[z] as number) : 0;
            d2 += (fa - fb) * (fa - fb);
            const p = (ca + cb) / (ta + tb);
            e += p * (1 - p) * ((ta > 0 ? 1 / ta : 0) + (tb > 0 ? 1 / tb : 0));
          }
        }
        const ratio = e > 0 ? d2 / e : d2 > 0 ? Infinity : 0;
        if (ratio < best) {
          best = ratio;
          pair = [a, b];
        }
      }
    }
    if (pair === null || !(best < threshold)) break;
    const [a, b] = pair;
    for (let t = 0; t < dim; t++) cc[a * dim + t] = (cc[a * dim + t] as number) + (cc[b * dim + t] as number);
    alive[b] = 0;
    for (let c = 0; c < k; c++) if (target[c] === b) target[c] = a;
  }
  return assignment.map((a) => target[a] as number);
}

/** Map a sequence of level-l ids (width per sample) to the level-(l−1) cluster ids of its patches (−1 for unseen patches). */
function mapUp(seq: Int32Array, n: number, width: number, s: number, stage: StageResult): Int32Array {
  const K = width / s;
  const out = new Int32Array(n * K);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < K; p++) {
      const id = stage.index.get(seq, i * width + p * s);
      out[i * K + p] = id < 0 ? -1 : (stage.clusterOf[id] as number);
    }
  }
  return out;
}

/** Explain the first level (bottom-up, in training order) that was not recovered. */
export function recoveryReason(
  levels: readonly LevelMeasurement[],
  gaps: readonly ExactLevelGap[] | null,
): string | undefined {
  const failing = levels.filter((m) => m.recoveryRate !== null && m.recoveryRate < 1).map((m) => m.level);
  if (failing.length === 0) return undefined;
  const worst = Math.max(...failing);
  const m = levels.find((x) => x.level === worst) as LevelMeasurement;
  const gap = gaps?.find((x) => x.level === worst);
  let why = "not enough samples to separate its parents' label statistics";
  if (gap) {
    const g = gap.allPositionsGap ?? gap.firstPatchGap;
    const w = gap.allPositionsGap !== null ? gap.allPositionsWitness : gap.firstPatchWitness;
    if (g <= ZERO_GAP_TOLERANCE && w) {
      why = `zero gap: level-${worst - 1} symbols ${w[0]} and ${w[1]} have identical label posteriors at every position (exact gap ${g.toExponential(2)}), so no label statistic separates their patches`;
    } else {
      why = `${why} (exact gap ${g.toPrecision(3)}${gap.allPositionsGap !== null ? ' over all positions' : ' at the first patch'}, first-patch ρ̂ = ${gap.firstPatchGap.toPrecision(3)})`;
    }
  }
  const others = failing.filter((l) => l !== worst);
  return `level ${worst} not recovered (recovery rate ${(m.recoveryRate as number).toFixed(4)} on held-out patches): ${why}${others.length > 0 ? `; levels ${others.join(', ')} above it inherit its errors or fail too` : ''}`;
}

/** Exact gaps only for grammars small enough that the v³ matrix products stay cheap. */
export function exactGapsIfSmall(g: Grammar): ExactLevelGap[] | null {
  return Math.max(...g.vocabulary) <= 512 ? exactLevelGaps(g) : null;
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
export const layerwiseCluster: Learner = {
  name: 'layerwise-cluster',
  description:
    'Construction 2 of [R] / [C] layerwise clustering: label-given-patch frequencies, k-means per level, discrete ids passed up',
  usesTensorflow: false,
  shallow: false,
  options: { schema: LayerwiseClusterOptionsSchema, defaults: LAYERWISE_CLUSTER_DEFAULTS },
  async run(request: LearnRequest): Promise<LearnOutcome> {
    const t0 = process.hrtime.bigint();
    const opts = resolveOptions(
      'layerwise-cluster',
      LayerwiseClusterOptionsSchema,
      LAYERWISE_CLUSTER_DEFAULTS,
      request.options,
    );
    // Per training sample: ids of each level (≤ 2·d int32) besides the tokens.
    assertRequestFits(request, 8 * request.grammar.s ** request.grammar.L);
    const g = request.grammar;
    const { s, L } = g;
    const nc = classCount(g);
    const root = Rng.fromSeed(request.seed);
    const n = request.samples;
    const nt = request.testSamples;
    const progress = request.onProgress ?? (() => undefined);
    progress(0, 'sampling');
    const train = sampleIid(g, n, root.stream('sample'));
    const test = sampleIid(g, nt, root.stream('test'), { latent: true });
    let trainSeq = train.tokens;
    let testSeq = test.tokens;
    const measured: LevelMeasurement[] = [];
    for (let l = L; l >= 1; l--) {
      progress((L - l) / L, `level ${l}`);
      const width = s ** l;
      const k = g.vocabulary[l - 1] as number;
      const stage = clusterStage(
        trainSeq,
        n,
        width,
        g.vocabulary[l] as number,
        s,
        train.labels,
        nc,
        k,
        opts,
        root.stream(`cluster/level-${l}`),
      );
      const nextTrain = mapUp(trainSeq, n, width, s, stage);
      const nextTest = mapUp(testSeq, nt, width, s, stage);
      const truth = latentLevel(test.latent, l - 1);
      const rec = matchedRecovery(nextTest, truth, k, k);
      let unseen = 0;
      for (let i = 0; i < nextTest.length; i++) if ((nextTest[i] as number) < 0) unseen++;
      const mult = g.m;
      measured.push({
        level: l,
        recoveryRate: rec.rate,
        heldOutPatches: rec.total,
        heldOutUnseenPatches: unseen,
        possiblePatches: mult === null ? null : k * mult,
        ...stage.measurement,
      });
      trainSeq = nextTrain;
      testSeq = nextTest;
    }
    // Level 1 clusters → labels by majority vote over the training labels.
    const clusterLabelCounts = new Float64Array(nc * nc);
    for (let i = 0; i < n; i++) {
      const c = trainSeq[i] as number;
      if (c < 0) continue;
      const at = c * nc + (train.labels[i] as number);
      clusterLabelCounts[at] = (clusterLabelCounts[at] as number) + 1;
    }
    const labelOf = new Int32Array(nc).fill(-1);
    for (let c = 0; c < nc; c++) {
      let best = -1;
      let bc = 0;
      for (let z = 0; z < nc; z++) {
        const v = clusterLabelCounts[c * nc + z] as number;
        if (v > bc) {
          bc = v;
          best = z;
        }
      }
      labelOf[c] = best;
    }
    let wrong = 0;
    for (let i = 0; i < nt; i++) {
      const c = testSeq[i] as number;
      const pred = c < 0 ? -1 : (labelOf[c] as number);
      if (pred !== test.labels[i]) wrong++;
    }
    const testError = wrong / nt;
    const gaps = exactGapsIfSmall(g);
    const levels = measured
      .map((m) => {
        const gap = gaps?.find((x) => x.level === m.level);
        return {
          ...m,
          exactGap: gap ? finiteOrNull(gap.firstPatchGap) : null,
          exactGapAllPositions: gap ? finiteOrNull(gap.allPositionsGap) : null,
        };
      })
      .sort((a, b) => a.level - b.level);
    progress(1, 'done');
    const status = statusFor(testError, nc);
    const reason = recoveryReason(levels, gaps);
    return {
      status,
      learner: 'layerwise-cluster',
      samples: n,
      testError,
      levels,
      backend: null,
      resolvedOptions: opts,
      seconds: secondsSince(t0),
      ...(reason
        ? { reason }
        : status === 'not-learned'
          ? {
              reason:
                'every level recovered on held-out patches, but the level-1 cluster → label vote is wrong for some classes',
            }
          : {}),
    };
  },
};

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
