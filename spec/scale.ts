import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SAMPLER_NAMES } from './generator';
import { GrammarFileSchema } from './grammar';
import { LIMITS } from './limits';

/**
 * Boundary formats of the sample-complexity sweep (`rhm scale`, theory.md §5–6):
 * - `rhm-scale-cell/1`: one grid cell as a job, a pure function of this JSON;
 * - `rhm-scale-cell-result/1`: what a job returns (every evaluated (P, test error) point);
 * - `rhm-scale-ledger/1`: one line of the append-only JSON Lines ledger;
 * - `rhm-scale/1`: the sweep's result object (`rhm scale --json`).
 */

/** Format tag of the sweep result. */
export const SCALE_FORMAT = 'rhm-scale/1';
/** Format tag of a cell job spec. */
export const SCALE_CELL_FORMAT = 'rhm-scale-cell/1';
/** Format tag of a ledger line. */
export const SCALE_LEDGER_FORMAT = 'rhm-scale-ledger/1';

const Count = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Seed = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Fraction = Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 });
/** A copy of a schema without its `$id`, for embedding: ajv refuses an `$id` registered twice. */
function embedded<T extends TSchema>(schema: T): T {
  const { $id: _id, ...rest } = schema;
  return rest as T;
}
const Nullable = <T extends TSchema>(t: T, description: string) => Type.Union([t, Type.Null()], { description });

/** A grammar drawn by a rule sampler; each replicate's grammar seed completes the parameters. */
export const GeneratedGrammarRefSchema = Type.Object(
  {
    kind: Type.Literal('generated'),
    sampler: Type.Union(
      SAMPLER_NAMES.map((n) => Type.Literal(n)),
      { description: 'rule sampler' },
    ),
    classes: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'n_c' }),
    vocab: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'v' }),
    m: Type.Integer({ minimum: 1, description: 'productions per symbol' }),
    s: Type.Integer({ minimum: 2, maximum: LIMITS.maxBranching, description: 'branching factor' }),
    L: Type.Integer({ minimum: 1, maximum: LIMITS.maxDepth, description: 'depth' }),
  },
  { additionalProperties: false },
);

/** A fixed grammar carried inside the spec (planted families, user files); grammar seeds are ignored. */
export const InlineGrammarRefSchema = Type.Object(
  {
    kind: Type.Literal('inline'),
    name: Type.String({ description: 'a name for reports' }),
    file: embedded(GrammarFileSchema),
  },
  { additionalProperties: false },
);

/** The search for P*: a geometric search on a log grid, then bisection on the same grid. */
export const SearchSpecSchema = Type.Object(
  {
    start: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'first training-set size tried (grid point k = 0)',
    }),
    ratio: Type.Number({
      exclusiveMinimum: 1,
      maximum: 16,
      description: 'ratio of consecutive log-grid points, P_k = round(start·ratio^k)',
    }),
    stride: Type.Integer({
      minimum: 1,
      maximum: 64,
      description: 'grid points per geometric step (ratio^stride is the geometric factor)',
    }),
    maxSamples: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'budget: the largest training-set size tried',
    }),
  },
  { additionalProperties: false },
);

/** `rhm-scale-cell/1`: one grid cell as a job. The result is a pure function of this object. */
export const CellSpecSchema = Type.Object(
  {
    format: Type.Literal(SCALE_CELL_FORMAT),
    grammar: Type.Union([GeneratedGrammarRefSchema, InlineGrammarRefSchema]),
    replicates: Type.Array(Type.Object({ grammarSeed: Seed, trainSeed: Seed }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1024,
      description: 'one P* search per (grammar seed, training seed) pair',
    }),
    learner: Type.String({ minLength: 1, description: 'registry name of the learner' }),
    learnerOptions: Type.Record(Type.String(), Type.Unknown(), {
      description: 'learner options, passed through unchanged',
    }),
    threshold: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: 'target: test error ≤ threshold·(1 − 1/n_c)',
    }),
    testSamples: Type.Integer({ minimum: 1, maximum: 1 << 24, description: 'held-out samples per evaluation' }),
    search: SearchSpecSchema,
    bootstrap: Type.Object(
      {
        resamples: Type.Integer({
          minimum: 0,
          maximum: 1_000_000,
          description: 'bootstrap resamples for the interval of the median P*',
        }),
        confidence: Type.Number({
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          description: 'confidence level of that interval',
        }),
        seed: Seed,
      },
      { additionalProperties: false },
    ),
    limits: Type.Object(
      {
        maxSeconds: Nullable(
          Type.Number({ exclusiveMinimum: 0 }),
          'per-cell wall-time limit, checked before each evaluation (null: none)',
        ),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'rhm-scale-cell-1', additionalProperties: false, title: SCALE_CELL_FORMAT },
);

/** One evaluated point of a P* search. */
export const SearchPointSchema = Type.Object(
  {
    P: Count,
    samples: Type.Integer({ minimum: 0, description: 'training samples the learner actually drew' }),
    testError: Type.Number({ minimum: 0, maximum: 1 }),
    passed: Type.Boolean({ description: 'test error ≤ target and the learner ran every stage' }),
    learnerStatus: Type.String({ description: "the learner's tagged status" }),
  },
  { additionalProperties: false },
);

/** One replicate's P* search. */
export const ReplicateResultSchema = Type.Object(
  {
    grammarSeed: Seed,
    trainSeed: Seed,
    status: Type.Union([Type.Literal('reached'), Type.Literal('not-reached'), Type.Literal('stopped')], {
      description:
        "'reached': some P ≤ budget passed; 'not-reached': the budget was exhausted; 'stopped': the time limit hit first",
    }),
    pStar: Nullable(Count, 'smallest passing grid point at the end of the bisection'),
    reason: Type.Optional(Type.String()),
    points: Type.Array(SearchPointSchema, { description: 'every evaluated point, in evaluation order' }),
  },
  { additionalProperties: false },
);

/** `rhm-scale-cell-result/1`: what a cell job returns. */
export const CellResultSchema = Type.Object(
  {
    grammarName: Type.String(),
    m: Type.Integer({ minimum: 1 }),
    L: Type.Integer({ minimum: 1 }),
    s: Type.Integer({ minimum: 2 }),
    classes: Type.Integer({ minimum: 2 }),
    vocab: Type.Integer({ minimum: 1 }),
    ncMToL: Type.Number({ description: 'the [C] reference n_c·m^L' }),
    pMax: Type.String({ description: 'P_max of the first replicate grammar (decimal; exact)' }),
    target: Type.Number({ description: 'threshold·(1 − 1/n_c)' }),
    status: Type.Union([Type.Literal('measured'), Type.Literal('timed-out')]),
    pStar: Nullable(
      Type.Number({ minimum: 1 }),
      'median over replicates of P*; null when the median replicate did not reach the target',
    ),
    pStarLow: Nullable(Type.Number({ minimum: 1 }), 'lower end of the bootstrap interval of the median'),
    pStarHigh: Nullable(Type.Number({ minimum: 1 }), 'upper end; null when it is beyond the budget'),
    reason: Type.Optional(Type.String()),
    replicates: Type.Array(ReplicateResultSchema),
  },
  { $id: 'rhm-scale-cell-result-1', additionalProperties: false, title: 'rhm-scale-cell-result/1' },
);

/** `rhm-scale-ledger/1`: one finished cell. Timing fields are `wallSeconds` and `finishedAt` only. */
export const LedgerLineSchema = Type.Object(
  {
    format: Type.Literal(SCALE_LEDGER_FORMAT),
    key: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the canonical JSON of the spec' }),
    spec: embedded(CellSpecSchema),
    result: embedded(CellResultSchema),
    wallSeconds: Type.Number({ minimum: 0 }),
    finishedAt: Type.String({ description: 'ISO 8601 UTC' }),
  },
  { $id: 'rhm-scale-ledger-1', additionalProperties: false, title: SCALE_LEDGER_FORMAT },
);

/** One cell of the sweep as reported in `rhm-scale/1`. */
export const ScaleCellSchema = Type.Object(
  {
    m: Type.Integer({ minimum: 1 }),
    L: Type.Integer({ minimum: 1 }),
    s: Type.Integer({ minimum: 2 }),
    classes: Type.Integer({ minimum: 2 }),
    vocab: Type.Integer({ minimum: 1 }),
    status: Type.Union([Type.Literal('measured'), Type.Literal('timed-out'), Type.Literal('skipped')]),
    pStar: Nullable(Type.Number({ minimum: 1 }), 'median P*; null with a reason when not reached or not run'),
    pStarLow: Nullable(Type.Number({ minimum: 1 }), 'bootstrap interval of the median'),
    pStarHigh: Nullable(Type.Number({ minimum: 1 }), 'bootstrap interval of the median'),
    reason: Type.Optional(Type.String()),
    ncMToL: Type.Number(),
    pMax: Type.String({ description: 'decimal, exact' }),
    target: Type.Number(),
    budget: Type.Integer({ minimum: 0, description: 'largest training-set size the search may try' }),
    key: Nullable(Type.String(), 'ledger key of the job (null when skipped)'),
    replicates: Type.Array(ReplicateResultSchema, {
      description: 'every evaluated (P, test error) point, per replicate',
    }),
  },
  { additionalProperties: false },
);

/** Least-squares fit of log P* = a + b·L·log m (+ c·log n_c). */
export const ExponentSchema = Type.Object(
  {
    b: Nullable(Type.Number(), 'fitted exponent (null when the fit is impossible)'),
    low: Nullable(Type.Number(), 'bootstrap percentile interval of b'),
    high: Nullable(Type.Number(), 'bootstrap percentile interval of b'),
    a: Nullable(Type.Number(), 'intercept'),
    c: Nullable(Type.Number(), 'coefficient of log n_c (null when not identifiable)'),
    cReason: Type.Optional(Type.String()),
    confidence: Fraction,
    resamples: Type.Integer({ minimum: 0 }),
    method: Type.Union([Type.Literal('replicates'), Type.Literal('residuals'), Type.Literal('none')], {
      description:
        "fixed-design bootstrap: 'replicates' resamples each cell's replicate P*s, 'residuals' the fit residuals (cells with one replicate); 'none' when no fit",
    }),
    degenerateResamples: Type.Integer({
      minimum: 0,
      description: 'bootstrap draws that could not be fitted (redrawn)',
    }),
    cellsUsed: Type.Integer({ minimum: 0 }),
    residualRms: Nullable(Type.Number(), 'root mean square residual of log P*'),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Collapse of the error curves under P/(n_c·m^L). */
export const CollapseSchema = Type.Object(
  {
    score: Nullable(
      Type.Number({ minimum: 0 }),
      'mean over curve pairs of the mean |Δ normalised error| on their common range of P/(n_c·m^L); 0 = perfect collapse',
    ),
    rawScore: Nullable(Type.Number({ minimum: 0 }), 'the same against P itself, for contrast'),
    crossingSpread: Nullable(
      Type.Number({ minimum: 0 }),
      'standard deviation of log10(P*/(n_c·m^L)) across measured cells',
    ),
    pairs: Type.Integer({ minimum: 0 }),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Depth separation: does P* grow like P_max (shallow) or like n_c·m^L (deep)? */
export const DepthSeparationSchema = Type.Object(
  {
    slopeVsPMax: Nullable(Type.Number(), 'least-squares slope of log P* against log P_max'),
    slopeVsNcMToL: Nullable(Type.Number(), 'least-squares slope of log P* against log(n_c·m^L)'),
    rmsVsPMax: Nullable(Type.Number(), 'rms residual of log P* = a + log P_max'),
    rmsVsNcMToL: Nullable(Type.Number(), 'rms residual of log P* = a + log(n_c·m^L)'),
    follows: Type.Union([Type.Literal('P_max'), Type.Literal('n_c·m^L'), Type.Literal('undetermined')]),
    cells: Type.Array(
      Type.Object(
        {
          m: Type.Integer(),
          L: Type.Integer(),
          classes: Type.Integer(),
          pStar: Nullable(Type.Number(), 'median P*'),
          ratioToPMax: Nullable(Type.Number(), 'P*/P_max'),
          ratioToNcMToL: Nullable(Type.Number(), 'P*/(n_c·m^L)'),
        },
        { additionalProperties: false },
      ),
    ),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Two learners on the same cells: how P* of one grows relative to the other's (depth separation across learners). */
export const LearnerComparisonSchema = Type.Object(
  {
    learner: Type.String({ description: "this sweep's learner" }),
    against: Type.String({ description: "the other sweep's learner" }),
    cells: Type.Array(
      Type.Object(
        {
          m: Type.Integer(),
          L: Type.Integer(),
          classes: Type.Integer(),
          ratio: Nullable(Type.Number(), 'P*(learner) / P*(against); null when either was not reached'),
          separation: Type.Number({ description: 'P_max/(n_c·m^L): the shallow-to-deep ratio [C] predicts' }),
        },
        { additionalProperties: false },
      ),
    ),
    slopeVsSeparation: Nullable(
      Type.Number(),
      'least-squares slope of log ratio against log(P_max/(n_c·m^L)): 1 when the gap grows as [C] predicts for shallow vs deep, 0 when it does not grow',
    ),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The resolved sweep configuration (every default applied), as recorded. */
export const SweepConfigSchema = Type.Object(
  {
    learner: Type.String(),
    learnerOptions: Type.Record(Type.String(), Type.Unknown()),
    sampler: Type.Union(SAMPLER_NAMES.map((n) => Type.Literal(n))),
    classes: Type.Array(Type.Integer({ minimum: 2 }), { minItems: 1 }),
    vocab: Type.Integer({ minimum: 2 }),
    m: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
    L: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
    s: Type.Integer({ minimum: 2 }),
    seeds: Type.Integer({ minimum: 1, description: 'grammar seeds per cell' }),
    trainSeeds: Type.Integer({ minimum: 1, description: 'training seeds per grammar' }),
    seed: Seed,
    threshold: Fraction,
    band: Type.Tuple([Type.Number(), Type.Number()]),
    testSamples: Type.Integer({ minimum: 1 }),
    searchFactor: Type.Number({ exclusiveMinimum: 0, description: 'budget = searchFactor·n_c·m^L' }),
    startFraction: Type.Number({ exclusiveMinimum: 0, description: 'first P tried = startFraction·n_c·m^L' }),
    gridRatio: Type.Number({ exclusiveMinimum: 1 }),
    gridStride: Type.Integer({ minimum: 1 }),
    maxSamples: Type.Integer({ minimum: 1, description: 'cells whose budget exceeds this are skipped' }),
    maxMemoryBytes: Type.Number({
      exclusiveMinimum: 0,
      description: 'cells whose estimated memory exceeds this are skipped',
    }),
    cellSeconds: Nullable(Type.Number({ exclusiveMinimum: 0 }), 'per-cell time limit'),
    bootstrapResamples: Type.Integer({ minimum: 0 }),
    confidence: Fraction,
  },
  { additionalProperties: false },
);

/** `rhm-scale/1`: the result of a sweep. Plots are drawn from `cells[].replicates[].points`. */
export const ScaleResultSchema = Type.Object(
  {
    format: Type.Literal(SCALE_FORMAT),
    harnessVersion: Type.String(),
    learner: Type.String(),
    config: SweepConfigSchema,
    cells: Type.Array(ScaleCellSchema),
    exponent: ExponentSchema,
    verdict: Type.Union([Type.Literal('consistent'), Type.Literal('inconsistent'), Type.Literal('undetermined')], {
      description:
        "'consistent': the bootstrap interval of b lies inside the band; 'undetermined': b could not be fitted (see verdictReason)",
    }),
    verdictReason: Type.String(),
    collapse: CollapseSchema,
    depthSeparation: DepthSeparationSchema,
    comparison: Type.Optional(LearnerComparisonSchema),
    execution: Type.Object(
      {
        workers: Type.Integer({ minimum: 0 }),
        wallSeconds: Type.Number({ minimum: 0 }),
        cellsRun: Type.Integer({ minimum: 0 }),
        cellsResumed: Type.Integer({ minimum: 0 }),
        cellSeconds: Type.Array(
          Type.Object({ key: Type.String(), wallSeconds: Type.Number() }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: false, description: 'how the sweep ran (not part of the science; varies between runs)' },
    ),
  },
  { $id: 'rhm-scale-1', additionalProperties: false, title: SCALE_FORMAT },
);

/** A cell job spec. */
export type CellSpec = Static<typeof CellSpecSchema>;
/** The grammar of a cell. */
export type GrammarRef = CellSpec['grammar'];
/** P* search parameters. */
export type SearchSpec = Static<typeof SearchSpecSchema>;
/** One evaluated (P, test error) point. */
export type SearchPoint = Static<typeof SearchPointSchema>;
/** One replicate's search. */
export type ReplicateResult = Static<typeof ReplicateResultSchema>;
/** A cell job's result. */
export type CellResult = Static<typeof CellResultSchema>;
/** One ledger line. */
export type LedgerLine = Static<typeof LedgerLineSchema>;
/** One cell as reported. */
export type ScaleCell = Static<typeof ScaleCellSchema>;
/** Fitted exponent. */
export type Exponent = Static<typeof ExponentSchema>;
/** Collapse score. */
export type Collapse = Static<typeof CollapseSchema>;
/** Depth-separation comparison. */
export type DepthSeparation = Static<typeof DepthSeparationSchema>;
/** Comparison of two learners' sweeps. */
export type LearnerComparison = Static<typeof LearnerComparisonSchema>;
/** Resolved sweep configuration. */
export type SweepConfig = Static<typeof SweepConfigSchema>;
/** The `rhm-scale/1` object. */
export type ScaleResult = Static<typeof ScaleResultSchema>;
