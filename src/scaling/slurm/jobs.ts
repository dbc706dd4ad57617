import { existsSync, readFileSync } from 'node:fs';
import type { SubmittedArray } from './sbatch';
import type { SlurmLayout } from './layout';
import { writeJson } from './layout';

/** Retry counts of one cell (kept across driver restarts). */
export interface CellAttempts {
  failures: number;
  requeues: number;
  memMb?: number;
  timeMinutes?: number;
  oomRetried?: boolean;
  timeoutRetried?: boolean;
}

/** `DIR/slurm/jobs.json`: every array the driver submitted, and the retry counts by cell key. */
export interface JobsFile {
  readonly format: 'rhm-slurm-jobs/1';
  readonly arrays: SubmittedArray[];
  readonly attempts: Record<string, CellAttempts>;
}

/** Read the jobs file (empty when missing or unreadable: the squeue names still find live arrays). */
export function readJobs(layout: SlurmLayout): JobsFile {
  if (existsSync(layout.jobs)) {
    try {
      const v = JSON.parse(readFileSync(layout.jobs, 'utf8')) as Partial<JobsFile> & { format?: string };
      if (v.format === 'rhm-slurm-jobs/1' && Array.isArray(v.arrays))
        return { format: 'rhm-slurm-jobs/1', arrays: v.arrays, attempts: v.attempts ?? {} };
    } catch {
      // fall through: a fresh file
    }
  }
  return { format: 'rhm-slurm-jobs/1', arrays: [], attempts: {} };
}

/** Write the jobs file atomically (the driver is its only writer). */
export function writeJobs(layout: SlurmLayout, jobs: JobsFile): void {
  writeJson(layout.jobs, jobs);
}

/** A task of a submitted array, `JOB_TASK` as squeue -r prints it. */
export function taskId(jobId: string, task: number): string {
  return `${jobId}_${task}`;
}
