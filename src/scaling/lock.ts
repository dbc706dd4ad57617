import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { invalid } from '../errors';

/**
 * An exclusive lock on a sweep directory for the sweep's lifetime: a lock file
 * `sweep.lock` created with O_EXCL holding the owner's pid, host and start time.
 * A second sweep on the same directory is refused naming the owner; a lock left
 * by a process that no longer exists on this host (a SIGKILL) is stale and taken
 * over. A lock from another host is never taken over (its owner cannot be probed).
 */

/** The lock file's name inside the sweep directory. */
export const LOCK_FILE = 'sweep.lock';

/** Who holds a lock. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

function readOwner(path: string): LockOwner | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof v.pid === 'number' && typeof v.host === 'string'
      ? { pid: v.pid, host: v.host, startedAt: String(v.startedAt) }
      : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Take the lock of the sweep whose ledger is `ledgerPath` (the lock sits beside it).
 * @returns a function that releases it (idempotent).
 * @throws InvalidInputError naming `--out` and the owner when another live sweep holds it.
 */
export function lockSweep(ledgerPath: string): () => void {
  const dir = dirname(ledgerPath);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, me)) {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const owner = readOwner(path);
        if (owner !== null && owner.pid === me.pid && owner.host === me.host) rmSync(path, { force: true });
      };
    }
    const owner = readOwner(path);
    const stale = owner === null || (owner.host === me.host && !alive(owner.pid));
    if (!stale) {
      invalid(
        'rhm scale',
        '--out',
        `the sweep directory ${dir} is in use by process ${owner.pid} on ${owner.host} (since ${owner.startedAt})`,
        `wait for that sweep to finish, or choose another --out; if that process is gone for good, remove ${path}`,
        'sweep-locked',
      );
    }
    rmSync(path, { force: true });
  }
  invalid(
    'rhm scale',
    '--out',
    `could not take the lock ${path}: another process keeps recreating it`,
    'choose another --out',
    'sweep-locked',
  );
}

/** Whether a sweep directory is locked right now (for reports and tests). */
export function sweepLocked(dir: string): boolean {
  return existsSync(join(dir, LOCK_FILE));
}
