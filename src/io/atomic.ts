import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { invalid } from '../errors';
import { errnoCode, fsFailure } from './fs-errors';

/** Temporaries older than this whose name carries no pid (written before pids were recorded) are stale. */
const LEGACY_STALE_MS = 10 * 60 * 1000;

/** Temporary files of the writers open in this process (removed on SIGINT/SIGTERM). */
const openTemporaries = new Set<string>();

/** True when a process with this pid is running on this host. */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

/**
 * Remove the temporaries an interrupted earlier run left beside `path`:
 * `.NAME.tmp-PID-HEX` whose process is gone, or that this process does not
 * hold open (a reused pid), and legacy `.NAME.tmp-HEX` older than ten minutes.
 * A temporary of a live concurrent writer is left alone. Never throws.
 * @returns the paths removed
 */
export function removeStaleTemporaries(path: string): string[] {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.tmp-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return removed;
  }
  for (const name of names) {
    const full = join(dir, name);
    const m = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length));
    let stale: boolean;
    try {
      stale = m
        ? !openTemporaries.has(full) && (Number(m[1]) === process.pid || !pidAlive(Number(m[1])))
        : /^[0-9a-f]{12}$/.test(name.slice(prefix.length)) && Date.now() - statSync(full).mtimeMs > LEGACY_STALE_MS;
      if (stale) {
        unlinkSync(full);
        removed.push(full);
      }
    } catch {
      // raced with its owner or already gone
    }
  }
  return removed;
}

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of openTemporaries) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  openTemporaries.clear();
  // Another handler (e.g. rhm scale's graceful stop) owns shutdown; otherwise die of the signal as before.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function track(tmp: string): void {
  if (openTemporaries.size === 0) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  openTemporaries.add(tmp);
}

function untrack(tmp: string): void {
  openTemporaries.delete(tmp);
  if (openTemporaries.size === 0) {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/**
 * Where an atomic write to `path` lands: `path` itself, or, when `path` is a
 * symbolic link, the file it points to (the link is kept).
 * @throws InvalidInputError when `path` (or the link's target) exists and is not a regular file,
 *   or the link dangles.
 */
export function atomicTarget(path: string): string {
  const subject = `output file ${path}`;
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return path;
    throw fsFailure(e, subject, path);
  }
  let target = path;
  if (st.isSymbolicLink()) {
    try {
      target = realpathSync(path);
      st = statSync(target);
    } catch {
      invalid(
        subject,
        path,
        'is a symbolic link to a missing file',
        'remove the link or point it at a regular file',
        'dangling-link',
      );
    }
  }
  if (!st.isFile()) {
    const kind = st.isDirectory() ? 'a directory' : 'not a regular file (a device, pipe or socket)';
    invalid(
      subject,
      path,
      `exists and is ${kind}; rhm only replaces regular files`,
      'give the path of a new or regular file',
      'not-a-regular-file',
    );
  }
  return target;
}

/**
 * Streams chunks into a temporary file beside `path`; {@link AtomicWriter.commit}
 * renames it into place, {@link AtomicWriter.abort} removes it. Until commit,
 * nothing exists at `path` that was not there before.
 *
 * A target that exists must be a regular file (a device such as /dev/null, a
 * directory, a pipe is refused); a symbolic link is followed, so the file it
 * points to is replaced and the link kept. The temporary is `.NAME.tmp-PID-HEX`:
 * SIGINT and SIGTERM remove it, and the next write to the same path removes
 * one left by a killed process.
 * @throws InvalidInputError naming the path and the fix when the target is not a regular
 *   file or the file system refuses (a directory, no permission, a full disk, …).
 */
export class AtomicWriter {
  private fd: number | undefined;
  private readonly tmp: string;
  private readonly target: string;
  private readonly subject: string;

  constructor(readonly path: string) {
    this.subject = `output file ${path}`;
    this.target = atomicTarget(path);
    const dir = dirname(this.target);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw errnoCode(e) === 'EEXIST'
        ? fsFailure({ code: 'ENOTDIR' }, this.subject, path)
        : fsFailure(e, this.subject, path);
    }
    removeStaleTemporaries(this.target);
    this.tmp = join(dir, `.${basename(this.target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    track(this.tmp); // before the file exists, so a signal can never find it untracked
    try {
      this.fd = openSync(this.tmp, 'wx');
    } catch (e) {
      untrack(this.tmp);
      throw fsFailure(e, this.subject, path);
    }
  }

  /** Append a chunk. */
  write(data: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error('AtomicWriter already closed');
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    } catch (e) {
      this.abort();
      throw fsFailure(e, this.subject, this.path);
    }
  }

  /** Flush to disk and move the file into place. */
  commit(): void {
    if (this.fd === undefined) throw new Error('AtomicWriter already closed');
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.tmp, this.target);
      untrack(this.tmp);
    } catch (e) {
      this.abort();
      throw fsFailure(e, this.subject, this.path);
    }
  }

  /** Discard everything written (safe to call more than once, and after commit). */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // closing a file on a full disk can fail; the unlink below still runs
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tmp);
    } catch {
      // already renamed or removed
    }
    untrack(this.tmp);
  }
}

/**
 * Write a file atomically: write a temporary file beside it, fsync, rename.
 * A crash never leaves a half-written file at `path`; see {@link AtomicWriter}
 * for what `path` may be (a new or regular file, or a symbolic link to one).
 * @throws InvalidInputError naming the path and the fix (exit 2 in the CLI).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const w = new AtomicWriter(path);
  try {
    w.write(data);
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
}
