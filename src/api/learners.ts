/**
 * Learners: the contract every learner implements ({@link Learner},
 * {@link LearnRequest}, {@link LearnOutcome}), the registry, the paper's learner
 * (`layerwise-rf`) and its baselines, the TensorFlow.js backend choice, and the
 * `rhm-learn/1` document.
 * @module learners
 */
export type { Learner, LearnRequest, LearnOutcome, LevelMeasurement, BackendInfo } from '../learners/types';
export {
  LEARN_FORMAT,
  LearnResultSchema,
  LearnLevelSchema,
  RfLevelSchema,
  ClusterLevelSchema,
  NetworkLevelSchema,
  type LearnResult,
  type LearnLevel,
  type RfLevel,
  type RfStage,
  type ClusterLevel,
  type NetworkLevel,
  type UnmeasuredLevel,
} from '../../spec/learn';
export {
  LEARNER_NAMES,
  getLearner,
  allLearners,
  registerLearner,
  isLearner,
  learnerModules,
  loadLearnerModule,
  type RegisterLearnerOptions,
} from '../learners/registry';
export { ensureBackend, currentBackend, liveTensors, BACKEND_NAMES, type BackendName } from '../learners/backend';
export {
  layerwiseCluster,
  LayerwiseClusterOptionsSchema,
  LAYERWISE_CLUSTER_DEFAULTS,
  type LayerwiseClusterOptions,
} from '../learners/layerwise-cluster';
export {
  layerwiseRf,
  LayerwiseRfOptionsSchema,
  LAYERWISE_RF_DEFAULTS,
  type LayerwiseRfOptions,
} from '../learners/layerwise-rf';
export { cnn } from '../learners/cnn';
export { fcn } from '../learners/fcn';
export { NetOptionsSchema, NET_DEFAULTS, type NetOptions, type NetKind } from '../learners/nn';
export { matchedRecovery, type MatchedRecovery } from '../learners/matching';
export { learnResult } from '../learners/result';
