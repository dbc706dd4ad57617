import { Type, type Static } from '@sinclair/typebox';
import { Fraction, Nullable, PrecheckAssumption, SCALE_FORMAT, Seed } from './scale-common';
import { ReplicateResultSchema } from './scale-cell';
import { SweepConfigSchema } from './scale-config';
import { Level, PerLevelCellSchema } from './scale-levels';

/** `rhm-scale/1`: the sweep's result object (`rhm scale --json`) and its parts. */

/** One cell of the sweep as reported in `rhm-scale/1`. */
export const ScaleCellSchema = Type.Object(
  {
    m: Type.Integer({ minimum: 1 }),
    L: Type.Integer({ minimum: 1 }),
    s: Type.Integer({ minimum: 2 }),
    classes: Type.Integer({ minimum: 2 }),
    vocab: Type.Integer({ minimum: 1 }),
    status: Type.Union([Type.Literal('measured'), Type.Literal('timed-out'), Type.Literal('skipped')]),
    pStar: Nullable(
      Type.Number({ minimum: 1 }),
      'median P* over the included replicates (a censored replicate counts as above every reached one); null with a reason when the median is censored (never a number that hides ∞) or the cell did not run',
    ),
    pStarLow: Nullable(Type.Number({ minimum: 1 }), 'bootstrap interval of the median'),
    pStarHigh: Nullable(Type.Number({ minimum: 1 }), 'bootstrap interval of the median'),
    reason: Type.Optional(Type.String()),
    ncMToL: Type.Number(),
    pMax: Type.String({ description: 'decimal, exact' }),
    target: Type.Number(),
    budget: Type.Integer({ minimum: 0, description: 'largest training-set size the search may try' }),
    key: Nullable(Type.String(), 'ledger key of the job (null when skipped)'),
    censored: Type.Integer({
      minimum: 0,
      description: 'included replicates whose search did not reach the target: right-censored, P* > pStarLowerBound',
    }),
    excluded: Type.Array(
      Type.Object(
        {
          grammarSeed: Seed,
          assumption: PrecheckAssumption,
          summary: Type.String(),
          replicates: Type.Integer({ minimum: 1, description: 'replicates of this grammar left out' }),
        },
        { additionalProperties: false },
      ),
      {
        description:
          'grammars left out of the fit because they fail a pre-checked assumption (one entry per failed assumption; empty with includeFailing)',
      },
    ),
    failing: Type.Integer({
      minimum: 0,
      description: 'replicates whose grammar fails a pre-checked assumption (excluded unless includeFailing)',
    }),
    saturated: Type.Boolean({
      description:
        "some included replicate's P* (or, censored, its lower bound) reaches P_max/2: the cell cannot tell n_c·m^L from P_max and is left out of the fit",
    }),
    inFit: Type.Boolean({ description: 'whether the exponent fits use this cell' }),
    fitNote: Type.Optional(Type.String({ description: 'why the cell is not in the fit' })),
    replicates: Type.Array(ReplicateResultSchema, {
      description: 'every evaluated (P, test error) point, per replicate',
    }),
  },
  { additionalProperties: false },
);

/**
 * Censored maximum-likelihood fit of log P* = a + b·L·log m (+ c·log n_c) (+ d·log m for
 * `exponentWithLogM`) over the replicates, with a bootstrap over grammar seeds.
 */
export const ExponentSchema = Type.Object(
  {
    model: Type.String({ description: 'the fitted model, e.g. "log P* = a + b·L·log m + d·log m"' }),
    b: Nullable(Type.Number(), 'fitted exponent (null when the fit is impossible or b is not identifiable)'),
    low: Nullable(Type.Number(), 'bootstrap percentile interval of b (null when unbounded or not computed)'),
    high: Nullable(Type.Number(), 'bootstrap percentile interval of b (null when unbounded or not computed)'),
    a: Nullable(Type.Number(), 'intercept'),
    c: Nullable(Type.Number(), 'coefficient of log n_c (null when not identifiable)'),
    cReason: Type.Optional(Type.String()),
    logM: Nullable(
      Type.Number(),
      "coefficient d of the separate log m term (Theorem 7's poly(m) prefactor); null in the fit without it",
    ),
    sigma: Nullable(Type.Number({ minimum: 0 }), 'fitted standard deviation of log P* about the line'),
    confidence: Fraction,
    method: Type.Union([Type.Literal('censored-mle'), Type.Literal('none')], {
      description:
        "'censored-mle': Gaussian (Tobit) likelihood in log P*, a reached replicate contributing its density and a censored one P(P* > lower bound); 'none' when no fit",
    }),
    resamples: Type.Integer({ minimum: 0, description: 'bootstrap resamples whose b was identified' }),
    unidentifiedResamples: Type.Integer({
      minimum: 0,
      description:
        'bootstrap resamples in which censoring left b unidentifiable; counted as −∞ at the low end and +∞ at the high end',
    }),
    cellsUsed: Type.Integer({ minimum: 0 }),
    observations: Type.Integer({ minimum: 0, description: 'replicates in the fit' }),
    censoredObservations: Type.Integer({ minimum: 0, description: 'of which right-censored' }),
    grammarSeeds: Type.Integer({
      minimum: 0,
      description: 'grammar seeds in the fit: the units the bootstrap resamples',
    }),
    minSeedsPerCell: Type.Integer({ minimum: 0, description: 'fewest grammar seeds of a fitted cell' }),
    intervalMeaningful: Type.Boolean({
      description: 'false when there are too few grammar seeds for the bootstrap interval to mean anything',
    }),
    intervalReason: Type.Optional(Type.String()),
    unidentifiedCells: Type.Array(Type.String(), {
      description: 'fitted cells in which every replicate is censored (they only bound P* from below)',
    }),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The exponent b_l of one level (`rhm scale --per-level`): the fields of the main fit, for log N^(l) = a + b_l·l·log m. */
export const LevelExponentSchema = Type.Object(
  {
    level: Level,
    predicted: Type.Number({ description: 'the b_l that N^(l) ∝ (ρ^(l))^(−2) ∝ m^l predicts: 1' }),
    containsPrediction: Nullable(Type.Boolean(), 'whether [low, high] contains `predicted` (null without an interval)'),
    ...ExponentSchema.properties,
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
    againstExponent: Type.Optional(
      Type.Pick(ExponentSchema, ['model', 'b', 'low', 'high', 'confidence'], {
        additionalProperties: false,
        description: "the other sweep's fitted exponent (its first model), for plotting both learners' b together",
      }),
    ),
    reason: Type.Optional(Type.String()),
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
    exponentWithLogM: ExponentSchema,
    verdict: Type.Union([Type.Literal('consistent'), Type.Literal('inconsistent'), Type.Literal('undetermined')], {
      description:
        "'consistent': the bootstrap interval of b (fit without the log m term) lies inside the band; 'undetermined': b could not be fitted, is not identifiable under censoring, or the interval is unbounded or rests on too few grammar seeds (see verdictReason)",
    }),
    verdictReason: Type.String(),
    collapse: CollapseSchema,
    depthSeparation: DepthSeparationSchema,
    comparison: Type.Optional(LearnerComparisonSchema),
    levelExponents: Type.Optional(
      Type.Array(LevelExponentSchema, { description: 'with --per-level: b_l per level l = 1..max L' }),
    ),
    perLevelCells: Type.Optional(
      Type.Array(PerLevelCellSchema, { description: 'with --per-level: every (cell, level) search for N^(l)' }),
    ),
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
/** One level's exponent. */
export type LevelExponent = Static<typeof LevelExponentSchema>;
/** The `rhm-scale/1` object. */
export type ScaleResult = Static<typeof ScaleResultSchema>;
