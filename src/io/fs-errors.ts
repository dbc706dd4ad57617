import { InvalidInputError } from '../errors';

/** What the user can do about each file-system error a command can meet (the user's environment, not a bug). */
const FS_FAILURES: Readonly<Record<string, { message: string; fix: string }>> = {
  EISDIR: { message: 'is a directory', fix: 'give the path of a file, e.g. DIR/out.json' },
  ENOTDIR: {
    message: 'has a parent that is not a directory',
    fix: 'check the path: a file stands where a directory is needed',
  },
  EACCES: { message: 'permission denied', fix: 'choose a location you can read and write, or fix its permissions' },
  EPERM: {
    message: 'operation not permitted',
    fix: 'choose a location you can read and write, or fix its permissions',
  },
  EROFS: { message: 'is on a read-only file system', fix: 'write somewhere writable' },
  ENOSPC: { message: 'cannot be written: the disk is full', fix: 'free some space or write to another disk' },
  EDQUOT: { message: 'cannot be written: the disk quota is exceeded', fix: 'free some space or write elsewhere' },
  ENOENT: { message: 'cannot be read: no such file or directory', fix: 'check the path' },
  EEXIST: {
    message: 'is in the way: a file stands where a directory is needed',
    fix: 'remove it or choose another path',
  },
  ENAMETOOLONG: { message: 'is too long a path', fix: 'use a shorter path' },
  ELOOP: { message: 'has too many levels of symbolic links', fix: 'check the symbolic links on the path' },
  EMFILE: { message: 'cannot be opened: too many open files', fix: 'raise the open-file limit (ulimit -n)' },
  EFBIG: { message: 'cannot be written: the file is too large for this file system', fix: 'write to another disk' },
  ENXIO: { message: 'is a device or socket that cannot be opened', fix: 'give the path of a regular file' },
};

/** The errno code of a Node system error, or undefined. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turn a file-system error caused by the user's environment (a directory where a
 * file is wanted, no permission, a full disk, …) into an {@link InvalidInputError}
 * naming the path and the fix; any other error is returned unchanged.
 * @param e - the caught error
 * @param subject - what was being read or written, e.g. `output file x.json`
 * @param path - the path, reported as the violation's path
 */
export function fsFailure(e: unknown, subject: string, path: string): unknown {
  if (e instanceof InvalidInputError) return e;
  const code = errnoCode(e);
  const known = code === undefined ? undefined : FS_FAILURES[code];
  if (!known) return e;
  return new InvalidInputError(subject, [
    { code: `fs-${code?.toLowerCase()}`, path, message: `${known.message} (${code})`, fix: known.fix },
  ]);
}
