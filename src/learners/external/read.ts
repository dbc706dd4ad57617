import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ExternalResultSchema, type ExternalResult, type ExternalSetOutput } from '../../../spec/external';
import { schemaViolations } from '../../../spec/validate';
import type { Violation } from '../../../spec/violation';
import { classCount, type Grammar } from '../../grammar/grammar';
import type { Representation } from '../score';

/**
 * Read and check what an external program wrote (the `rhm-external-result/1`
 * file and the binary files it names) against the task: every required set
 * answered, every file of the stated size, every prediction a class, every
 * representation finite and of the level's shape. Never throws on bad output:
 * it returns the violations, each naming the file or JSON pointer that is wrong.
 */

/** What one input set's files held. */
export interface SetFiles {
  readonly predictions: Int32Array | null;
  readonly representations: ReadonlyMap<number, Representation>;
}

/** A result that passed every check. */
export interface CheckedResult {
  readonly sets: ReadonlyMap<string, SetFiles>;
  readonly training?: ExternalResult['training'];
}

/** An input set as the reader needs it. */
export interface ExpectedSet {
  readonly name: string;
  readonly n: number;
  readonly predict: boolean;
}

function fileViolation(path: string, message: string, fix: string, code = 'bad-output'): Violation {
  return { code, path, message, fix };
}

/** The bytes of `dir/file` when it exists with exactly `bytes` bytes, else a violation. */
function readExact(dir: string, file: string, bytes: number, what: string, where: string): Buffer | Violation {
  const p = join(dir, file);
  if (!existsSync(p)) return fileViolation(where, `${what} file '${file}' does not exist`, 'write it before exiting');
  const st = statSync(p);
  if (!st.isFile()) return fileViolation(where, `'${file}' is not a regular file`, 'write a regular file');
  if (st.size !== bytes)
    return fileViolation(
      where,
      `${what} file '${file}' has ${st.size} bytes, expected ${bytes}`,
      'check the shape and the dtype (little-endian int32 predictions, float32 representations)',
      'wrong-shape',
    );
  return readFileSync(p);
}

function readPredictions(dir: string, file: string, n: number, nc: number, where: string): Int32Array | Violation {
  const b = readExact(dir, file, n * 4, 'predictions', where);
  if (!Buffer.isBuffer(b)) return b;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = b.readInt32LE(i * 4);
    if (v < 0 || v >= nc)
      return fileViolation(
        where,
        `prediction ${i} is ${v}, not a class in [0, ${nc})`,
        'write one class index per input as little-endian int32',
        'out-of-range',
      );
    out[i] = v;
  }
  return out;
}

function readRepresentation(
  dir: string,
  r: { file: string; dim: number },
  rows: number,
  where: string,
): Representation | Violation {
  const b = readExact(dir, r.file, rows * r.dim * 4, `representation (${rows} vectors × dim ${r.dim})`, where);
  if (!Buffer.isBuffer(b)) return b;
  const vectors = new Float32Array(rows * r.dim);
  for (let i = 0; i < vectors.length; i++) {
    const v = b.readFloatLE(i * 4);
    if (!Number.isFinite(v))
      return fileViolation(
        where,
        `value ${i} of '${r.file}' is ${v}`,
        'write finite float32 values only',
        'not-finite',
      );
    vectors[i] = v;
  }
  return { vectors, dim: r.dim };
}

function readSet(
  dir: string,
  g: Grammar,
  set: ExpectedSet,
  out: ExternalSetOutput | undefined,
  bad: Violation[],
): SetFiles {
  const base = `result.json /outputs/${set.name}`;
  const reps = new Map<number, Representation>();
  let predictions: Int32Array | null = null;
  if (out?.predictions !== undefined) {
    const p = readPredictions(dir, out.predictions, set.n, classCount(g), `${base}/predictions`);
    if (p instanceof Int32Array) predictions = p;
    else bad.push(p);
  } else if (set.predict)
    bad.push(
      fileViolation(
        `${base}/predictions`,
        `no predictions for input set '${set.name}'`,
        'name the int32 file of predictions',
        'missing',
      ),
    );
  (out?.representations ?? []).forEach((r, i) => {
    const where = `${base}/representations/${i}`;
    if (r.level > g.L) {
      bad.push(
        fileViolation(
          `${where}/level`,
          `level ${r.level} does not exist (L = ${g.L})`,
          `use levels 1..${g.L}`,
          'out-of-range',
        ),
      );
      return;
    }
    if (reps.has(r.level)) {
      bad.push(
        fileViolation(`${where}/level`, `level ${r.level} is given twice`, 'give each level once', 'duplicate-value'),
      );
      return;
    }
    const rep = readRepresentation(dir, r, set.n * g.s ** (r.level - 1), where);
    if ('vectors' in rep) reps.set(r.level, rep);
    else bad.push(rep);
  });
  return { predictions, representations: reps };
}

/**
 * Check the result in `dir` against the expected input sets.
 * @param dir - the task directory (file names are relative to it).
 * @param g - the grammar (n_c, s, L).
 * @param sets - the input sets of the task.
 * @param ignoreUnknownSets - accept outputs for sets not in `sets` (`rhm score` reads only 'held-out').
 * @returns the checked result, or every violation found.
 */
export function readResult(
  dir: string,
  g: Grammar,
  sets: readonly ExpectedSet[],
  ignoreUnknownSets = false,
): { ok: true; result: CheckedResult } | { ok: false; violations: Violation[] } {
  const path = join(dir, 'result.json');
  if (!existsSync(path))
    return {
      ok: false,
      violations: [
        fileViolation(
          'result.json',
          'the program wrote no result file',
          `write ${path} (rhm-external-result/1) before exiting`,
          'missing',
        ),
      ],
    };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return {
      ok: false,
      violations: [
        fileViolation(
          'result.json',
          `is not JSON (${e instanceof Error ? e.message : String(e)})`,
          'write one JSON object',
        ),
      ],
    };
  }
  const shape = schemaViolations(ExternalResultSchema, value).map((v) => ({ ...v, path: `result.json ${v.path}` }));
  if (shape.length > 0) return { ok: false, violations: shape };
  const result = value as ExternalResult;
  const bad: Violation[] = [];
  const names = new Set(sets.map((s) => s.name));
  for (const k of Object.keys(result.outputs))
    if (!names.has(k) && !ignoreUnknownSets)
      bad.push(
        fileViolation(
          `result.json /outputs/${k}`,
          `no input set is named '${k}'`,
          `use the names of the task's inputSets: ${[...names].join(', ')}`,
          'unknown-field',
        ),
      );
  const files = new Map<string, SetFiles>();
  for (const set of sets) files.set(set.name, readSet(dir, g, set, result.outputs[set.name], bad));
  if (bad.length > 0) return { ok: false, violations: bad };
  return { ok: true, result: { sets: files, ...(result.training !== undefined ? { training: result.training } : {}) } };
}
