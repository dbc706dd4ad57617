import type { AtlasCell, AtlasCellSpec } from '../../spec/atlas';
import { runAtlasCell } from './atlas/cell';

/**
 * The small task kinds the worker pool runs besides sweep cells
 * (`runTasksOnThreads` in pool.ts): each a pure function of a JSON-serialisable
 * input. A new kind adds its types here and one handler line below.
 */
export interface TaskTypes {
  /** One cell of `rhm atlas`. */
  readonly 'atlas-cell': { readonly input: AtlasCellSpec; readonly output: AtlasCell };
}

/** A task kind's name. */
export type TaskKind = keyof TaskTypes;

/** The handler of every task kind. */
export const TASK_HANDLERS: { readonly [K in TaskKind]: (input: TaskTypes[K]['input']) => TaskTypes[K]['output'] } =
  Object.freeze({
    'atlas-cell': runAtlasCell,
  });

/** The handler of a kind named by a message (undefined when unknown). */
export function taskHandler(kind: string): ((input: unknown) => unknown) | undefined {
  return Object.hasOwn(TASK_HANDLERS, kind)
    ? (TASK_HANDLERS[kind as TaskKind] as (input: unknown) => unknown)
    : undefined;
}
