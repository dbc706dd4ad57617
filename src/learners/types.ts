import type { TSchema } from '@sinclair/typebox';
import type { LearnLevel, LearnResult } from '../../spec/learn';
import type { Grammar } from '../grammar/grammar';
import type { BackendName } from './backend';

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

/** What a learner is asked to do. Run-level choices are fields here; `options` holds the learner's own configuration. */
export interface LearnRequest {
  /** The grammar that generates the data. */
  readonly grammar: Grammar;
  /** Training budget: the total number of training samples drawn, all stages together. */
  readonly samples: number;
  /** Root seed; learners derive their named streams ('sample', 'features', 'init', 'shuffle', …) from it. */
  readonly seed: number;
  /** Held-out samples for recovery and test error (drawn from a separate stream). */
  readonly testSamples: number;
  /** Learner-specific options, validated against the learner's schema and resolved with its defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** TensorFlow.js backend for learners that use it; default 'auto' (tfjs-node, else wasm, else cpu). */
  readonly backend?: BackendName | 'auto';
  /** Allow exact grammar quantities (e.g. the gap ρ̂) to choose hyper-parameters; default false. */
  readonly oracle?: boolean;
  /** Share of chance error that counts as learned; default 0.1 ([C]). */
  readonly targetFraction?: number;
  /** Progress callback: fraction of the work done in [0, 1] and a short label. */
  readonly onProgress?: (fraction: number, label: string) => void;
}

/** Per-level measurements on held-out data (l = 1..L): a union keyed by `kind` (see `spec/learn.ts`). */
export type LevelMeasurement = LearnLevel;

/**
 * The tagged result of one learning run: the learner's part of `rhm-learn/1`.
 * 'learned': test error at most the target; 'not-learned': trained, error above
 * target; 'budget-exhausted': the budget was too small to run every stage.
 */
export type LearnOutcome<M extends LearnLevel = LearnLevel> = Omit<
  Pick<
    LearnResult,
    'status' | 'learner' | 'samples' | 'testError' | 'backend' | 'resolvedOptions' | 'seconds' | 'reason' | 'training'
  >,
  'levels'
> & {
  /** Per-level measurements, l = 1..L. */
  readonly levels: readonly (M | Extract<LearnLevel, { kind: 'not-measured' }>)[];
};

/** A registered learner, with the type of its resolved options and of its per-level measurements. */
export interface Learner<O extends object = object, M extends LearnLevel = LearnLevel> {
  /** Registry name, e.g. 'layerwise-cluster'. */
  readonly name: string;
  /** One line for --help. */
  readonly description: string;
  /** Whether it needs a TensorFlow.js backend. */
  readonly usesTensorflow: boolean;
  /** A shallow baseline: the sweep compares its P* with P_max (the depth-separation test). */
  readonly shallow: boolean;
  /** Its options (`LearnRequest.options`): the schema they are validated against and the defaults applied. */
  readonly options: { readonly schema: TSchema; readonly defaults: Readonly<O> };
  /** Train under the budget and evaluate on held-out data. */
  run(request: LearnRequest): Promise<LearnOutcome<M>>;
}
