import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { GrammarFile } from '../../spec/grammar';
import { LIMITS } from '../../spec/limits';
import { invalid } from '../errors';
import { VERSION } from '../version';
import { fsFailure } from './fs-errors';
import { readNpy, type NpyArray } from './npy';
import { readZip } from './npz';

/**
 * Rule tensors saved by NumPy → an `rhm-grammar/1` file. The reference
 * implementation's `sample_rules` returns a dict {l: tensor of shape (|V_l|, m, s)}
 * for l = 0..L−1; saved as one `.npy` per level or as one `.npz`, each level is
 * exactly `rules[l]` of the grammar format.
 */

/** One level's tensor and where it came from (for messages). */
export interface RuleTensor {
  readonly source: string;
  readonly array: NpyArray;
}

const SUBJECT = 'rule tensors';

function readBytes(path: string): Uint8Array {
  try {
    const st = statSync(path);
    if (!st.isFile()) invalid(SUBJECT, path, 'is not a regular file', 'give .npy or .npz files', 'not-a-file');
    if (st.size > LIMITS.maxGrammarFileBytes)
      invalid(SUBJECT, path, `is ${st.size} bytes, more than ${LIMITS.maxGrammarFileBytes}`, 'check the file');
    return readFileSync(path);
  } catch (e) {
    throw fsFailure(e, SUBJECT, path);
  }
}

/** The level an `.npz` entry holds: the integer its name ends with (`arr_0.npy`, `0.npy`, `rules_2.npy`). */
function entryLevel(name: string, where: string): number {
  const m = /(\d+)\.npy$/.exec(name);
  if (!m)
    return invalid(
      SUBJECT,
      `${where}/${name}`,
      'names no level',
      'name entries by level: np.savez(f, *[rules[l] for l in range(L)])',
    );
  return Number(m[1]);
}

/** The levels of an `.npz` archive, ordered by the level number in their names (0..L−1, each once). */
function npzLevels(path: string, bytes: Uint8Array): RuleTensor[] {
  const where = basename(path);
  const entries = [...readZip(bytes, where)].map(([name, data]) => ({ name, level: entryLevel(name, where), data }));
  entries.sort((a, b) => a.level - b.level);
  entries.forEach((e, i) => {
    if (e.level !== i)
      invalid(
        SUBJECT,
        `${where}/${e.name}`,
        `is level ${e.level} where level ${i} is expected (levels must be 0..L−1, each once)`,
        'save rules[0], …, rules[L−1]: np.savez(f, *[rules[l] for l in range(L)])',
        'levels',
      );
  });
  return entries.map((e) => ({ source: `${where}/${e.name}`, array: readNpy(e.data, `${where}/${e.name}`) }));
}

/**
 * Read rule tensors: one `.npz` (levels by entry name) or several `.npy` (level 0 first).
 * @throws InvalidInputError naming the file and field when a file cannot be read.
 */
export function readRuleTensors(paths: readonly string[]): RuleTensor[] {
  if (paths.length === 0)
    invalid(SUBJECT, 'FILES', 'none given', 'give one .npz, or one .npy per level, level 0 first');
  const tensors: RuleTensor[] = [];
  for (const path of paths) {
    const bytes = readBytes(path);
    const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    if (isZip && paths.length > 1)
      invalid(SUBJECT, path, 'is an archive given with other files', 'give one .npz alone, or only .npy files');
    if (isZip) tensors.push(...npzLevels(path, bytes));
    else tensors.push({ source: basename(path), array: readNpy(bytes, basename(path)) });
  }
  return tensors;
}

/** `values` as nested lists of the given 3-D shape. */
function nested(a: NpyArray, shape: readonly [number, number, number]): number[][][] {
  const [p, m, s] = shape;
  return Array.from({ length: p }, (_, i) =>
    Array.from({ length: m }, (_, j) => Array.from(a.values.subarray((i * m + j) * s, (i * m + j + 1) * s))),
  );
}

/**
 * The grammar file of rule tensors: `rules[l]` = the level-l tensor (|V_l|, m, s);
 * `vocabulary[l]` = its first axis; `vocabulary[L]` = `inputVocab`, or |V_{L−1}| when
 * L ≥ 2 (one v for every level below the root, as in the reference), or for L = 1 the
 * largest token + 1. The result still has to pass `validateGrammar` (symbols in range,
 * no repeated production).
 * @throws InvalidInputError naming the tensor's `shape` when it is not (parents, m, s)
 *   with the same s at every level.
 */
export function grammarFromRuleTensors(tensors: readonly RuleTensor[], inputVocab?: number): GrammarFile {
  const first = tensors[0];
  if (!first) return invalid(SUBJECT, 'FILES', 'none given', 'give at least level 0');
  const s = first.array.shape[2] ?? 0;
  for (const t of tensors) {
    const [p = 0, m = 0, si = 0] = t.array.shape;
    if (t.array.shape.length !== 3 || p < 1 || m < 1 || si !== s || s < 2)
      invalid(
        SUBJECT,
        `${t.source}/shape`,
        `is (${t.array.shape.join(', ')}); a level's rules are (parents, m, s) with the same s ≥ 2 at every level`,
        'save rules[l] as sample_rules returns it (a 3-D integer tensor)',
        'shape',
      );
  }
  const L = tensors.length;
  const vocabulary = tensors.map((t) => t.array.shape[0] ?? 0);
  const last = tensors[L - 1] as RuleTensor;
  const maxToken = last.array.values.reduce((a, b) => Math.max(a, b), 0);
  vocabulary.push(inputVocab ?? (L >= 2 ? (vocabulary[L - 1] as number) : maxToken + 1));
  return {
    format: 'rhm-grammar/1',
    branching: s,
    depth: L,
    vocabulary,
    rules: tensors.map((t) => nested(t.array, t.array.shape as [number, number, number])),
    provenance: {
      generator: 'import-rules',
      parameters: { sources: tensors.map((t) => t.source).join(' '), dtype: first.array.dtype },
      harnessVersion: VERSION,
    },
  };
}
