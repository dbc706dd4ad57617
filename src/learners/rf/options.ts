import { Type, type Static } from '@sinclair/typebox';

/** Options of `layerwise-rf` (pass with `--option key=value`). */
export const LayerwiseRfOptionsSchema = Type.Object(
  {
    features: Type.Union([Type.Literal('lemma10'), Type.Integer({ minimum: 1, maximum: 4096 })], {
      description:
        "M: random Fourier frequencies per level (d_x = 2M; Σ̂ holds (2M)² numbers, so M ≤ 4096); 'lemma10' = the width Lemma 10 prescribes for near-orthogonality ε_O = 1/|P_l| (M ∝ s·d_e/ε_O²), capped at maxFeatures",
    }),
    sigma: Type.Union([Type.Literal('estimate'), Type.Literal('oracle'), Type.Number({ exclusiveMinimum: 0 })], {
      description:
        "bandwidth rule: 'estimate' = separation / √(2 ln(1/floor)), the separation being √2 for one-hot inputs (l = L) and, above, the smallest gap between k-means centroids of the previous stage's outputs (clusters closer than twice their radius merged first; if every cluster merges, the distance of the last merge); 'oracle' = exact ρ̂^(l+1) from the grammar's q-vectors (needs the request's oracle flag, --oracle); a number = that σ at every level",
    }),
    kernelFloor: Type.Union([Type.Literal('lemma10'), Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })], {
      description:
        "kernel value exp(−gap²/2σ²) aimed for between distinct one-hot input patches (stage L); 'lemma10' = ε_O/2 with ε_O = 1/|P_l| (Lemma 10's near-orthogonality)",
    }),
    upperKernelFloor: Type.Union([Type.Literal('lemma10'), Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })], {
      description:
        "the same for stages l < L, whose inputs are noisy outputs of the stage below (a larger value widens σ to cover their spread); 'lemma10' = ε_O/2 = 1/(2|P_l|)",
    }),
    normaliserFloor: Type.Number({
      exclusiveMinimum: 0,
      description:
        'h = Wx / max(⟨1, Wx⟩, floor): guards inputs far from every training input (the fitted ⟨1, Wx⟩ is ≈ p/(p+λ) ≈ 1/2 on seen patches)',
    }),
    solver: Type.Union([Type.Literal('gd'), Type.Literal('closed-form')], {
      description: "gd: full-batch gradient descent from W = 0 with [R]'s λ and step; closed-form: Ĉ(Σ̂ + λI)^(−1)",
    }),
    steps: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 1, maximum: 1000000 })], {
      description: "T: GD steps; 'auto' = ⌈|P_l|·ln(100|P_l|√|V_0|/ε)⌉ with ε = 0.01 and κ = 1",
    }),
    stageSplit: Type.Union([Type.Literal('geometric'), Type.Literal('equal')], {
      description: 'how the budget is split over the L stages: geometric ∝ m^l (as N^(l) of Theorem 7) or equal',
    }),
    maxFeatures: Type.Integer({
      minimum: 1,
      maximum: 4096,
      description:
        "bound on M when features = 'lemma10' (memory and time: Σ̂ holds (2M)² float64 numbers and its eigendecomposition costs (2M)³)",
    }),
    stageSamples: Type.Optional(
      Type.Array(Type.Integer({ minimum: 2, maximum: Number.MAX_SAFE_INTEGER }), {
        minItems: 1,
        maxItems: 64,
        description:
          "per-stage budgets replacing the split: entry l−1 is the number of fresh samples of stage l (length L); the request's sample count is then ignored (rhm scale --per-level sets it)",
      }),
    ),
  },
  { additionalProperties: false },
);

/** Resolved options of `layerwise-rf`. */
export type LayerwiseRfOptions = Static<typeof LayerwiseRfOptionsSchema>;

/** Practical defaults of `layerwise-rf` (the theory-prescribed values are recorded beside them in each result). */
export const LAYERWISE_RF_DEFAULTS: LayerwiseRfOptions = Object.freeze({
  features: 'lemma10',
  sigma: 'estimate',
  kernelFloor: 'lemma10',
  upperKernelFloor: 'lemma10',
  normaliserFloor: 0.1,
  solver: 'gd',
  steps: 'auto',
  stageSplit: 'geometric',
  maxFeatures: 512,
});
