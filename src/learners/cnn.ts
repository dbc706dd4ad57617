import { NET_DEFAULTS, NetOptionsSchema, runNet } from './nn';
import type { LearnOutcome, LearnRequest, Learner } from './types';

/**
 * `cnn`: the [C] baseline. L layers of non-overlapping convolutions (filter =
 * stride = s, no bias), ReLU, width H, mean-field readout logits = h·a/H,
 * trained end to end on cross-entropy (Adam or SGD) with seeded initialisation
 * and seeded shuffling. Reports the synonymic sensitivity of every layer to
 * synonym exchange at every level ([C] §V); recoveryRate is null (no per-level
 * discrete representation).
 *
 * @example
 * const out = await cnn.run({ grammar, samples: 2048, seed: 1, testSamples: 2048, options: { width: 256 } });
 */
export const cnn: Learner = {
  name: 'cnn',
  description:
    '[C] baseline: L non-overlapping conv layers (filter = stride = s), ReLU, mean-field readout, end-to-end cross-entropy',
  usesTensorflow: true,
  shallow: false,
  options: { schema: NetOptionsSchema, defaults: NET_DEFAULTS },
  run(request: LearnRequest): Promise<LearnOutcome> {
    return runNet('cnn', request);
  },
};
