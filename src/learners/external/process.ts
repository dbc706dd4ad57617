import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Run an external learner's command as its own process group, with a time
 * limit: on timeout (or when this process exits) the whole group is killed, so
 * a program that forks workers never outlives the run.
 */

/** How the program ended. */
export interface ProgramRun {
  /** Exit code (null when killed by a signal). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** True when the time limit killed it. */
  readonly timedOut: boolean;
  /** The last lines of its standard error (and of its standard output). */
  readonly stderrTail: string;
  readonly stdoutTail: string;
  /** Wall time from spawn to exit. */
  readonly seconds: number;
}

/** Bytes of each stream kept. */
const TAIL_BYTES = 4096;
/** Seconds between SIGTERM and SIGKILL on timeout. */
const KILL_GRACE_SECONDS = 2;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) killGroup(c, 'SIGKILL');
  });
}

/** Keep the last TAIL_BYTES of a stream. */
function tailCollector(): { push: (b: Buffer) => void; text: () => string } {
  let buf = Buffer.alloc(0);
  return {
    push: (b) => {
      buf = Buffer.concat([buf, b]);
      if (buf.length > TAIL_BYTES) buf = buf.subarray(buf.length - TAIL_BYTES);
    },
    text: () => buf.toString('utf8'),
  };
}

/**
 * Start `/bin/sh -c 'COMMAND "$RHM_TASK"'` with RHM_TASK = taskFile, wait for it.
 * @param command - the user's command line (shell syntax).
 * @param taskFile - absolute path of the task file, appended as the last argument.
 * @param timeoutSeconds - kill the process group after this long (null: never).
 */
export function runProgram(command: string, taskFile: string, timeoutSeconds: number | null): Promise<ProgramRun> {
  installExitHook();
  const t0 = performance.now();
  const child = spawn('/bin/sh', ['-c', `${command} "$RHM_TASK"`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RHM_TASK: taskFile },
  });
  live.add(child);
  const err = tailCollector();
  const out = tailCollector();
  child.stderr.on('data', (b: Buffer) => {
    err.push(b);
  });
  child.stdout.on('data', (b: Buffer) => {
    out.push(b);
  });
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  if (timeoutSeconds !== null) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGTERM');
        timers.push(setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_SECONDS * 1000));
      }, timeoutSeconds * 1000),
    );
  }
  return new Promise((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    child.on('error', (e) => {
      err.push(Buffer.from(`\n${e.message}\n`));
    });
    // Leftovers of the group (background children holding the pipes) are killed once the program exits.
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      killGroup(child, 'SIGKILL');
    });
    child.on('close', () => {
      for (const t of timers) clearTimeout(t);
      live.delete(child);
      resolve({
        ...exit,
        timedOut,
        stderrTail: err.text(),
        stdoutTail: out.text(),
        seconds: (performance.now() - t0) / 1000,
      });
    });
  });
}

/** The last `lines` lines of a text, for error messages ('(empty)' when blank). */
export function lastLines(text: string, lines = 20): string {
  const t = text.trimEnd();
  if (t === '') return '(empty)';
  return t.split('\n').slice(-lines).join('\n');
}
