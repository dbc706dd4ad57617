import { NET_DEFAULTS, NetOptionsSchema, runNet } from './nn';
import type { LearnOutcome, LearnRequest, Learner } from './types';

/**
 * `fcn`: the shallow baseline of [C]. One fully connected hidden layer of width
 * H on the flattened one-hot input, ReLU, mean-field readout, the same seeded
 * training loop as {@link cnn}. Its sample complexity grows like P_max (curse of
 * dimensionality); it has no per-level representation (recoveryRate null).
 *
 * @example
 * const out = await fcn.run({ grammar, samples: 4096, seed: 1, testSamples: 2048 });
 */
export const fcn: Learner = {
  name: 'fcn',
  description:
    'shallow baseline: one fully connected hidden layer, ReLU, mean-field readout, same training loop as cnn',
  usesTensorflow: true,
  shallow: true,
  options: { schema: NetOptionsSchema, defaults: NET_DEFAULTS },
  run(request: LearnRequest): Promise<LearnOutcome> {
    return runNet('fcn', request);
  },
};
