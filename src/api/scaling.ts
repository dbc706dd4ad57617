/**
 * Sample complexity: the P* search, sweeps over an (m, L) grid on an executor
 * (a worker-thread pool, or in process), the ledger that makes a sweep
 * resumable, and the exponent fit with its verdict.
 * @module scaling
 */
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
} from '../../spec/scale';
export { searchPStar, gridPoint, type PStarSearch, type Evaluation } from '../scaling/pstar';
export { fitExponent, exponentVerdict, MIN_SEEDS_PER_CELL, type FitCell, type FitOptions } from '../scaling/fit';
export { collapseScore, COLLAPSE_GRID_POINTS, type ErrorCurve } from '../scaling/collapse';
export { depthSeparation, SEPARATION_RMS_RATIO, type SeparationCell } from '../scaling/depth-separation';
export { compareLearners } from '../scaling/compare';
export { runCell, cellKey, cellSpecViolations, precheckGrammar, type LearnerResolver } from '../scaling/job';
export { PRECHECK_ASSUMPTIONS } from '../../spec/scale-common';
export {
  ThreadPoolExecutor,
  InProcessExecutor,
  defaultWorkerCount,
  type ThreadPoolOptions,
  type CellExecutor,
  type ExecutorOutcome,
} from '../scaling/pool';
export { readLedger, openLedger, type LedgerContents, type LedgerWriter } from '../scaling/ledger';
export {
  DEFAULT_SWEEP,
  SHALLOW_PMAX_FACTOR,
  BYTES_PER_SAMPLE_TOKEN,
  bytesPerSampleToken,
  resolveSweepConfig,
  planSweep,
  analyseSweep,
  runSweep,
  type PlannedCell,
  type SweepOutcome,
  type RunSweepOptions,
} from '../scaling/sweep';
