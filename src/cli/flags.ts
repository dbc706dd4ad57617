import type { Violation } from '../../spec/violation';

/**
 * The library names the fields of its requests (`seed`, `samples`, `testSamples`, …);
 * the CLI shows the flag a user types. This table is the one place that maps a
 * field to its flag; a field without an entry is shown as the library named it.
 */
export const FIELD_FLAGS: Readonly<Record<string, string>> = Object.freeze({
  seed: '--seed',
  samples: '--samples',
  testSamples: '--test-samples',
  learner: '--learner',
  backend: '--backend',
  oracle: '--oracle',
  sampler: '--sampler',
  classes: '--classes',
  vocab: '--vocab',
  m: '--m',
  s: '--s',
  L: '--L',
  minGap: '--min-gap',
  signalLevel: '--signal-level',
  positions: '--positions',
  memoryLimit: '--memory-limit',
});

/** The flag of a violation path that is a bare request field (`seed`); JSON pointers (`/seed`) are left alone. */
function flagOf(path: string): string | undefined {
  return Object.hasOwn(FIELD_FLAGS, path) ? FIELD_FLAGS[path] : undefined;
}

/**
 * A library violation as the CLI prints it: its path (a request field) shown as
 * the flag that sets it; other paths (JSON pointers, `GRAMMAR`, flags) unchanged.
 * @example
 * flagViolation({ code: 'x', path: 'testSamples', message: 'm', fix: 'f' }).path; // '--test-samples'
 */
export function flagViolation(v: Violation): Violation {
  const flag = flagOf(v.path);
  return flag === undefined ? v : { ...v, path: flag };
}
