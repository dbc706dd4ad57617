import {
  CHECK_FORMAT,
  CheckResultSchema,
  type AssumptionResult,
  type CheckLevel,
  type CheckResult,
} from '../../spec/check';
import { schemaViolations } from '../../spec/validate';
import { InternalError, invalid } from '../errors';
import { analyseGrammar } from '../exact/analysis';
import {
  DEFAULT_DELTA,
  largestVocabulary,
  ncMToL,
  pMaxExact,
  theoremBudgets,
  THEOREM_CONSTANT_C,
} from '../exact/budgets';
import { positionWork } from '../exact/positions';
import type { Grammar } from '../grammar/grammar';
import { VERSION } from '../version';
import { assertCleanSignalOptions, checkCleanSignal, CLEAN_SIGNAL_DEFAULTS, defaultSignalLevel } from './clean-signal';
import { evaluateNonDegeneracy } from './non-degeneracy';
import { assumptionById } from './registry';
import { checkRuleStructure } from './rule-structure';
import type { AssumptionVerdict } from './types';
import { evaluateWeakIdentifiability, levelGapReports } from './weak-identifiability';

/** Options of {@link runCheck}, as a partial bag; {@link resolveCheckOptions} applies the defaults. */
export interface CheckOptions {
  /** Demand ρ̂^(l) > minGap at every level (weak identifiability); default 0. */
  readonly minGap: number;
  /**
   * 'all' also computes the minimum gap over every patch position (default;
   * falls back to 'first', with the reason, when too costly and not asked for
   * explicitly); 'first' only the paper's first patch.
   */
  readonly positions: 'first' | 'all';
  /** Samples of the clean-signal empirical test (0 skips it); default 20000. */
  readonly samples: number;
  /** Root seed of the clean-signal samples; default 0. */
  readonly seed: number;
  /** Level of the clean-signal test; default max(1, L−1). */
  readonly signalLevel: number | null;
  /** Significance level of the clean-signal test; default 10^−3. */
  readonly alpha: number;
  /** The constant C of the Theorem 7 budgets; default {@link THEOREM_CONSTANT_C}. */
  readonly constantC: number;
  /** δ of the Theorem 7 budgets; default {@link DEFAULT_DELTA}. */
  readonly delta: number;
  /** Include every q-vector of the first patches in the result. */
  readonly q: boolean;
  /** Where the grammar came from (recorded in the result). */
  readonly source: string | null;
}

/** Largest a-priori work (multiply-adds) of the position walk before it is refused (a few seconds). */
export const MAX_POSITION_WORK = 1e9;

/** Largest P_max written exactly, in bits (~1.26 million decimal digits, < 1 s to format). */
export const MAX_PMAX_BITS = 2 ** 22;

/** Most memory the joint matrices n_c × |V_l| (float64) of the position walk may hold at once. */
export const MAX_JOINT_BYTES = 512 * 2 ** 20;

/** Defaults of {@link CheckOptions}. */
export const CHECK_DEFAULTS: CheckOptions = Object.freeze({
  minGap: 0,
  positions: 'all',
  samples: CLEAN_SIGNAL_DEFAULTS.samples,
  seed: CLEAN_SIGNAL_DEFAULTS.seed,
  signalLevel: null,
  alpha: CLEAN_SIGNAL_DEFAULTS.alpha,
  constantC: THEOREM_CONSTANT_C,
  delta: DEFAULT_DELTA,
  q: false,
  source: null,
});

/**
 * Options with every default applied (and the signal level resolved for the
 * grammar), frozen. `positionsNote` says why positions fell back to 'first'
 * (the default 'all' was too costly and 'all' had not been asked for).
 */
export type ResolvedCheckOptions = Readonly<
  Omit<CheckOptions, 'signalLevel'> & { signalLevel: number; positionsNote: string | null }
>;

/**
 * Apply the defaults and validate the options against the grammar.
 * @throws InvalidInputError naming the option (as its CLI flag) and the fix.
 */
export function resolveCheckOptions(g: Grammar, options: Partial<CheckOptions> = {}): ResolvedCheckOptions {
  const o = { ...CHECK_DEFAULTS, ...options };
  if (!Number.isFinite(o.minGap) || o.minGap < 0)
    invalid(
      'rhm check',
      '--min-gap',
      `--min-gap must be a finite number ≥ 0, got ${o.minGap}`,
      'give a gap such as 0.01',
    );
  if (!(o.alpha > 0 && o.alpha < 1))
    invalid('rhm check', 'alpha', `the significance level must be in (0, 1), got ${o.alpha}`, 'use e.g. 0.001');
  if (!(o.constantC > 0) || !(o.delta > 0 && o.delta < 1))
    invalid('rhm check', 'constantC', 'C must be > 0 and δ in (0, 1)', 'use the defaults');
  if (!Number.isSafeInteger(o.samples) || o.samples < 0)
    invalid('rhm check', '--samples', `--samples must be a whole number ≥ 0, got ${o.samples}`, 'e.g. --samples 20000');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    invalid('rhm check', '--seed', `--seed must be a whole number ≥ 0, got ${o.seed}`, 'e.g. --seed 0');
  let maxProductions = 1;
  for (const r of g.levels)
    for (let nu = 0; nu < r.parentCount; nu++)
      maxProductions = Math.max(maxProductions, (r.offsets[nu + 1] as number) - (r.offsets[nu] as number));
  const pMaxBits = Math.log2(g.vocabulary[0] as number) + ((g.s ** g.L - 1) / (g.s - 1)) * Math.log2(maxProductions);
  if (pMaxBits > MAX_PMAX_BITS) {
    invalid(
      'rhm check',
      '/depth',
      `P_max = n_c·m^((s^L−1)/(s−1)) has about ${pMaxBits.toExponential(2)} bits, more than the limit ${MAX_PMAX_BITS} (its exact decimal form would not fit a report)`,
      'use a smaller depth L or branching s',
    );
  }
  const first = positionWork(g, g.L - 1, true);
  if (first.memoryBytes > MAX_JOINT_BYTES || first.multiplyAdds > MAX_POSITION_WORK) {
    invalid(
      'rhm check',
      '/vocabulary',
      `the exact check of this grammar needs ${(first.memoryBytes / 2 ** 20).toFixed(1)} MiB of joint matrices and about ${first.multiplyAdds.toExponential(2)} multiply-adds (limits ${MAX_JOINT_BYTES / 2 ** 20} MiB, ${MAX_POSITION_WORK.toExponential(0)}): n_c·|V_l|² is too large`,
      'use smaller vocabularies (the pairwise gaps cost n_c·|V_l|²/2 per level)',
    );
  }
  let positions = o.positions;
  let positionsNote: string | null = null;
  if (positions === 'all') {
    const work = positionWork(g, g.L - 1).multiplyAdds;
    if (work > MAX_POSITION_WORK) {
      const why = `checking all ${(g.s ** (g.L - 1)).toLocaleString('en')} level-${g.L - 1} positions needs about ${work.toExponential(2)} multiply-adds, more than the limit ${MAX_POSITION_WORK.toExponential(0)}`;
      if (options.positions === 'all')
        invalid('rhm check', '--positions', why, 'use --positions first (the paper trains on the first patch only)');
      positions = 'first';
      positionsNote = `not computed: ${why}; only the paper's first patch was checked`;
    }
  }
  assertCleanSignalOptions(g, { samples: o.samples, seed: o.seed, level: o.signalLevel, alpha: o.alpha });
  return Object.freeze({ ...o, positions, positionsNote, signalLevel: o.signalLevel ?? defaultSignalLevel(g) });
}

function toResult(v: AssumptionVerdict<unknown>): AssumptionResult {
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
    witness: (v.witness ?? null) as AssumptionResult['witness'],
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
  const analysis = analyseGrammar(g, o.positions);
  const verdicts: AssumptionVerdict<unknown>[] = [
    checkRuleStructure(g),
    evaluateNonDegeneracy(g, analysis),
    evaluateWeakIdentifiability(g, { minGap: o.minGap, positions: o.positions }, analysis),
    checkCleanSignal(g, { samples: o.samples, seed: o.seed, level: o.signalLevel, alpha: o.alpha }),
  ];
  const gapReports = levelGapReports(g, analysis);
  const m = g.m;
  const kRhoValue = verdicts[2]!.details.kRho as number | null;
  const kappaLevels = analysis.levels.map((l) => l.kappa);
  const infinite = kappaLevels.find((k) => k.status === 'infinite');
  const kappa = infinite ? Infinity : Math.max(...kappaLevels.map((k) => (k.status === 'finite' ? k.kappa : 1)));
  const V = largestVocabulary(g);
  const budgets = theoremBudgets({ m, V, s: g.s, L: g.L, kappa, kRho: kRhoValue, C: o.constantC, delta: o.delta });
  const noM = 'the grammar is not (V,m)-uniform, so m is undefined';
  const levels: CheckLevel[] = analysis.levels.map((la, i) => {
    const rep = gapReports[i]!;
    const b = budgets.levels[i]!;
    return {
      level: la.level,
      patchCount: la.kappa.patchCount,
      kappa: la.kappa.status === 'finite' ? la.kappa.kappa : null,
      ...(la.kappa.status === 'infinite'
        ? {
            kappaReason: `∞: level-${la.level - 1} symbol ${la.kappa.witness.parent} never occurs at the first level-${la.level - 1} node`,
          }
        : {}),
      minGap: rep.minGap,
      ...(rep.minGapReason ? { minGapReason: rep.minGapReason } : {}),
      gapParents: rep.parents ? [rep.parents[0], rep.parents[1]] : null,
      gapExactZero: rep.exactZero,
      minGapAllPositions: rep.minGapAllPositions,
      ...(rep.minGapAllPositionsReason
        ? { minGapAllPositionsReason: o.positionsNote ?? rep.minGapAllPositionsReason }
        : {}),
      allPositionsPath: rep.allPositionsPath ? rep.allPositionsPath.slice() : null,
      normalizedGap: rep.normalizedGap,
      ...(rep.normalizedGapReason ? { normalizedGapReason: rep.normalizedGapReason } : {}),
      prop19Reference: rep.prop19Reference,
      ...(rep.prop19ReferenceReason ? { prop19ReferenceReason: rep.prop19ReferenceReason } : {}),
      samples: b.samples.status === 'value' ? b.samples.value : null,
      ...(b.samples.status === 'undefined' ? { samplesReason: b.samples.reason } : {}),
      epsilon: b.epsilon.status === 'value' ? b.epsilon.value : null,
      ...(b.epsilon.status === 'undefined' ? { epsilonReason: b.epsilon.reason } : {}),
    };
  });
  const nm = ncMToL(g);
  const result: CheckResult = {
    format: CHECK_FORMAT,
    harnessVersion: VERSION,
    grammar: {
      source: o.source,
      branching: g.s,
      depth: g.L,
      vocabulary: g.vocabulary.slice(),
      m,
      ...(m === null ? { mReason: 'not (V,m)-uniform: symbols have different numbers of productions' } : {}),
      generator: g.provenance?.generator ?? null,
      mode: analysis.mode,
    },
    options: {
      minGap: o.minGap,
      positions: o.positions,
      samples: o.samples,
      seed: o.seed,
      signalLevel: o.signalLevel,
      alpha: o.alpha,
      constantC: o.constantC,
      delta: o.delta,
      q: o.q,
    },
    verdict: verdicts.every((v) => v.holds) ? 'pass' : 'fail',
    assumptions: verdicts.map(toResult),
    levels,
    kappa: Number.isFinite(kappa) ? kappa : null,
    ...(infinite
      ? {
          kappaReason: `level-${infinite.level - 1} symbol ${infinite.witness.parent} never occurs at the first level-${infinite.level - 1} node (κ̂^(${infinite.level}) = ∞)`,
        }
      : {}),
    kRho: kRhoValue,
    ...(kRhoValue === null
      ? { kRhoReason: (verdicts[2]!.details.kRhoReason as string | undefined) ?? 'undefined' }
      : {}),
    pMax: pMaxExact(g).toString(),
    predicted: {
      ncMToL: nm === null ? null : nm.toString(),
      ...(nm === null ? { ncMToLReason: noM } : {}),
      theoremBudget: budgets.theoremBudget.status === 'value' ? budgets.theoremBudget.value : null,
      ...(budgets.theoremBudget.status === 'undefined' ? { theoremBudgetReason: budgets.theoremBudget.reason } : {}),
      constantC: o.constantC,
      delta: o.delta,
      V,
    },
    ...(o.q
      ? {
          q: analysis.levels.map((la) => ({
            level: la.level,
            parents: la.q.map((q, nu) => ({
              parent: nu,
              marginal: la.parentMarginal[nu] as number,
              q: q ? Array.from(q) : null,
            })),
          })),
        }
      : {}),
  };
  const bad = nonFinitePaths(result);
  if (bad.length > 0) throw new InternalError(`rhm check produced non-finite numbers at ${bad.slice(0, 5).join(', ')}`);
  const violations = schemaViolations(CheckResultSchema, result);
  if (violations.length > 0)
    throw new InternalError(
      `rhm check result does not match ${CHECK_FORMAT}: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`,
    );
  return result;
}
