import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Provenance, ReportBackend } from '../../spec/report';
import { VERSION } from '../version';

/** The git commit of `dir` and whether tracked files differ from it; nulls outside a repository or without git. */
export function gitState(dir: string): { commit: string | null; dirty: boolean | null } {
  const git = (args: string[]) =>
    spawnSync('git', args, { cwd: dir, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const head = git(['rev-parse', 'HEAD']);
  if (head.error || head.status !== 0) return { commit: null, dirty: null };
  const commit = head.stdout.trim();
  if (!/^[0-9a-f]{7,64}$/.test(commit)) return { commit: null, dirty: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status.error || status.status !== 0 ? null : status.stdout.trim().length > 0 };
}

/**
 * The harness's own installation directory: the nearest directory above this
 * module that holds the rhm-harness package.json (the repository in a checkout,
 * node_modules/rhm-harness when installed). The recorded commit is read there,
 * never from the directory the user runs in.
 */
export function harnessRoot(from: string = __dirname): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'rhm-harness') return dir;
      } catch {
        // not a readable package.json: keep walking up
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Largest input file hashed (bigger files are refused by the grammar reader long before). */
const MAX_HASHED_BYTES = 2 ** 30;

/** sha256 and size of an input file, or null when it is not a readable regular file. */
export function fileDigest(path: string): { sha256: string; bytes: number } | null {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_HASHED_BYTES) return null;
    return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), bytes: st.size };
  } catch {
    return null;
  }
}

/** A POSIX shell word: quoted only when it needs to be. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What {@link collectProvenance} needs from its caller. */
export interface ProvenanceInput {
  /** The command, e.g. `check`. */
  readonly command: string;
  /** Arguments after the command name. */
  readonly argv: readonly string[];
  /** TensorFlow.js backend of the run, null when it used none. */
  readonly backend: ReportBackend | null;
  /** The directory the command ran in (default: the process's cwd). */
  readonly cwd?: string;
  /** Input files (grammars) to hash, as given on the command line (relative to `cwd`). */
  readonly inputs?: readonly string[];
  /** Time of the run (default: now). */
  readonly date?: Date;
}

function reproduceLine(input: ProvenanceInput, cwd: string, commit: string | null): string {
  const run =
    input.command === 'properties'
      ? `npx jest ${input.argv.map(shellQuote).join(' ')}`.trim()
      : `npx rhm ${[input.command, ...input.argv].map(shellQuote).join(' ')}`;
  const at = commit === null ? `rhm-harness ${VERSION}` : `rhm-harness ${VERSION} at commit ${commit}`;
  return `cd ${shellQuote(cwd)} && ${run}   # with ${at}`;
}

/**
 * Provenance of a run: harness version and the harness's own git commit, Node
 * version and platform, TensorFlow.js backend, date, command and arguments, the
 * working directory, a sha256 of every input file, and a command that reruns it.
 *
 * @param input - command, arguments, backend, input files
 * @returns the `provenance` object of `rhm-report/1`
 */
export function collectProvenance(input: ProvenanceInput): Provenance {
  const root = harnessRoot();
  const git = root === null ? { commit: null, dirty: null } : gitState(root);
  const cwd = input.cwd ?? process.cwd();
  const inputs = (input.inputs ?? []).flatMap((path) => {
    const d = fileDigest(resolve(cwd, path));
    return d === null ? [] : [{ path, ...d }];
  });
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
    workingDirectory: cwd,
    ...(root !== null ? { harnessCommitSource: root } : {}),
    inputs,
    reproduce: reproduceLine(input, cwd, git.commit),
  };
}
