import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LedgerLineSchema, type CellSpec, type LedgerLine } from '../../../spec/scale';
import { schemaViolations } from '../../../spec/validate';
import type { Violation } from '../../../spec/violation';
import { writeFileAtomic } from '../../io/json-file';
import { cellKey } from '../job';

/**
 * Where a Slurm sweep keeps its files, all under `DIR/slurm/` on a file system
 * that the compute nodes share with the driver:
 * - `cells/KEY.json`: the cell spec (`rhm-scale-cell/1`) a task runs;
 * - `results/KEY.json`: what `rhm scale-cell` writes (an `rhm-scale-ledger/1` line);
 * - `results/KEY.error.json`: the violations of a spec that `rhm scale-cell` refused;
 * - `tasks/array-N.txt` and `task.sh`: one line of cell keys per array task, and the batch script;
 * - `logs/JOB_TASK.log`: each task's standard output and error;
 * - `jobs.json`: the submitted arrays and the retry counts (written by the driver only).
 */
export class SlurmLayout {
  readonly root: string;
  constructor(dir: string) {
    this.root = join(resolve(dir), 'slurm');
  }
  get cells(): string {
    return join(this.root, 'cells');
  }
  get results(): string {
    return join(this.root, 'results');
  }
  get tasks(): string {
    return join(this.root, 'tasks');
  }
  get logs(): string {
    return join(this.root, 'logs');
  }
  get jobs(): string {
    return join(this.root, 'jobs.json');
  }
  get script(): string {
    return join(this.root, 'task.sh');
  }
  cell(key: string): string {
    return join(this.cells, `${key}.json`);
  }
  result(key: string): string {
    return join(this.results, `${key}.json`);
  }
  error(key: string): string {
    return errorPathFor(this.result(key));
  }
  log(jobId: string, task: number): string {
    return join(this.logs, `${jobId}_${task}.log`);
  }
  /** The Slurm job name of this sweep's arrays (found again by --resume through squeue). */
  get jobName(): string {
    return `rhm-scale-${createHash('sha256').update(this.root).digest('hex').slice(0, 10)}`;
  }
}

/** Where `rhm scale-cell … -o RESULT.json` writes the error of a refused spec: RESULT.error.json. */
export function errorPathFor(resultPath: string): string {
  return resultPath.endsWith('.json') ? `${resultPath.slice(0, -5)}.error.json` : `${resultPath}.error.json`;
}

/** The error file of a refused spec. */
export interface CellErrorFile {
  readonly subject: string;
  readonly violations: readonly Violation[];
}

/**
 * The finished result at `path` when it is a valid `rhm-scale-ledger/1` line for
 * `spec` (its key matches), else undefined (missing, torn, or another spec's).
 */
export function readCellOutput(path: string, spec: CellSpec): LedgerLine | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
  if (schemaViolations(LedgerLineSchema, value).length > 0) return undefined;
  const line = value as LedgerLine;
  return line.key === cellKey(spec) ? line : undefined;
}

/** The error file at `path`, if a task wrote one. */
export function readCellError(path: string): CellErrorFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as CellErrorFile;
    return typeof v.subject === 'string' && Array.isArray(v.violations) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Write a JSON value atomically with a trailing newline. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value)}\n`);
}
