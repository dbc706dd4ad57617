import type { CleanSignalDetails } from '../../spec/check-details';
import { LIMITS } from '../../spec/limits';
import type { Violation } from '../../spec/violation';
import { invalid } from '../errors';
import { patchLawTable } from '../exact/patch-law';
import { classCount, type Grammar, inputLength } from '../grammar/grammar';
import { type SampleBatch, sampleIid } from '../sampling/iid';
import { Rng } from '../util/rng';
import { MIN_EXPECTED } from '../util/stats';
import { type CleanSignalTest, cleanSignalTest, samplesNeeded } from './conditional-independence';
import { type AssumptionVerdict, askers } from './types';

export type { CleanSignalDetails };

/** Options of the `clean-signal` check. */
export interface CleanSignalOptions {
  /** Number of i.i.d. samples of the empirical test (0 skips it). */
  readonly samples: number;
  /** Root seed; the samples come from its 'clean-signal' stream. */
  readonly seed: number;
  /** Level l of the tested first patch (1 ≤ l ≤ L); default max(1, L−1), the deepest level with a non-trivial subtree. */
  readonly level: number | null;
  /** Significance level of the test (false-positive rate on a correct sampler). */
  readonly alpha: number;
}

/** Defaults of {@link CleanSignalOptions}. */
export const CLEAN_SIGNAL_DEFAULTS: CleanSignalOptions = Object.freeze({
  samples: 20000,
  seed: 0,
  level: null,
  alpha: 1e-3,
});

/** Most memory the per-patch posterior table of the empirical test may take (else the test is skipped, with the reason). */
export const MAX_TABLE_BYTES = 512 * 2 ** 20;

/** Level tested by default: max(1, L−1). */
export function defaultSignalLevel(g: Grammar): number {
  return Math.max(1, g.L - 1);
}

/** Symbols per sample with the latent tree: (s^(L+1) − 1)/(s − 1). */
function nodesPerSample(g: Grammar): number {
  return Math.ceil((inputLength(g) * g.s - 1) / (g.s - 1));
}

/**
 * Check that the empirical test's samples fit in memory.
 * @throws InvalidInputError naming --samples (and --signal-level) otherwise.
 */
export function assertCleanSignalOptions(g: Grammar, o: CleanSignalOptions): void {
  if (o.level !== null && (o.level < 1 || o.level > g.L))
    invalid(
      'rhm check',
      'signalLevel',
      `the tested level must be in [1, L = ${g.L}], got ${o.level}`,
      `use a level in 1…${g.L} (default ${defaultSignalLevel(g)})`,
    );
  if (o.samples === 0) return;
  const per = nodesPerSample(g);
  if (inputLength(g) > LIMITS.maxInputLength || o.samples * per > LIMITS.maxTokensInMemory) {
    const most = Math.floor(LIMITS.maxTokensInMemory / per);
    invalid(
      'rhm check',
      'samples',
      inputLength(g) > LIMITS.maxInputLength
        ? `inputs have d = s^L = ${inputLength(g).toExponential(2)} tokens, more than the sampler's limit ${LIMITS.maxInputLength}`
        : `${o.samples} samples with their latent trees need ${o.samples * per} symbols in memory, more than the limit ${LIMITS.maxTokensInMemory}`,
      most > 0
        ? `use --samples ${most} or fewer (or --samples 0 to skip the empirical test)`
        : 'use --samples 0 to skip the empirical test (inputs are too long)',
    );
  }
}

/** Verdict of `clean-signal`. */
export type CleanSignalVerdict = AssumptionVerdict<'clean-signal'>;

const CERTIFICATE =
  'tree-Markov: in an rhm-grammar/1 grammar every node expands independently by rules of its level, so given the first level-l patch µ its subtree is independent of the label and everything above; hence E[e_ζ | µ, subtree] = q_µ^(l) for every realisation (holds for every CFG-induced RHM)';

/** Why the empirical test at `level` cannot run (or cannot test anything) before sampling; null when it can. */
function testPrecondition(
  g: Grammar,
  o: CleanSignalOptions,
  level: number,
  batch: SampleBatch | undefined,
): CleanSignalTest | null {
  if (!batch && o.samples === 0)
    return { status: 'skipped', level, samples: 0, reason: 'no samples requested (--samples 0)' };
  const r = g.levels[level - 1];
  if (!r) throw new RangeError(`level must be in [1, ${g.L}], got ${level}`);
  const tableBytes = ((r.offsets[r.parentCount] as number) - (r.offsets[0] as number)) * (classCount(g) * 8 + 128);
  if (tableBytes > MAX_TABLE_BYTES)
    return {
      status: 'skipped',
      level,
      samples: 0,
      reason: `the table of q_µ for every level-${level} patch would need about ${(tableBytes / 2 ** 20).toFixed(0)} MiB (limit ${MAX_TABLE_BYTES / 2 ** 20} MiB)`,
    };
  if (batch) return null;
  // Decide before sampling whether the requested sample can test anything at this level.
  const needed = samplesNeeded(patchLawTable(g, level));
  if (!Number.isFinite(needed))
    return {
      status: 'inconclusive',
      level,
      samples: 0,
      reason: `every q_µ^(${level}) is one-hot (the label is a function of the first level-${level} patch): nothing to test at this level; choose a deeper --signal-level`,
    };
  if (needed > o.samples)
    return {
      status: 'inconclusive',
      level,
      samples: 0,
      reason: `with ${o.samples} samples no first level-${level} patch is expected to reach two label cells (its most likely label, the rest) of expected count ≥ ${MIN_EXPECTED}; ask for at least --samples ${needed} (no samples drawn)`,
    };
  return null;
}

/** The empirical test at `level`: on `batch`, or on o.samples samples drawn from o.seed's 'clean-signal' stream. */
function runTest(g: Grammar, o: CleanSignalOptions, level: number, batch: SampleBatch | undefined): CleanSignalTest {
  return (
    testPrecondition(g, o, level, batch) ??
    cleanSignalTest(
      g,
      batch ?? sampleIid(g, o.samples, Rng.fromSeed(o.seed).stream('clean-signal'), { latent: true }),
      level,
      o.alpha,
    )
  );
}

type TestedRun = Extract<CleanSignalTest, { status: 'rejected' | 'not-rejected' }>;

/** The violation of a rejected test (a label leak, or a label impossible given its patch). */
function rejection(t: TestedRun): Violation {
  return {
    code: t.contradictions > 0 ? 'impossible-label' : 'label-leak',
    path: '/',
    message:
      t.contradictions > 0
        ? `${t.contradictions} sample(s) have a label of probability 0 given their first level-${t.level} patch (${t.witness?.reason ?? ''})`
        : `label frequencies given (first level-${t.level} patch, subtree realisation) differ from q_µ (chi-square ${t.statistic.toPrecision(5)}, df ${t.df}, p = ${t.pValue.toExponential(3)} < ${t.alpha}): the samples leak the label into the lower levels`,
    fix: 'the data do not come from this grammar with independent expansions: check the sampler (or the data) against the grammar',
  };
}

/**
 * `clean-signal` (condition (ii) of the shallow-to-deep chaining principle of
 * [R]): the regression target E[e_ζ | x̂] of a patch depends on the patch only,
 * not on its lower-level realisation. Certified structurally for every
 * CFG-induced grammar (tree-Markov property), and tested empirically on
 * samples drawn with the harness's sampler ({@link cleanSignalTest}), which
 * catches samplers (or data) that leak the label into lower levels.
 * Holds when the certificate holds and the test does not reject.
 *
 * @param batch - samples to test (drawn from options.seed when omitted).
 * @throws InvalidInputError when the requested samples do not fit in memory.
 * @see theory.md §3; [R] §3 (shallow-to-deep chaining).
 */
export function checkCleanSignal(
  g: Grammar,
  options: Partial<CleanSignalOptions> = {},
  batch?: SampleBatch,
): CleanSignalVerdict {
  const o: CleanSignalOptions = { ...CLEAN_SIGNAL_DEFAULTS, ...options };
  assertCleanSignalOptions(g, o);
  const level = o.level ?? defaultSignalLevel(g);
  const test = runTest(g, o, level, batch);
  const details: CleanSignalDetails = {
    certificate: { holds: true, reason: CERTIFICATE },
    test,
    seed: o.seed,
    stream: 'clean-signal',
    nc: classCount(g),
  };
  const base = {
    id: 'clean-signal' as const,
    threshold: o.alpha,
    comparison: 'value ≥ threshold (p-value of the empirical test vs its significance level)',
  };
  if (!('pValue' in test)) {
    return {
      ...base,
      holds: true,
      value: null,
      valueReason: `empirical test ${test.status}: ${test.reason}`,
      thresholdReason: 'significance level of the empirical test',
      margin: null,
      witness: null,
      summary: `certified (tree-Markov); empirical test ${test.status}`,
      violations: [],
      details,
    };
  }
  return {
    ...base,
    holds: test.status !== 'rejected',
    value: test.pValue,
    thresholdReason: 'significance level of the empirical test (its false-positive rate for a correct sampler)',
    margin: test.pValue - test.alpha,
    witness: test.witness,
    summary: `certified (tree-Markov); empirical test at level ${level}: ${test.status} (chi-square ${test.statistic.toPrecision(5)}, df ${test.df}, p = ${test.pValue.toPrecision(3)}, ${test.samples} samples, seed ${o.seed})`,
    violations: test.status === 'rejected' ? [rejection(test)] : [],
    details,
  };
}

/** Guard, violation list and assertion forms of {@link checkCleanSignal}. */
export const cleanSignal = askers<CleanSignalOptions>('clean-signal', (g, o) => checkCleanSignal(g, o));
