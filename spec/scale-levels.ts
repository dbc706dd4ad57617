import { Type, type Static } from '@sinclair/typebox';
import { Count, Nullable, PrecheckAssumption, Seed } from './scale-common';

/**
 * The per-level part of `rhm-scale/1` (`rhm scale --per-level`): for each level l, the
 * smallest stage-l budget N^(l) at which level l is recovered while the stages below it
 * (in training order, levels L, …, l+1) train on ample data, and the fit
 * log N^(l) = a + b_l·l·log m over the grid ([R] Lemma 11: N^(l) ∝ (ρ^(l))^(−2) ∝ m^l).
 * Levels as in [R]: level 0 is the label, level L the input; level l's patches are
 * s-tuples of level-l tokens whose parents are level-(l−1) symbols.
 */

export const Level = Type.Integer({
  minimum: 1,
  description: 'l: the stage whose level-l patches are mapped to their parents',
});

/** One evaluation of a per-level search. */
export const PerLevelPointSchema = Type.Object(
  {
    N: Count,
    recovered: Type.Boolean({ description: "level l recovered by the learner's own criterion (recoveryCriterion)" }),
    recoveryRate: Nullable(Type.Number({ minimum: 0, maximum: 1 }), 'weak recovery rate of level l, for reference'),
    belowRecovered: Type.Boolean({
      description:
        'every level below l (trained on ample data) was recovered too: false means the ample budget was not ample',
    }),
  },
  { additionalProperties: false },
);

/** One replicate's search for N^(l). */
export const PerLevelReplicateSchema = Type.Object(
  {
    grammarSeed: Seed,
    trainSeed: Seed,
    status: Type.Union([Type.Literal('reached'), Type.Literal('not-reached')]),
    nStar: Nullable(Count, 'smallest recovering grid point at the end of the bisection'),
    nStarLowerBound: Nullable(Count, "right-censored ('not-reached'): N^(l) > this, the largest size tried"),
    excludedBy: Type.Array(PrecheckAssumption, {
      description: 'pre-checked assumptions its grammar fails (left out of the fit unless includeFailing)',
    }),
    reason: Type.Optional(Type.String()),
    points: Type.Array(PerLevelPointSchema, { description: 'every evaluated budget, in evaluation order' }),
  },
  { additionalProperties: false },
);

/** One (cell, level) of the per-level measurement. */
export const PerLevelCellSchema = Type.Object(
  {
    m: Type.Integer({ minimum: 1 }),
    L: Type.Integer({ minimum: 1 }),
    classes: Type.Integer({ minimum: 2 }),
    level: Level,
    pMax: Type.String({ description: 'P_max of the cell, decimal, exact' }),
    start: Count,
    budget: Count,
    ampleSamples: Type.Array(Count, {
      description: 'the budgets of the stages below level l, stage L first (empty at l = L)',
    }),
    recoveryCriterion: Type.String({ description: "the learner's criterion for 'level l recovered'" }),
    nStar: Nullable(Type.Number({ minimum: 1 }), 'median N^(l) over the included replicates (null when censored)'),
    censored: Type.Integer({
      minimum: 0,
      description: 'included replicates that never recovered level l within the budget',
    }),
    excluded: Type.Integer({
      minimum: 0,
      description: 'replicates left out: their grammar fails a pre-checked assumption',
    }),
    saturated: Type.Boolean({ description: 'some included N^(l) (or bound) reaches P_max/2' }),
    inFit: Type.Boolean(),
    fitNote: Type.Optional(Type.String()),
    replicates: Type.Array(PerLevelReplicateSchema),
  },
  { additionalProperties: false },
);

/** Per-level cells. */
export type PerLevelCell = Static<typeof PerLevelCellSchema>;
/** One per-level replicate. */
export type PerLevelReplicate = Static<typeof PerLevelReplicateSchema>;
/** One per-level search point. */
export type PerLevelPoint = Static<typeof PerLevelPointSchema>;
