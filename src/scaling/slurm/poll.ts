import { classifyTask, parseScontrolJobs, type TaskVerdict } from './classify';
import { slurmCommand } from './commands';

/**
 * The live tasks of the sweep's arrays (`JOB_TASK` → state), by job name, or
 * undefined when squeue did not answer (then nothing is concluded this round).
 * Pending tasks of an array print as `JOB_[0-5%2]`; they are expanded.
 */
export async function liveTasks(jobName: string): Promise<Map<string, string> | undefined> {
  const res = await slurmCommand('squeue', ['-h', '-r', '-n', jobName, '-o', '%i %T']);
  if (res.code !== 0) return undefined;
  const live = new Map<string, string>();
  for (const line of res.stdout.split('\n')) {
    const [id, state] = line.trim().split(/\s+/);
    if (id === undefined || id === '' || state === undefined) continue;
    for (const t of expandTaskId(id)) live.set(t, state);
  }
  return live;
}

/** `12_3` → [`12_3`]; `12_[0-2,5%2]` → [`12_0`, `12_1`, `12_2`, `12_5`]; a plain id stays as is. */
export function expandTaskId(id: string): string[] {
  const m = /^(\d+)_\[([^\]]+)\]$/.exec(id);
  if (!m) return [id];
  const [, job, ranges] = m;
  const out: string[] = [];
  for (const part of (ranges ?? '').replace(/%\d+$/, '').split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) continue;
    for (let i = a; i <= (b ?? a); i++) out.push(`${job ?? ''}_${i}`);
  }
  return out;
}

/** Ask scontrol why a task ended (no slurmdbd needed). */
export async function taskVerdict(task: string): Promise<TaskVerdict & { readonly log?: string }> {
  const res = await slurmCommand('scontrol', ['show', 'job', '-o', task]);
  const record = res.code === 0 ? parseScontrolJobs(res.stdout)[0] : undefined;
  const log = record?.get('StdOut');
  return { ...classifyTask(record), ...(log ? { log } : {}) };
}

/** The cluster's MaxArraySize: tasks per array (1001, Slurm's default, when it cannot be read). */
export async function maxArraySize(): Promise<number> {
  const res = await slurmCommand('scontrol', ['show', 'config']);
  const m = /^MaxArraySize\s*=\s*(\d+)/m.exec(res.stdout);
  // MaxArraySize=N allows indices 0…N−1, so N tasks per array.
  return m ? Math.max(1, Number(m[1])) : 1001;
}

/** Cancel every array of the sweep (by job name). */
export async function cancelSweep(jobName: string): Promise<void> {
  await slurmCommand('scancel', ['-n', jobName]);
}
