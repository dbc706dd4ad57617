import { Type, type Static } from '@sinclair/typebox';
import { Fraction, Nullable, SCALE_FORMAT } from './scale-common';
import { ReplicateResultSchema } from './scale-cell';
import { SweepConfigSchema } from './scale-config';

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
/** The `rhm-scale/1` object. */
export type ScaleResult = Static<typeof ScaleResultSchema>;
