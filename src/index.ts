/**
 * rhm-harness: the public API. Everything not listed here is internal.
 * @packageDocumentation
 */

// --- spec: boundary formats -------------------------------------------------
export { GRAMMAR_FORMAT, GrammarFileSchema, type GrammarFile, type GrammarProvenance } from '../spec/grammar';
export { GeneratorParamsSchema, SAMPLER_NAMES, type GeneratorParams, type SamplerName } from '../spec/generator';
export { ViolationSchema, formatViolation, type Violation } from '../spec/violation';
export { InvariantInfoSchema, type InvariantInfo } from '../spec/invariant';
export { LIMITS } from '../spec/limits';
export { schemaViolations, isValid } from '../spec/validate';

// --- errors, randomness -----------------------------------------------------
export { InvalidInputError, InternalError } from './errors';
export { Rng, sampleDistinct, type StreamName, type RngState } from './util/rng';
export { VERSION } from './version';

// --- grammar ----------------------------------------------------------------
export {
  compileGrammar,
  toGrammarFile,
  classCount,
  inputLength,
  productionCount,
  productionsOf,
  type Grammar,
  type RuleLevel,
} from './grammar/grammar';
export { generateGrammar, generatorViolations } from './grammar/generate';
export { grammarViolations, isGrammarFile, assertGrammarFile } from './grammar/validate';
export { readGrammar } from './grammar/read';
export { buildPatchTable, buildPatchTables, type PatchTable } from './grammar/patches';
export { makeParser, describeParse, type ParseResult } from './grammar/parse';

// --- sampling ---------------------------------------------------------------
export { sampleIid, sampleAt, assertSampleSize, type SampleBatch, type SampleOptions } from './sampling/iid';
export { pMax, decodeIndex, drawDistinctIndices, batchFromIndices, trainTestSplit } from './sampling/enumerate';
export {
  BINARY_SAMPLES_FORMAT,
  binaryHeader,
  encodeHeader,
  encodeRecords,
  decodeSamples,
  type BinarySamplesHeader,
} from './sampling/binary';

// --- exact quantities -------------------------------------------------------
export { type Matrix, matmul, l2Distance } from './exact/matrix';
export { positionalTransition, allTransitions } from './exact/transitions';
export {
  firstPath,
  jointAlongPath,
  patchPosteriors,
  posteriorsFromJoint,
  type NodePath,
  type PatchPosteriors,
} from './exact/posteriors';
export { jointMode, jointAt, walkPositions, positionWork, type JointMode, type PositionJoint } from './exact/positions';
export {
  nodePosteriors,
  nodeGap,
  levelGaps,
  kRhoHat,
  normalizedGap,
  prop19Reference,
  NEAR_ZERO_GAP,
  FLOAT_ZERO_GAP,
  type NodePosteriors,
  type NodeGap,
  type LevelGap,
} from './exact/gaps';
export { levelKappa, firstPatchKappa, overallKappa, type LevelKappa } from './exact/kappa';
export {
  theoremBudgets,
  ncMToL,
  pMaxExact,
  largestVocabulary,
  THEOREM_CONSTANT_C,
  DEFAULT_DELTA,
  type Budgets,
  type BudgetInputs,
  type LevelBudget,
} from './exact/budgets';
export { analyseGrammar, type ExactAnalysis, type LevelAnalysis } from './exact/analysis';

// --- assumptions of [R] (rhm check) -------------------------------------------
export {
  CHECK_FORMAT,
  CheckResultSchema,
  AssumptionResultSchema,
  CheckLevelSchema,
  type CheckResult,
  type AssumptionResult,
  type CheckLevel,
} from '../spec/check';
export {
  ASSUMPTION_IDS,
  AssumptionViolationError,
  askers,
  type AssumptionId,
  type AssumptionVerdict,
  type AssumptionAskers,
} from './assumptions/types';
export {
  checkRuleStructure,
  ruleStructure,
  type RuleStructureVerdict,
  type RuleStructureDetails,
} from './assumptions/rule-structure';
export {
  checkNonDegeneracy,
  evaluateNonDegeneracy,
  nonDegeneracy,
  type NonDegeneracyVerdict,
  type NonDegeneracyWitness,
} from './assumptions/non-degeneracy';
export {
  checkWeakIdentifiability,
  evaluateWeakIdentifiability,
  weakIdentifiability,
  levelGapReports,
  WEAK_IDENTIFIABILITY_DEFAULTS,
  type WeakIdentifiabilityOptions,
  type WeakIdentifiabilityVerdict,
  type WeakIdentifiabilityWitness,
  type LevelGapReport,
} from './assumptions/weak-identifiability';
export {
  checkCleanSignal,
  cleanSignal,
  CLEAN_SIGNAL_DEFAULTS,
  MAX_TABLE_BYTES,
  type CleanSignalOptions,
  type CleanSignalVerdict,
} from './assumptions/clean-signal';
export {
  cleanSignalTest,
  samplesNeeded,
  type CleanSignalTest,
  type CleanSignalWitness,
} from './assumptions/conditional-independence';
export { patchPosteriorTable, patchLawTable, type PatchLaw } from './exact/patch-law';
export { MIN_EXPECTED } from './util/stats';
export { ASSUMPTIONS, assumptionInfos, assumptionById, type AssumptionDefinition } from './assumptions/registry';
export { runCheck } from './assumptions/check';
export {
  resolveCheckOptions,
  CHECK_DEFAULTS,
  MAX_POSITION_WORK,
  MAX_JOINT_BYTES,
  MAX_PMAX_BITS,
  type CheckOptions,
  type ResolvedCheckOptions,
} from './assumptions/options';

// --- registry ---------------------------------------------------------------
export { FOUNDATION_INVARIANTS } from './registry/invariants';
export { allInvariants } from './registry/all';

// --- learners ---------------------------------------------------------------
export type { Learner, LearnRequest, LearnOutcome, LevelMeasurement, BackendInfo } from './learners/types';
export { LEARN_FORMAT, LearnResultSchema, type LearnResult } from '../spec/learn';
export { LEARNER_NAMES, getLearner, allLearners } from './learners/registry';
export { ensureBackend, currentBackend, liveTensors, BACKEND_NAMES, type BackendName } from './learners/backend';
export {
  layerwiseCluster,
  LayerwiseClusterOptionsSchema,
  LAYERWISE_CLUSTER_DEFAULTS,
  type LayerwiseClusterOptions,
} from './learners/layerwise-cluster';
export {
  layerwiseRf,
  LayerwiseRfOptionsSchema,
  LAYERWISE_RF_DEFAULTS,
  type LayerwiseRfOptions,
} from './learners/layerwise-rf';
export { cnn } from './learners/cnn';
export { fcn } from './learners/fcn';
export { NetOptionsSchema, NET_DEFAULTS, synonymExchange, type NetOptions, type NetKind } from './learners/nn';
export { chanceError, targetError, statusFor, DEFAULT_TARGET_FRACTION } from './exact/target';
export { hungarian, matchedRecovery, type MatchedRecovery } from './learners/matching';
export { exactLevelGaps, MAX_DIAGNOSIS_PATHS, type ExactLevelGap } from './exact/positional-gap';
export {
  grammarTheory,
  THEORY_DEFAULTS,
  type GrammarTheory,
  type LevelTheory,
  type Theorem7Level,
  type TheoryOptions,
} from './exact/theory';
export { type Quantity, value, undefinedQuantity, valueOrNull, reasonOf } from './exact/quantity';
export { learnResult } from './learners/result';

// --- scaling: sample-complexity sweep (rhm scale) ---------------------------
export {
  SCALE_FORMAT,
  SCALE_CELL_FORMAT,
  SCALE_LEDGER_FORMAT,
  CellSpecSchema,
  CellResultSchema,
  LedgerLineSchema,
  ScaleResultSchema,
  SweepConfigSchema,
  type CellSpec,
  type CellResult,
  type LedgerLine,
  type ScaleResult,
  type ScaleCell,
  type SweepConfig,
  type Exponent,
  type Collapse,
  type DepthSeparation,
  type LearnerComparison,
  type SearchPoint,
  type ReplicateResult,
} from '../spec/scale';
export { searchPStar, gridPoint, type PStarSearch, type Evaluation } from './scaling/pstar';
export { fitExponent, exponentVerdict, leastSquares, type FitCell, type FitOptions } from './scaling/fit';
export { collapseScore, COLLAPSE_GRID_POINTS, type ErrorCurve } from './scaling/collapse';
export { depthSeparation, SEPARATION_RMS_RATIO, type SeparationCell } from './scaling/depth-separation';
export { compareLearners } from './scaling/compare';
export { runCell, cellKey, canonicalJson, cellSpecViolations, type LearnerResolver } from './scaling/job';
export {
  ThreadPoolExecutor,
  InProcessExecutor,
  defaultWorkerCount,
  type CellExecutor,
  type ExecutorOutcome,
} from './scaling/pool';
export { readLedger, openLedger, type LedgerContents, type LedgerWriter } from './scaling/ledger';
export {
  DEFAULT_SWEEP,
  BYTES_PER_SAMPLE_TOKEN,
  bytesPerSampleToken,
  resolveSweepConfig,
  planSweep,
  analyseSweep,
  runSweep,
  type PlannedCell,
  type SweepOutcome,
  type RunSweepOptions,
} from './scaling/sweep';
export { median, bootstrapMedianInterval } from './scaling/stats';

// --- reports (report.json/md/html, plots, property-suite reports, invariant catalogue) ---
export {
  REPORT_FORMAT,
  PROPERTIES_FORMAT,
  ReportSchema,
  PropertySuiteResultsSchema,
  PlotDataSchema,
  RESULT_SCHEMAS,
  PLOT_KINDS,
  type Report,
  type Provenance,
  type ReportResults,
  type ReportTable,
  type PlotData,
  type PlotKind,
  type PropertySuiteResults,
  type PropertyTest,
  type ReportBackend,
} from '../spec/report';
export {
  writeRunReport,
  buildRunReport,
  writeReportDir,
  latestRunDir,
  readLatest,
  updateLatest,
  runTimestamp,
  InvalidReportError,
  type RunReportOptions,
  type PlotsWanted,
} from './report/write';
export { readReport, resolveRunDir } from './report/read';
export { renderMarkdown } from './report/markdown';
export { renderHtml } from './report/html';
export { vegaLiteSpec, renderVegaLite, renderPlots, type RenderedPlot, type VegaLiteSpec } from './report/plots';
export { collectProvenance, type ProvenanceInput } from './report/provenance';
export { reportRun, reportHelp, REPORT_OPTIONS, REPORT_HELP, type ReportRunInput } from './cli/report-run';
export { viewOf, composeViews, type ReportView } from './report/views';
export { gapPlot, checkView } from './report/views/check';
export { recoveryPlot, learnView } from './report/views/learn';
export { scalePlots, scaleView } from './report/views/scale';
export { propertySuiteResults } from './report/property-suite';
export {
  renderInvariantsDoc,
  collectTitledTests,
  latestPropertyResults,
  writeInvariantsDoc,
  MAX_REPORTS_READ,
  type TitledTest,
  type LatestResults,
  type LatestResult,
} from './report/invariants-doc';
