import type { TSchema } from '@sinclair/typebox';
import type { Grammar } from '../grammar/grammar';

/**
 * The contract every learner implements (one file each in src/learners/).
 * Learners return plain numbers and typed arrays, never tensors.
 */

/** Which TensorFlow.js backend ran a computation, recorded in every result. */
export interface BackendInfo {
  /** 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  readonly name: string;
  /** Threads the backend uses (1 for cpu; wasm's thread count; null when unknown). */
  readonly threads: number | null;
  /** Version of @tensorflow/tfjs-core. */
  readonly version: string;
}

/** What a learner is asked to do. */
export interface LearnRequest {
  /** The grammar that generates the data. */
  readonly grammar: Grammar;
  /** Training budget: the total number of training samples drawn, all stages together. */
  readonly samples: number;
  /** Root seed; learners derive their named streams ('sample', 'features', 'init', 'shuffle', …) from it. */
  readonly seed: number;
  /** Held-out samples for recovery and test error (drawn from a separate stream). */
  readonly testSamples: number;
  /** Learner-specific options (validated and resolved by the learner; the resolved bag is returned). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Progress callback: fraction of the work done in [0, 1] and a short label. */
  readonly onProgress?: (fraction: number, label: string) => void;
}

/** Per-level measurements on held-out data (l = 1..L). */
export interface LevelMeasurement {
  /** l. */
  readonly level: number;
  /** Fraction of level-l patches mapped to their own parent (null when the learner has no level-l representation). */
  readonly recoveryRate: number | null;
  /** Further measurements (errors against q-vectors, spreads, gaps, …). */
  readonly [key: string]: unknown;
}

/** The tagged result of one learning run. */
export interface LearnOutcome {
  /** 'learned': test error at most the target; 'not-learned': trained, error above target; 'budget-exhausted': the budget was too small to run every stage. */
  readonly status: 'learned' | 'not-learned' | 'budget-exhausted';
  /** Learner name. */
  readonly learner: string;
  /** Training samples actually drawn (≤ the budget). */
  readonly samples: number;
  /** Fraction of held-out inputs misclassified. */
  readonly testError: number;
  /** Per-level measurements, l = 1..L. */
  readonly levels: readonly LevelMeasurement[];
  /** Backend used, null for learners that do not use TensorFlow.js. */
  readonly backend: BackendInfo | null;
  /** Every option with its default applied. */
  readonly resolvedOptions: Readonly<Record<string, unknown>>;
  /** Wall time of fit + evaluation, seconds. */
  readonly seconds: number;
  /** Why the status is what it is (e.g. which level failed to recover). */
  readonly reason?: string;
}

/** A registered learner. */
export interface Learner {
  /** Registry name, e.g. 'layerwise-cluster'. */
  readonly name: string;
  /** One line for --help. */
  readonly description: string;
  /** Whether it needs a TensorFlow.js backend. */
  readonly usesTensorflow: boolean;
  /** A shallow baseline: the sweep compares its P* with P_max, the depth-separation test. */
  readonly shallow: boolean;
  /** Its options (`LearnRequest.options`): the schema they are validated against and the defaults applied. */
  readonly options?: { readonly schema: TSchema; readonly defaults: Readonly<Record<string, unknown>> };
  /** Train under the budget and evaluate on held-out data. */
  run(request: LearnRequest): Promise<LearnOutcome>;
}
