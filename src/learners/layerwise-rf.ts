import type { RfLevel, RfStage } from '../../spec/learn';
import { invalid } from '../errors';
import { theoremSteps } from '../exact/budgets';
import { reasonOf, value, valueOrNull, type Quantity } from '../exact/quantity';
import { statusFor } from '../exact/target';
import { grammarTheory, type GrammarTheory, type LevelTheory } from '../exact/theory';
import { classCount, type RuleLevel } from '../grammar/grammar';
import { sampleIid } from '../sampling/iid';
import { Rng } from '../util/rng';
import { assertRequestFits, exhaustedOutcome, latentLevel, resolveOptions, secondsSince } from './common';
import { chooseSigma } from './rf/bandwidth';
import { drawFrequencies, representations, type Stage } from './rf/features';
import { supportMaxDistances } from './rf/support';
import { measureRfLevel, rfReason } from './rf/measure';
import { LAYERWISE_RF_DEFAULTS, type LayerwiseRfOptions, LayerwiseRfOptionsSchema } from './rf/options';
import { ridgeStage } from './rf/ridge';
import { chooseWidth, lemma10Record } from './rf/width';
import { distinctRows } from './rf/dedup';
import { measureLemmas } from './rf/lemmas';
import type { LearnOutcome, LearnRequest, Learner } from './types';

export { LAYERWISE_RF_DEFAULTS, type LayerwiseRfOptions, LayerwiseRfOptionsSchema } from './rf/options';
export { ridgeStage } from './rf/ridge';

/** The accuracy ε and κ = 1 used by the practical `steps: 'auto'` (Theorem 7's T formula with these values). */
const AUTO_STEPS_EPSILON = 0.01;

/** Budget of each stage l = L..1 (index L−l), summing to at most `total`. */
export function splitBudget(total: number, L: number, m: number, split: 'geometric' | 'equal'): number[] {
  const w = Array.from({ length: L }, (_, i) => (split === 'equal' ? 1 : m ** (L - i)));
  const sw = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.floor((total * x) / sw));
}

/**
 * Budget of each stage l = L..1 (index L−l): the `stageSamples` option when given
 * (entry l−1 for stage l), else the split of `total`.
 * @throws InvalidInputError when `stageSamples` does not have one entry per stage.
 */
export function stageBudgets(total: number, L: number, m: number, opts: LayerwiseRfOptions): number[] {
  const given = opts.stageSamples;
  if (given === undefined) return splitBudget(total, L, m, opts.stageSplit);
  if (given.length !== L)
    invalid(
      'options of learner layerwise-rf',
      '--option stageSamples',
      `stageSamples has ${given.length} entries, but the grammar has L = ${L} stages`,
      `give one budget per stage, e.g. --option 'stageSamples=[${Array.from({ length: L }, () => 1000).join(',')}]'`,
    );
  return Array.from({ length: L }, (_, i) => given[L - 1 - i] as number);
}

/** Theorem 7's prescription for stage l, as recorded beside the practical values. */
function theoryRecord(theory: GrammarTheory, lt: LevelTheory): Omit<RfStage['theory'], 'lemma10'> {
  const t = lt.theorem7;
  const fields: Record<string, Quantity> = {
    epsilonStar: t.epsilon,
    steps: t.steps,
    sigma: t.sigma,
    samples: t.samples,
    kappa: theory.kappa,
    kRho: theory.kRho,
  };
  const reasons: Record<string, string> = {};
  for (const [k, q] of Object.entries(fields)) {
    const r = reasonOf(q);
    if (r !== undefined) reasons[k] = r;
  }
  return {
    epsilonStar: valueOrNull(t.epsilon),
    steps: valueOrNull(t.steps),
    sigma: valueOrNull(t.sigma),
    samples: valueOrNull(t.samples),
    lambda: t.lambda,
    stepSize: t.stepSize,
    C: theory.options.C,
    delta: theory.options.delta,
    kappa: valueOrNull(theory.kappa),
    kRho: valueOrNull(theory.kRho),
    M: null,
    MNote: 'width poly(κ, m, V, s, L)·m^L: no closed form in [R]',
    reasons,
  };
}

interface TrainedStage {
  readonly stage: Stage;
  readonly record: RfStage;
}

/** Train stage l on N fresh samples, given the stages below it. */
function trainStage(
  request: LearnRequest,
  opts: LayerwiseRfOptions,
  theory: GrammarTheory,
  stages: readonly Stage[],
  l: number,
  N: number,
  root: Rng,
): TrainedStage {
  const g = request.grammar;
  const { s, L } = g;
  const nc = classCount(g);
  const batch = sampleIid(g, N, root.stream(`sample/stage-${l}`), { latent: true });
  const reps = representations(g, batch.tokens, N, s ** (L - l + 1), stages);
  const inDim = s * (l === L ? (g.vocabulary[L] as number) : nc);
  const sigmaChoice = chooseSigma(opts, l, g, theory, reps, N * s, root.stream(`sigma/stage-${l}`));
  const { sigma, source } = sigmaChoice;
  const inputs = reps.length === N * inDim ? reps : reps.subarray(0, N * inDim);
  const width = chooseWidth(opts, inDim, s, sigmaChoice, distinctRows(inputs, N, inDim).size, l === L);
  const M = width.M;
  const omega = drawFrequencies(root.stream(`features/stage-${l}`), inDim, M, sigma);
  const lt = theory.levels[l - 1] as LevelTheory;
  const { lambda, stepSize } = lt.theorem7;
  const autoSteps = valueOrNull(theoremSteps(lt.patchCount, 1, nc, value(AUTO_STEPS_EPSILON))) ?? 1;
  const T = opts.steps === 'auto' ? autoSteps : opts.steps;
  const gd = opts.solver === 'gd';
  const fit = ridgeStage(
    inputs,
    batch.labels,
    N,
    inDim,
    omega,
    M,
    nc,
    lambda,
    gd ? { solver: 'gd', eta: stepSize, T } : { solver: 'closed-form' },
  );
  const stage: Stage = {
    level: l,
    inDim,
    M,
    sigma,
    omega,
    wT: fit.wT,
    normaliserFloor: opts.normaliserFloor,
  };
  const record: RfStage = {
    level: l,
    freshSamples: N,
    practical: {
      M,
      MSource: width.source,
      sigma,
      sigmaSource: source,
      lambda,
      stepSize,
      steps: gd ? T : null,
      solver: opts.solver,
      distinctRows: fit.distinctRows,
      solverPath: fit.path,
    },
    theory: { ...theoryRecord(theory, lt), lemma10: lemma10Record(s, sigmaChoice, width) },
    lemmas: measureLemmas({
      inputs,
      N,
      inDim,
      latent: latentLevel(batch.latent, l),
      perSample: s ** l,
      s,
      labels: batch.labels,
      classes: nc,
      omega,
      M,
      sigma,
      rules: g.levels[l - 1] as RuleLevel,
      theory: lt,
    }),
    trainLoss: fit.finalLoss,
  };
  return { stage, record };
}

/** Held-out evaluation through the whole network: per-level measurements and the test error. */
function evaluate(
  request: LearnRequest,
  theory: GrammarTheory,
  trained: readonly TrainedStage[],
  root: Rng,
): { levels: RfLevel[]; testError: number } {
  const g = request.grammar;
  const nc = classCount(g);
  const nt = request.testSamples;
  const test = sampleIid(g, nt, root.stream('test'), { latent: true });
  const levels: RfLevel[] = [];
  const d = g.s ** g.L;
  const stages = trained.map((t) => t.stage);
  const support = supportMaxDistances(g, theory, stages);
  const out = representations(g, test.tokens, nt, d, stages, (st, reps, rows) => {
    const l = st.level;
    const lt = theory.levels[l - 1] as LevelTheory;
    const record = (trained.find((t) => t.stage.level === l) as TrainedStage).record;
    const o = {
      outputs: reps,
      truth: latentLevel(test.latent, l - 1),
      perSample: rows / nt,
      samples: nt,
      classes: nc,
      parents: g.vocabulary[l - 1] as number,
    };
    levels.push(measureRfLevel(o, lt, record, support?.get(l)));
  });
  let wrong = 0;
  for (let i = 0; i < nt; i++) {
    let best = 0;
    for (let z = 1; z < nc; z++) if ((out[i * nc + z] as number) > (out[i * nc + best] as number)) best = z;
    if (best !== test.labels[i]) wrong++;
  }
  levels.sort((a, b) => a.level - b.level);
  return { levels, testError: wrong / nt };
}

function resolveRfOptions(request: LearnRequest): LayerwiseRfOptions {
  const opts = resolveOptions('layerwise-rf', LayerwiseRfOptionsSchema, LAYERWISE_RF_DEFAULTS, request.options);
  if (opts.sigma === 'oracle' && request.oracle !== true) {
    invalid(
      'options of learner layerwise-rf',
      '--oracle',
      "sigma = 'oracle' reads the exact gap ρ̂ from the grammar, which the user has not allowed",
      'add --oracle, or use --option sigma=estimate',
    );
  }
  return opts;
}

/**
 * `layerwise-rf`: the learner of Theorem 7 of [R], faithfully. For l = L, …, 1,
 * on fresh samples: embed the first level-l patch (the previous stages'
 * outputs, or one-hot tokens at l = L) with random Fourier features of
 * bandwidth σ_l, fit one shared W^(l) by ridge regression on the one-hot label
 * (GD from zero, λ = 1/|P_l|, step 2|P_l|/(|P_l|+1)), and normalise the output
 * to sum 1. Held-out recovery compares each level's outputs with the exact
 * q-vectors of its parents. Every exact quantity (q, ρ̂, κ̂, K̂_ρ, ε_*, N^(l), T,
 * σ, λ, step) comes from the theory layer ({@link grammarTheory}).
 *
 * σ_l and M_l follow Lemma 10 by default: the input separation ρ̃ is √2 (one-hot) at
 * l = L and, above, the smallest distance between k-means centroids of the previous
 * stage's outputs on its own training patches (the last merge distance when merging
 * leaves a single cluster; 'oracle', which needs `request.oracle`, uses the exact
 * ρ̂^(l+1)); σ = ρ̃/√(2 ln(2/ε_O)) with ε_O = 1/|P_l| (a numeric kernelFloor f gives
 * ρ̃/√(2 ln(1/f)) instead), and M is Lemma 10's width capped at `maxFeatures`
 * (src/exact/lemma10.ts). The theory's σ, M, T, N^(l) and ε_*^(l) are recorded per level.
 *
 * Computation (exact, no TensorFlow.js): at every stage the embeddings, Σ̂ and Ĉ are
 * computed once per distinct input row (keyed by its float32 bytes) weighted by its
 * count, and evaluation applies each stage once per distinct row and scatters back.
 * `solver: 'gd'` is the T-step GD iterate from W = 0, computed exactly through the
 * eigendecomposition of Σ̂ + λI in float64 (in the K × K dual when K ≤ 2M); sin/cos
 * and the small dense algebra are plain typed-array loops, which measured faster than
 * TensorFlow.js at these sizes. So the result's `backend` is null and `request.backend`
 * is ignored.
 *
 * @example
 * const out = await layerwiseRf.run({ grammar, samples: 16384, seed: 1, testSamples: 2048 });
 */
export const layerwiseRf: Learner<LayerwiseRfOptions, RfLevel> = {
  name: 'layerwise-rf',
  description:
    'Theorem 7 of [R]: layerwise random-feature ridge regression on the first patch, fresh samples per stage',
  usesTensorflow: false,
  shallow: false,
  options: { schema: LayerwiseRfOptionsSchema, defaults: LAYERWISE_RF_DEFAULTS },
  run(request: LearnRequest): Promise<LearnOutcome<RfLevel>> {
    return Promise.resolve().then(() => runRf(request));
  },
};

function runRf(request: LearnRequest): LearnOutcome<RfLevel> {
  const t0 = process.hrtime.bigint();
  const opts = resolveRfOptions(request);
  const g = request.grammar;
  const { s, L } = g;
  const nc = classCount(g);
  assertRequestFits(request, 4 * Math.max(g.vocabulary[L] as number, nc) * s ** L);
  const backend = null;
  const root = Rng.fromSeed(request.seed);
  const budgets = stageBudgets(request.samples, L, g.m ?? 1, opts);
  if (budgets.some((b) => b < 2)) {
    const why = `a budget of ${request.samples} samples split over ${L} stages (${opts.stageSplit}) leaves a stage with fewer than 2 fresh samples`;
    return exhaustedOutcome('layerwise-rf', g, 0, opts, secondsSince(t0), why, backend);
  }
  const progress = request.onProgress ?? (() => undefined);
  const theory = grammarTheory(g);
  const trained: TrainedStage[] = [];
  for (let l = L; l >= 1; l--) {
    progress((L - l) / (L + 1), `stage ${l}`);
    trained.push(
      trainStage(
        request,
        opts,
        theory,
        trained.map((t) => t.stage),
        l,
        budgets[L - l] as number,
        root,
      ),
    );
  }
  progress(L / (L + 1), 'evaluation');
  const { levels, testError } = evaluate(request, theory, trained, root);
  progress(1, 'done');
  const reason = rfReason(levels, theory.levels);
  return {
    status: statusFor(testError, nc, request.targetFraction),
    learner: 'layerwise-rf',
    samples: budgets.reduce((a, b) => a + b, 0),
    testError,
    levels,
    backend,
    resolvedOptions: opts,
    seconds: secondsSince(t0),
    ...(reason ? { reason } : {}),
  };
}
