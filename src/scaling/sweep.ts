/**
 * The sample-complexity sweep (`rhm scale`, theory.md §5–6), one job per file:
 * - `config.ts`: the partial options resolved into a frozen, complete configuration;
 * - `plan.ts`: the grid cells to run, or skipped with the reason;
 * - `analysis.ts`: the exponent fit, verdict, collapse and depth separation of the finished cells;
 * - `run.ts`: driving the executor and the ledger.
 * This module re-exports them.
 */
export { DEFAULT_SWEEP, resolveSweepConfig } from './config';
export {
  BYTES_PER_SAMPLE_TOKEN,
  bytesPerSampleToken,
  planSweep,
  SHALLOW_PMAX_FACTOR,
  uniformPMax,
  type PlannedCell,
} from './plan';
export { analyseSweep, type ExecutionRecord } from './analysis';
export { runSweep, type RunSweepOptions, type SweepOutcome } from './run';
