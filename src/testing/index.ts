/**
 * Testing: the grammar arbitraries of the harness's own property suites (fast-check) and
 * {@link learnerProperties}, the property suite the built-in learners are held to, for a
 * user's learner in their own jest file. Imported as `rhm-harness/testing`; needs the
 * optional peer dependency `fast-check`.
 * @module testing
 */
export {
  generatorParams,
  anyGeneratorParams,
  grammarFiles,
  DEFAULT_BOUNDS,
  FC_SEED,
  type ParamBounds,
} from './arbitraries';
export {
  learnerProperties,
  checkSameSeedSameResult,
  checkRecoversEveryLevel,
  checkZeroGapNotRecovered,
  checkPStarScale,
  LEARNER_PROPERTY_DEFAULTS,
  type LearnerPropertyOptions,
} from './learner-properties';
