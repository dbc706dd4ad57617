import { spawnSync } from 'node:child_process';
import type { Provenance, ReportBackend } from '../../spec/report';
import { VERSION } from '../version';

/** The git commit of `cwd` and whether tracked files differ from it; nulls outside a repository or without git. */
export function gitState(cwd: string): { commit: string | null; dirty: boolean | null } {
  const git = (args: string[]) =>
    spawnSync('git', args, { cwd, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const head = git(['rev-parse', 'HEAD']);
  if (head.error || head.status !== 0) return { commit: null, dirty: null };
  const commit = head.stdout.trim();
  if (!/^[0-9a-f]{7,64}$/.test(commit)) return { commit: null, dirty: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status.error || status.status !== 0 ? null : status.stdout.trim().length > 0 };
}

/** What {@link collectProvenance} needs from its caller. */
export interface ProvenanceInput {
  /** The command, e.g. `check`. */
  readonly command: string;
  /** Arguments after the command name. */
  readonly argv: readonly string[];
  /** TensorFlow.js backend of the run, null when it used none. */
  readonly backend: ReportBackend | null;
  /** Directory whose git state is recorded (default: the process's cwd). */
  readonly cwd?: string;
  /** Time of the run (default: now). */
  readonly date?: Date;
}

/**
 * Provenance of a run: harness version, git commit, Node version and platform,
 * TensorFlow.js backend, date, command and arguments.
 *
 * @param input - command, arguments, backend
 * @returns the `provenance` object of `rhm-report/1`
 */
export function collectProvenance(input: ProvenanceInput): Provenance {
  const git = gitState(input.cwd ?? process.cwd());
  return {
    harnessVersion: VERSION,
    gitCommit: git.commit,
    gitDirty: git.dirty,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend: input.backend
      ? { name: input.backend.name, threads: input.backend.threads, version: input.backend.version }
      : null,
    date: (input.date ?? new Date()).toISOString(),
    command: input.command,
    argv: [...input.argv],
  };
}
