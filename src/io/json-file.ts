import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { LIMITS } from '../../spec/limits';
import { InvalidInputError, invalid } from '../errors';

/**
 * Deepest bracket nesting of a JSON text, ignoring brackets inside strings.
 * A linear scan, so a million-deep document is refused before JSON.parse.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Parse JSON text with a nesting limit and a message that says where the
 * syntax error is.
 * @throws InvalidInputError when the text is not JSON or nests too deep.
 */
export function parseJsonText(text: string, subject: string): unknown {
  const depth = jsonNestingDepth(text);
  if (depth > LIMITS.maxJsonDepth) {
    invalid(
      subject,
      '/',
      `JSON nests ${depth} levels deep, more than the limit ${LIMITS.maxJsonDepth}`,
      'check that this is the right file',
      'too-deep',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return invalid(
      subject,
      '/',
      `not valid JSON (${msg})`,
      'fix the JSON syntax at the reported position',
      'malformed-json',
    );
  }
}

/**
 * Read and parse a JSON file, refusing files larger than `maxBytes` before reading them.
 * @throws InvalidInputError when the file is missing, too large, or not JSON.
 */
export function readJsonFile(path: string, subject: string, maxBytes: number = LIMITS.maxGrammarFileBytes): unknown {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) invalid(subject, path, 'is not a regular file', 'give the path of a JSON file', 'not-a-file');
    size = st.size;
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    return invalid(subject, path, 'cannot be read (no such file or no permission)', 'check the path', 'unreadable');
  }
  if (size > maxBytes) {
    invalid(
      subject,
      path,
      `is ${size} bytes, more than the limit of ${maxBytes}`,
      'check that this is the right file; grammars this large are refused to protect memory',
      'too-large',
    );
  }
  return parseJsonText(readFileSync(path, 'utf8'), subject);
}

/**
 * Write a file atomically: write a temporary file beside it, fsync, rename.
 * A crash never leaves a half-written file at `path`.
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

/**
 * Streams chunks into a temporary file beside `path`; {@link AtomicWriter.commit}
 * renames it into place, {@link AtomicWriter.abort} removes it. Until commit,
 * nothing exists at `path` that was not there before.
 */
export class AtomicWriter {
  private fd: number | undefined;
  private readonly tmp: string;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
    this.fd = openSync(this.tmp, 'wx');
  }

  /** Append a chunk. */
  write(data: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error('AtomicWriter already closed');
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }

  /** Flush to disk and move the file into place. */
  commit(): void {
    if (this.fd === undefined) throw new Error('AtomicWriter already closed');
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.tmp, this.path);
  }

  /** Discard everything written (safe to call more than once, and after commit). */
  abort(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tmp);
    } catch {
      // already renamed or removed
    }
  }
}
