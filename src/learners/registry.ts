import { InvalidInputError } from '../errors';
import { layerwiseCluster } from './layerwise-cluster';
import { layerwiseRf } from './layerwise-rf';
import { cnn } from './cnn';
import { fcn } from './fcn';
import { externalLearner } from './external';
import type { Learner } from './types';

/** Every registered learner, by name, in the order `rhm learn --help` lists them. */
const LEARNERS: readonly Learner[] = [layerwiseRf, layerwiseCluster, cnn, fcn, externalLearner];

/** Names accepted by `--learner` (and by {@link getLearner}). */
export const LEARNER_NAMES: readonly string[] = Object.freeze(LEARNERS.map((l) => l.name));

/** Every registered learner. */
export function allLearners(): readonly Learner[] {
  return LEARNERS;
}

/**
 * The learner registered under `name`.
 * @param name - a registry name, e.g. 'layerwise-cluster'.
 * @throws InvalidInputError naming `--learner` when no learner has that name.
 * @example
 * const out = await getLearner('layerwise-cluster').run({ grammar, samples: 2048, seed: 1, testSamples: 4096 });
 */
export function getLearner(name: string): Learner {
  const found = LEARNERS.find((l) => l.name === name);
  if (!found) {
    throw new InvalidInputError('learner choice', [
      {
        code: 'unknown-learner',
        path: '--learner',
        message: `no learner named '${name}'`,
        fix: `use one of ${LEARNER_NAMES.join(', ')}`,
      },
    ]);
  }
  return found;
}
