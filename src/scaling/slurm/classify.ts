/**
 * Why an array task ended without a result, from `scontrol show job -o`
 * (accounting through slurmdbd/sacct is not assumed), and what to do about it.
 */

/** The fields of one `scontrol show job -o` record, by name. */
export type JobRecord = ReadonlyMap<string, string>;

/**
 * Parse `scontrol show job -o` output: one record per line, `Key=Value`
 * pairs separated by spaces (values of the keys used here hold no spaces).
 */
export function parseScontrolJobs(text: string): JobRecord[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const fields = new Map<string, string>();
      for (const m of line.matchAll(/(?:^|\s)([A-Za-z:/]+)=(\S*)/g)) {
        const [, k, v] = m;
        if (k !== undefined && v !== undefined && !fields.has(k)) fields.set(k, v);
      }
      return fields;
    });
}

/** What the driver does with a task's cells that have no result. */
export type TaskVerdict =
  | { readonly kind: 'running' }
  | { readonly kind: 'requeue'; readonly reason: string }
  | { readonly kind: 'out-of-memory'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

const LIVE = new Set(['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'REQUEUED', 'RESIZING', 'SUSPENDED']);
const REQUEUE = new Set(['PREEMPTED', 'NODE_FAIL', 'BOOT_FAIL', 'REQUEUE_FED', 'REQUEUE_HOLD', 'REVOKED']);

/**
 * Classify a task from its scontrol record (undefined when Slurm no longer
 * knows the job, e.g. after MinJobAge).
 */
export function classifyTask(record: JobRecord | undefined): TaskVerdict {
  if (!record) return { kind: 'failed', reason: 'the job is no longer known to Slurm and left no result' };
  const state = (record.get('JobState') ?? 'UNKNOWN').toUpperCase();
  const reason = record.get('Reason') ?? 'None';
  const exit = record.get('ExitCode') ?? '?';
  const what = `state ${state}, exit code ${exit}, reason ${reason}`;
  if (LIVE.has(state)) return { kind: 'running' };
  if (REQUEUE.has(state)) return { kind: 'requeue', reason: what };
  if (state === 'OUT_OF_MEMORY') return { kind: 'out-of-memory', reason: what };
  if (state === 'TIMEOUT' || state === 'DEADLINE') return { kind: 'timeout', reason: what };
  return { kind: 'failed', reason: what };
}
