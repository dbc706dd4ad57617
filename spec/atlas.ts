import { Type, type Static } from '@sinclair/typebox';
import { SAMPLER_NAMES } from './generator';
import { LIMITS } from './limits';
import { Nullable, Seed } from './scale-common';

/**
 * `rhm-atlas/1`: where the assumptions of [R] hold. Over a grid of
 * (sampler, v, n_c, m, s, L) and K grammar seeds per cell, the share of the
 * cell's grammars on which each assumption holds (the exact check of
 * `rhm check`), with a Wilson interval, the quantiles of κ̂ and K̂_ρ, and for
 * uniform-first-token cells the share on which Proposition 19's bound holds.
 */
export const ATLAS_FORMAT = 'rhm-atlas/1';

/**
 * The verdicts an atlas counts per grammar. The first three are the assumptions
 * Theorem 7 needs (the paper trains on the first patch); the fourth asks the
 * gap to be positive at every patch position, not only the first.
 */
export const ATLAS_ASSUMPTIONS = [
  'rule-structure',
  'non-degeneracy',
  'weak-identifiability',
  'weak-identifiability-all-positions',
] as const;
/** One of {@link ATLAS_ASSUMPTIONS}. */
export type AtlasAssumption = (typeof ATLAS_ASSUMPTIONS)[number];

const Share = Type.Number({ minimum: 0, maximum: 1 });

/** A binomial share with its Wilson score interval. */
export const ShareIntervalSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, description: 'grammars on which it holds' }),
    of: Type.Integer({ minimum: 0, description: 'grammars examined' }),
    low: Share,
    high: Share,
  },
  { additionalProperties: false, description: 'Wilson score interval at config.confidence' },
);

/** Quantiles of a per-grammar quantity over a cell's seeds (over the grammars where it is defined). */
export const QuantilesSchema = Type.Object(
  {
    defined: Type.Integer({ minimum: 0, description: 'grammars where the quantity is defined (finite)' }),
    undefined: Type.Integer({ minimum: 0, description: 'grammars where it is not (κ̂ = ∞, or m undefined)' }),
    min: Nullable(Type.Number(), 'smallest value'),
    q10: Nullable(Type.Number(), '10% quantile'),
    q25: Nullable(Type.Number(), '25% quantile'),
    median: Nullable(Type.Number(), 'median'),
    q75: Nullable(Type.Number(), '75% quantile'),
    q90: Nullable(Type.Number(), '90% quantile'),
    max: Nullable(Type.Number(), 'largest value'),
  },
  { additionalProperties: false },
);

/** Proposition 19 of [R] on a cell: the share of grammars with ρ̂^(l) ≥ (20m)^(−(l−1)/2) at every level. */
export const Prop19CellSchema = Type.Object(
  {
    share: Share,
    interval: ShareIntervalSchema,
    zeroGapFailures: Type.Integer({
      minimum: 0,
      description: 'failing grammars whose gap is exactly zero at some level (two parents with equal q-vectors)',
    }),
    belowBoundFailures: Type.Integer({
      minimum: 0,
      description: 'failing grammars with every gap positive but some gap below the bound',
    }),
    inRegime: Type.Boolean({
      description:
        'whether the cell is in the regime this harness tests the proposition in (m ≥ 8 and v ≥ 16, see src/exact/proposition19.ts); outside it failures are reported, not called violations',
    }),
    note: Type.String({ description: 'what the failures are, in words' }),
  },
  { additionalProperties: false },
);

const HoldsSchema = Type.Object(
  {
    'rule-structure': Share,
    'non-degeneracy': Share,
    'weak-identifiability': Share,
    'weak-identifiability-all-positions': Type.Optional(Share),
    all: Share,
  },
  {
    additionalProperties: false,
    description:
      "share of the cell's grammars on which each assumption holds; 'all': rule-structure, non-degeneracy and weak-identifiability (first patch) together, the hypotheses of Theorem 7. 'weak-identifiability-all-positions' is absent when some grammar was too large to check every position",
  },
);

const IntervalsSchema = Type.Object(
  {
    'rule-structure': ShareIntervalSchema,
    'non-degeneracy': ShareIntervalSchema,
    'weak-identifiability': ShareIntervalSchema,
    'weak-identifiability-all-positions': Type.Optional(ShareIntervalSchema),
    all: ShareIntervalSchema,
  },
  { additionalProperties: false },
);

/** The grid parameters of one cell. */
export const AtlasCellSpecSchema = Type.Object(
  {
    sampler: Type.Union(
      SAMPLER_NAMES.map((n) => Type.Literal(n)),
      { description: 'rule sampler' },
    ),
    vocab: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'v' }),
    classes: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'n_c' }),
    m: Type.Integer({ minimum: 1, description: 'productions per symbol' }),
    s: Type.Integer({ minimum: 2, maximum: LIMITS.maxBranching, description: 'branching factor' }),
    L: Type.Integer({ minimum: 1, maximum: LIMITS.maxDepth, description: 'depth' }),
    seeds: Type.Integer({ minimum: 1, maximum: 100000, description: 'K: grammar seeds seed, seed+1, …, seed+K−1' }),
    seed: Seed,
    confidence: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  },
  { additionalProperties: false },
);

/** One cell of the atlas. */
export const AtlasCellSchema = Type.Object(
  {
    sampler: Type.Union(SAMPLER_NAMES.map((n) => Type.Literal(n))),
    vocab: Type.Integer({ minimum: 2 }),
    classes: Type.Integer({ minimum: 2 }),
    m: Type.Integer({ minimum: 1 }),
    s: Type.Integer({ minimum: 2 }),
    L: Type.Integer({ minimum: 1 }),
    seeds: Type.Integer({ minimum: 0, description: 'grammars examined (0 when the cell is impossible)' }),
    status: Type.Union([Type.Literal('measured'), Type.Literal('impossible')], {
      description: "'impossible': no non-ambiguous (V,m)-uniform grammar has these parameters (reason says why)",
    }),
    reason: Type.Optional(Type.String()),
    holds: Type.Optional(HoldsSchema),
    intervals: Type.Optional(IntervalsSchema),
    kappa: Type.Optional(QuantilesSchema),
    kRho: Type.Optional(QuantilesSchema),
    prop19: Type.Optional(
      Type.Union([Prop19CellSchema, Type.Null()], {
        description: 'Proposition 19 (uniform-first-token cells only; null for other samplers)',
      }),
    ),
    seconds: Type.Number({ minimum: 0, description: 'wall time of the cell' }),
  },
  { additionalProperties: false },
);

/** `rhm-atlas/1`. */
export const AtlasResultSchema = Type.Object(
  {
    format: Type.Literal(ATLAS_FORMAT),
    harnessVersion: Type.String(),
    config: Type.Object(
      {
        samplers: Type.Array(Type.Union(SAMPLER_NAMES.map((n) => Type.Literal(n)))),
        vocab: Type.Array(Type.Integer({ minimum: 2 })),
        ratio: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { description: 'n_c/v values: n_c = ratio·v' }),
        m: Type.Array(Type.Integer({ minimum: 1 })),
        s: Type.Array(Type.Integer({ minimum: 2 })),
        L: Type.Array(Type.Integer({ minimum: 1 })),
        seeds: Type.Integer({ minimum: 1 }),
        seed: Seed,
        confidence: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
        workers: Type.Integer({
          minimum: 0,
          description: 'worker threads (0: in this thread); results do not depend on it',
        }),
      },
      { additionalProperties: false },
    ),
    cells: Type.Array(AtlasCellSchema),
    conclusions: Type.Array(
      Type.Object({ sampler: Type.String(), sentence: Type.String() }, { additionalProperties: false }),
      { description: "one sentence per sampler: where the theorem's assumptions can be expected to hold" },
    ),
    seconds: Type.Number({ minimum: 0 }),
  },
  { $id: 'rhm-atlas-1', title: ATLAS_FORMAT, additionalProperties: false },
);

/** A cell's grid parameters (the job a worker runs). */
export type AtlasCellSpec = Static<typeof AtlasCellSpecSchema>;
/** One cell of the atlas. */
export type AtlasCell = Static<typeof AtlasCellSchema>;
/** `rhm-atlas/1`. */
export type AtlasResult = Static<typeof AtlasResultSchema>;
/** A share and its interval. */
export type ShareInterval = Static<typeof ShareIntervalSchema>;
/** Quantiles of a quantity over seeds. */
export type Quantiles = Static<typeof QuantilesSchema>;
/** Proposition 19 on a cell. */
export type Prop19Cell = Static<typeof Prop19CellSchema>;
