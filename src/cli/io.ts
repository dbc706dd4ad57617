import { readFileSync } from 'node:fs';
import { EXIT } from './command';

/** Where a command reads and writes; tests substitute buffers. */
export interface CliIo {
  /** Write to standard output. */
  out(text: string): void;
  /** Write bytes to standard output (binary formats with `-o -`); absent where output is captured as text. */
  outBytes?(bytes: Uint8Array): void;
  /** Resolves once standard output can take more (after a large write). */
  drain(): Promise<void>;
  /** Write to standard error. */
  err(text: string): void;
  /** Read all of standard input as text. */
  readStdin(): string;
  /** Standard input as a stream of chunks (for commands that read record by record in bounded memory). */
  stdinChunks?(): AsyncIterable<Buffer | string>;
  /** True when standard error is a terminal (a redrawn progress bar then; one line per finished stage otherwise). */
  readonly isTty: boolean;
  /** No progress output at all (the global `--quiet`). */
  readonly quiet?: boolean;
  /** Current working directory (reports are written below it). */
  readonly cwd: string;
}

/**
 * Exit code when standard output is closed early (EPIPE, e.g. `rhm sample … | head -1`):
 * 141 = 128 + SIGPIPE, what a shell reports for tools killed by SIGPIPE, so
 * `set -o pipefail` sees that the output was cut short. Nothing is printed.
 */
export const EXIT_BROKEN_PIPE = EXIT.brokenPipe;

/** Exit code when standard output cannot be written (a full disk, …): invalid environment, 2. */
const EXIT_OUTPUT_FAILED = 2;

function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  const why = e.code === 'ENOSPC' ? 'the disk is full' : `${e.code ?? 'error'}: ${e.message}`;
  try {
    process.stderr.write(
      `rhm: error: cannot write standard output (${why}). Fix: free space or write elsewhere (-o FILE)\n`,
    );
  } finally {
    process.exit(EXIT_OUTPUT_FAILED);
  }
}

let guarded = false;

/**
 * Handle write errors of the process's standard streams once, before any command
 * runs: EPIPE on stdout ends quietly with {@link EXIT_BROKEN_PIPE}; any other
 * stdout error (ENOSPC on `> /dev/full`) prints one line and exits 2; stderr
 * errors are ignored (there is nowhere left to report them).
 */
export function guardStandardStreams(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', onStdoutError);
  process.stderr.on('error', () => undefined);
}

/** The real process streams. */
export const processIo: CliIo = {
  out: (t) => {
    process.stdout.write(t);
  },
  outBytes: (b) => {
    process.stdout.write(b);
  },
  drain: () =>
    process.stdout.writableNeedDrain
      ? new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()))
      : Promise.resolve(),
  err: (t) => {
    process.stderr.write(t);
  },
  readStdin: () => readFileSync(0, 'utf8'),
  stdinChunks: () => process.stdin,
  isTty: process.stderr.isTTY,
  cwd: process.cwd(),
};
