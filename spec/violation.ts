import { Type, type Static } from '@sinclair/typebox';

/**
 * One violation shape everywhere: schema errors, semantic grammar errors,
 * CLI usage errors. `path` is a JSON pointer into the offending document
 * (or `--flag` for a command-line option), `fix` says what to do about it.
 */
export const ViolationSchema = Type.Object(
  {
    code: Type.String({ description: 'stable kebab-case identifier of the kind of violation' }),
    path: Type.String({ description: 'JSON pointer (or --flag) of the offending field' }),
    message: Type.String({ description: 'what is wrong, in plain language' }),
    fix: Type.String({ description: 'what to change to make it right' }),
  },
  { $id: 'rhm-violation', additionalProperties: false },
);

/** A violation of a schema, a semantic rule or a usage constraint. */
export type Violation = Static<typeof ViolationSchema>;

/** Render a violation as one line for humans: `path: message. Fix: fix`. */
export function formatViolation(v: Violation): string {
  return `${v.path || '/'}: ${v.message}${v.fix ? `. Fix: ${v.fix}` : ''}`;
}
