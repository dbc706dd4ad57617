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
});
