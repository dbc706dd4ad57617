import type { CliIo } from './io';

/** One `rhm` subcommand. */
export interface Command {
  /** The word after `rhm`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Run with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number> | number;
}

/** Exit codes of every command. */
export const EXIT = Object.freeze({
  /** Success (for `check`: every assumption holds). */
  ok: 0,
  /** The computation ran and its answer is negative (an assumption fails, an input is not in the language). */
  negative: 1,
  /** Usage error or invalid input. */
  invalid: 2,
  /** Internal error (a bug): please report it. */
  internal: 3,
  /** Interrupted by SIGINT (Ctrl-C): 128 + 2. */
  interrupted: 130,
  /** Standard output closed early (EPIPE): 128 + SIGPIPE (13). */
  brokenPipe: 141,
  /** Terminated by SIGTERM: 128 + 15. */
  terminated: 143,
});

/**
 * The exit-code table: the single source that `rhm --help` prints and that the
 * README's table must repeat word for word (a test compares them).
 */
export const EXIT_CODES: readonly { readonly code: number; readonly meaning: string }[] = Object.freeze([
  { code: EXIT.ok, meaning: 'success' },
  { code: EXIT.negative, meaning: 'a negative answer (e.g. an input outside the language, an assumption fails)' },
  {
    code: EXIT.invalid,
    meaning:
      'usage or invalid input, or the environment refuses: a directory or device where a file is wanted, no permission, a full disk, a memory estimate above the limit (the message names the field, flag or path and the fix; never a stack trace)',
  },
  { code: EXIT.internal, meaning: 'internal error (a bug): please report it' },
  {
    code: EXIT.interrupted,
    meaning:
      'interrupted by SIGINT (Ctrl-C): the temporary file of `-o` is removed; `rhm scale` keeps its finished cells in the ledger',
  },
  {
    code: EXIT.brokenPipe,
    meaning:
      'standard output was closed early (`rhm sample … | head -1`, EPIPE): the run stops quietly, as a tool killed by SIGPIPE would (128 + 13)',
  },
  { code: EXIT.terminated, meaning: 'killed by SIGTERM (the temporary file of `-o` is removed first)' },
]);
