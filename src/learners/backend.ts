import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../errors';
import type { BackendInfo } from './types';

/** Backends `--backend` accepts: tfjs-node ('tensorflow'), WebAssembly, plain JavaScript. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;

/** A TensorFlow.js backend name. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Order tried when no backend is requested: native first, then wasm, then cpu. */
const PREFERENCE: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

let registered: Set<BackendName> | null = null;
let current: BackendInfo | null = null;

/** Whether a backend factory is registered (the typings omit the null tfjs returns for an unknown name). */
function hasFactory(name: string): boolean {
  const factory: unknown = tf.findBackendFactory(name);
  return factory !== null && factory !== undefined;
}

/* eslint-disable @typescript-eslint/no-require-imports -- backends load on demand; tfjs-node is an optional dependency that may be absent */
function tryRegister(name: BackendName): boolean {
  try {
    switch (name) {
      case 'tensorflow':
        // Optional dependency: present only where it installs (needs native binaries).
        require('@tensorflow/tfjs-node');
        return hasFactory('tensorflow');
      case 'wasm': {
        const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
        wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
        return hasFactory('wasm');
      }
      case 'cpu':
        require('@tensorflow/tfjs-backend-cpu');
        return hasFactory('cpu');
    }
  } catch {
    return false;
  }
}

function threadsOf(name: BackendName): number | null {
  if (name === 'cpu') return 1;
  if (name === 'wasm') {
    try {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      return wasm.getThreadsCount();
    } catch {
      return null;
    }
  }
  return null;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Choose and initialise the TensorFlow.js backend once per process:
 * `@tensorflow/tfjs-node` when it loads, else `@tensorflow/tfjs-backend-wasm`
 * (wasm files from the package's dist folder), else the CPU backend.
 * A requested backend overrides the order.
 * @param requested - `--backend`: one of {@link BACKEND_NAMES}; undefined = automatic.
 * @returns the backend in use, its thread count and the tfjs-core version.
 * @throws InvalidInputError naming `--backend` when the requested backend cannot be loaded.
 * @example
 * const info = await ensureBackend(); // { name: 'wasm', threads: 1, version: '4.22.0' }
 */
export async function ensureBackend(requested?: BackendName): Promise<BackendInfo> {
  if (current !== null && (requested === undefined || current.name === requested)) return current;
  if (registered === null) registered = new Set();
  const order = requested === undefined ? PREFERENCE : [requested];
  for (const name of order) {
    if (!registered.has(name)) {
      if (!tryRegister(name)) continue;
      registered.add(name);
    }
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch {
      ok = false;
    }
    if (!ok) continue;
    if (name === 'cpu') {
      // The CPU backend prints a "use tfjs-node" banner on first use; the choice is recorded instead.
      (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    }
    current = Object.freeze({ name, threads: threadsOf(name), version: tf.version_core });
    return current;
  }
  if (requested !== undefined) {
    throw new InvalidInputError('backend choice', [
      {
        code: 'backend-unavailable',
        path: 'backend',
        message: `the TensorFlow.js backend '${requested}' cannot be loaded here${requested === 'tensorflow' ? ' (@tensorflow/tfjs-node is an optional dependency that needs native binaries)' : ''}`,
        fix: `omit the backend to choose automatically, or use one of ${BACKEND_NAMES.filter((b) => b !== requested).join(', ')}`,
      },
    ]);
  }
  throw new InvalidInputError('backend choice', [
    {
      code: 'backend-unavailable',
      path: 'backend',
      message: 'no TensorFlow.js backend could be loaded',
      fix: 'reinstall the dependencies (@tensorflow/tfjs-backend-cpu is required)',
    },
  ]);
}

/** The backend chosen by {@link ensureBackend}, or null before the first call. */
export function currentBackend(): BackendInfo | null {
  return current;
}

/** Number of live tensors (for leak checks). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
