import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LedgerLineSchema, SCALE_LEDGER_FORMAT, type LedgerLine } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { InvalidInputError, invalid } from '../errors';
import { cellKey } from './job';

/**
 * The append-only sweep ledger: JSON Lines, one `rhm-scale-ledger/1` line per
 * finished cell, written with one write call and fsync'd. A kill can only
 * tear the last line (no trailing newline): reading ignores such a tail, and
 * opening for resume truncates it before appending.
 */

/** The contents of a ledger file. */
export interface LedgerContents {
  /** Complete, valid lines in file order. */
  readonly lines: readonly LedgerLine[];
  /** Lines by key (first occurrence wins). */
  readonly byKey: ReadonlyMap<string, LedgerLine>;
  /** Bytes of the complete lines (where the next line must start). */
  readonly validBytes: number;
  /** Length in bytes of a torn last line (0 when the file ends with a newline). */
  readonly tornBytes: number;
}

/**
 * Read a ledger. A missing file is an empty ledger; a torn last line is
 * reported in `tornBytes` and ignored.
 * @throws InvalidInputError when a complete line is not a valid ledger line (the file was edited or corrupted).
 */
export function readLedger(path: string): LedgerContents {
  if (!existsSync(path)) return { lines: [], byKey: new Map(), validBytes: 0, tornBytes: 0 };
  const buf = readFileSync(path);
  const end = buf.lastIndexOf(0x0a) + 1;
  const text = buf.subarray(0, end).toString('utf8');
  const lines: LedgerLine[] = [];
  const byKey = new Map<string, LedgerLine>();
  const rows = text.split('\n');
  rows.pop();
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(row) as unknown;
    } catch {
      invalid(
        `ledger ${path}`,
        `line ${i + 1}`,
        'is not valid JSON (only the last line may be torn by a kill)',
        'the ledger is corrupted: remove that line or start a new sweep with another --out',
        'ledger-corrupt',
      );
    }
    const violations = schemaViolations(LedgerLineSchema, value);
    if (violations.length > 0) {
      throw new InvalidInputError(
        `ledger ${path}`,
        violations.map((v) => ({ ...v, path: `line ${i + 1}${v.path}` })),
      );
    }
    const line = value as LedgerLine;
    if (cellKey(line.spec) !== line.key) {
      invalid(
        `ledger ${path}`,
        `line ${i + 1}`,
        `its key ${line.key.slice(0, 12)}… is not the SHA-256 of its cell spec: the line was edited or corrupted`,
        'remove that line (the cell is then rerun on --resume) or start a new sweep with another --out',
        'ledger-corrupt',
      );
    }
    lines.push(line);
    if (!byKey.has(line.key)) byKey.set(line.key, line);
  });
  return { lines, byKey, validBytes: end, tornBytes: buf.length - end };
}

/** Appends lines to a ledger. */
export interface LedgerWriter {
  /** The ledger path. */
  readonly path: string;
  /** What the file held when it was opened (after truncating a torn tail). */
  readonly existing: LedgerContents;
  /** Append one line and fsync. */
  append(line: Omit<LedgerLine, 'format'>): void;
  /** Close the file. */
  close(): void;
}

/**
 * Open a ledger for appending. Without `resume` the file must not exist (a run
 * never overwrites another run's results); with `resume` its finished cells are
 * read and a torn last line is cut off.
 * @throws InvalidInputError when the ledger exists and `resume` is false, or it is corrupted.
 */
export function openLedger(path: string, resume: boolean): LedgerWriter {
  if (existsSync(path) && !resume) {
    invalid(
      'rhm scale',
      '--out',
      `a ledger already exists at ${path}`,
      'add --resume to continue that sweep, or choose another --out directory',
      'ledger-exists',
    );
  }
  const existing = readLedger(path);
  if (existing.tornBytes > 0) truncateSync(path, existing.validBytes);
  // The file is created with the first finished cell: a sweep that fails before leaves nothing behind.
  let fd: number | undefined;
  let closed = false;
  return {
    path,
    existing,
    append(line) {
      if (closed) throw new Error('ledger already closed');
      if (fd === undefined) {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'a');
      }
      const full: LedgerLine = { format: SCALE_LEDGER_FORMAT, ...line };
      const bytes = Buffer.from(`${JSON.stringify(full)}\n`, 'utf8');
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      closed = true;
    },
  };
}
