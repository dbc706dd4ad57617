import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ATLAS_FORMAT, AtlasResultSchema } from './atlas';
import { CHECK_FORMAT, CheckResultSchema } from './check';
import { AssumptionHeatmapPlotSchema, SensitivityPlotSchema } from './extra-plots';
import { LEARN_FORMAT, LearnBackendSchema, LearnResultSchema } from './learn';
import {
  ComparisonPlotSchema,
  ErrorPlotSchema,
  ExponentPlotSchema,
  GapPlotSchema,
  LevelDistancePlotSchema,
  PStarPlotSchema,
  RecoveryPlotSchema,
} from './report-plots';

export {
  ComparisonPlotSchema,
  ErrorPlotSchema,
  ExponentPlotSchema,
  GapPlotSchema,
  LevelDistancePlotSchema,
  PStarPlotSchema,
  RecoveryPlotSchema,
};
import { SCALE_FORMAT, ScaleResultSchema } from './scale';
import { VERIFY_FORMAT, VerifyResultSchema } from './verify';

/**
 * `rhm-report/1`: the data of one run (`rhm check`, `rhm learn`, `rhm scale`,
 * a property-suite run, `rhm verify`), written as `report.json` in
 * `reports/<UTC timestamp>-<command>-<short id>/`. `report.md` and
 * `report.html` are pure functions of this document (`rhm report render DIR`).
 *
 * The command's own result object is embedded unchanged under `results.value`
 * and validated against its own schema (named by `results.schema`). The view
 * (summary tables and plot data) is extracted from it when the report is
 * built, so the renderers need no knowledge of any command.
 */
export const REPORT_FORMAT = 'rhm-report/1';

/** Format of the property-suite payload (written by the jest reporter). */
export const PROPERTIES_FORMAT = 'rhm-properties/1';

const Json = Type.Unknown({ description: 'any JSON value' });
const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

/** TensorFlow.js backend of a run: the same definition as in `rhm-learn/1`. */
export const ReportBackendSchema = LearnBackendSchema;

/** Where a report came from: enough to rerun it. */
export const ProvenanceSchema = Type.Object(
  {
    harnessVersion: Type.String({ description: 'rhm-harness version (package.json)' }),
    gitCommit: Type.Union([Type.String({ pattern: '^[0-9a-f]{7,64}$' }), Type.Null()], {
      description: 'commit of the working tree, null outside git',
    }),
    gitDirty: Type.Optional(
      Type.Union([Type.Boolean(), Type.Null()], { description: 'true when tracked files differed from the commit' }),
    ),
    node: Type.String({ description: 'Node.js version, e.g. v20.19.0' }),
    platform: Type.Optional(Type.String({ description: 'os and architecture, e.g. linux-x64' })),
    backend: Type.Union([ReportBackendSchema, Type.Null()], {
      description: 'TensorFlow.js backend, null when the run used none',
    }),
    date: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
      description: 'UTC time the report was built, ISO 8601',
    }),
    command: Type.String({
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      description: "the command, e.g. 'check', 'properties'",
    }),
    argv: Type.Array(Type.String(), { description: 'the arguments after the command name' }),
    workingDirectory: Type.Optional(
      Type.String({ description: 'the directory the command ran in (relative paths in argv are relative to it)' }),
    ),
    harnessCommitSource: Type.Optional(
      Type.String({ description: "where gitCommit was read: the harness's own installation directory" }),
    ),
    inputs: Type.Optional(
      Type.Array(
        Type.Object(
          {
            path: Type.String({ description: 'the input file as given' }),
            sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of its bytes' }),
            bytes: Type.Integer({ minimum: 0 }),
          },
          { additionalProperties: false },
        ),
        { description: 'every input file of the run (grammars), with a content hash' },
      ),
    ),
    reproduce: Type.Optional(
      Type.String({ description: 'a shell command that reruns the same computation at the same harness version' }),
    ),
  },
  { additionalProperties: false },
);

/** One test of the property suite. */
export const PropertyTestSchema = Type.Object(
  {
    file: Type.String({ description: 'test file, relative to the repository root' }),
    title: Type.String({ description: 'full test title (describe blocks joined by " › ")' }),
    status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('skipped')]),
    durationMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    numRuns: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'fast-check runs, when the output says (failures: runs until the failure)',
    }),
    seed: Type.Union([Type.Integer(), Type.Null()], { description: 'fast-check seed, when the output says' }),
    counterexample: Type.Union([Type.String(), Type.Null()], {
      description: 'shrunk counterexample printed by fast-check',
    }),
    message: Type.Union([Type.String(), Type.Null()], {
      description: 'failure message (ANSI colours removed, truncated)',
    }),
  },
  { additionalProperties: false },
);

/** `rhm-properties/1`: the results of one property-suite (jest) run. */
export const PropertySuiteResultsSchema = Type.Object(
  {
    format: Type.Literal(PROPERTIES_FORMAT),
    success: Type.Boolean({ description: 'true when every suite and test passed' }),
    totals: Type.Object(
      {
        suites: Type.Integer({ minimum: 0 }),
        failedSuites: Type.Integer({ minimum: 0 }),
        tests: Type.Integer({ minimum: 0 }),
        passed: Type.Integer({ minimum: 0 }),
        failed: Type.Integer({ minimum: 0 }),
        skipped: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    invariants: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
          status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('skipped')], {
            description: 'failed if any test failed; skipped if none ran; passed otherwise',
          }),
          tests: Type.Array(PropertyTestSchema),
        },
        { additionalProperties: false },
      ),
      { description: 'every invariant id found in a test title as [id], in id order' },
    ),
    untagged: Type.Array(PropertyTestSchema, { description: 'failed tests whose titles carry no [id]' }),
    suiteErrors: Type.Array(
      Type.Object({ file: Type.String(), message: Type.String() }, { additionalProperties: false }),
      { description: 'test files that failed to run (syntax errors, failing hooks)' },
    ),
  },
  { $id: 'rhm-properties-1', title: PROPERTIES_FORMAT, additionalProperties: false },
);

/** A summary table (what report.md and report.html show first). */
export const ReportTableSchema = Type.Object(
  {
    title: Type.String(),
    columns: Type.Array(Type.String(), { minItems: 1 }),
    rows: Type.Array(Type.Array(Cell)),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The data of one plot; renderers turn it into a Vega-Lite spec and then SVG. */
export const PlotDataSchema = Type.Union([
  GapPlotSchema,
  RecoveryPlotSchema,
  ErrorPlotSchema,
  PStarPlotSchema,
  AssumptionHeatmapPlotSchema,
  SensitivityPlotSchema,
  LevelDistancePlotSchema,
  ComparisonPlotSchema,
  ExponentPlotSchema,
]);

/** Kinds of plot the report renderers know. */
export const PLOT_KINDS = [
  'gap-per-level',
  'recovery-vs-samples',
  'error-curves',
  'error-collapse',
  'pstar-fit',
  'assumption-heatmap',
  'sensitivity-vs-pstar',
  'level-distance',
  'learner-comparison',
  'exponent-per-learner',
] as const;

/**
 * Payload schemas a report may embed, by the id written in `results.schema`.
 * A command adds its schema here (one line) and to `ResultsSchema` below.
 */
export const RESULT_SCHEMAS: Readonly<Record<string, TSchema>> = Object.freeze({
  [PROPERTIES_FORMAT]: PropertySuiteResultsSchema,
  [CHECK_FORMAT]: CheckResultSchema,
  [LEARN_FORMAT]: LearnResultSchema,
  [SCALE_FORMAT]: ScaleResultSchema,
  [VERIFY_FORMAT]: VerifyResultSchema,
  [ATLAS_FORMAT]: AtlasResultSchema,
});

/** The payload schema without its `$id`, so the report schema can sit beside it in one ajv instance. */
function embedded<S extends TSchema>(schema: S): S {
  const { $id: _id, ...rest } = schema;
  return rest as S;
}

function payload<I extends string, S extends TSchema>(id: I, schema: S) {
  return Type.Object({ schema: Type.Literal(id), value: embedded(schema) }, { additionalProperties: false });
}

/** The embedded command result: `{schema: <its schema id>, value: <the validated object>}`. */
export const ResultsSchema = Type.Union([
  payload(PROPERTIES_FORMAT, PropertySuiteResultsSchema),
  payload(CHECK_FORMAT, CheckResultSchema),
  payload(LEARN_FORMAT, LearnResultSchema),
  payload(SCALE_FORMAT, ScaleResultSchema),
  payload(VERIFY_FORMAT, VerifyResultSchema),
  payload(ATLAS_FORMAT, AtlasResultSchema),
]);

/** `rhm-report/1`. */
export const ReportSchema = Type.Object(
  {
    format: Type.Literal(REPORT_FORMAT),
    id: Type.String({
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}Z-[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{6}$',
      description: 'the directory name: <UTC timestamp>-<command>-<short id>',
    }),
    provenance: ProvenanceSchema,
    resolvedConfig: Type.Record(Type.String(), Json, {
      description: 'the resolved, complete configuration of the run',
    }),
    seeds: Type.Record(Type.String(), Type.Integer(), { description: 'every seed of the run, by stream or purpose' }),
    summary: Type.Object(
      {
        status: Type.Union([Type.Literal('ok'), Type.Literal('negative'), Type.Literal('info')], {
          description: "'ok': everything checked holds; 'negative': something failed; 'info': nothing to judge",
        }),
        headline: Type.String(),
        tables: Type.Array(ReportTableSchema),
      },
      { additionalProperties: false },
    ),
    plots: Type.Array(PlotDataSchema),
    results: ResultsSchema,
  },
  { $id: 'rhm-report-1', title: REPORT_FORMAT, additionalProperties: false },
);

/** A run report (`report.json`). */
export type Report = Static<typeof ReportSchema>;
/** Provenance of a report. */
export type Provenance = Static<typeof ProvenanceSchema>;
/** The embedded command result. */
export type ReportResults = Static<typeof ResultsSchema>;
/** A summary table. */
export type ReportTable = Static<typeof ReportTableSchema>;
/** The data of one plot. */
export type PlotData = Static<typeof PlotDataSchema>;
/** A plot kind. */
export type PlotKind = (typeof PLOT_KINDS)[number];
/** Results of a property-suite run. */
export type PropertySuiteResults = Static<typeof PropertySuiteResultsSchema>;
/** One test of a property-suite run. */
export type PropertyTest = Static<typeof PropertyTestSchema>;
/** TensorFlow.js backend information in a report. */
export type ReportBackend = Static<typeof ReportBackendSchema>;
