import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CellSpec } from '../../../spec/scale';
import { writeFileAtomic } from '../../io/json-file';
import { bytesPerSampleToken } from '../plan';
import { shellQuote, slurmCommand } from './commands';
import type { SlurmLayout } from './layout';

/** The resources and placement of the arrays, as resolved from the flags. */
export interface SlurmResources {
  readonly partition?: string;
  readonly account?: string;
  /** Time limit per task in minutes (undefined: the partition's default). */
  readonly timeMinutes?: number;
  /** Memory per task in MiB (undefined: estimated from the cells). */
  readonly memMb?: number;
  /** Largest number of tasks of one array running at once (`--array=…%K`). */
  readonly maxConcurrent?: number;
  /** Extra sbatch arguments, passed through unchanged (e.g. `--gres=gpu:1`). */
  readonly sbatchArgs: readonly string[];
  /** Shell lines run before Node on the compute node (e.g. `module load nodejs/20`). */
  readonly nodeCmd: string;
}

/** Memory a Node process needs besides the cell's data (MiB). */
export const NODE_BASELINE_MB = 512;

/** Estimated memory of a cell (MiB): the sweep's estimate for its largest P plus Node's baseline. */
export function cellMemoryMb(spec: CellSpec): number {
  const g = spec.grammar;
  const [s, L, vocab] =
    g.kind === 'generated' ? [g.s, g.L, g.vocab] : [g.file.branching, g.file.depth, Math.max(...g.file.vocabulary)];
  const bytes = (spec.search.maxSamples + spec.testSamples) * s ** L * bytesPerSampleToken(vocab);
  return Math.ceil((bytes / 2 ** 20 + NODE_BASELINE_MB) / 256) * 256;
}

/** The work of a cell in the packing heuristic: its budget times its replicates. */
function work(spec: CellSpec): number {
  return spec.search.maxSamples * spec.replicates.length;
}

/**
 * Pack cells (by index, in the given order) into array tasks: each task takes
 * cells until its work would exceed the largest of (the largest cell's work,
 * the total over `parallel`), at most `maxPerTask` cells. Large cells run alone;
 * small ones share a task, and at least min(cells, parallel) tasks remain.
 */
export function packTasks(specs: readonly CellSpec[], parallel: number, maxPerTask: number): number[][] {
  const works = specs.map(work);
  const total = works.reduce((a, b) => a + b, 0);
  const cap = Math.max(Math.max(0, ...works), total / Math.max(1, parallel));
  const tasks: number[][] = [];
  let current: number[] = [];
  let load = 0;
  works.forEach((w, i) => {
    if (current.length > 0 && (load + w > cap || current.length >= maxPerTask)) {
      tasks.push(current);
      current = [];
      load = 0;
    }
    current.push(i);
    load += w;
  });
  if (current.length > 0) tasks.push(current);
  return tasks;
}

/** The path of the built CLI launcher (bin/rhm.js) the tasks run. */
export function rhmLauncherPath(): string {
  // From dist/src/scaling/slurm/ or src/scaling/slurm/ (jest) alike: the repository root is 3 or 4 levels up.
  const up = __dirname.split(/[\\/]/).includes('dist') ? ['..', '..', '..', '..'] : ['..', '..', '..'];
  return resolve(__dirname, ...up, 'bin', 'rhm.js');
}

/** The batch script: runs the cells listed on line SLURM_ARRAY_TASK_ID+1 of the task file given as $1. */
export function taskScript(layout: SlurmLayout, nodeCmd: string): string {
  return `#!/bin/bash
# rhm scale on Slurm: one array task runs the cells on line SLURM_ARRAY_TASK_ID+1 of "$1".
# Written by the driver; a result already present is not recomputed (rhm scale-cell exits 0 at once).
set -u
${nodeCmd}
D=${shellQuote(layout.root)}
RHM=${shellQuote(rhmLauncherPath())}
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$1")
status=0
for key in $line; do
  node "$RHM" scale-cell "$D/cells/$key.json" -o "$D/results/$key.json"
  rc=$?
  [ "$rc" -ne 0 ] && status=$rc
done
exit "$status"
`;
}

/** Write the batch script (once per driver start: --node-cmd may change on resume). */
export function writeTaskScript(layout: SlurmLayout, nodeCmd: string): void {
  for (const d of [layout.cells, layout.results, layout.tasks, layout.logs]) mkdirSync(d, { recursive: true });
  writeFileAtomic(layout.script, taskScript(layout, nodeCmd));
  chmodSync(layout.script, 0o755);
}

/** One submitted array: its id and the cell keys of each task. */
export interface SubmittedArray {
  readonly jobId: string;
  readonly taskFile: string;
  readonly tasks: readonly (readonly string[])[];
  readonly memMb: number;
  readonly timeMinutes?: number;
}

/** The sbatch arguments of one array. */
export function sbatchArgs(
  layout: SlurmLayout,
  r: SlurmResources,
  tasks: number,
  memMb: number,
  timeMinutes: number | undefined,
  taskFile: string,
): string[] {
  const throttle = r.maxConcurrent === undefined ? '' : `%${r.maxConcurrent}`;
  return [
    '--parsable',
    `--job-name=${layout.jobName}`,
    `--array=0-${tasks - 1}${throttle}`,
    `--output=${join(layout.logs, '%A_%a.log')}`,
    `--mem=${memMb}M`,
    '--cpus-per-task=1',
    '--requeue',
    ...(timeMinutes === undefined ? [] : [`--time=${Math.ceil(timeMinutes)}`]),
    ...(r.partition === undefined ? [] : [`--partition=${r.partition}`]),
    ...(r.account === undefined ? [] : [`--account=${r.account}`]),
    ...r.sbatchArgs,
    layout.script,
    taskFile,
  ];
}

/**
 * Submit tasks (lists of cell keys) as arrays of at most `maxArraySize` tasks.
 * @throws Error with sbatch's message when a submission is refused.
 */
export async function submitArrays(
  layout: SlurmLayout,
  r: SlurmResources,
  tasks: readonly (readonly string[])[],
  memMb: number,
  timeMinutes: number | undefined,
  maxArraySize: number,
): Promise<SubmittedArray[]> {
  const out: SubmittedArray[] = [];
  for (let start = 0; start < tasks.length; start += maxArraySize) {
    const chunk = tasks.slice(start, start + maxArraySize);
    let n = 0;
    while (existsSync(join(layout.tasks, `array-${n}.txt`))) n++;
    const taskFile = join(layout.tasks, `array-${n}.txt`);
    writeFileAtomic(taskFile, chunk.map((t) => `${t.join(' ')}\n`).join(''));
    const res = await slurmCommand('sbatch', sbatchArgs(layout, r, chunk.length, memMb, timeMinutes, taskFile));
    const jobId = res.stdout.trim().split(';')[0] ?? '';
    if (res.code !== 0 || !/^\d+$/.test(jobId))
      throw new Error(`sbatch refused the array (exit ${res.code}): ${res.stderr.trim() || res.stdout.trim()}`);
    out.push({ jobId, taskFile, tasks: chunk, memMb, ...(timeMinutes === undefined ? {} : { timeMinutes }) });
  }
  return out;
}
