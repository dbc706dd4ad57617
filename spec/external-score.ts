import { Type, type Static } from '@sinclair/typebox';
import { ExternalLevelSchema } from './external-level';

/** Format tag of `rhm score` results. */
export const SCORE_FORMAT = 'rhm-score/1';

/** `rhm-score/1`: per-level scores of representations written by any program. */
export const ScoreResultSchema = Type.Object(
  {
    format: Type.Literal(SCORE_FORMAT),
    grammar: Type.String({ description: 'grammar file' }),
    inputs: Type.String({ description: 'the rhm-samples/1 file of the held-out inputs' }),
    representations: Type.String({ description: 'directory holding result.json (rhm-external-result/1)' }),
    n: Type.Integer({ minimum: 1, description: 'held-out inputs' }),
    latentFrom: Type.Union([Type.Literal('file'), Type.Literal('parse')], {
      description: 'where the latent trees came from',
    }),
    testError: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: 'share of predictions that differ from the labels (null: no predictions given)',
    }),
    threshold: Type.Number({ description: 'nearest-centroid accuracy a level must reach to count as recovered' }),
    seed: Type.Integer({ minimum: 0, description: 'seed of the k-means streams' }),
    levels: Type.Array(ExternalLevelSchema, { description: 'l = 1..L in order' }),
  },
  { $id: 'rhm-score-1', additionalProperties: false },
);

/** One `rhm score` result. */
export type ScoreResult = Static<typeof ScoreResultSchema>;
