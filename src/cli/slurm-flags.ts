import type { SweepConfig } from '../../spec/scale';
import type { CellExecutor } from '../scaling/pool';
import { slurmPreflight } from '../scaling/slurm/check';
import { slurmMegabytes, slurmMinutes } from '../scaling/slurm/commands';
import { SlurmExecutor } from '../scaling/slurm/executor';
import type { SlurmResources } from '../scaling/slurm/sbatch';
import type { FlagReader, OptionSpecs, ParsedArgs } from './args';
import { EXIT } from './command';
import type { CliIo } from './io';

/** The flags of `rhm scale --executor slurm` (spread into the command's option specs). */
export const SLURM_OPTIONS: OptionSpecs = {
  executor: { type: 'string' },
  partition: { type: 'string' },
  account: { type: 'string' },
  time: { type: 'string' },
  mem: { type: 'string' },
  'max-concurrent': { type: 'string' },
  'sbatch-arg': { type: 'string', multiple: true },
  'node-cmd': { type: 'string' },
  'max-retries': { type: 'string' },
  'poll-seconds': { type: 'string' },
  'cells-per-task': { type: 'string' },
  detach: { type: 'boolean' },
  check: { type: 'boolean' },
};

/** The help lines of those flags. */
export const SLURM_HELP = `Slurm (docs/slurm.md):
  --executor E        threads (default) or slurm: cells run as sbatch job arrays
  --partition P       sbatch --partition          --account A   sbatch --account
  --time T            per-task time limit (Slurm forms: MM, HH:MM:SS, D-HH:MM)
  --mem M             per-task memory (e.g. 4G; default from the sweep's memory estimate)
  --max-concurrent K  at most K tasks of an array at once (--array=…%K)
  --sbatch-arg ARG    extra sbatch argument, repeatable (e.g. --sbatch-arg=--gres=gpu:1)
  --node-cmd CMD      shell run before node on the compute node (e.g. "module load nodejs/20")
  --cells-per-task N  most cells packed into one array task (default 8; small cells share)
  --max-retries N     resubmissions of a task that ends without a result (default 2)
  --detach            submit and exit, printing the --resume command that collects
  --check             preflight: a one-task job proves that node runs and DIR is shared`;

/** The resolved Slurm flags (undefined when the executor is the local pool). */
export interface SlurmFlags {
  readonly resources: SlurmResources;
  readonly maxRetries: number;
  readonly pollSeconds: number;
  readonly cellsPerTask: number;
  readonly detach: boolean;
  readonly check: boolean;
}

function parsed<T>(f: FlagReader, name: string, parse: (s: string) => T | undefined, example: string): T | undefined {
  const raw = f.string(name);
  if (raw === undefined) return undefined;
  const v = parse(raw);
  if (v === undefined)
    f.violations.push({
      code: 'wrong-value',
      path: `--${name}`,
      message: `--${name} '${raw}' is not a Slurm ${name}`,
      fix: `e.g. --${name} ${example}`,
    });
  return v;
}

function stringList(args: ParsedArgs, name: string): string[] {
  const raw = (args.values as Record<string, unknown>)[name];
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
}

/** Read the Slurm flags once; a Slurm flag without --executor slurm is a usage error. */
export function readSlurmFlags(f: FlagReader, args: ParsedArgs): SlurmFlags | undefined {
  const executor = f.choice('executor', ['threads', 'slurm'] as const, 'threads');
  const given = Object.keys(SLURM_OPTIONS).filter((k) => k !== 'executor' && args.values[k] !== undefined);
  if (executor !== 'slurm') {
    for (const k of given)
      f.violations.push({
        code: 'usage',
        path: `--${k}`,
        message: `--${k} applies to the Slurm executor only`,
        fix: 'add --executor slurm',
      });
    return undefined;
  }
  const maxConcurrent = f.string('max-concurrent') === undefined ? undefined : f.int('max-concurrent', { min: 1 });
  const timeMinutes = parsed(f, 'time', slurmMinutes, '2:00:00');
  const memMb = parsed(f, 'mem', slurmMegabytes, '4G');
  const partition = f.string('partition');
  const account = f.string('account');
  const resources: SlurmResources = {
    ...(partition === undefined ? {} : { partition }),
    ...(account === undefined ? {} : { account }),
    ...(timeMinutes === undefined ? {} : { timeMinutes }),
    ...(memMb === undefined ? {} : { memMb }),
    ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
    sbatchArgs: stringList(args, 'sbatch-arg'),
    nodeCmd: f.string('node-cmd') ?? '',
  };
  return {
    resources,
    maxRetries: f.int('max-retries', { min: 0, max: 100, fallback: 2 }),
    pollSeconds: f.number('poll-seconds', { min: 0.05, max: 600, fallback: 2 }),
    cellsPerTask: f.int('cells-per-task', { min: 1, max: 10_000, fallback: 8 }),
    detach: f.flag('detach'),
    check: f.flag('check'),
  };
}

/** The Slurm executor for a sweep in `dir`; `argv` gives the --resume command --detach prints. */
export function slurmExecutor(
  s: SlurmFlags,
  dir: string,
  config: SweepConfig,
  argv: readonly string[],
  io: CliIo,
): CellExecutor {
  const rest = argv.filter((a) => a !== '--detach' && a !== '--resume');
  const hasOut = rest.some((a) => a === '--out' || a.startsWith('--out='));
  const resumeHint = `rhm scale ${[...rest, ...(hasOut ? [] : ['--out', dir]), '--resume'].join(' ')}`;
  return new SlurmExecutor({
    dir,
    resources: s.resources,
    maxRetries: s.maxRetries,
    pollSeconds: s.pollSeconds,
    maxCellsPerTask: s.cellsPerTask,
    detach: s.detach,
    maxMemMb: Math.max(s.resources.memMb ?? 0, 4 * (config.maxMemoryBytes / 2 ** 20)),
    log: (line) => io.err(`${line}\n`),
    resumeHint,
  });
}

/** `--check`: run the preflight and print what it found. */
export async function runSlurmCheck(s: SlurmFlags, dir: string, io: CliIo): Promise<number> {
  const r = await slurmPreflight(dir, s.resources, 300, Math.min(1, s.pollSeconds));
  if (r.status === 'ok') {
    io.out(
      `rhm scale --check: ok — job ${r.jobId} ran node and rhm on ${r.node} and wrote into ${dir} (shared) in ${r.seconds.toFixed(1)} s\n`,
    );
    return EXIT.ok;
  }
  io.err(`rhm scale --check: ${r.reason}\n  fix: ${r.fix}\n`);
  return EXIT.negative;
}
