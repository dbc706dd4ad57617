import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CheckResultSchema } from './check';
import { GeneratorParamsSchema } from './generator';
import { LearnResultSchema } from './learn';
import { ScaleResultSchema } from './scale';

/** The format tag of `rhm verify` results. */
export const VERIFY_FORMAT = 'rhm-verify/1';

function embedded<S extends TSchema>(schema: S): S {
  const { $id: _id, ...rest } = schema;
  return rest as S;
}

/** One expectation of the verification run and whether it was met. */
export const VerifyExpectationSchema = Type.Object(
  {
    step: Type.String({ description: "'round-trip', 'check', 'learn:<learner>', 'scale'" }),
    grammar: Type.Union([Type.String(), Type.Null()], { description: 'grammar name, null for the sweep' }),
    expected: Type.String({ description: 'what the theory (or the harness contract) predicts' }),
    observed: Type.String({ description: 'what the run measured' }),
    met: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** One grammar of the built-in set, with everything verified on it. */
export const VerifyGrammarSchema = Type.Object(
  {
    name: Type.String(),
    purpose: Type.String(),
    params: embedded(GeneratorParamsSchema),
    expectedCheck: Type.Union([Type.Literal('pass'), Type.Literal('fail-weak-identifiability')]),
    roundTrip: Type.Object(
      { samples: Type.Integer({ minimum: 0 }), parsed: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    check: embedded(CheckResultSchema),
    learners: Type.Array(embedded(LearnResultSchema)),
  },
  { additionalProperties: false },
);

/** A fact the run established that is not a pass/fail expectation. */
export const VerifyFindingSchema = Type.Object(
  {
    grammar: Type.Union([Type.String(), Type.Null()]),
    finding: Type.String({ description: 'what the run showed, in words, with the numbers' }),
  },
  { additionalProperties: false },
);

/** `rhm-verify/1`: the result of the main verification job (`npm start`). */
export const VerifyResultSchema = Type.Object(
  {
    format: Type.Literal(VERIFY_FORMAT),
    verdict: Type.Union([Type.Literal('pass'), Type.Literal('fail')], {
      description: "'pass' when every expectation is met",
    }),
    expectations: Type.Array(VerifyExpectationSchema),
    findings: Type.Array(VerifyFindingSchema, {
      description:
        'facts the run established that are not pass/fail expectations (e.g. a grammar outside the theorem that is still learned)',
    }),
    grammars: Type.Array(VerifyGrammarSchema),
    scale: Type.Union([embedded(ScaleResultSchema), Type.Null()], {
      description: 'the small scaling sweep, null when skipped',
    }),
    seconds: Type.Number({ minimum: 0, description: 'wall time of the whole run' }),
  },
  { $id: 'rhm-verify-1', title: VERIFY_FORMAT, additionalProperties: false },
);

/** The result of `rhm verify`. */
export type VerifyResult = Static<typeof VerifyResultSchema>;
/** One expectation of `rhm verify`. */
export type VerifyExpectation = Static<typeof VerifyExpectationSchema>;
/** One finding of `rhm verify`. */
export type VerifyFinding = Static<typeof VerifyFindingSchema>;
/** One grammar's part of `rhm verify`. */
export type VerifyGrammar = Static<typeof VerifyGrammarSchema>;
