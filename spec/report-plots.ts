import { Type } from '@sinclair/typebox';

/**
 * The data of each plot kind of `rhm-report/1` (`PlotDataSchema` in
 * ./report.ts joins them): the renderers turn each into a Vega-Lite spec.
 */

/** Plot: the gap ρ̂^(l) per level against m^(−(l−1)/2) (from `rhm check`). */
export const GapPlotSchema = Type.Object(
  {
    kind: Type.Literal('gap-per-level'),
    title: Type.String(),
    caption: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          series: Type.String({ description: 'grammar name' }),
          level: Type.Integer({ minimum: 1 }),
          gap: Type.Number({ minimum: 0, description: 'ρ̂^(l): smallest ℓ2 distance of q-vectors of non-synonyms' }),
          m: Type.Integer({ minimum: 1 }),
          L: Type.Optional(Type.Integer({ minimum: 1, description: 'depth (line style)' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Plot: per-level recovery rate against training samples (from `rhm learn`). */
export const RecoveryPlotSchema = Type.Object(
  {
    kind: Type.Literal('recovery-vs-samples'),
    title: Type.String(),
    caption: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          series: Type.String({ description: 'learner (and grammar)' }),
          level: Type.Integer({ minimum: 1 }),
          samples: Type.Number({ exclusiveMinimum: 0 }),
          recovery: Type.Number({ minimum: 0, maximum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const errorRowFields = {
  curve: Type.String({ description: 'one (n_c, m, L, …) configuration' }),
  P: Type.Number({ exclusiveMinimum: 0, description: 'training-set size' }),
  testError: Type.Number({ minimum: 0, maximum: 1 }),
  nc: Type.Integer({ minimum: 1 }),
  m: Type.Integer({ minimum: 1 }),
  L: Type.Integer({ minimum: 1 }),
};

const ErrorRow = Type.Object(
  {
    ...errorRowFields,
    lo: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'lower end of the band over replicates' })),
    hi: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'upper end of the band over replicates' })),
    n: Type.Optional(Type.Integer({ minimum: 1, description: 'replicates behind this point' })),
  },
  { additionalProperties: false },
);

/** Plot: test error against P (`error-curves`) or against P/(n_c·m^L) (`error-collapse`) (from `rhm scale`). */
export const ErrorPlotSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('error-curves'), Type.Literal('error-collapse')]),
    title: Type.String(),
    caption: Type.String(),
    rows: Type.Array(ErrorRow, { description: 'one curve per configuration (with lo/hi/n: the mean over replicates)' }),
    replicates: Type.Optional(
      Type.Array(Type.Object({ ...errorRowFields, replicate: Type.String() }, { additionalProperties: false }), {
        description: "each replicate's evaluated points, drawn faintly under the mean",
      }),
    ),
    target: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'target test error drawn as a rule, e.g. 0.1·(1 − 1/n_c)' }),
    ),
  },
  { additionalProperties: false },
);

/** Plot: P* against n_c·m^L on log–log axes with the fitted line and its interval (from `rhm scale`). */
export const PStarPlotSchema = Type.Object(
  {
    kind: Type.Literal('pstar-fit'),
    title: Type.String(),
    caption: Type.String(),
    points: Type.Array(
      Type.Object(
        {
          series: Type.String(),
          x: Type.Number({ exclusiveMinimum: 0, description: 'n_c·m^L' }),
          pStar: Type.Number({ exclusiveMinimum: 0 }),
          lo: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'bootstrap interval of P*' })),
          hi: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'bootstrap interval of P*' })),
          m: Type.Optional(Type.Integer({ minimum: 1 })),
          L: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    line: Type.Array(
      Type.Object(
        {
          series: Type.String({ description: 'one fitted line per value of the other covariates, e.g. n_c = 8' }),
          x: Type.Number({ exclusiveMinimum: 0 }),
          fit: Type.Number({ exclusiveMinimum: 0 }),
          lo: Type.Number({ exclusiveMinimum: 0 }),
          hi: Type.Number({ exclusiveMinimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { description: 'the fitted line and its interval, sampled along x' },
    ),
  },
  { additionalProperties: false },
);

const NumOrNull = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/** Plot: per level, max‖h − q‖ against ε_*^(l) (Theorem 7) and ρ̂^(l)/2 (Lemma 11) (from `rhm learn`, `layerwise-rf`). */
export const LevelDistancePlotSchema = Type.Object(
  {
    kind: Type.Literal('level-distance'),
    title: Type.String(),
    caption: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          series: Type.String({ description: 'the run (learner, grammar)' }),
          level: Type.Integer({ minimum: 1 }),
          maxDistance: NumOrNull('max‖h − q_µ^(l)‖ (null: a parent never occurs)'),
          epsilonStar: NumOrNull('ε_*^(l) of Theorem 7 (null: undefined)'),
          halfGap: NumOrNull('ρ̂^(l)/2 (null: undefined)'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Plot: P*(learner)/P*(against) per common cell against P_max/(n_c·m^L) (from `rhm scale --compare`). */
export const ComparisonPlotSchema = Type.Object(
  {
    kind: Type.Literal('learner-comparison'),
    title: Type.String(),
    caption: Type.String(),
    learner: Type.String(),
    against: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          m: Type.Integer({ minimum: 1 }),
          L: Type.Integer({ minimum: 1 }),
          nc: Type.Integer({ minimum: 1 }),
          ratio: Type.Number({ exclusiveMinimum: 0, description: 'P*(learner) / P*(against)' }),
          separation: Type.Number({ exclusiveMinimum: 0, description: 'P_max/(n_c·m^L)' }),
        },
        { additionalProperties: false },
      ),
    ),
    slope: NumOrNull('least-squares slope of log ratio against log separation'),
  },
  { additionalProperties: false },
);

/** Plot: the fitted exponent b with its bootstrap interval, one row per (learner, model), against the band. */
export const ExponentPlotSchema = Type.Object(
  {
    kind: Type.Literal('exponent-per-learner'),
    title: Type.String(),
    caption: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          learner: Type.String(),
          model: Type.String({ description: "e.g. 'b·L·log m' or 'b·L·log m + d·log m'" }),
          b: Type.Number(),
          low: NumOrNull('bootstrap interval (null: unbounded or not computed)'),
          high: NumOrNull('bootstrap interval (null: unbounded or not computed)'),
        },
        { additionalProperties: false },
      ),
    ),
    band: Type.Optional(
      Type.Tuple([Type.Number(), Type.Number()], { description: 'the band the verdict tests the interval against' }),
    ),
    confidence: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  },
  { additionalProperties: false },
);
