import fc from 'fast-check';
import type { GeneratorParams } from '../../spec/generator';
import type { LearnLevel } from '../../spec/learn';
import { grammarTheory } from '../exact/theory';
import { generateGrammar } from '../grammar/generate';
import { classCount, compileGrammar, type Grammar } from '../grammar/grammar';
import type { Learner, LearnOutcome } from '../learners/types';
import { precheckGrammar } from '../scaling/job';
import { searchPStar } from '../scaling/pstar';
import { FC_SEED, anyGeneratorParams, generatorParams, type ParamBounds } from './arbitraries';

/** Options of {@link learnerProperties} and the checks it runs; every field has a default. */
export interface LearnerPropertyOptions {
  /** Training samples for the recovery properties, from the grammar's parameters; default 16·n_c·m^L. */
  readonly budget?: (p: GeneratorParams) => number;
  /** Whether a level counts as recovered; default: `recovered` for layerwise-rf levels, `recoveryRate` ≥ `recoveryThreshold` otherwise. */
  readonly recovered?: (level: LearnLevel) => boolean;
  /** Share of held-out patches mapped to the true parent that counts as recovered (default 0.95). */
  readonly recoveryThreshold?: number;
  /** Held-out samples per run (default 2048). */
  readonly testSamples?: number;
  /** Learner options passed with every request. */
  readonly learnerOptions?: Readonly<Record<string, unknown>>;
  /** Bounds of the grammars drawn (default v, n_c ≤ 6, s = 2, L ≤ 3, m ≤ 3). */
  readonly bounds?: Partial<ParamBounds>;
  /** Grammars tried per property (default 4). */
  readonly numRuns?: number;
  /** fast-check seed (default the harness's fixed seed); printed with every failure. */
  readonly seed?: number;
  /**
   * The P* property: per cell (m, L) of the grid, with v = n_c = `vocab`, P* must lie within
   * a factor `factor` of n_c·m^L. Default grid m ∈ {3}, L ∈ {2}, vocab 6, factor 16, 1 grammar seed;
   * `false` leaves it out.
   */
  readonly pStar?:
    | false
    | {
        readonly m?: readonly number[];
        readonly L?: readonly number[];
        readonly vocab?: number;
        readonly factor?: number;
        readonly grammarSeeds?: readonly number[];
      };
  /** Whether to run the zero-gap property (default true). */
  readonly zeroGap?: boolean;
  /** Per-test timeout handed to the test runner, ms (default 120 000). */
  readonly timeout?: number;
}

/** Defaults of {@link LearnerPropertyOptions}. */
export const LEARNER_PROPERTY_DEFAULTS = Object.freeze({
  /** 16·n_c·m^L training samples. */
  budget: (p: GeneratorParams): number => 16 * p.classes * p.m ** p.L,
  recoveryThreshold: 0.95,
  testSamples: 2048,
  bounds: Object.freeze({ maxVocab: 6, maxS: 2, maxL: 3, maxM: 3 }),
  numRuns: 4,
  seed: FC_SEED,
  pStar: Object.freeze({ m: [3], L: [2], vocab: 6, factor: 16, grammarSeeds: [1] }),
  timeout: 120_000,
});

function resolved(o: LearnerPropertyOptions) {
  const d = LEARNER_PROPERTY_DEFAULTS;
  const threshold = o.recoveryThreshold ?? d.recoveryThreshold;
  const recovered =
    o.recovered ??
    ((l: LearnLevel): boolean =>
      l.kind === 'layerwise-rf' ? l.recovered : l.recoveryRate !== null && l.recoveryRate >= threshold);
  return {
    budget: o.budget ?? d.budget,
    recovered,
    testSamples: o.testSamples ?? d.testSamples,
    learnerOptions: o.learnerOptions ?? {},
    bounds: { ...d.bounds, ...o.bounds },
    params: { seed: o.seed ?? d.seed, numRuns: o.numRuns ?? d.numRuns },
    pStar: o.pStar === false ? (false as const) : { ...d.pStar, ...(o.pStar ?? {}) },
  };
}

function grammarOf(p: GeneratorParams): Grammar {
  return compileGrammar(generateGrammar(p));
}

async function learn(learner: Learner, g: Grammar, samples: number, seed: number, o: ReturnType<typeof resolved>) {
  return learner.run({ grammar: g, samples, seed, testSamples: o.testSamples, options: o.learnerOptions });
}

/** The outcome without what legitimately differs between equal runs (wall time). */
function comparable(r: LearnOutcome): unknown {
  const { seconds: _seconds, ...rest } = r;
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

/**
 * Same seed, same result: two runs with the same grammar, budget and seed give the same
 * outcome (apart from the wall time).
 * @param learner - the learner under test.
 * @param options - see {@link LearnerPropertyOptions}.
 * @throws Error with fast-check's report (seed, path, shrunk grammar parameters and seed) on failure.
 */
export async function checkSameSeedSameResult(learner: Learner, options: LearnerPropertyOptions = {}): Promise<void> {
  const o = resolved(options);
  await fc.assert(
    fc.asyncProperty(anyGeneratorParams(o.bounds), fc.integer({ min: 0, max: 2 ** 31 }), async (p, seed) => {
      const g = grammarOf(p);
      const samples = Math.min(o.budget(p), 1 << 16);
      const a = comparable(await learn(learner, g, samples, seed, o));
      const b = comparable(await learn(learner, g, samples, seed, o));
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('two runs with the same seed differ');
    }),
    o.params,
  );
}

/**
 * Every level recovered on grammars that meet the assumptions of [R] (rule structure,
 * non-degeneracy, weak identifiability: the harness's exact pre-check), at the stated budget.
 * @param learner - the learner under test.
 * @param options - the budget and the recovery criterion, see {@link LearnerPropertyOptions}.
 * @throws Error with the shrunk grammar parameters, the seed and the unrecovered levels.
 */
export async function checkRecoversEveryLevel(learner: Learner, options: LearnerPropertyOptions = {}): Promise<void> {
  const o = resolved(options);
  const passing = anyGeneratorParams(o.bounds).filter((p) => precheckGrammar(grammarOf(p)).failed.length === 0);
  await fc.assert(
    fc.asyncProperty(passing, fc.integer({ min: 0, max: 2 ** 31 }), async (p, seed) => {
      const r = await learn(learner, grammarOf(p), o.budget(p), seed, o);
      const missed = r.levels.filter((l) => !o.recovered(l)).map((l) => l.level);
      if (missed.length > 0)
        throw new Error(`levels ${missed.join(', ')} not recovered at ${o.budget(p)} samples (status ${r.status})`);
    }),
    o.params,
  );
}

/**
 * Not recovered where the gap is zero: on grammars with a level whose exact gap ρ̂^(l) at the
 * first patch is 0 (two non-synonym patches with the same q-vector, [R] Assumption 6(b)
 * violated), that level is not reported as recovered, at the stated budget. This holds for
 * learners that, as Theorem 7's, read the label statistics of the first patch; a learner that
 * reads other positions may separate the pair there (set `zeroGap: false` to leave it out).
 * @param learner - the learner under test.
 * @param options - see {@link LearnerPropertyOptions}.
 * @throws Error with the shrunk grammar parameters, the seed and the level reported recovered.
 */
export async function checkZeroGapNotRecovered(learner: Learner, options: LearnerPropertyOptions = {}): Promise<void> {
  const o = resolved(options);
  const zeroLevels = (p: GeneratorParams): number[] =>
    grammarTheory(grammarOf(p))
      .levels.filter((l) => l.zeroGap)
      .map((l) => l.level);
  const withZeroGap = generatorParams('cagnetta', o.bounds)
    .filter((p) => p.L >= 2)
    .map((p) => ({ p, zero: zeroLevels(p) }))
    .filter((x) => x.zero.length > 0);
  await fc.assert(
    fc.asyncProperty(withZeroGap, fc.integer({ min: 0, max: 2 ** 31 }), async ({ p, zero }, seed) => {
      const r = await learn(learner, grammarOf(p), o.budget(p), seed, o);
      const wrong = r.levels.filter((l) => zero.includes(l.level) && o.recovered(l)).map((l) => l.level);
      if (wrong.length > 0) throw new Error(`zero-gap levels ${wrong.join(', ')} reported recovered`);
    }),
    o.params,
  );
}

/**
 * P* (the smallest training-set size reaching 10% of chance error, [C]) lies within a factor of
 * [C]'s n_c·m^L on each cell of a small grid (v = n_c; grammars that fail the pre-check are skipped).
 * @param learner - the learner under test.
 * @param options - `pStar`: the grid and the factor, see {@link LearnerPropertyOptions}.
 * @throws Error naming the cell, the grammar seed, P* (or that it was not reached) and the bounds.
 */
export async function checkPStarScale(learner: Learner, options: LearnerPropertyOptions = {}): Promise<void> {
  const o = resolved(options);
  if (o.pStar === false) return;
  const { m: ms, L: Ls, vocab, factor, grammarSeeds } = o.pStar;
  for (const m of ms)
    for (const L of Ls)
      for (const gs of grammarSeeds) {
        const params: GeneratorParams = { sampler: 'cagnetta', classes: vocab, vocab, m, s: 2, L, seed: gs };
        const g = grammarOf(params);
        if (precheckGrammar(g).failed.length > 0) continue;
        const scale = classCount(g) * m ** L;
        const chance = 1 - 1 / classCount(g);
        const search = {
          start: Math.max(1, Math.floor(scale / factor)),
          ratio: 2 ** 0.25,
          stride: 4,
          maxSamples: scale * factor,
        };
        const r = await searchPStar(search, async (P) => {
          const out = await learn(learner, g, P, gs, o);
          return {
            testError: out.testError,
            passed: out.testError <= 0.1 * chance,
            samples: out.samples,
            learnerStatus: out.status,
          };
        });
        const where = `m = ${m}, L = ${L}, v = n_c = ${vocab}, grammar seed ${gs}: n_c·m^L = ${scale}`;
        if (r.status !== 'reached') throw new Error(`${where}: P* not reached within ${factor}·n_c·m^L`);
        if (r.pStar < scale / factor || r.pStar > scale * factor)
          throw new Error(`${where}: P* = ${r.pStar} outside [n_c·m^L/${factor}, ${factor}·n_c·m^L]`);
      }
}

interface TestGlobals {
  describe: (name: string, body: () => void) => void;
  test: (name: string, body: () => Promise<void>, timeout?: number) => void;
}

/**
 * The property suite the built-in learners are held to, for any learner, declared as tests
 * of the running test framework (jest, or any runner with global `describe` and `test`):
 * same seed same result; every level recovered on grammars meeting the assumptions at the
 * stated budget; not recovered where the gap is zero; P* within a factor of n_c·m^L. A failure
 * reports fast-check's seed and the shrunk counterexample (grammar parameters and seed).
 * @param learner - the learner under test.
 * @param options - budget, recovery criterion, grammar bounds, runs, the P* grid.
 * @throws Error when called outside a test file (no global `describe`/`test`).
 * @example
 * // my-learner.test.ts
 * import { learnerProperties } from 'rhm-harness/testing';
 * learnerProperties(myLearner, { budget: (p) => 8 * p.classes * p.m ** p.L });
 */
export function learnerProperties(learner: Learner, options: LearnerPropertyOptions = {}): void {
  const g = globalThis as unknown as Partial<TestGlobals>;
  const { describe, test } = g;
  if (typeof describe !== 'function' || typeof test !== 'function')
    throw new Error('learnerProperties declares tests: call it in a jest test file (or use the check* functions)');
  const timeout = options.timeout ?? LEARNER_PROPERTY_DEFAULTS.timeout;
  describe(`learnerProperties(${learner.name})`, () => {
    test('[learner-same-seed] same seed, same result', () => checkSameSeedSameResult(learner, options), timeout);
    test(
      '[learner-recovers-levels] every level recovered where the assumptions hold, at the stated budget',
      () => checkRecoversEveryLevel(learner, options),
      timeout,
    );
    if (options.zeroGap !== false)
      test(
        '[learner-zero-gap] a level with a zero gap is not recovered',
        () => checkZeroGapNotRecovered(learner, options),
        timeout,
      );
    if (options.pStar !== false)
      test(
        '[learner-pstar-scale] P* within a factor of n_c·m^L on a small grid',
        () => checkPStarScale(learner, options),
        timeout,
      );
  });
}
