import type { TSchema } from '@sinclair/typebox';
import { LIMITS } from '../../spec/limits';
import { schemaViolations } from '../../spec/validate';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { classCount, inputLength, type Grammar } from '../grammar/grammar';
import { chanceError } from '../exact/target';
import type { LearnOutcome, LearnRequest } from './types';

/**
 * Helpers shared by every learner: the 10%-of-chance target, request checks
 * made before any allocation, option resolution, and latent bookkeeping.
 */

/** Latent symbols of every level need (s^(L+1) − 1)/(s − 1) numbers per sample. */
function latentPerSample(g: Grammar): number {
  return Math.ceil((inputLength(g) * g.s - 1) / (g.s - 1));
}

/**
 * Refuse, before any allocation, a request whose training or held-out data
 * would not fit in memory, naming the field (`samples`, `testSamples`; the CLI shows their flags) and the fix.
 * @param request - the learn request.
 * @param bytesPerTrainingSample - extra bytes a learner keeps per training sample (features, activations).
 * @throws InvalidInputError with every violation found.
 */
export function assertRequestFits(request: LearnRequest, bytesPerTrainingSample = 0): void {
  const g = request.grammar;
  const out: Violation[] = [];
  const d = inputLength(g);
  if (!Number.isSafeInteger(request.samples) || request.samples < 1) {
    out.push({
      code: 'out-of-range',
      path: 'samples',
      message: `the budget must be a whole number ≥ 1, got ${request.samples}`,
      fix: 'give a budget N ≥ 1',
    });
  }
  if (!Number.isSafeInteger(request.testSamples) || request.testSamples < 1) {
    out.push({
      code: 'out-of-range',
      path: 'testSamples',
      message: `held-out samples must be a whole number ≥ 1, got ${request.testSamples}`,
      fix: 'give N ≥ 1 held-out samples',
    });
  }
  if (!Number.isSafeInteger(request.seed) || request.seed < 0) {
    out.push({
      code: 'out-of-range',
      path: 'seed',
      message: `the seed must be a non-negative whole number, got ${request.seed}`,
      fix: 'give a seed K ≥ 0',
    });
  }
  if (d > LIMITS.maxInputLength) {
    out.push({
      code: 'too-large',
      path: 'GRAMMAR',
      message: `inputs have d = s^L = ${d} tokens, more than the limit ${LIMITS.maxInputLength}`,
      fix: 'use a grammar with smaller s or L',
    });
  }
  if (out.length === 0) {
    const trainTokens = request.samples * d;
    if (trainTokens > LIMITS.maxTokensInMemory) {
      out.push({
        code: 'too-large',
        path: 'samples',
        message: `${request.samples} training samples of d = ${d} tokens need ${trainTokens} tokens in memory, more than the limit ${LIMITS.maxTokensInMemory}`,
        fix: `use at most ${Math.floor(LIMITS.maxTokensInMemory / d)} training samples`,
      });
    } else if (bytesPerTrainingSample > 0 && request.samples * bytesPerTrainingSample > MAX_LEARNER_BYTES) {
      out.push({
        code: 'too-large',
        path: 'samples',
        message: `${request.samples} training samples need about ${Math.ceil((request.samples * bytesPerTrainingSample) / 2 ** 20)} MiB of learner state (${bytesPerTrainingSample} bytes each), more than the limit ${MAX_LEARNER_BYTES / 2 ** 20} MiB`,
        fix: `use at most ${Math.floor(MAX_LEARNER_BYTES / bytesPerTrainingSample)} training samples (or a smaller width / feature count)`,
      });
    }
    const testNumbers = request.testSamples * latentPerSample(g);
    if (testNumbers > LIMITS.maxTokensInMemory) {
      out.push({
        code: 'too-large',
        path: 'testSamples',
        message: `${request.testSamples} held-out samples with their latent trees need ${testNumbers} symbols in memory, more than the limit ${LIMITS.maxTokensInMemory}`,
        fix: `use at most ${Math.floor(LIMITS.maxTokensInMemory / latentPerSample(g))} held-out samples`,
      });
    }
  }
  if (out.length > 0) throw new InvalidInputError('learn request', out);
}

/** Most bytes of per-sample learner state (features, activations) a run may hold: 2 GiB. */
export const MAX_LEARNER_BYTES = 2 * 2 ** 30;

/**
 * Resolve a learner's option bag: validate against its schema (violations
 * name `--option KEY`), apply defaults, freeze.
 * @throws InvalidInputError naming the offending option and the fix.
 */
export function resolveOptions<T extends object>(
  learner: string,
  schema: TSchema,
  defaults: T,
  given: Readonly<Record<string, unknown>> | undefined,
): Readonly<T> {
  const merged = { ...defaults, ...(given ?? {}) };
  const violations = schemaViolations(schema, merged).map((v) => ({
    ...v,
    path: v.path === '/' ? '--option' : `--option ${v.path.replace(/^\//, '')}`,
  }));
  if (violations.length > 0) throw new InvalidInputError(`options of learner ${learner}`, violations);
  return Object.freeze(merged);
}

/** Seconds elapsed since `t0` (from `process.hrtime.bigint()`). */
export function secondsSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The symbols of level l of every sample: latent[l] of a batch drawn with latents. */
export function latentLevel(latent: readonly Int32Array[] | undefined, l: number): Int32Array {
  const a = latent?.[l];
  if (!a) throw new RangeError(`no latent symbols for level ${l}`);
  return a;
}

/** A test-error-only outcome for a run that stopped before evaluation. */
export function exhaustedOutcome(
  learner: string,
  g: Grammar,
  samples: number,
  resolvedOptions: Readonly<Record<string, unknown>>,
  seconds: number,
  reason: string,
  backend: LearnOutcome['backend'] = null,
): LearnOutcome<never> {
  const levels = Array.from({ length: g.L }, (_, i) => ({
    kind: 'not-measured' as const,
    level: i + 1,
    recoveryRate: null,
  }));
  return {
    status: 'budget-exhausted',
    learner,
    samples,
    testError: chanceError(classCount(g)),
    levels,
    backend,
    resolvedOptions,
    seconds,
    reason,
  };
}

/** Index of the largest entry of a[off … off+n−1] (first on ties). */
export function argmax(a: ArrayLike<number>, off: number, n: number): number {
  let best = 0;
  let bv = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[off + i] as number;
    if (v > bv) {
      bv = v;
      best = i;
    }
  }
  return best;
}
