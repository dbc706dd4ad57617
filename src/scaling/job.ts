import { createHash } from 'node:crypto';
import { CellSpecSchema, type CellResult, type CellSpec, type ReplicateResult } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { PRECHECK_ASSUMPTIONS } from '../../spec/scale-common';
import { runCheck } from '../assumptions/check';
import { InvalidInputError } from '../errors';
import { generateGrammar } from '../grammar/generate';
import { classCount, compileGrammar, type Grammar } from '../grammar/grammar';
import { grammarViolations } from '../grammar/validate';
import type { LearnLevel } from '../../spec/learn';
import type { Learner } from '../learners/types';
import { pMax } from '../sampling/enumerate';
import { Rng } from '../util/rng';
import { searchPStar, type Evaluation } from './pstar';
import { bootstrapMedianInterval, median } from './stats';
import { targetError } from '../exact/target';

/** Resolves a learner by registry name (the worker passes the registry's `getLearner`). */
export type LearnerResolver = (name: string) => Learner;

/** A monotonic clock in seconds (injected so tests can control the time limit). */
export type Clock = () => number;

const defaultClock: Clock = () => performance.now() / 1000;

/**
 * JSON with object keys sorted at every depth: the canonical form hashed into
 * a job's key, so two equal specs have the same key whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The ledger key of a cell: SHA-256 (hex) of its canonical JSON. */
export function cellKey(spec: CellSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/**
 * Every violation of a cell spec (schema, then the grammar parameters), empty when valid.
 */
export function cellSpecViolations(spec: unknown): InvalidInputError['violations'] {
  const shape = schemaViolations(CellSpecSchema, spec);
  if (shape.length > 0) return shape;
  const s = spec as CellSpec;
  if (s.grammar.kind === 'inline')
    return grammarViolations(s.grammar.file).map((v) => ({
      ...v,
      path: `/grammar/file${v.path === '/' ? '' : v.path}`,
    }));
  return [];
}

function grammarOf(spec: CellSpec, grammarSeed: number): Grammar {
  const ref = spec.grammar;
  if (ref.kind === 'inline') return compileGrammar(ref.file);
  const { kind: _kind, ...params } = ref;
  return compileGrammar(generateGrammar({ ...params, seed: grammarSeed }));
}

/**
 * The exact pre-check of a grammar (the same code as `rhm check`, first patch, no
 * clean-signal samples): the assumptions of {@link PRECHECK_ASSUMPTIONS} it fails.
 * A grammar too large for the exact check is recorded as unchecked, with the reason.
 */
export function precheckGrammar(g: Grammar): ReplicateResult['precheck'] {
  let result: ReturnType<typeof runCheck>;
  try {
    result = runCheck(g, { positions: 'first', samples: 0 });
  } catch (e) {
    if (e instanceof InvalidInputError) return { failed: [], uncheckedReason: e.message };
    throw e;
  }
  const ids: readonly string[] = PRECHECK_ASSUMPTIONS;
  return {
    failed: result.assumptions
      .filter((a) => !a.holds && ids.includes(a.id))
      .map((a) => ({
        assumption: a.id as ReplicateResult['precheck']['failed'][number]['assumption'],
        summary: a.summary,
      })),
  };
}

/** The synonymic sensitivity of a network's levels ([l−1][k−1]), or null for other learners or when not measured. */
function networkSensitivity(levels: readonly LearnLevel[]): number[][] | null {
  const rows = levels.map((l) => (l.kind === 'network' ? l.synonymicSensitivity : null));
  return rows.length > 0 && rows.every((r): r is number[] => r !== null) ? rows : null;
}

/**
 * Run one grid cell: pre-check every grammar exactly ({@link precheckGrammar}), then
 * for every replicate (grammar seed, training seed), search
 * P* with {@link searchPStar} against the target test error ≤ threshold·(1 − 1/n_c)
 * ([C]'s 10% of chance error by default; theory.md §5); then the median P* over
 * replicates and its seeded bootstrap interval.
 *
 * A pure function of `spec` (given a deterministic learner), except for the
 * per-cell time limit: when it fires, the cell is 'timed-out' and says so.
 *
 * @param spec - the job (`rhm-scale-cell/1`).
 * @param resolveLearner - the learner registry's lookup.
 * @returns the cell result with every evaluated (P, test error) point.
 * @throws InvalidInputError when the spec is invalid or names an unknown learner.
 */
export async function runCell(
  spec: CellSpec,
  resolveLearner: LearnerResolver,
  clock: Clock = defaultClock,
): Promise<CellResult> {
  const violations = cellSpecViolations(spec);
  if (violations.length > 0) throw new InvalidInputError('cell spec', violations);
  const learner = resolveLearner(spec.learner);
  const started = clock();
  const maxSeconds = spec.limits.maxSeconds;
  const shouldStop = (): string | null =>
    maxSeconds !== null && clock() - started > maxSeconds
      ? `the per-cell time limit of ${maxSeconds} s was reached before the search finished`
      : null;

  const grammars = new Map<number, { grammar: Grammar; precheck: ReplicateResult['precheck'] }>();
  const checkedGrammar = (seed: number): { grammar: Grammar; precheck: ReplicateResult['precheck'] } => {
    const key = spec.grammar.kind === 'inline' ? 0 : seed;
    let entry = grammars.get(key);
    if (!entry) {
      const grammar = grammarOf(spec, seed);
      entry = { grammar, precheck: precheckGrammar(grammar) };
      grammars.set(key, entry);
    }
    return entry;
  };
  // Every grammar is checked before any training.
  for (const r of spec.replicates) checkedGrammar(r.grammarSeed);
  const grammarFor = (seed: number): Grammar => checkedGrammar(seed).grammar;

  const first = grammarFor((spec.replicates[0] as CellSpec['replicates'][number]).grammarSeed);
  const nc = classCount(first);
  const m = first.m ?? (first.levels[0] as Grammar['levels'][number]).offsets[1] ?? 1;
  const target = targetError(nc, spec.threshold);

  const replicates: ReplicateResult[] = [];
  for (const { grammarSeed, trainSeed } of spec.replicates) {
    const grammar = grammarFor(grammarSeed);
    let lastReason: string | undefined;
    const evaluate = async (P: number): Promise<Evaluation> => {
      const out = await learner.run({
        grammar,
        samples: P,
        seed: trainSeed,
        testSamples: spec.testSamples,
        options: spec.learnerOptions,
        targetFraction: spec.threshold,
      });
      lastReason = out.reason;
      const sensitivity = networkSensitivity(out.levels);
      return {
        testError: out.testError,
        passed: out.status !== 'budget-exhausted' && out.testError <= target,
        samples: out.samples,
        learnerStatus: out.status,
        ...(sensitivity ? { synonymicSensitivity: sensitivity } : {}),
      };
    };
    const r = await searchPStar(spec.search, evaluate, shouldStop);
    // When the target was not reached, the learner's own diagnosis at the largest size tried (e.g. which level failed) is kept.
    const reason =
      r.status === 'not-reached' && lastReason !== undefined
        ? `${r.reason}; learner at the last size tried: ${lastReason}`
        : r.reason;
    replicates.push({
      grammarSeed,
      trainSeed,
      status: r.status,
      pStar: r.pStar,
      pStarLowerBound: r.status === 'reached' ? null : r.lowerBound,
      ...(reason !== undefined ? { reason } : {}),
      points: r.points.slice(),
      precheck: checkedGrammar(grammarSeed).precheck,
    });
  }

  const base = {
    grammarName:
      spec.grammar.kind === 'inline'
        ? spec.grammar.name
        : `${spec.grammar.sampler} n_c=${nc} v=${spec.grammar.vocab} m=${m} s=${first.s} L=${first.L}`,
    m,
    L: first.L,
    s: first.s,
    classes: nc,
    vocab: first.vocabulary[1] as number,
    ncMToL: nc * m ** first.L,
    pMax: pMax(first).toString(),
    target,
    replicates,
  };
  const stopped = replicates.find((r) => r.status === 'stopped');
  if (stopped) {
    return {
      ...base,
      status: 'timed-out',
      pStar: null,
      pStarLow: null,
      pStarHigh: null,
      reason: stopped.reason ?? 'time limit',
    };
  }
  const values = replicates.map((r) => r.pStar ?? Infinity);
  const med = median(values);
  const ci = bootstrapMedianInterval(
    values,
    Rng.fromSeed(spec.bootstrap.seed).stream('bootstrap'),
    spec.bootstrap.resamples,
    spec.bootstrap.confidence,
  );
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const notReached = replicates.filter((r) => r.status === 'not-reached').length;
  return {
    ...base,
    status: 'measured',
    pStar: finite(med),
    pStarLow: finite(ci.low),
    pStarHigh: finite(ci.high),
    ...(Number.isFinite(med)
      ? notReached > 0
        ? {
            reason: `${notReached} of ${replicates.length} replicate(s) did not reach the target within the budget ${spec.search.maxSamples}`,
          }
        : {}
      : {
          reason: `P* not reached: ${notReached} of ${replicates.length} replicate(s) stayed above the target error ${target.toFixed(4)} up to the budget ${spec.search.maxSamples}`,
        }),
  };
}
