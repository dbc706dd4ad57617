import { Type, type Static } from '@sinclair/typebox';
import { ExternalLevelSchema } from './external-level';

/** The format tag of `rhm learn` results. */
export const LEARN_FORMAT = 'rhm-learn/1';

/** TensorFlow.js backend of a run (the learners' `BackendInfo`). */
export const LearnBackendSchema = Type.Object(
  {
    name: Type.String({ description: "'tensorflow' (tfjs-node), 'wasm' or 'cpu'" }),
    threads: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'threads the backend uses (null when unknown)',
    }),
    version: Type.String({ description: 'version of @tensorflow/tfjs-core' }),
  },
  { additionalProperties: false },
);

const Num = (description: string) => Type.Number({ description });
const NumOrNull = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const IntOrNull = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });
const Rate = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });
const Level = Type.Integer({ minimum: 1, description: 'l: patches of level-l tokens, parents at level l−1' });

/** What one `layerwise-rf` stage used (practical) beside what Theorem 7 prescribes (theory). */
export const RfStageSchema = Type.Object(
  {
    level: Level,
    freshSamples: Type.Integer({ minimum: 0, description: 'fresh samples drawn for this stage' }),
    practical: Type.Object(
      {
        M: Type.Integer({ minimum: 1, description: 'random Fourier frequencies' }),
        MSource: Type.String({
          description: "where M came from ('fixed', 'Lemma 10', or Lemma 10 capped at maxFeatures)",
        }),
        sigma: Num('bandwidth σ used'),
        sigmaSource: Type.String({ description: 'where σ came from' }),
        lambda: Num('ridge penalty λ = 1/|P_l|'),
        stepSize: Num('GD step 2|P_l|/(|P_l|+1)'),
        steps: IntOrNull('GD steps T (null for the closed form)'),
        solver: Type.Union([Type.Literal('gd'), Type.Literal('closed-form')]),
        distinctRows: Type.Integer({
          minimum: 0,
          description:
            'K: distinct training input rows (by float32 bytes); Σ̂ and Ĉ are summed once per distinct row, weighted by its count',
        }),
        solverPath: Type.Union([Type.Literal('dual'), Type.Literal('primal')], {
          description:
            "'dual': solved in the K × K Gram matrix (K ≤ 2M); 'primal': in the (2M) × (2M) Σ̂; the same W either way",
        }),
      },
      { additionalProperties: false },
    ),
    theory: Type.Object(
      {
        epsilonStar: NumOrNull('ε_*^(l) of Theorem 7 (null: undefined, see reasons)'),
        steps: NumOrNull('T = ⌈|P_l|·log(100|P_l|κ√|V_0|/ε_*)⌉'),
        sigma: NumOrNull('σ = ρ_in/√(2 log(1200|P_l|²κ√|V_0|/ε_*))'),
        samples: NumOrNull('N^(l) = 20C·κV²m²sL·log²(Vmκ/δ)·K_ρ^(−2)·m^l'),
        lambda: Num('λ = 1/|P_l|'),
        stepSize: Num('2|P_l|/(|P_l|+1)'),
        C: Num('the absolute constant C of Theorem 7'),
        delta: Num('δ of Theorem 7'),
        kappa: NumOrNull('κ̂ (null: ∞)'),
        kRho: NumOrNull('K̂_ρ (null: undefined)'),
        M: Type.Null({ description: 'width: [R] gives poly(κ, m, V, s, L)·m^L, no closed form' }),
        MNote: Type.String(),
        lemma10: Type.Object(
          {
            epsO: Num('ε_O = 1/|P_l|: the near-orthogonality Lemma 10 needs between embeddings of distinct patches'),
            separation: NumOrNull(
              'ρ̃: the input separation σ is tied to (√2 one-hot at l = L, the measured gap of the stage below above; null for a fixed σ)',
            ),
            sigma: NumOrNull('σ = ρ̃/√(2 ln(2/ε_O)): exp(−ρ̃²/2σ²) ≤ ε_O/2 (null for a fixed σ)'),
            M: NumOrNull(
              'M = ⌈4(D+2)/ε² · ln(66(σ_p ℓ/ε)²/δ)⌉, ε = ε_O/2, D = s·d_e, σ_p = √D/σ: the random features stay within ε_O/2 of the kernel uniformly (src/exact/lemma10.ts)',
            ),
            diameter: Num('ℓ = √(2s): diameter of the patch inputs used in M'),
            delta: Num('δ of the uniform random-feature bound used in M'),
          },
          { additionalProperties: false },
        ),
        reasons: Type.Record(Type.String(), Type.String(), {
          description: 'why each null theory value is undefined, by field name',
        }),
      },
      { additionalProperties: false },
    ),
    lemmas: Type.Object(
      {
        epsO: Num('ε_O measured: largest |⟨x_µ, x_µ′⟩| between embeddings of distinct patches (first realisations)'),
        epsOThreshold: Num('1/|P_l|: the near-orthogonality Lemma 10 needs'),
        nearOrthogonal: Type.Boolean({ description: 'epsO ≤ epsOThreshold' }),
        epsS: Num('ε_S measured: largest ‖x − x_µ‖ between a realisation of µ and its first one (up to 16 per patch)'),
        kernelDeviation: Num('largest |⟨Φ(h), Φ(h′)⟩ − exp(−‖h − h′‖²/2σ²)| over pairs of distinct patches'),
        kernelDeviationThreshold: Num('ε_O/2 = 1/(2|P_l|): the random-feature budget Lemma 10’s width is sized for'),
        patchesSeen: Type.Integer({ minimum: 0, description: 'distinct patches among the stage’s training samples' }),
        pHatDeviation: Num('Lemma 18: max_µ |p̂_µ − p_µ| at this stage’s N'),
        pHatBound: Num('√(ln(2|P_l|/δ)/(2N)) (Hoeffding, union over patches)'),
        qHatDeviation: Num('Lemma 18: max_µ ‖q̂_µ − q_µ‖₂ over the patches seen'),
        qHatBoundRatio: Num(
          'max_µ ‖q̂_µ − q_µ‖₂ / √(n_c ln(2n_c|P_l|/δ)/(2N_µ)): ≤ 1 when every posterior is within its bound',
        ),
      },
      {
        additionalProperties: false,
        description: 'hypotheses of Lemmas 10 and 18 measured on the stage’s training data (src/learners/rf/lemmas.ts)',
      },
    ),
    trainLoss: Num('ridge objective at the end of training'),
  },
  { additionalProperties: false },
);

/** Per-level measurements of `layerwise-rf`: outputs against the exact q-vectors (theory.md §6). */
export const RfLevelSchema = Type.Object(
  {
    kind: Type.Literal('layerwise-rf'),
    level: Level,
    recoveryRate: Rate(
      'weak recovery: share of held-out level-l patches whose output is nearest to its own parent’s q-vector',
    ),
    recoveryRateFirstPatch: Rate('the same, first patch only'),
    heldOutPatches: Type.Integer({ minimum: 0 }),
    maxErrorToQ: NumOrNull('max over held-out patches of ‖h − q_µ^(l)‖ (null: a parent never occurs)'),
    maxErrorToQFirstPatch: NumOrNull('the same, first patch only'),
    epsilonStar: NumOrNull('ε_*^(l) of Theorem 7 (null: undefined, see epsilonStarReason)'),
    epsilonStarReason: Type.Optional(Type.String()),
    withinEpsilonStar: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'max‖h − q‖ at the first patch ≤ ε_*^(l) (null when ε_* is undefined)',
    }),
    intraClusterSpread: Num('ε̃_S: max distance of an output to its parent’s mean output'),
    interClusterGap: NumOrNull('ρ̃: min distance between two parents’ mean outputs'),
    separated: Type.Boolean({ description: 'ε̃_S < ρ̃/2' }),
    exactGap: NumOrNull('exact ρ̂^(l) at the first patch'),
    maxDistanceToQ: NumOrNull(
      'recovery in the paper’s sense: max of ‖h − q_µ^(l)‖ over every patch in `maxDistanceScope` (null: a parent never occurs)',
    ),
    maxDistanceScope: Type.Union([Type.Literal('held-out'), Type.Literal('support')], {
      description: "'support': every input of the grammar (P_max ≤ 10^5); 'held-out': the held-out samples",
    }),
    halfGap: NumOrNull('ρ̂^(l)/2 (null when ρ̂^(l) is undefined)'),
    recovered: Type.Boolean({
      description:
        'maxDistanceToQ < halfGap: every output is closer to its own parent’s q than half the gap (Lemma 11)',
    }),
    recoveryCriterion: Type.String({ description: 'the criterion behind `recovered`, in words' }),
    intraDiameter: Num('ε̃_S: largest distance between two realisations (distinct outputs) of the same parent'),
    interDistance: NumOrNull('ρ̃: smallest distance between realisations of two different parents'),
    assumption9: Type.Boolean({
      description:
        'ε̃_S < ρ̃: realisations of a parent are closer to each other than to any other parent’s (Assumption 9)',
    }),
    realisations: Type.Integer({
      minimum: 0,
      description: 'distinct (parent, output) realisations the two distances were computed on',
    }),
    realisationsComplete: Type.Boolean({
      description:
        'false when there were more distinct realisations than the cap and only the first ones (in row order) were used',
    }),
    stage: RfStageSchema,
  },
  { additionalProperties: false },
);

/** Per-level measurements of `layerwise-cluster`: clusters against the true parents. */
export const ClusterLevelSchema = Type.Object(
  {
    kind: Type.Literal('layerwise-cluster'),
    level: Level,
    recoveryRate: Rate('share of held-out patches mapped to the true parent under the best one-to-one matching'),
    heldOutPatches: Type.Integer({ minimum: 0 }),
    heldOutUnseenPatches: Type.Integer({ minimum: 0, description: 'held-out patches never seen in training' }),
    possiblePatches: IntOrNull('|V_{l−1}|·m (null when m is undefined)'),
    clusters: Type.Integer({ minimum: 1 }),
    clustersUsed: Type.Integer({ minimum: 0 }),
    distinctPatchesSeen: Type.Integer({ minimum: 0 }),
    features: Type.Union([Type.Literal('positional'), Type.Literal('pooled')]),
    featureDimension: Type.Integer({ minimum: 0 }),
    intraClusterSpread: Num('max distance of a patch’s feature to its cluster centroid'),
    interClusterGap: NumOrNull('min distance between centroids'),
    separated: Type.Boolean({ description: 'spread < gap/2' }),
    exactGap: NumOrNull('exact ρ̂^(l) at the first patch (null: not computed or undefined)'),
    exactGapAllPositions: NumOrNull('exact positional-feature gap over every position'),
  },
  { additionalProperties: false },
);

/** Per-level measurements of the neural baselines (`cnn`, `fcn`): [C]'s synonymic sensitivity. */
export const NetworkLevelSchema = Type.Object(
  {
    kind: Type.Literal('network'),
    level: Level,
    recoveryRate: Type.Null({ description: 'networks have no level-l symbol read-out' }),
    synonymicSensitivity: Type.Union([Type.Array(Type.Number()), Type.Null()], {
      description: 'S_{k,l} for every hidden layer k (null when not measured)',
    }),
    sensitivityLayers: Type.String({ description: 'which layers k the entries refer to' }),
  },
  { additionalProperties: false },
);

/** A level a run did not reach (the budget was exhausted first). */
export const UnmeasuredLevelSchema = Type.Object(
  {
    kind: Type.Literal('not-measured'),
    level: Level,
    recoveryRate: Type.Null(),
  },
  { additionalProperties: false },
);

/** Per-level measurements on held-out data: a union keyed by `kind` (the learner family). */
export const LearnLevelSchema = Type.Union(
  [RfLevelSchema, ClusterLevelSchema, NetworkLevelSchema, ExternalLevelSchema, UnmeasuredLevelSchema],
  {
    description: 'per-level measurements; `kind` says which learner family produced them',
  },
);

/** Per-level measurements of `layerwise-rf`. */
export type RfLevel = Static<typeof RfLevelSchema>;
/** One `layerwise-rf` stage record. */
export type RfStage = Static<typeof RfStageSchema>;
/** Per-level measurements of `layerwise-cluster`. */
export type ClusterLevel = Static<typeof ClusterLevelSchema>;
/** Per-level measurements of `cnn` and `fcn`. */
export type NetworkLevel = Static<typeof NetworkLevelSchema>;
export type { ExternalLevel } from './external-level';
/** A level that was not measured. */
export type UnmeasuredLevel = Static<typeof UnmeasuredLevelSchema>;
/** Any learner's per-level measurements. */
export type LearnLevel = Static<typeof LearnLevelSchema>;

/**
 * `rhm-learn/1`: the result of one `rhm learn` run (data first: the report and
 * plots are rebuilt from it). Written atomically and validated before writing.
 */
export const LearnResultSchema = Type.Object(
  {
    format: Type.Literal(LEARN_FORMAT),
    learner: Type.String({ minLength: 1, description: 'registry name of the learner' }),
    status: Type.Union([Type.Literal('learned'), Type.Literal('not-learned'), Type.Literal('budget-exhausted')], {
      description:
        "'learned': test error ≤ targetError (10% of chance error by default); 'not-learned': trained, error above it; 'budget-exhausted': the budget could not run every stage",
    }),
    reason: Type.Optional(
      Type.String({ description: 'why the status is what it is (e.g. which level failed and why)' }),
    ),
    samples: Type.Integer({ minimum: 0, description: 'training samples drawn, all stages together' }),
    budget: Type.Integer({ minimum: 0, description: 'the --samples budget asked for' }),
    testSamples: Type.Integer({ minimum: 1, description: 'held-out samples' }),
    testError: Type.Number({ minimum: 0, maximum: 1, description: 'fraction of held-out inputs misclassified' }),
    targetError: Type.Number({ minimum: 0, maximum: 1, description: 'fraction·(1 − 1/n_c), [C]: fraction 0.1' }),
    targetFraction: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'the share of chance error that counts as learned',
    }),
    seed: Type.Integer({ minimum: 0, description: 'root seed' }),
    backend: Type.Union([LearnBackendSchema, Type.Null()], {
      description: 'TensorFlow.js backend; null for learners that do not use it',
    }),
    levels: Type.Array(LearnLevelSchema, { description: 'l = 1..L in order' }),
    resolvedOptions: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'every learner option with its default applied (configuration only; validated by the learner’s own options schema)',
    }),
    oracle: Type.Boolean({ description: 'whether exact grammar quantities were allowed to choose hyper-parameters' }),
    seconds: Type.Number({ minimum: 0, description: 'wall time of fit + evaluation' }),
    training: Type.Optional(
      Type.Object(
        {
          epochs: Type.Integer({ minimum: 0, description: 'epochs run (early stopping included)' }),
          finalTrainLoss: Type.Number({ description: 'training loss at the end' }),
        },
        { additionalProperties: false, description: 'what end-to-end training did (cnn, fcn)' },
      ),
    ),
    grammar: Type.Object(
      {
        path: Type.Union([Type.String(), Type.Null()], { description: 'grammar file read' }),
        s: Type.Integer({ minimum: 2 }),
        L: Type.Integer({ minimum: 1 }),
        vocabulary: Type.Array(Type.Integer({ minimum: 1 }), { description: '|V_0| = n_c, |V_1|, …, |V_L|' }),
        m: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
        provenance: Type.Optional(Type.Unknown()),
      },
      { additionalProperties: false },
    ),
    provenance: Type.Object(
      {
        harnessVersion: Type.String(),
        node: Type.String(),
        date: Type.String({ description: 'ISO 8601 time the run finished' }),
        command: Type.Array(Type.String(), { description: 'the arguments after `rhm learn`' }),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'rhm-learn-1', additionalProperties: false },
);

/** One `rhm learn` result. */
export type LearnResult = Static<typeof LearnResultSchema>;
