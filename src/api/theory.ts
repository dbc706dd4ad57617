/**
 * The theory layer: every exact quantity of [R] (ρ̂, κ̂, K̂_ρ, q-vectors, the patch
 * law, Theorem 7's budgets and hyper-parameters) from one entry, {@link grammarTheory},
 * and the success target of [C].
 * @module theory
 */
export {
  grammarTheory,
  THEORY_DEFAULTS,
  type GrammarTheory,
  type LevelTheory,
  type Theorem7Level,
  type TheoryOptions,
} from '../exact/theory';
export { type Quantity, value, undefinedQuantity, valueOrNull, reasonOf } from '../exact/quantity';
export { chanceError, targetError, statusFor, DEFAULT_TARGET_FRACTION } from '../exact/target';
export {
  theoremBudgets,
  theoremSteps,
  theoremBandwidth,
  ridgeLambda,
  ridgeStepSize,
  THEOREM_CONSTANT_C,
  DEFAULT_DELTA,
  type Budgets,
  type BudgetInputs,
  type LevelBudget,
} from '../exact/budgets';
export { FLOAT_ZERO_GAP, isZeroGap, prop19Reference, normalizedGap, type NodeGap, type LevelGap } from '../exact/gaps';
export type { LevelKappa } from '../exact/kappa';
export type { JointMode } from '../exact/positions';
export type { ExactAnalysis, LevelAnalysis } from '../exact/analysis';
export { patchPosteriors, type PatchPosteriors, type NodePath } from '../exact/posteriors';
export { patchLawTable, type PatchLaw } from '../exact/patch-law';
export { exactLevelGaps, MAX_DIAGNOSIS_PATHS, type ExactLevelGap } from '../exact/positional-gap';
