import { LEARN_FORMAT, LearnResultSchema, type LearnResult } from '../../spec/learn';
import { schemaViolations } from '../../spec/validate';
import { InternalError } from '../errors';
import { classCount, type Grammar } from '../grammar/grammar';
import { VERSION } from '../version';
import { DEFAULT_TARGET_FRACTION, targetError } from '../exact/target';
import type { LearnOutcome, LearnRequest } from './types';

/** Non-finite numbers are not JSON: map them to null, recursively (plain data only). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (x) => jsonSafe(x));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

/**
 * The `rhm-learn/1` document of one run, validated against its schema.
 * @param outcome - what the learner returned.
 * @param request - the request it ran (grammar, budget, seed, held-out size).
 * @param meta - the grammar path and the command-line arguments, for provenance.
 * @throws InternalError when the document does not validate (a bug in a learner).
 */
export function learnResult(
  outcome: LearnOutcome,
  request: LearnRequest,
  meta: { grammarPath: string | null; command: readonly string[] },
): LearnResult {
  const g: Grammar = request.grammar;
  const doc = jsonSafe({
    format: LEARN_FORMAT,
    learner: outcome.learner,
    status: outcome.status,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    samples: outcome.samples,
    budget: request.samples,
    testSamples: request.testSamples,
    testError: outcome.testError,
    targetError: targetError(classCount(g), request.targetFraction ?? DEFAULT_TARGET_FRACTION),
    targetFraction: request.targetFraction ?? DEFAULT_TARGET_FRACTION,
    seed: request.seed,
    backend: outcome.backend,
    levels: outcome.levels,
    resolvedOptions: outcome.resolvedOptions,
    oracle: request.oracle ?? false,
    seconds: outcome.seconds,
    ...(outcome.training !== undefined ? { training: outcome.training } : {}),
    grammar: {
      path: meta.grammarPath,
      s: g.s,
      L: g.L,
      vocabulary: g.vocabulary.slice(),
      m: g.m,
      ...(g.provenance ? { provenance: g.provenance } : {}),
    },
    provenance: {
      harnessVersion: VERSION,
      node: process.version,
      date: new Date().toISOString(),
      command: meta.command.slice(),
    },
  });
  const violations = schemaViolations(LearnResultSchema, doc);
  if (violations.length > 0)
    throw new InternalError(
      `the rhm-learn/1 result does not validate: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`,
    );
  return doc as LearnResult;
}
