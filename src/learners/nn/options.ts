import { Type, type Static } from '@sinclair/typebox';

/** Options shared by `cnn` and `fcn` (pass with `--option key=value`). */
export const NetOptionsSchema = Type.Object(
  {
    width: Type.Integer({ minimum: 1, maximum: 65536, description: 'H: channels of every hidden layer' }),
    optimizer: Type.Union([Type.Literal('adam'), Type.Literal('sgd')], {
      description: 'optimiser of the cross-entropy',
    }),
    learningRate: Type.Number({
      exclusiveMinimum: 0,
      description: 'step size (for sgd under the mean-field readout, scale it with H)',
    }),
    batchSize: Type.Integer({ minimum: 1, maximum: 1 << 20, description: 'minibatch size' }),
    maxEpochs: Type.Integer({ minimum: 1, maximum: 1000000, description: 'passes over the training set at most' }),
    stopLoss: Type.Number({ minimum: 0, description: 'stop once the mean training loss of an epoch is below this' }),
    sensitivitySamples: Type.Integer({
      minimum: 0,
      maximum: 1 << 20,
      description: 'held-out inputs used for the synonymic sensitivity (0: skip)',
    }),
  },
  { additionalProperties: false },
);

/** Resolved options of `cnn` / `fcn`. */
export type NetOptions = Static<typeof NetOptionsSchema>;

/** Practical defaults (Adam converges without the H-scaled step that SGD needs under the mean-field readout). */
export const NET_DEFAULTS: NetOptions = Object.freeze({
  width: 256,
  optimizer: 'adam',
  learningRate: 1e-2,
  batchSize: 128,
  maxEpochs: 300,
  stopLoss: 1e-2,
  sensitivitySamples: 512,
});
