import { Type, type Static } from '@sinclair/typebox';

/**
 * The external-learner protocol (docs/external-learners.md): the task file the
 * harness writes for a program in any language, and the result file the program
 * writes back. Both are JSON; inputs are `rhm-samples/1` files (src/sampling/binary.ts),
 * predictions little-endian int32, representations little-endian float32.
 */

/** Format tag of the task file. */
export const EXTERNAL_TASK_FORMAT = 'rhm-external-task/1';
/** Format tag of the result file. */
export const EXTERNAL_RESULT_FORMAT = 'rhm-external-result/1';

/** A file name relative to the task directory: no directories, no `..`. */
const FileName = (description: string) =>
  Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*$', description });

/** One set of inputs the program must answer for. */
export const ExternalInputSetSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: "'held-out', 'probe' or 'probe-exchanged-l'" }),
    file: FileName('rhm-samples/1 file of the inputs; its label column is −1 (withheld)'),
    n: Type.Integer({ minimum: 1, description: 'number of inputs' }),
    predict: Type.Boolean({ description: 'predictions are required for this set' }),
    exchangedLevel: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "probe inputs with every level-l patch exchanged for a random synonym ([C]'s P_l x)",
      }),
    ),
  },
  { additionalProperties: false },
);

/** `rhm-external-task/1`: what the harness asks of an external program. */
export const ExternalTaskSchema = Type.Object(
  {
    format: Type.Literal(EXTERNAL_TASK_FORMAT),
    taskDir: Type.String({ description: 'absolute path of the task directory; every file name is relative to it' }),
    grammar: Type.Object(
      {
        s: Type.Integer({ minimum: 2, description: 'branching factor (filter = stride = s)' }),
        L: Type.Integer({ minimum: 1, description: 'depth' }),
        d: Type.Integer({ minimum: 2, description: 'input length s^L' }),
        classes: Type.Integer({ minimum: 2, description: 'n_c = |V_0|' }),
        vocabulary: Type.Array(Type.Integer({ minimum: 1 }), { description: '|V_0|, …, |V_L|' }),
        m: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'productions per symbol' }),
      },
      { additionalProperties: false, description: 'the shape of the model; the rules are never given' },
    ),
    seed: Type.Integer({ minimum: 0, description: 'seed for the program’s own randomness' }),
    train: Type.Object(
      {
        file: FileName('rhm-samples/1 file: records [label, tokens…]'),
        n: Type.Integer({ minimum: 1, description: 'training samples P' }),
      },
      { additionalProperties: false },
    ),
    inputSets: Type.Array(ExternalInputSetSchema, { minItems: 1 }),
    representations: Type.Object(
      {
        requested: Type.Boolean({ description: 'whether per-level representations are scored' }),
        levels: Type.Array(Type.Integer({ minimum: 1 }), { description: 'levels l = 1..L' }),
        patchesPerInput: Type.Array(Type.Integer({ minimum: 1 }), {
          description: 'level-l patches per input, s^(l−1), in the order of `levels`',
        }),
        layout: Type.String({ description: 'byte layout of a representation file' }),
      },
      { additionalProperties: false },
    ),
    resultFile: FileName('where the program writes its rhm-external-result/1 JSON'),
    timeoutSeconds: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
      description: 'the program is killed (its whole process group) after this many seconds',
    }),
  },
  { $id: 'rhm-external-task-1', additionalProperties: false },
);

/** One level's representation file. */
export const ExternalRepresentationSchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1, description: 'l: one vector per level-l patch (its parent is at level l−1)' }),
    file: FileName('float32 little-endian, n × s^(l−1) × dim values, [input][patch][component]'),
    dim: Type.Integer({ minimum: 1, maximum: 1 << 16, description: 'components per vector' }),
  },
  { additionalProperties: false },
);

/** What the program wrote for one input set. */
export const ExternalSetOutputSchema = Type.Object(
  {
    predictions: Type.Optional(FileName('int32 little-endian, one class in [0, n_c) per input')),
    representations: Type.Optional(Type.Array(ExternalRepresentationSchema)),
  },
  { additionalProperties: false },
);

/** `rhm-external-result/1`: what an external program writes back. */
export const ExternalResultSchema = Type.Object(
  {
    format: Type.Literal(EXTERNAL_RESULT_FORMAT),
    outputs: Type.Record(Type.String(), ExternalSetOutputSchema, {
      description: 'by input-set name (the names in the task’s inputSets)',
    }),
    training: Type.Optional(
      Type.Object(
        {
          epochs: Type.Integer({ minimum: 0 }),
          finalTrainLoss: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'rhm-external-result-1', additionalProperties: false },
);

/** One input set of a task. */
export type ExternalInputSet = Static<typeof ExternalInputSetSchema>;
/** The task file. */
export type ExternalTask = Static<typeof ExternalTaskSchema>;
/** One representation entry of a result. */
export type ExternalRepresentation = Static<typeof ExternalRepresentationSchema>;
/** One set's outputs. */
export type ExternalSetOutput = Static<typeof ExternalSetOutputSchema>;
/** The result file. */
export type ExternalResult = Static<typeof ExternalResultSchema>;
