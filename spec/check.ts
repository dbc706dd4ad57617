import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  CleanSignalDetailsSchema,
  CleanSignalWitnessSchema,
  NonDegeneracyDetailsSchema,
  NonDegeneracyWitnessSchema,
  RuleStructureDetailsSchema,
  RuleStructureWitnessSchema,
  WeakIdentifiabilityDetailsSchema,
  WeakIdentifiabilityWitnessSchema,
} from './check-details';
import { ViolationSchema } from './violation';

/** The format tag of `rhm check --json` results. */
export const CHECK_FORMAT = 'rhm-check/1';

const Num = Type.Number();
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Reason = (what: string) => Type.Optional(Type.String({ description: `why ${what} is null` }));

/** A violation, inlined (the shape of spec/violation.ts without its $id). */
const InlineViolation = Type.Object(ViolationSchema.properties, { additionalProperties: false });

// --- the verdict -----------------------------------------------------------

/** The verdict of assumption `id`, with its typed witness and details. */
function verdictSchema<I extends string, W extends TSchema, D extends TSchema>(id: I, witness: W, details: D) {
  return Type.Object(
    {
      id: Type.Literal(id),
      title: Type.String(),
      reference: Type.String({ description: 'paper reference' }),
      holds: Type.Boolean(),
      value: NullableNumber,
      valueReason: Reason('value'),
      threshold: NullableNumber,
      thresholdReason: Reason('threshold (or how it was chosen)'),
      comparison: Type.String({ description: "how value and threshold are compared, e.g. 'value > threshold'" }),
      margin: NullableNumber,
      witness: Type.Union([Type.Null(), witness], { description: 'the worst case or the failure' }),
      summary: Type.String(),
      violations: Type.Array(InlineViolation),
      details,
    },
    { additionalProperties: false },
  );
}

/** The verdict of one registered assumption: a union discriminated by `id`, each with its typed witness and details. */
export const AssumptionResultSchema = Type.Union([
  verdictSchema('rule-structure', RuleStructureWitnessSchema, RuleStructureDetailsSchema),
  verdictSchema('non-degeneracy', NonDegeneracyWitnessSchema, NonDegeneracyDetailsSchema),
  verdictSchema('weak-identifiability', WeakIdentifiabilityWitnessSchema, WeakIdentifiabilityDetailsSchema),
  verdictSchema('clean-signal', CleanSignalWitnessSchema, CleanSignalDetailsSchema),
]);

/** One row of the per-level table, l = 1 … L (level 0 = label, level L = input). */
export const CheckLevelSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1, description: 'l: the level of the patch tokens; parents at level l−1' }),
    patchCount: Type.Integer({ minimum: 0, description: '|P_l|' }),
    kappa: NullableNumber,
    kappaReason: Reason('κ̂^(l)'),
    minGap: NullableNumber,
    minGapReason: Reason('ρ̂^(l)'),
    gapParents: Type.Union([Type.Null(), Type.Array(Type.Integer({ minimum: 0 }), { minItems: 2, maxItems: 2 })], {
      description: 'the witness pair of level-(l−1) parents of the first-patch gap',
    }),
    gapExactZero: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'true/false when zero-ness was decided with exact integer arithmetic, null when float64 only',
    }),
    minGapAllPositions: NullableNumber,
    minGapAllPositionsReason: Reason('the all-positions gap'),
    allPositionsPath: Type.Union([Type.Null(), Type.Array(Type.Integer({ minimum: 0 }))], {
      description: 'child indices from the root to the node with the smallest gap',
    }),
    normalizedGap: NullableNumber,
    normalizedGapReason: Reason('ρ̂^(l)·m^((l−1)/2)'),
    prop19Reference: NullableNumber,
    prop19ReferenceReason: Reason('(20m)^(−(l−1)/2)'),
    samples: NullableNumber,
    samplesReason: Reason('N^(l)'),
    epsilon: NullableNumber,
    epsilonReason: Reason('ε_*^(l)'),
  },
  { additionalProperties: false },
);

/** q-vectors of one level (with `--q`). */
export const CheckQLevelSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1 }),
    parents: Type.Array(
      Type.Object(
        {
          parent: Type.Integer({ minimum: 0, description: 'ν ∈ V_{l−1}' }),
          marginal: Num,
          q: Type.Union([Type.Null(), Type.Array(Num)], { description: 'q_ν^(l); null when π_{l−1}(ν) = 0' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * `rhm-check/1`: the result of `rhm check` — the verdict of each registered
 * assumption of [R] on one grammar, the per-level exact quantities, P_max and
 * the predicted sample complexities. Non-finite numbers are written as null
 * with a sibling `…Reason` string.
 */
export const CheckResultSchema = Type.Object(
  {
    format: Type.Literal(CHECK_FORMAT),
    harnessVersion: Type.String(),
    grammar: Type.Object(
      {
        source: Type.Union([Type.String(), Type.Null()], {
          description: 'the grammar file checked (null when checked in memory)',
        }),
        branching: Type.Integer({ minimum: 2 }),
        depth: Type.Integer({ minimum: 1 }),
        vocabulary: Type.Array(Type.Integer({ minimum: 1 })),
        m: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
        mReason: Reason('m'),
        generator: Type.Union([Type.String(), Type.Null()]),
        mode: Type.Union([Type.Literal('counts'), Type.Literal('probabilities')], {
          description:
            "'counts': exact integer path counts; 'probabilities': float64 products of the transition matrices",
        }),
      },
      { additionalProperties: false },
    ),
    options: Type.Object(
      {
        minGap: Num,
        positions: Type.Union([Type.Literal('first'), Type.Literal('all')]),
        samples: Type.Integer({ minimum: 0 }),
        seed: Type.Integer({ minimum: 0 }),
        signalLevel: Type.Integer({ minimum: 1 }),
        alpha: Num,
        constantC: Num,
        delta: Num,
        q: Type.Boolean(),
      },
      { additionalProperties: false, description: 'the resolved options, every default applied' },
    ),
    verdict: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
    assumptions: Type.Array(AssumptionResultSchema),
    levels: Type.Array(CheckLevelSchema),
    kappa: NullableNumber,
    kappaReason: Reason('κ̂'),
    kRho: NullableNumber,
    kRhoReason: Reason('K̂_ρ'),
    pMax: Type.String({ pattern: '^[0-9]+$', description: 'P_max, exact, decimal' }),
    predicted: Type.Object(
      {
        ncMToL: Type.Union([Type.String({ pattern: '^[0-9]+$' }), Type.Null()], {
          description: '[C] heuristic n_c·m^L, exact, decimal',
        }),
        ncMToLReason: Reason('n_c·m^L'),
        theoremBudget: NullableNumber,
        theoremBudgetReason: Reason('the Theorem 7 budget'),
        constantC: Num,
        delta: Num,
        V: Type.Integer({ minimum: 1, description: 'V = max_l |V_l| used in the bounds' }),
      },
      { additionalProperties: false },
    ),
    q: Type.Optional(Type.Array(CheckQLevelSchema)),
  },
  { $id: 'rhm-check-1', additionalProperties: false, title: 'rhm-check/1' },
);

/** A result of `rhm check` (validated against {@link CheckResultSchema}). */
export type CheckResult = Static<typeof CheckResultSchema>;
/** One assumption's verdict in a {@link CheckResult} (discriminated by `id`). */
export type AssumptionResult = Static<typeof AssumptionResultSchema>;
/** The verdict of assumption `I` in a {@link CheckResult}. */
export type AssumptionResultOf<I extends AssumptionResult['id']> = Extract<AssumptionResult, { readonly id: I }>;

/** One per-level row of a {@link CheckResult}. */
export type CheckLevel = Static<typeof CheckLevelSchema>;
