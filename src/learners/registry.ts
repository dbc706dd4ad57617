import { isAbsolute } from 'node:path';
import { InvalidInputError } from '../errors';
import { layerwiseCluster } from './layerwise-cluster';
import { layerwiseRf } from './layerwise-rf';
import { cnn } from './cnn';
import { fcn } from './fcn';
import { externalLearner } from './external';
import type { Learner } from './types';

/** Every built-in learner, by name, in the order `rhm learn --help` lists them. */
const LEARNERS: readonly Learner[] = [layerwiseRf, layerwiseCluster, cnn, fcn, externalLearner];

/** Names accepted by `--learner` (the built-in learners; see {@link registerLearner} for others). */
export const LEARNER_NAMES: readonly string[] = Object.freeze(LEARNERS.map((l) => l.name));

/** Learners registered by users in this thread, by name, with the module that defines each (if given). */
const registered = new Map<string, { readonly learner: Learner; readonly module: string | undefined }>();

/** Every registered learner: the built-in ones, then those added with {@link registerLearner}. */
export function allLearners(): readonly Learner[] {
  return [...LEARNERS, ...[...registered.values()].map((r) => r.learner)];
}

/** Options of {@link registerLearner}. */
export interface RegisterLearnerOptions {
  /**
   * Absolute path of a module Node can load (compiled JavaScript, CommonJS) that defines the
   * learner: exports it (as `default`, or any named export), or calls `registerLearner` when
   * loaded. The worker threads of `ThreadPoolExecutor` load it, so the learner runs in
   * parallel in `runSweep`; without it the learner runs only in this thread (`InProcessExecutor`).
   */
  readonly module?: string;
}

/** Whether a value has the shape of a {@link Learner} (a name, options and a run method). */
export function isLearner(value: unknown): value is Learner {
  const v = value as Partial<Learner> | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof v.name === 'string' &&
    v.name.length > 0 &&
    typeof v.run === 'function' &&
    typeof v.options === 'object'
  );
}

/**
 * Add a learner to the registry, so {@link getLearner}, `runSweep`, `planSweep` and (with
 * `module`) the worker threads find it by name. Registering the same name again replaces
 * the earlier registration (a module loaded twice registers twice).
 * @param learner - any object implementing the {@link Learner} contract.
 * @param options - `module`: the file the worker threads load to define it.
 * @throws InvalidInputError naming `learner.name` when it is a built-in learner's name or not a
 *   learner, or `module` when the path is not absolute.
 * @example
 * // my-learner.ts (compiled to my-learner.js)
 * export const myLearner: Learner = { name: 'my-learner', … };
 * registerLearner(myLearner, { module: __filename });
 */
export function registerLearner(learner: Learner, options: RegisterLearnerOptions = {}): void {
  const violation = (path: string, message: string, fix: string): never => {
    throw new InvalidInputError('learner registration', [{ code: 'register-learner', path, message, fix }]);
  };
  if (!isLearner(learner))
    violation('learner', 'is not a learner (name, options, run)', 'implement the Learner interface');
  if (LEARNER_NAMES.includes(learner.name))
    violation('learner.name', `'${learner.name}' is a built-in learner`, 'choose another name');
  if (options.module !== undefined && !isAbsolute(options.module))
    violation('module', `'${options.module}' is not an absolute path`, 'pass e.g. __filename or path.resolve(…)');
  registered.set(learner.name, { learner, module: options.module });
}

/** The modules of the registered learners that gave one (what the worker threads load), without repeats. */
export function learnerModules(): readonly string[] {
  return [...new Set([...registered.values()].flatMap((r) => (r.module === undefined ? [] : [r.module])))];
}

/**
 * The learner registered under `name`.
 * @param name - a registry name, e.g. 'layerwise-cluster'.
 * @throws InvalidInputError naming the field `learner` when no learner has that name.
 * @example
 * const out = await getLearner('layerwise-cluster').run({ grammar, samples: 2048, seed: 1, testSamples: 4096 });
 */
export function getLearner(name: string): Learner {
  const found = LEARNERS.find((l) => l.name === name) ?? registered.get(name)?.learner;
  if (!found) {
    throw new InvalidInputError('learner choice', [
      {
        code: 'unknown-learner',
        path: 'learner',
        message: `no learner named '${name}'`,
        fix: `use one of ${allLearners()
          .map((l) => l.name)
          .join(', ')} (or register it: registerLearner)`,
      },
    ]);
  }
  return found;
}

/**
 * Load a module that defines learners (what a worker thread does with every
 * {@link RegisterLearnerOptions.module}) and register each learner it exports (`default`
 * or named exports), besides those it registers itself when loaded.
 * @param path - absolute path of the module.
 * @returns the names of the learners it exports.
 * @throws InvalidInputError naming `module` when it cannot be loaded or defines no learner.
 */
export async function loadLearnerModule(path: string): Promise<string[]> {
  const before = new Set(registered.keys());
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(path)) as Record<string, unknown>;
  } catch (e) {
    throw new InvalidInputError('learner module', [
      {
        code: 'learner-module',
        path: 'module',
        message: `'${path}' cannot be loaded (${e instanceof Error ? e.message : String(e)})`,
        fix: 'give the absolute path of a compiled JavaScript (CommonJS) module',
      },
    ]);
  }
  const found = Object.values(loaded).filter(isLearner);
  for (const l of found) if (!LEARNER_NAMES.includes(l.name)) registered.set(l.name, { learner: l, module: path });
  const names = [...new Set([...found.map((l) => l.name), ...[...registered.keys()].filter((n) => !before.has(n))])];
  if (names.length === 0)
    throw new InvalidInputError('learner module', [
      {
        code: 'learner-module',
        path: 'module',
        message: `'${path}' neither exports a learner nor registers one`,
        fix: 'export the learner object (export const myLearner: Learner = …) or call registerLearner in it',
      },
    ]);
  return names;
}
