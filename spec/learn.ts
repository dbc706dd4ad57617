import { Type, type Static } from '@sinclair/typebox';

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

/** Per-level measurements on held-out data. */
export const LearnLevelSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1, description: 'l: patches of level-l tokens, parents at level l−1' }),
    recoveryRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description:
        'fraction of held-out level-l patches mapped to their own parent (nearest q-vector for layerwise-rf, best one-to-one cluster matching for layerwise-cluster); null when the learner has no level-l representation',
    }),
  },
  {
    additionalProperties: true,
    description:
      'further per-level measurements: max‖output − q‖ against ε_*, intra-cluster spread (ε̃_S) and inter-cluster gap (ρ̃), synonymic sensitivity, exact gaps …',
  },
);

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
        "'learned': test error ≤ 10% of chance error; 'not-learned': trained, error above it; 'budget-exhausted': the budget could not run every stage",
    }),
    reason: Type.Optional(
      Type.String({ description: 'why the status is what it is (e.g. which level failed and why)' }),
    ),
    samples: Type.Integer({ minimum: 0, description: 'training samples drawn, all stages together' }),
    budget: Type.Integer({ minimum: 0, description: 'the --samples budget asked for' }),
    testSamples: Type.Integer({ minimum: 1, description: 'held-out samples' }),
    testError: Type.Number({ minimum: 0, maximum: 1, description: 'fraction of held-out inputs misclassified' }),
    targetError: Type.Number({ minimum: 0, maximum: 1, description: '0.1·(1 − 1/n_c)' }),
    seed: Type.Integer({ minimum: 0, description: 'root seed' }),
    backend: Type.Union([LearnBackendSchema, Type.Null()], {
      description: 'TensorFlow.js backend; null for learners that do not use it',
    }),
    levels: Type.Array(LearnLevelSchema, { description: 'l = 1..L in order' }),
    resolvedOptions: Type.Record(Type.String(), Type.Unknown(), {
      description: 'every learner option with its default applied',
    }),
    seconds: Type.Number({ minimum: 0, description: 'wall time of fit + evaluation' }),
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
