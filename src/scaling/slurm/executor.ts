import { existsSync } from 'node:fs';
import type { CellSpec } from '../../../spec/scale';
import type { Violation } from '../../../spec/violation';
import { InvalidInputError } from '../../errors';
import { cellKey } from '../job';
import type { CellExecutor, ExecutorOutcome, OnResult } from '../pool';
import type { TaskVerdict } from './classify';
import { readJobs, taskId, writeJobs, type CellAttempts, type JobsFile } from './jobs';
import { readCellError, readCellOutput, SlurmLayout, writeJson } from './layout';
import { cancelSweep, liveTasks, maxArraySize, taskVerdict } from './poll';
import { cellMemoryMb, packTasks, submitArrays, writeTaskScript, type SlurmResources } from './sbatch';

/** Options of {@link SlurmExecutor}. */
export interface SlurmExecutorOptions {
  /** The sweep directory (on a file system the compute nodes share). */
  readonly dir: string;
  readonly resources: SlurmResources;
  /** Resubmissions of a task that ended without a result (default 2). */
  readonly maxRetries?: number;
  /** Submit, then return `aborted` with {@link DETACHED_REASON}; `--resume` collects. */
  readonly detach?: boolean;
  /** Seconds between squeue polls (default 2). */
  readonly pollSeconds?: number;
  /** Most cells packed into one array task (default 8). */
  readonly maxCellsPerTask?: number;
  /** Ceiling of the doubled memory after an out-of-memory end (MiB). */
  readonly maxMemMb?: number;
  /** Ceiling of the doubled time after a timeout (minutes). */
  readonly maxTimeMinutes?: number;
  /** Progress and diagnostics (stderr in the CLI). */
  readonly log?: (line: string) => void;
  /** The command that resumes this sweep, printed by --detach. */
  readonly resumeHint?: string;
}

/** The outcome reason of a detached run (submitted, not waited for). */
export const DETACHED_REASON = 'detached';

/** Requeues (preemption, node failure) tolerated per cell before giving up. */
const MAX_REQUEUES = 10;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });

/** One run of the executor: the cells, what is pending, and the jobs file. */
interface Sweep {
  readonly specs: readonly CellSpec[];
  readonly keys: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly pending: Set<number>;
  readonly jobs: JobsFile;
  readonly fatal: Violation[];
  /** Tasks already dealt with (finished, classified, or of an earlier driver). */
  readonly settled: Set<string>;
  /** Tasks seen missing from squeue once (classified when missing twice: shared file systems lag). */
  readonly missing: Set<string>;
}

/**
 * Runs cells as Slurm job arrays (`rhm scale --executor slurm`). Cells go to
 * `DIR/slurm/cells/`, tasks run `rhm scale-cell` on the compute nodes and
 * write `DIR/slurm/results/`, and this driver polls squeue, collects results
 * and hands them to `onResult`, so the driver stays the only writer of the
 * ledger. Tasks that end without a result are classified from
 * `scontrol show job` and resubmitted, or reported with their log.
 */
export class SlurmExecutor implements CellExecutor {
  /** The --max-concurrent limit (1 when the scheduler alone decides). */
  readonly workers: number;
  private readonly layout: SlurmLayout;
  private readonly log: (line: string) => void;

  constructor(private readonly options: SlurmExecutorOptions) {
    this.workers = options.resources.maxConcurrent ?? 1;
    this.layout = new SlurmLayout(options.dir);
    this.log = options.log ?? ((): void => undefined);
  }

  async run(specs: readonly CellSpec[], onResult: OnResult, signal?: AbortSignal): Promise<ExecutorOutcome> {
    const L = this.layout;
    writeTaskScript(L, this.options.resources.nodeCmd);
    const keys = specs.map(cellKey);
    keys.forEach((k, i) => {
      if (!existsSync(L.cell(k))) writeJson(L.cell(k), specs[i]);
    });
    const sweep: Sweep = {
      specs,
      keys,
      indexOf: new Map(keys.map((k, i) => [k, i])),
      pending: new Set(keys.map((_, i) => i)),
      jobs: readJobs(L),
      fatal: [],
      settled: new Set(),
      missing: new Set(),
    };
    await this.collect(sweep, onResult);
    if (sweep.pending.size === 0) return { status: 'completed' };
    const live = (await liveTasks(L.jobName)) ?? new Map<string, string>();
    const covered = new Set<number>();
    for (const a of sweep.jobs.arrays)
      a.tasks.forEach((cells, t) => {
        const id = taskId(a.jobId, t);
        if (!live.has(id)) sweep.settled.add(id);
        else for (const k of cells) covered.add(sweep.indexOf.get(k) ?? -1);
      });
    if (covered.size > 0) this.log(`slurm: ${covered.size} cell(s) already queued or running in earlier arrays`);
    await this.submit(
      sweep,
      [...sweep.pending].filter((i) => !covered.has(i)),
    );
    if (this.options.detach) {
      this.log(`slurm: detached; collect the results with:\n  ${this.options.resumeHint ?? 'rhm scale … --resume'}`);
      return { status: 'aborted', reason: DETACHED_REASON };
    }
    return this.poll(sweep, onResult, signal);
  }

  private async poll(sweep: Sweep, onResult: OnResult, signal?: AbortSignal): Promise<ExecutorOutcome> {
    const ms = (this.options.pollSeconds ?? 2) * 1000;
    while (sweep.pending.size > 0) {
      await sleep(ms, signal);
      if (signal?.aborted) {
        await cancelSweep(this.layout.jobName);
        this.log(`slurm: cancelled the arrays of ${this.layout.jobName}`);
        return { status: 'aborted', reason: String(signal.reason ?? 'aborted') };
      }
      const live = await liveTasks(this.layout.jobName);
      if (!live) continue;
      await this.collect(sweep, onResult);
      await this.handleEnded(sweep, live);
    }
    if (sweep.fatal.length > 0) throw new InvalidInputError('rhm scale --executor slurm', sweep.fatal);
    return { status: 'completed' };
  }

  /**
   * Hand finished results to the driver.
   * @throws InvalidInputError (after cancelling the arrays) when a task refused its spec.
   */
  private async collect(sweep: Sweep, onResult: OnResult): Promise<void> {
    for (const i of [...sweep.pending]) {
      const key = sweep.keys[i] ?? '';
      const line = readCellOutput(this.layout.result(key), sweep.specs[i] as CellSpec);
      if (line) {
        sweep.pending.delete(i);
        onResult(i, line.result, line.wallSeconds);
        continue;
      }
      const err = readCellError(this.layout.error(key));
      if (err) {
        await cancelSweep(this.layout.jobName);
        throw new InvalidInputError(`${err.subject} (${this.layout.cell(key)})`, err.violations);
      }
    }
  }

  /** Classify tasks that left squeue without results for all their cells, and resubmit what can be. */
  private async handleEnded(sweep: Sweep, live: ReadonlyMap<string, string>): Promise<void> {
    const again: number[] = [];
    for (const a of sweep.jobs.arrays) {
      for (let t = 0; t < a.tasks.length; t++) {
        const id = taskId(a.jobId, t);
        if (sweep.settled.has(id) || live.has(id)) continue;
        const left = (a.tasks[t] ?? []).map((k) => sweep.indexOf.get(k) ?? -1).filter((i) => sweep.pending.has(i));
        if (left.length === 0) {
          sweep.settled.add(id);
          continue;
        }
        if (!sweep.missing.has(id)) {
          sweep.missing.add(id);
          continue;
        }
        const verdict = await taskVerdict(id);
        if (verdict.kind === 'running') continue;
        sweep.settled.add(id);
        const log = verdict.log ?? this.layout.log(a.jobId, t);
        this.log(
          `slurm: task ${id} ended without a result for ${left.length} cell(s): ${verdict.kind} (${verdict.reason})`,
        );
        for (const i of left) if (this.retry(sweep, i, verdict, a.memMb, a.timeMinutes, log)) again.push(i);
      }
    }
    await this.submit(sweep, again);
  }

  /** Update a cell's attempts after its task ended; false (and a fatal violation) when it is given up. */
  private retry(
    sweep: Sweep,
    i: number,
    v: Exclude<TaskVerdict, { kind: 'running' }>,
    memMb: number,
    timeMinutes: number | undefined,
    log: string,
  ): boolean {
    const key = sweep.keys[i] ?? '';
    const a: CellAttempts = (sweep.jobs.attempts[key] ??= { failures: 0, requeues: 0 });
    const giveUp = (message: string, fix: string): boolean => {
      sweep.pending.delete(i);
      sweep.fatal.push({
        code: `slurm-${v.kind}`,
        path: this.layout.cell(key),
        message: `${message}; log: ${log}`,
        fix,
      });
      return false;
    };
    const maxMem = this.options.maxMemMb ?? Infinity;
    const maxTime = this.options.maxTimeMinutes ?? Infinity;
    switch (v.kind) {
      case 'requeue':
        return (
          ++a.requeues <= MAX_REQUEUES || giveUp(`requeued ${a.requeues} times (${v.reason})`, 'check the partition')
        );
      case 'out-of-memory':
        if (a.oomRetried || memMb * 2 > maxMem)
          return giveUp(`ran out of memory with --mem=${memMb}M (${v.reason})`, 'raise --mem (or --max-memory-mb)');
        Object.assign(a, { oomRetried: true, memMb: memMb * 2 });
        return true;
      case 'timeout':
        if (a.timeoutRetried || timeMinutes === undefined || timeMinutes * 2 > maxTime)
          return giveUp(`hit the time limit ${timeMinutes ?? 'of the partition'} min (${v.reason})`, 'raise --time');
        Object.assign(a, { timeoutRetried: true, timeMinutes: timeMinutes * 2 });
        return true;
      default: {
        const max = this.options.maxRetries ?? 2;
        return (
          ++a.failures <= max ||
          giveUp(
            `ended without a result ${a.failures} times (${v.reason})`,
            `read the log; raise --max-retries (${max})`,
          )
        );
      }
    }
  }

  /** Submit cells, grouped by their (memory, time), packed into tasks, split at MaxArraySize. */
  private async submit(sweep: Sweep, cells: readonly number[]): Promise<void> {
    if (cells.length === 0) return;
    const r = this.options.resources;
    const baseMem = r.memMb ?? Math.max(...cells.map((i) => cellMemoryMb(sweep.specs[i] as CellSpec)));
    const groups = new Map<string, { mem: number; time: number | undefined; cells: number[] }>();
    for (const i of cells) {
      const a = sweep.jobs.attempts[sweep.keys[i] ?? ''];
      const mem = a?.memMb ?? baseMem;
      const time = a?.timeMinutes ?? r.timeMinutes;
      const g = groups.get(`${mem}|${time}`) ?? { mem, time, cells: [] };
      g.cells.push(i);
      groups.set(`${mem}|${time}`, g);
    }
    const maxTasks = await maxArraySize();
    for (const g of groups.values()) {
      const packed = packTasks(
        g.cells.map((i) => sweep.specs[i] as CellSpec),
        r.maxConcurrent ?? 64,
        this.options.maxCellsPerTask ?? 8,
      ).map((t) => t.map((j) => sweep.keys[g.cells[j] ?? -1] ?? ''));
      const arrays = await submitArrays(this.layout, r, packed, g.mem, g.time, maxTasks);
      sweep.jobs.arrays.push(...arrays);
      writeJobs(this.layout, sweep.jobs);
      this.log(
        `slurm: submitted ${g.cells.length} cell(s) in ${packed.length} task(s) as array(s) ${arrays.map((a) => a.jobId).join(', ')} (--mem=${g.mem}M${g.time === undefined ? '' : `, --time=${Math.ceil(g.time)}`})`,
      );
    }
  }
}
