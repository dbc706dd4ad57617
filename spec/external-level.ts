import { Type, type Static } from '@sinclair/typebox';

const Rate = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });
const NumOrNull = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/**
 * Per-level measurements of representations scored by the harness (`rhm score`,
 * and any learner run through `--learner-command`): how well the vectors a
 * program gives for the level-l patches separate the true level-(l−1) parents.
 */
export const ExternalLevelSchema = Type.Object(
  {
    kind: Type.Literal('representation'),
    level: Type.Integer({ minimum: 1, description: 'l: patches of level-l tokens, parents at level l−1' }),
    represented: Type.Boolean({ description: 'whether the program gave a representation of this level' }),
    dim: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'components per vector' }),
    heldOutPatches: Type.Integer({ minimum: 0, description: 'held-out level-l patches scored' }),
    recoveryRate: Rate(
      'nearest-centroid accuracy on held-out halves: parent centroids from the patches of one half of the held-out inputs classify the other half, both ways',
    ),
    synonymHalvesRate: Rate(
      'nearest-centroid accuracy across synonyms: centroids from half of each parent’s productions classify patches of the other half (a vector that identifies the patch but not its parent scores near chance)',
    ),
    clusteringRate: Rate(
      'k-means into |V_{l−1}| clusters, best one-to-one matching to the true parents (share matched)',
    ),
    chanceRate: Type.Number({ description: '1/|V_{l−1}|' }),
    intraClusterSpread: NumOrNull('max distance of a vector to its parent’s mean vector'),
    interClusterGap: NumOrNull('min distance between two parents’ mean vectors'),
    separated: Type.Union([Type.Boolean(), Type.Null()], { description: 'intraClusterSpread < interClusterGap/2' }),
    intraDiameter: NumOrNull('ε̃_S: largest distance between two vectors of the same parent (Assumption 9)'),
    interDistance: NumOrNull('ρ̃: smallest distance between vectors of two different parents (Assumption 9)'),
    assumption9: Type.Union([Type.Boolean(), Type.Null()], { description: 'ε̃_S < ρ̃' }),
    realisations: Type.Integer({ minimum: 0, description: 'distinct vectors ε̃_S and ρ̃ were computed on' }),
    realisationsComplete: Type.Boolean({ description: 'false when only the first ones (in row order) were used' }),
    synonymicSensitivity: Type.Union([Type.Array(NumOrNull('')), Type.Null()], {
      description:
        "[C]'s S_{k,l} for this exchanged level l: entry k−1 is the level-k representation's sensitivity (null where level k is not represented); null when not measured",
    }),
    sensitivityLayers: Type.String({ description: 'which representations the sensitivity entries refer to' }),
    recovered: Type.Boolean({ description: 'see recoveryCriterion' }),
    recoveryCriterion: Type.String({ description: 'the criterion behind `recovered`, in words' }),
  },
  { additionalProperties: false },
);

/** Per-level measurements of scored representations. */
export type ExternalLevel = Static<typeof ExternalLevelSchema>;
