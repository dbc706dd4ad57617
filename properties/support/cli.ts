import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

/** Result of one CLI invocation. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI in-process with captured streams (fast; used by most CLI tests). */
export async function rhm(argv: string[], stdin = '', cwd = process.cwd()): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    drain: () => Promise.resolve(),
    readStdin: () => stdin,
    isTty: false,
    cwd,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/**
 * The environment of a CLI child process: the test's environment with RHM_NO_REPORT=1, so
 * a spawned command writes no run report into the repository (jest's per-file process.env
 * copy does not reach child processes by itself).
 */
export function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, RHM_NO_REPORT: process.env.RHM_NO_REPORT ?? '1' };
}

/** Run the built CLI (bin/rhm.js → dist/) in a child process: exit codes and stderr as a user sees them. */
export function rhmProcess(argv: string[], stdin = ''): CliResult {
  const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'rhm.js'), ...argv], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
    env: childEnv(),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rhm-test-'));
}
