import { Type, type Static } from '@sinclair/typebox';
import { SAMPLER_NAMES } from './generator';
import { GrammarFileSchema } from './grammar';
import { LIMITS } from './limits';
import {
  Count,
  embedded,
  Nullable,
  PrecheckAssumption,
  SCALE_CELL_FORMAT,
  SCALE_LEDGER_FORMAT,
  Seed,
} from './scale-common';

/**
 * A cell of the sweep as a job and what it returns:
 * - `rhm-scale-cell/1`: one grid cell as a job, a pure function of this JSON;
 * - `rhm-scale-cell-result/1`: what a job returns (every evaluated (P, test error) point);
 * - `rhm-scale-ledger/1`: one line of the append-only JSON Lines ledger.
 */

/** A grammar drawn by a rule sampler; each replicate's grammar seed completes the parameters. */
export const GeneratedGrammarRefSchema = Type.Object(
  {
    kind: Type.Literal('generated'),
    sampler: Type.Union(
      SAMPLER_NAMES.map((n) => Type.Literal(n)),
      { description: 'rule sampler' },
    ),
    classes: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'n_c' }),
    vocab: Type.Integer({ minimum: 2, maximum: LIMITS.maxVocabulary, description: 'v' }),
    m: Type.Integer({ minimum: 1, description: 'productions per symbol' }),
    s: Type.Integer({ minimum: 2, maximum: LIMITS.maxBranching, description: 'branching factor' }),
    L: Type.Integer({ minimum: 1, maximum: LIMITS.maxDepth, description: 'depth' }),
  },
  { additionalProperties: false },
);

/** A fixed grammar carried inside the spec (planted families, user files); grammar seeds are ignored. */
export const InlineGrammarRefSchema = Type.Object(
  {
    kind: Type.Literal('inline'),
    name: Type.String({ description: 'a name for reports' }),
    file: embedded(GrammarFileSchema),
  },
  { additionalProperties: false },
);

/** The search for P*: a geometric search on a log grid, then bisection on the same grid. */
export const SearchSpecSchema = Type.Object(
  {
    start: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'first training-set size tried (grid point k = 0)',
    }),
    ratio: Type.Number({
      exclusiveMinimum: 1,
      maximum: 16,
      description: 'ratio of consecutive log-grid points, P_k = round(start·ratio^k)',
    }),
    stride: Type.Integer({
      minimum: 1,
      maximum: 64,
      description: 'grid points per geometric step (ratio^stride is the geometric factor)',
    }),
    maxSamples: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'budget: the largest training-set size tried',
    }),
  },
  { additionalProperties: false },
);

/** `rhm-scale-cell/1`: one grid cell as a job. The result is a pure function of this object. */
export const CellSpecSchema = Type.Object(
  {
    format: Type.Literal(SCALE_CELL_FORMAT),
    grammar: Type.Union([GeneratedGrammarRefSchema, InlineGrammarRefSchema]),
    replicates: Type.Array(Type.Object({ grammarSeed: Seed, trainSeed: Seed }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1024,
      description: 'one P* search per (grammar seed, training seed) pair',
    }),
    learner: Type.String({ minLength: 1, description: 'registry name of the learner' }),
    learnerOptions: Type.Record(Type.String(), Type.Unknown(), {
      description: 'learner options, passed through unchanged',
    }),
    threshold: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      description: 'target: test error ≤ threshold·(1 − 1/n_c)',
    }),
    testSamples: Type.Integer({ minimum: 1, maximum: 1 << 24, description: 'held-out samples per evaluation' }),
    search: SearchSpecSchema,
    bootstrap: Type.Object(
      {
        resamples: Type.Integer({
          minimum: 0,
          maximum: 1_000_000,
          description: 'bootstrap resamples for the interval of the median P*',
        }),
        confidence: Type.Number({
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          description: 'confidence level of that interval',
        }),
        seed: Seed,
      },
      { additionalProperties: false },
    ),
    limits: Type.Object(
      {
        maxSeconds: Nullable(
          Type.Number({ exclusiveMinimum: 0 }),
          'per-cell wall-time limit, checked before each evaluation (null: none)',
        ),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'rhm-scale-cell-1', additionalProperties: false, title: SCALE_CELL_FORMAT },
);

/** One evaluated point of a P* search. */
export const SearchPointSchema = Type.Object(
  {
    P: Count,
    samples: Type.Integer({ minimum: 0, description: 'training samples the learner actually drew' }),
    testError: Type.Number({ minimum: 0, maximum: 1 }),
    passed: Type.Boolean({ description: 'test error ≤ target and the learner ran every stage' }),
    learnerStatus: Type.String({ description: "the learner's tagged status" }),
    synonymicSensitivity: Type.Optional(
      Type.Array(Type.Array(Type.Number({ minimum: 0 })), {
        description:
          'networks (cnn, fcn) only: [l−1][k−1] = sensitivity of hidden layer k to level-l synonym exchange at this P ([C] §V); absent for other learners',
      }),
    ),
  },
  { additionalProperties: false },
);

/** One replicate's P* search. */
export const ReplicateResultSchema = Type.Object(
  {
    grammarSeed: Seed,
    trainSeed: Seed,
    status: Type.Union([Type.Literal('reached'), Type.Literal('not-reached'), Type.Literal('stopped')], {
      description:
        "'reached': some P ≤ budget passed; 'not-reached': the budget was exhausted; 'stopped': the time limit hit first",
    }),
    pStar: Nullable(Count, 'smallest passing grid point at the end of the bisection'),
    pStarLowerBound: Nullable(
      Count,
      "right-censored replicate ('not-reached' or 'stopped'): P* > this, the largest size tried (the budget when the search ran out); null when reached or nothing was tried",
    ),
    reason: Type.Optional(Type.String()),
    points: Type.Array(SearchPointSchema, { description: 'every evaluated point, in evaluation order' }),
    precheck: Type.Object(
      {
        failed: Type.Array(
          Type.Object(
            { assumption: PrecheckAssumption, summary: Type.String({ description: "rhm check's summary" }) },
            { additionalProperties: false },
          ),
          { description: 'the pre-checked assumptions this grammar fails (empty: all hold)' },
        ),
        uncheckedReason: Type.Optional(
          Type.String({ description: 'why the exact check could not run (the grammar is then not excluded)' }),
        ),
      },
      {
        additionalProperties: false,
        description:
          "exact check of the replicate's grammar before training (runCheck, first patch, no clean-signal samples)",
      },
    ),
  },
  { additionalProperties: false },
);

/** `rhm-scale-cell-result/1`: what a cell job returns. */
export const CellResultSchema = Type.Object(
  {
    grammarName: Type.String(),
    m: Type.Integer({ minimum: 1 }),
    L: Type.Integer({ minimum: 1 }),
    s: Type.Integer({ minimum: 2 }),
    classes: Type.Integer({ minimum: 2 }),
    vocab: Type.Integer({ minimum: 1 }),
    ncMToL: Type.Number({ description: 'the [C] reference n_c·m^L' }),
    pMax: Type.String({ description: 'P_max of the first replicate grammar (decimal; exact)' }),
    target: Type.Number({ description: 'threshold·(1 − 1/n_c)' }),
    status: Type.Union([Type.Literal('measured'), Type.Literal('timed-out')]),
    pStar: Nullable(
      Type.Number({ minimum: 1 }),
      "median over every replicate of the job (before the sweep's exclusions; rhm-scale/1 cells carry the median the fit uses); null when the median replicate did not reach the target",
    ),
    pStarLow: Nullable(Type.Number({ minimum: 1 }), 'lower end of the bootstrap interval of the median'),
    pStarHigh: Nullable(Type.Number({ minimum: 1 }), 'upper end; null when it is beyond the budget'),
    reason: Type.Optional(Type.String()),
    replicates: Type.Array(ReplicateResultSchema),
  },
  { $id: 'rhm-scale-cell-result-1', additionalProperties: false, title: 'rhm-scale-cell-result/1' },
);

/** `rhm-scale-ledger/1`: one finished cell. Timing fields are `wallSeconds` and `finishedAt` only. */
export const LedgerLineSchema = Type.Object(
  {
    format: Type.Literal(SCALE_LEDGER_FORMAT),
    key: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the canonical JSON of the spec' }),
    spec: embedded(CellSpecSchema),
    result: embedded(CellResultSchema),
    wallSeconds: Type.Number({ minimum: 0 }),
    finishedAt: Type.String({ description: 'ISO 8601 UTC' }),
  },
  { $id: 'rhm-scale-ledger-1', additionalProperties: false, title: SCALE_LEDGER_FORMAT },
);
/** A cell job spec. */
export type CellSpec = Static<typeof CellSpecSchema>;
/** The grammar of a cell. */
export type GrammarRef = CellSpec['grammar'];
/** P* search parameters. */
export type SearchSpec = Static<typeof SearchSpecSchema>;
/** One evaluated (P, test error) point. */
export type SearchPoint = Static<typeof SearchPointSchema>;
/** One replicate's search. */
export type ReplicateResult = Static<typeof ReplicateResultSchema>;
/** A cell job's result. */
export type CellResult = Static<typeof CellResultSchema>;
/** One ledger line. */
export type LedgerLine = Static<typeof LedgerLineSchema>;
