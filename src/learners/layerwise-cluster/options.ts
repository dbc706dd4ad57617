import { Type, type Static } from '@sinclair/typebox';

/** Options of `layerwise-cluster` (pass with `--option key=value`). */
export const LayerwiseClusterOptionsSchema = Type.Object(
  {
    features: Type.Union([Type.Literal('positional'), Type.Literal('pooled')], {
      description:
        "positional: a patch's feature is its label-frequency vectors at every patch position side by side (deviations from the label marginal); pooled: one frequency vector over all positions",
    }),
    restarts: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'k-means++ restarts per level (best inertia kept)',
    }),
    maxIterations: Type.Integer({ minimum: 1, maximum: 100000, description: 'Lloyd iterations per restart' }),
    mergeThreshold: Type.Number({
      minimum: 0,
      description:
        'after k-means, merge two clusters while the squared distance of their pooled label frequencies is below this multiple of its expected value under sampling noise alone (0: never merge); handles parents that never occur, which would otherwise split a true cluster',
    }),
    stageSamples: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
        minItems: 1,
        maxItems: 64,
        description:
          "per-stage budgets (length L, entry l−1 for stage l): stage l estimates its label statistics on the first stageSamples[l−1] training samples, so the entries may not increase from stage L up to stage 1; the learner draws stageSamples[L−1] samples and the request's sample count is ignored (rhm scale --per-level sets it)",
      }),
    ),
  },
  { additionalProperties: false },
);

/** Resolved options of `layerwise-cluster`. */
export type LayerwiseClusterOptions = Static<typeof LayerwiseClusterOptionsSchema>;

/** Defaults of `layerwise-cluster`. */
export const LAYERWISE_CLUSTER_DEFAULTS: LayerwiseClusterOptions = Object.freeze({
  features: 'positional',
  restarts: 32,
  maxIterations: 100,
  mergeThreshold: 3,
});
