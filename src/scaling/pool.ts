import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CellResult, CellSpec } from '../../spec/scale';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import { learnerModules } from '../learners/registry';
import { runCell, type LearnerResolver } from './job';
import type { TaskKind, TaskTypes } from './tasks';

/**
 * Executors run cell jobs. Only job specs go in and cell results come out, so
 * another backend (a cluster queue) can be added without touching the science.
 */

/** A job sent to a worker. */
export interface JobRequest {
  readonly index: number;
  readonly spec: CellSpec;
}

/** A worker's reply. */
export type JobReply =
  | { readonly index: number; readonly ok: true; readonly result: CellResult; readonly wallSeconds: number }
  | {
      readonly index: number;
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly subject?: string;
        readonly violations?: Violation[];
      };
    };

/** Called once per finished job, in completion order. */
export type OnResult = (index: number, result: CellResult, wallSeconds: number) => void;

/** How an executor run ended. */
export type ExecutorOutcome =
  { readonly status: 'completed' } | { readonly status: 'aborted'; readonly reason: string };

/** Runs cell jobs. */
export interface CellExecutor {
  /** Parallel workers (0 for in-process). */
  readonly workers: number;
  /**
   * Run every spec; `onResult` is called as each finishes. Stops dispatching
   * and drops unfinished jobs when `signal` aborts (as a kill would).
   * @throws the first job error (InvalidInputError when a spec or learner option is invalid).
   */
  run(specs: readonly CellSpec[], onResult: OnResult, signal?: AbortSignal): Promise<ExecutorOutcome>;
}

/** Default pool size: the number of cores. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

/**
 * Path of the compiled worker entry: beside this file when running from dist/,
 * else the repository's dist/ (jest runs the TypeScript sources).
 * @throws InvalidInputError when dist/ has not been built.
 */
export function workerEntryPath(): string {
  const here = __dirname;
  const fromDist = __filename.endsWith('.js') && here.split(sep).includes('dist');
  const path = fromDist ? join(here, 'worker.js') : resolve(here, '..', '..', 'dist', 'src', 'scaling', 'worker.js');
  if (!existsSync(path)) {
    throw new InvalidInputError('worker pool', [
      {
        code: 'not-built',
        path,
        message: 'the compiled worker entry is missing',
        fix: "build first: 'npm run build' (npx tsc -p tsconfig.build.json)",
      },
    ]);
  }
  return path;
}

function toError(e: Extract<JobReply, { ok: false }>['error']): Error {
  if (e.name === 'InvalidInputError' && e.subject !== undefined && e.violations)
    return new InvalidInputError(e.subject, e.violations);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/**
 * A small job of another kind than a sweep cell (e.g. an atlas cell), run by the
 * same worker entry: `kind` names its handler in src/scaling/tasks.ts.
 */
export interface TaskRequest {
  readonly index: number;
  readonly task: { readonly kind: string; readonly input: unknown };
}

/** A worker's reply to a {@link TaskRequest}: the same shape as {@link JobReply}, with the handler's result. */
export type TaskReply =
  | { readonly index: number; readonly ok: true; readonly result: unknown; readonly wallSeconds: number }
  | Extract<JobReply, { ok: false }>;

/**
 * Post `count` messages to a pool of `workers` threads running `entry`, one at a
 * time per worker, and call `onResult` with each successful reply in completion
 * order. The one dispatch loop of the pool: sweep cells and small tasks both use it.
 */
function runOnThreads(
  entry: string,
  workers: number,
  count: number,
  message: (index: number) => unknown,
  onResult: (index: number, result: unknown, wallSeconds: number) => void,
  signal?: AbortSignal,
  workerData?: unknown,
): Promise<ExecutorOutcome> {
  if (count === 0) return Promise.resolve({ status: 'completed' });
  return new Promise<ExecutorOutcome>((resolvePromise, reject) => {
    const pool: Worker[] = [];
    let next = 0;
    let finished = 0;
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of pool) void w.terminate();
      f();
    };
    const onAbort = (): void =>
      settle(() => resolvePromise({ status: 'aborted', reason: String(signal?.reason ?? 'aborted') }));
    const dispatch = (w: Worker): void => {
      if (settled || signal?.aborted) return;
      if (next >= count) return;
      w.postMessage(message(next++));
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort);
    const size = Math.min(workers, count);
    for (let i = 0; i < size; i++) {
      const w = new Worker(entry, { workerData });
      pool.push(w);
      w.on('message', (reply: TaskReply) => {
        if (settled) return;
        if (!reply.ok) {
          settle(() => reject(toError(reply.error)));
          return;
        }
        try {
          onResult(reply.index, reply.result, reply.wallSeconds);
        } catch (e) {
          settle(() => reject(e instanceof Error ? e : new Error(String(e))));
          return;
        }
        finished++;
        if (finished === count) settle(() => resolvePromise({ status: 'completed' }));
        else dispatch(w);
      });
      w.on('error', (e) => settle(() => reject(e)));
      w.on('exit', (code) => {
        if (!settled && code !== 0) settle(() => reject(new Error(`a scaling worker exited with code ${code}`)));
      });
      dispatch(w);
    }
  });
}

/**
 * Run small tasks of one kind on a pool of worker threads (the sweep's worker
 * entry; handlers in src/scaling/tasks.ts). Results come back in completion order.
 *
 * @param kind - the handler's name, e.g. 'atlas-cell'.
 * @param inputs - one JSON-serialisable input per task.
 * @param workers - pool size ≥ 1.
 * @throws InvalidInputError when the worker entry has not been built; the first task error.
 */
export function runTasksOnThreads<K extends TaskKind>(
  kind: K,
  inputs: readonly TaskTypes[K]['input'][],
  workers: number,
  onResult: (index: number, result: TaskTypes[K]['output'], wallSeconds: number) => void,
  signal?: AbortSignal,
): Promise<ExecutorOutcome> {
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`workers must be a whole number ≥ 1, got ${workers}`);
  const entry = workerEntryPath();
  const message = (index: number): TaskRequest => ({ index, task: { kind, input: inputs[index] } });
  return runOnThreads(
    entry,
    workers,
    inputs.length,
    message,
    (i, r, s) => onResult(i, r as TaskTypes[K]['output'], s),
    signal,
  );
}

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolOptions {
  /**
   * Modules every worker loads before its first job, each defining learners (see
   * `registerLearner`); default: the modules of the learners registered in this thread.
   */
  readonly learnerModules?: readonly string[];
}

/** Runs jobs on worker threads; results do not depend on the number of workers. */
export class ThreadPoolExecutor implements CellExecutor {
  readonly workers: number;
  private readonly entry: string;
  private readonly learnerModules: readonly string[];

  /**
   * @param workers - pool size (default: the number of cores).
   * @param options - `learnerModules`: user learner modules the workers load.
   * @throws InvalidInputError when the worker entry has not been built.
   */
  constructor(workers: number = defaultWorkerCount(), options: ThreadPoolOptions = {}) {
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`workers must be a whole number ≥ 1, got ${workers}`);
    this.workers = workers;
    this.entry = workerEntryPath();
    this.learnerModules = [...(options.learnerModules ?? learnerModules())];
  }

  run(specs: readonly CellSpec[], onResult: OnResult, signal?: AbortSignal): Promise<ExecutorOutcome> {
    const message = (index: number): JobRequest => ({ index, spec: specs[index] as CellSpec });
    return runOnThreads(
      this.entry,
      this.workers,
      specs.length,
      message,
      (i, r, s) => onResult(i, r as CellResult, s),
      signal,
      { learnerModules: this.learnerModules },
    );
  }
}

/**
 * Runs jobs one after another in this thread (no build needed). The learner
 * resolver is injected: the CLI passes the registry's `getLearner`.
 */
export class InProcessExecutor implements CellExecutor {
  readonly workers = 0;
  constructor(private readonly resolveLearner: LearnerResolver) {}

  async run(specs: readonly CellSpec[], onResult: OnResult, signal?: AbortSignal): Promise<ExecutorOutcome> {
    for (let i = 0; i < specs.length; i++) {
      if (signal?.aborted) return { status: 'aborted', reason: String(signal.reason ?? 'aborted') };
      const t0 = performance.now();
      const result = await runCell(specs[i] as CellSpec, this.resolveLearner);
      onResult(i, result, (performance.now() - t0) / 1000);
    }
    return { status: 'completed' };
  }
}
