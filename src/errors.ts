import { formatViolation, type Violation } from '../spec/violation';

/**
 * Raised when an input (a file, a flag, a parameter set) is invalid or would
 * exceed a resource limit. Carries every violation found; the CLI prints them
 * and exits with code 2.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    /** What was being read, e.g. `grammar file g.json` or `rhm generate`. */
    readonly subject: string,
    /** Every violation found (never empty). */
    readonly violations: readonly Violation[],
  ) {
    super(`${subject} is invalid:\n${violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}`);
  }
}

/**
 * Raised for an internal inconsistency that valid input cannot cause (a bug).
 * The CLI reports it with exit code 3 and asks for a bug report.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/** Shorthand: throw an {@link InvalidInputError} with one violation. */
export function invalid(subject: string, path: string, message: string, fix: string, code = 'invalid'): never {
  throw new InvalidInputError(subject, [{ code, path, message, fix }]);
}
