import { readFileSync } from 'node:fs';

/** Where a command reads and writes; tests substitute buffers. */
export interface CliIo {
  /** Write to standard output. */
  out(text: string): void;
  /** Resolves once standard output can take more (after a large write). */
  drain(): Promise<void>;
  /** Write to standard error. */
  err(text: string): void;
  /** Read all of standard input as text. */
  readStdin(): string;
  /** True when standard error is a terminal (progress bars only then). */
  readonly isTty: boolean;
  /** Current working directory (reports are written below it). */
  readonly cwd: string;
}

/** The real process streams. */
export const processIo: CliIo = {
  out: (t) => {
    process.stdout.write(t);
  },
  drain: () =>
    process.stdout.writableNeedDrain
      ? new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()))
      : Promise.resolve(),
  err: (t) => {
    process.stderr.write(t);
  },
  readStdin: () => readFileSync(0, 'utf8'),
  isTty: process.stderr.isTTY,
  cwd: process.cwd(),
};
