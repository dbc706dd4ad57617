/**
 * The assumptions of [R], checked exactly: `rhm check` as {@link runCheck}, and
 * each assumption on its own with three ways to ask (a boolean guard, a list of
 * violations, an assertion).
 * @module check
 */
export {
  CHECK_FORMAT,
  CheckResultSchema,
  AssumptionResultSchema,
  CheckLevelSchema,
  type CheckResult,
  type AssumptionResult,
  type CheckLevel,
} from '../../spec/check';
export {
  ASSUMPTION_IDS,
  AssumptionViolationError,
  type AssumptionId,
  type AssumptionVerdict,
  type AssumptionAskers,
} from '../assumptions/types';
export {
  checkRuleStructure,
  ruleStructure,
  type RuleStructureVerdict,
  type RuleStructureDetails,
} from '../assumptions/rule-structure';
export {
  checkNonDegeneracy,
  nonDegeneracy,
  type NonDegeneracyVerdict,
  type NonDegeneracyWitness,
} from '../assumptions/non-degeneracy';
export {
  checkWeakIdentifiability,
  weakIdentifiability,
  WEAK_IDENTIFIABILITY_DEFAULTS,
  type WeakIdentifiabilityOptions,
  type WeakIdentifiabilityVerdict,
  type WeakIdentifiabilityWitness,
  type LevelGapReport,
} from '../assumptions/weak-identifiability';
export {
  checkCleanSignal,
  cleanSignal,
  CLEAN_SIGNAL_DEFAULTS,
  type CleanSignalOptions,
  type CleanSignalVerdict,
} from '../assumptions/clean-signal';
export {
  cleanSignalTest,
  samplesNeeded,
  type CleanSignalTest,
  type CleanSignalWitness,
} from '../assumptions/conditional-independence';
export { ASSUMPTIONS, assumptionInfos, assumptionById, type AssumptionDefinition } from '../assumptions/registry';
export { runCheck } from '../assumptions/check';
export { MIN_EXPECTED } from '../util/stats';
export {
  resolveCheckOptions,
  CHECK_DEFAULTS,
  type CheckOptions,
  type ResolvedCheckOptions,
} from '../assumptions/options';
export { InvariantInfoSchema, type InvariantInfo } from '../../spec/invariant';
export { FOUNDATION_INVARIANTS } from '../registry/invariants';
export { allInvariants } from '../registry/all';
