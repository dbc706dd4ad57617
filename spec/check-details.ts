import { Type, type Static, type TProperties } from '@sinclair/typebox';

/**
 * The typed witness and details of each assumption in `rhm-check/1` (one
 * schema per assumption; spec/check.ts puts them in the verdict union).
 */

const Num = Type.Number();
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const Reason = (what: string) => Type.Optional(Type.String({ description: `why ${what} is null` }));

const Int = Type.Integer();
const Nat = Type.Integer({ minimum: 0 });
const NatArray = Type.Array(Nat);
const Pair = Type.Tuple([Nat, Nat]);
const Obj = <P extends TProperties>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

// --- rule-structure ---------------------------------------------------------

/** A symbol whose number of productions differs from the grammar's m. */
export const NonUniformSymbolSchema = Obj({ level: Nat, symbol: Nat, productions: Nat });
/** A patch produced by two or more parents (level: of the parents; the patch is made of level-(level+1) tokens). */
export const AmbiguousPatchSchema = Obj({ level: Nat, patch: NatArray, parents: NatArray });
/** The counting bound |V_l|·m ≤ |V_{l+1}|^s at one level (m ≤ v^(s−1) below the root, n_c·m ≤ v^s at the root). */
export const CountingBoundSchema = Obj({
  level: Nat,
  productions: Type.Integer({ minimum: 0, description: 'Σ_ν #productions of ν (= |V_l|·m when uniform)' }),
  patchSpace: Type.String({ pattern: '^[0-9]+$', description: '|V_{l+1}|^s, exact, decimal' }),
  holds: Type.Boolean(),
  statement: Type.String({ description: "the bound in the paper's terms" }),
});
/** A symbol never generated from the root. */
export const UnreachableSymbolSchema = Obj({ level: Nat, symbol: Nat });

/** Sub-check results of `rule-structure`. */
export const RuleStructureDetailsSchema = Obj({
  cfgInduced: Obj(
    { holds: Type.Literal(true), reason: Type.String() },
    'always true for an rhm-grammar/1 file: rules depend on the level only and every node expands independently',
  ),
  uniform: Obj(
    {
      holds: Type.Boolean(),
      m: Type.Union([Int, Type.Null()]),
      modalCount: Nat,
      nonUniform: Type.Array(NonUniformSymbolSchema),
      nonUniformTotal: Nat,
    },
    '(V,m)-uniformity: m when uniform, else the symbols whose count differs from the most common count',
  ),
  nonAmbiguous: Obj(
    { holds: Type.Boolean(), ambiguous: Type.Array(AmbiguousPatchSchema), ambiguousTotal: Nat },
    'non-ambiguity: every patch has at most one parent',
  ),
  bounds: Obj(
    { holds: Type.Boolean(), levels: Type.Array(CountingBoundSchema) },
    'the counting bounds implied by non-ambiguity and uniformity',
  ),
  reachable: Obj(
    { holds: Type.Boolean(), unreachable: Type.Array(UnreachableSymbolSchema), unreachableTotal: Nat },
    'every symbol reachable from the root with positive probability',
  ),
});

/** Witness of `rule-structure`: the first failing sub-check's example. */
export const RuleStructureWitnessSchema = Type.Union([
  Obj({ check: Type.Literal('uniform'), detail: Obj({ ...NonUniformSymbolSchema.properties, m: Nat }) }),
  Obj({ check: Type.Literal('non-ambiguous'), detail: AmbiguousPatchSchema }),
  Obj({ check: Type.Literal('bounds'), detail: CountingBoundSchema }),
  Obj({ check: Type.Literal('reachable'), detail: UnreachableSymbolSchema }),
]);

// --- non-degeneracy ---------------------------------------------------------

/** κ̂^(l) of one level. */
export const LevelKappaDetailSchema = Obj({
  level: Type.Integer({ minimum: 1 }),
  kappa: NullableNumber,
  kappaReason: Reason('κ̂^(l)'),
  patchCount: Type.Integer({ minimum: 0, description: '|P_l|' }),
});
/** Details of `non-degeneracy`: κ̂^(l) per level. */
export const NonDegeneracyDetailsSchema = Obj({ levels: Type.Array(LevelKappaDetailSchema) });
/** Witness of `non-degeneracy`: the least likely first patch (or one that never occurs). */
export const NonDegeneracyWitnessSchema = Obj({
  level: Type.Integer({ minimum: 1 }),
  patch: Type.Array(Nat, { description: 'the patch µ (level-l tokens)' }),
  parent: Type.Integer({ minimum: 0, description: 'its parent ν(µ) at level l−1' }),
  probability: Type.Number({ description: 'p_µ^(l) = P(first level-l patch = µ)' }),
  patchCount: Type.Integer({ minimum: 0, description: '|P_l|' }),
});

// --- weak-identifiability ---------------------------------------------------

/** Per-level gaps of `weak-identifiability` (first patch, all positions, normalised, Prop. 19). */
export const LevelGapReportSchema = Obj({
  level: Type.Integer({ minimum: 1 }),
  minGap: Type.Union([Num, Type.Null()], { description: 'ρ̂^(l) at the first patch' }),
  minGapReason: Reason('ρ̂^(l)'),
  parents: Type.Union([Pair, Type.Null()]),
  exactZero: Type.Union([Type.Boolean(), Type.Null()]),
  minGapAllPositions: NullableNumber,
  minGapAllPositionsReason: Reason('the all-positions gap'),
  allPositionsPath: Type.Union([NatArray, Type.Null()], {
    description: 'child indices from the root to the node where the all-positions minimum is attained',
  }),
  normalizedGap: Type.Union([Num, Type.Null()], { description: 'ρ̂^(l)·m^((l−1)/2)' }),
  normalizedGapReason: Reason('ρ̂^(l)·m^((l−1)/2)'),
  prop19Reference: Type.Union([Num, Type.Null()], { description: '(20m)^(−(l−1)/2), [R] Prop. 19' }),
  prop19ReferenceReason: Reason('(20m)^(−(l−1)/2)'),
});
/** Details of `weak-identifiability`. */
export const WeakIdentifiabilityDetailsSchema = Obj({
  levels: Type.Array(LevelGapReportSchema),
  kRho: Type.Union([Num, Type.Null()], { description: 'K̂_ρ = min_l ρ̂^(l)·m^(l/2)' }),
  kRhoReason: Reason('K̂_ρ'),
  minGapOption: Num,
  weakerPositionLevels: Type.Union([Type.Array(Type.Integer({ minimum: 1 })), Type.Null()], {
    description: 'levels where some other position has a smaller gap than the first patch (null: positions = first)',
  }),
  mode: Type.Union([Type.Literal('counts'), Type.Literal('probabilities')]),
  positions: Type.Union([Type.Literal('first'), Type.Literal('all')]),
});
/** Witness of `weak-identifiability`: the two parents with the smallest first-patch gap. */
export const WeakIdentifiabilityWitnessSchema = Obj({
  level: Type.Integer({ minimum: 1, description: 'l; the parents are level-(l−1) symbols' }),
  parents: Pair,
  patches: Type.Tuple([NatArray, NatArray], { description: 'one patch of each parent (non-synonyms µ, µ′)' }),
  gap: Type.Number({ description: '‖q_µ − q_µ′‖₂' }),
  exactZero: Type.Union([Type.Boolean(), Type.Null()], {
    description: 'decided with integer arithmetic (true: exactly 0); null when float64 only',
  }),
  q: Type.Tuple([Type.Array(Num), Type.Array(Num)], { description: 'q_ν and q_ν′' }),
});

// --- clean-signal -----------------------------------------------------------

const LabelCounts = (description: string) => Type.Record(Type.String({ pattern: '^[0-9]+$' }), Num, { description });

/** The cell of the clean-signal test that contributes most to the statistic (or a contradiction). */
export const CleanSignalWitnessSchema = Obj({
  level: Type.Integer({ minimum: 1 }),
  patch: Type.Array(Nat, { description: 'the first level-l patch µ' }),
  realisation: Type.Union([NatArray, Type.Null()], {
    description: 'the level-L tokens below it; null for a group pooled over realisations',
  }),
  count: Type.Integer({ minimum: 0, description: 'samples in the group' }),
  observed: LabelCounts('label counts observed in the group, by label'),
  expected: LabelCounts('n_g·q_µ(ζ), by label'),
  reason: Type.String({ description: 'why this is the witness' }),
});
/** Result of the empirical conditional-independence test of `clean-signal`. */
export const CleanSignalTestSchema = Type.Union([
  Obj({
    status: Type.Union([Type.Literal('rejected'), Type.Literal('not-rejected')]),
    level: Type.Integer({ minimum: 1 }),
    samples: Nat,
    groups: Type.Integer({ minimum: 0, description: 'groups (patch, realisation) or per-patch pools tested' }),
    untested: Type.Integer({ minimum: 0, description: 'samples in groups too small for two cells (left out)' }),
    statistic: Type.Number({ description: "Pearson's statistic Σ (O − E)²/E" }),
    df: Nat,
    pValue: Type.Number({ description: 'P(χ²_df ≥ statistic); 0 when a contradiction was observed' }),
    alpha: Num,
    contradictions: Type.Integer({
      minimum: 0,
      description: 'samples whose label has probability 0 given their patch (impossible under the model)',
    }),
    witness: Type.Union([CleanSignalWitnessSchema, Type.Null()]),
  }),
  Obj({
    status: Type.Union([Type.Literal('inconclusive'), Type.Literal('skipped')]),
    level: Type.Integer({ minimum: 1 }),
    samples: Nat,
    reason: Type.String(),
  }),
]);
/** Details of `clean-signal`: the structural certificate and the empirical test. */
export const CleanSignalDetailsSchema = Obj({
  certificate: Obj({ holds: Type.Literal(true), reason: Type.String() }),
  test: CleanSignalTestSchema,
  seed: Nat,
  stream: Type.Literal('clean-signal'),
  nc: Type.Integer({ minimum: 1, description: 'n_c' }),
});

/** Details of `rule-structure`. */
export type RuleStructureDetails = Static<typeof RuleStructureDetailsSchema>;
/** A symbol whose number of productions differs from the grammar's m. */
export type NonUniformSymbol = Static<typeof NonUniformSymbolSchema>;
/** A patch produced by two or more parents. */
export type AmbiguousPatch = Static<typeof AmbiguousPatchSchema>;
/** One counting bound of `rule-structure`. */
export type CountingBound = Static<typeof CountingBoundSchema>;
/** Witness of `rule-structure`. */
export type RuleStructureWitness = Static<typeof RuleStructureWitnessSchema>;
/** Details of `non-degeneracy`. */
export type NonDegeneracyDetails = Static<typeof NonDegeneracyDetailsSchema>;
/** Witness of `non-degeneracy`. */
export type NonDegeneracyWitness = Static<typeof NonDegeneracyWitnessSchema>;
/** Details of `weak-identifiability`. */
export type WeakIdentifiabilityDetails = Static<typeof WeakIdentifiabilityDetailsSchema>;
/** Per-level gaps of `weak-identifiability`. */
export type LevelGapReport = Static<typeof LevelGapReportSchema>;
/** Witness of `weak-identifiability`. */
export type WeakIdentifiabilityWitness = Static<typeof WeakIdentifiabilityWitnessSchema>;
/** Details of `clean-signal`. */
export type CleanSignalDetails = Static<typeof CleanSignalDetailsSchema>;
/** The empirical test of `clean-signal`. */
export type CleanSignalTest = Static<typeof CleanSignalTestSchema>;
/** Witness of `clean-signal`. */
export type CleanSignalWitness = Static<typeof CleanSignalWitnessSchema>;

/** The details type of each assumption, by id. */
export interface AssumptionDetailsById {
  'rule-structure': RuleStructureDetails;
  'non-degeneracy': NonDegeneracyDetails;
  'weak-identifiability': WeakIdentifiabilityDetails;
  'clean-signal': CleanSignalDetails;
}
/** The witness type of each assumption, by id. */
export interface AssumptionWitnessById {
  'rule-structure': RuleStructureWitness;
  'non-degeneracy': NonDegeneracyWitness;
  'weak-identifiability': WeakIdentifiabilityWitness;
  'clean-signal': CleanSignalWitness;
}
