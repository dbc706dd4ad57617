import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTERNAL_TASK_FORMAT, type ExternalInputSet, type ExternalTask } from '../../../spec/external';
import { classCount, inputLength, type Grammar } from '../../grammar/grammar';
import { binaryHeader, encodeHeader, encodeRecords } from '../../sampling/binary';
import type { SampleBatch } from '../../sampling/iid';

/**
 * The task directory of one external-learner run: the task file and the
 * rhm-samples/1 input files. Held-out and probe files carry −1 in the label
 * column: their labels and latent trees stay with the harness.
 */

/** Name of the task file inside the task directory. */
export const TASK_FILE = 'task.json';
/** Name the program must write its result under. */
export const RESULT_FILE = 'result.json';

/** Byte layout of a representation file, as the task states it. */
export const REPRESENTATION_LAYOUT =
  'float32 little-endian, n × s^(l−1) × dim values: input-major, then the level-l patches left to right, then the dim components';

/** One set of inputs to write: a name, its inputs and whether predictions are required. */
export interface InputSetData {
  readonly name: string;
  readonly tokens: Int32Array;
  readonly n: number;
  readonly predict: boolean;
  readonly exchangedLevel?: number;
}

function writeSamples(path: string, g: Grammar, tokens: Int32Array, labels: Int32Array, seed: number): void {
  const n = labels.length;
  const batch: SampleBatch = { n, d: inputLength(g), tokens, labels };
  const header = encodeHeader(binaryHeader(n, g.s, g.L, false, seed));
  writeFileSync(path, Buffer.concat([header, encodeRecords(batch, false)]));
}

/**
 * Create a fresh task directory under the system's temporary directory and write
 * the training file, every input set and the task file.
 * @returns the task (as written) and the absolute path of its task file.
 */
export function writeTask(
  g: Grammar,
  seed: number,
  train: SampleBatch,
  sets: readonly InputSetData[],
  timeoutSeconds: number | null,
): { task: ExternalTask; taskFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rhm-external-'));
  writeSamples(join(dir, 'train.bin'), g, train.tokens, train.labels, seed);
  const inputSets: ExternalInputSet[] = sets.map((s) => {
    const file = `${s.name}.bin`;
    writeSamples(join(dir, file), g, s.tokens, new Int32Array(s.n).fill(-1), seed);
    return {
      name: s.name,
      file,
      n: s.n,
      predict: s.predict,
      ...(s.exchangedLevel !== undefined ? { exchangedLevel: s.exchangedLevel } : {}),
    };
  });
  const levels = Array.from({ length: g.L }, (_, i) => i + 1);
  const task: ExternalTask = {
    format: EXTERNAL_TASK_FORMAT,
    taskDir: dir,
    grammar: { s: g.s, L: g.L, d: inputLength(g), classes: classCount(g), vocabulary: g.vocabulary.slice(), m: g.m },
    seed,
    train: { file: 'train.bin', n: train.n },
    inputSets,
    representations: {
      requested: true,
      levels,
      patchesPerInput: levels.map((l) => g.s ** (l - 1)),
      layout: REPRESENTATION_LAYOUT,
    },
    resultFile: RESULT_FILE,
    timeoutSeconds,
  };
  const taskFile = join(dir, TASK_FILE);
  writeFileSync(taskFile, `${JSON.stringify(task, null, 2)}\n`);
  return { task, taskFile };
}
