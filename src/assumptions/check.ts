import {
  CHECK_FORMAT,
  CheckResultSchema,
  type AssumptionResult,
  type CheckLevel,
  type CheckResult,
} from '../../spec/check';
import type { LevelGapReport } from '../../spec/check-details';
import { schemaViolations } from '../../spec/validate';
import { InternalError } from '../errors';
import type { ExactAnalysis } from '../exact/analysis';
import type { LevelKappa } from '../exact/kappa';
import { reasonOf, valueOrNull } from '../exact/quantity';
import { grammarTheory, type GrammarTheory, type LevelTheory } from '../exact/theory';
import type { Grammar } from '../grammar/grammar';
import { VERSION } from '../version';
import { checkCleanSignal } from './clean-signal';
import { evaluateNonDegeneracy } from './non-degeneracy';
import { type CheckOptions, resolveCheckOptions, type ResolvedCheckOptions } from './options';
import { assumptionById } from './registry';
import { checkRuleStructure } from './rule-structure';
import type { AssumptionId, VerdictOf } from './types';
import { evaluateWeakIdentifiability, levelGapReports } from './weak-identifiability';

/** A verdict as written in `rhm-check/1`: with the catalogue's title and reference, keys in report order. */
type ResultOf<I extends AssumptionId> = Omit<AssumptionResult, 'id' | 'witness' | 'details'> &
  Pick<VerdictOf<I>, 'id' | 'witness' | 'details'>;

function toResult<I extends AssumptionId>(v: VerdictOf<I>): ResultOf<I> {
  const { info } = assumptionById(v.id);
  return {
    id: v.id,
    title: info.title,
    reference: info.reference,
    holds: v.holds,
    value: v.value,
    ...(v.valueReason !== undefined ? { valueReason: v.valueReason } : {}),
    threshold: v.threshold,
    ...(v.thresholdReason !== undefined ? { thresholdReason: v.thresholdReason } : {}),
    comparison: v.comparison,
    margin: v.margin,
    witness: v.witness ?? null,
    summary: v.summary,
    violations: v.violations.slice(),
    details: v.details,
  };
}

/** Every number in a JSON-bound value is finite (JSON.stringify would silently write null otherwise). */
function nonFinitePaths(x: unknown, path = ''): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [path || '/'];
  if (Array.isArray(x)) return x.flatMap((e, i) => nonFinitePaths(e, `${path}/${i}`));
  if (x !== null && typeof x === 'object')
    return Object.entries(x).flatMap(([k, e]) => nonFinitePaths(e, `${path}/${k}`));
  return [];
}

/** Why κ̂^(l) = ∞: the symbol that never occurs at the first level-(l−1) node. */
function neverFirst(k: Extract<LevelKappa, { status: 'infinite' }>): string {
  return `level-${k.level - 1} symbol ${k.witness.parent} never occurs at the first level-${k.level - 1} node`;
}

/** The gap columns of one per-level row. */
function gapColumns(rep: LevelGapReport, positionsNote: string | null) {
  return {
    minGap: rep.minGap,
    ...(rep.minGapReason ? { minGapReason: rep.minGapReason } : {}),
    gapParents: rep.parents ? [rep.parents[0], rep.parents[1]] : null,
    gapExactZero: rep.exactZero,
    minGapAllPositions: rep.minGapAllPositions,
    ...(rep.minGapAllPositionsReason
      ? { minGapAllPositionsReason: positionsNote ?? rep.minGapAllPositionsReason }
      : {}),
    allPositionsPath: rep.allPositionsPath ? rep.allPositionsPath.slice() : null,
    normalizedGap: rep.normalizedGap,
    ...(rep.normalizedGapReason ? { normalizedGapReason: rep.normalizedGapReason } : {}),
    prop19Reference: rep.prop19Reference,
    ...(rep.prop19ReferenceReason ? { prop19ReferenceReason: rep.prop19ReferenceReason } : {}),
  };
}

/** One row of the per-level table, every quantity read from the theory layer. */
function levelRow(lt: LevelTheory, rep: LevelGapReport, positionsNote: string | null): CheckLevel {
  const { samples, epsilon } = lt.theorem7;
  const samplesReason = reasonOf(samples);
  const epsilonReason = reasonOf(epsilon);
  return {
    level: lt.level,
    patchCount: lt.patchCount,
    kappa: lt.kappa.status === 'finite' ? lt.kappa.kappa : null,
    ...(lt.kappa.status === 'infinite' ? { kappaReason: `∞: ${neverFirst(lt.kappa)}` } : {}),
    ...gapColumns(rep, positionsNote),
    samples: valueOrNull(samples),
    ...(samplesReason !== undefined ? { samplesReason } : {}),
    epsilon: valueOrNull(epsilon),
    ...(epsilonReason !== undefined ? { epsilonReason } : {}),
  };
}

/** The grammar block of the result. */
function grammarBlock(g: Grammar, o: ResolvedCheckOptions, analysis: ExactAnalysis): CheckResult['grammar'] {
  return {
    source: o.source,
    branching: g.s,
    depth: g.L,
    vocabulary: g.vocabulary.slice(),
    m: g.m,
    ...(g.m === null ? { mReason: 'not (V,m)-uniform: symbols have different numbers of productions' } : {}),
    generator: g.provenance?.generator ?? null,
    mode: analysis.mode,
  };
}

/** The resolved options as recorded in the result. */
function optionsBlock(o: ResolvedCheckOptions): CheckResult['options'] {
  return {
    minGap: o.minGap,
    positions: o.positions,
    samples: o.samples,
    seed: o.seed,
    signalLevel: o.signalLevel,
    alpha: o.alpha,
    constantC: o.constantC,
    delta: o.delta,
    q: o.q,
  };
}

/** The predicted sample complexities: [C]'s n_c·m^L and the Theorem 7 budget. */
function predictedBlock(t: GrammarTheory): CheckResult['predicted'] {
  const nm = t.ncMToL;
  const budgetReason = reasonOf(t.theoremBudget);
  return {
    ncMToL: nm === null ? null : nm.toString(),
    ...(nm === null ? { ncMToLReason: 'the grammar is not (V,m)-uniform, so m is undefined' } : {}),
    theoremBudget: valueOrNull(t.theoremBudget),
    ...(budgetReason !== undefined ? { theoremBudgetReason: budgetReason } : {}),
    constantC: t.options.C,
    delta: t.options.delta,
    V: t.V,
  };
}

/** Every q-vector of the first patches (with `--q`). */
function qBlock(analysis: ExactAnalysis): NonNullable<CheckResult['q']> {
  return analysis.levels.map((la) => ({
    level: la.level,
    parents: la.q.map((q, nu) => ({
      parent: nu,
      marginal: la.parentMarginal[nu] as number,
      q: q ? Array.from(q) : null,
    })),
  }));
}

/** The result is finite everywhere and matches `rhm-check/1`. */
function assertResult(result: CheckResult): void {
  const bad = nonFinitePaths(result);
  if (bad.length > 0) throw new InternalError(`rhm check produced non-finite numbers at ${bad.slice(0, 5).join(', ')}`);
  const violations = schemaViolations(CheckResultSchema, result);
  if (violations.length > 0)
    throw new InternalError(
      `rhm check result does not match ${CHECK_FORMAT}: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`,
    );
}

/**
 * `rhm check` as a function: verify every registered assumption of [R] on a
 * grammar, exactly (no sampling in the verdicts except the clean-signal
 * empirical test, which is seeded), and compute κ̂, ρ̂^(l), K̂_ρ, P_max and the
 * predicted budgets. The result validates against `rhm-check/1`.
 *
 * @param g - the grammar (any valid rhm-grammar/1; ambiguous or non-uniform grammars get every quantity that is defined, the rest null with a reason).
 * @param options - partial options; see {@link CHECK_DEFAULTS}.
 * @returns the result, verdict 'pass' when every assumption holds.
 * @throws InvalidInputError for invalid options or requests that would exhaust memory or time.
 * @example
 * const result = runCheck(compileGrammar(file), { positions: 'first' });
 * result.verdict; // 'pass' | 'fail'
 * @see [R] §2–3, Theorem 7; theory.md §2–4.
 */
export function runCheck(g: Grammar, options: Partial<CheckOptions> = {}): CheckResult {
  const o = resolveCheckOptions(g, options);
  const theory = grammarTheory(g, { positions: o.positions, C: o.constantC, delta: o.delta });
  const analysis = theory.analysis;
  const weak = evaluateWeakIdentifiability(g, { minGap: o.minGap, positions: o.positions }, analysis);
  const assumptions: AssumptionResult[] = [
    toResult(checkRuleStructure(g)),
    toResult(evaluateNonDegeneracy(g, analysis)),
    toResult(weak),
    toResult(checkCleanSignal(g, { samples: o.samples, seed: o.seed, level: o.signalLevel, alpha: o.alpha })),
  ];
  const gapReports = levelGapReports(g, analysis);
  const kappaReason = reasonOf(theory.kappa);
  const kRhoReason = reasonOf(theory.kRho);
  const result: CheckResult = {
    format: CHECK_FORMAT,
    harnessVersion: VERSION,
    grammar: grammarBlock(g, o, analysis),
    options: optionsBlock(o),
    verdict: assumptions.every((v) => v.holds) ? 'pass' : 'fail',
    assumptions,
    levels: theory.levels.map((lt, i) => levelRow(lt, gapReports[i] as LevelGapReport, o.positionsNote)),
    kappa: valueOrNull(theory.kappa),
    ...(kappaReason !== undefined ? { kappaReason } : {}),
    kRho: valueOrNull(theory.kRho),
    ...(kRhoReason !== undefined ? { kRhoReason } : {}),
    pMax: theory.pMax.toString(),
    predicted: predictedBlock(theory),
    ...(o.q ? { q: qBlock(analysis) } : {}),
  };
  assertResult(result);
  return result;
}
