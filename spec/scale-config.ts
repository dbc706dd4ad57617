import { Type, type Static } from '@sinclair/typebox';
import { SAMPLER_NAMES } from './generator';
import { Fraction, Nullable, Seed } from './scale-common';

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
    includeFailing: Type.Boolean({
      description:
        'keep replicates whose grammar fails a pre-checked assumption (rule-structure, non-degeneracy, weak-identifiability) in the fit',
    }),
    confidence: Fraction,
    perLevel: Type.Optional(
      Type.Boolean({
        description:
          'also measure, per level l, the smallest stage-l budget N^(l) at which level l is recovered with the stages below it trained on ample data, and fit log N^(l) = a + b_l·l·log m (layerwise-rf, layerwise-cluster); absent in results written before it existed',
      }),
    ),
    ampleFactor: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description:
          'with perLevel: every stage j below the searched one trains on ampleFactor·n_c·m^j samples (layerwise-cluster: ampleFactor·n_c·m^L, its stages share samples)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Resolved sweep configuration. */
export type SweepConfig = Static<typeof SweepConfigSchema>;
