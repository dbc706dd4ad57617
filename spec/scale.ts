/**
 * Boundary formats of the sample-complexity sweep (`rhm scale`, theory.md §5–6):
 * - `rhm-scale-cell/1`: one grid cell as a job, a pure function of this JSON;
 * - `rhm-scale-cell-result/1`: what a job returns (every evaluated (P, test error) point);
 * - `rhm-scale-ledger/1`: one line of the append-only JSON Lines ledger;
 * - `rhm-scale/1`: the sweep's result object (`rhm scale --json`).
 *
 * The cell formats are defined in `scale-cell.ts`, the resolved configuration in
 * `scale-config.ts`, the result in `scale-result.ts`; this module re-exports them.
 */
export { SCALE_CELL_FORMAT, SCALE_FORMAT, SCALE_LEDGER_FORMAT } from './scale-common';
export {
  CellResultSchema,
  CellSpecSchema,
  GeneratedGrammarRefSchema,
  InlineGrammarRefSchema,
  LedgerLineSchema,
  ReplicateResultSchema,
  SearchPointSchema,
  SearchSpecSchema,
  type CellResult,
  type CellSpec,
  type GrammarRef,
  type LedgerLine,
  type ReplicateResult,
  type SearchPoint,
  type SearchSpec,
} from './scale-cell';
export { SweepConfigSchema, type SweepConfig } from './scale-config';
export {
  CollapseSchema,
  DepthSeparationSchema,
  ExponentSchema,
  LearnerComparisonSchema,
  LevelExponentSchema,
  ScaleCellSchema,
  ScaleResultSchema,
  type Collapse,
  type DepthSeparation,
  type Exponent,
  type LearnerComparison,
  type LevelExponent,
  type ScaleCell,
  type ScaleResult,
} from './scale-result';
