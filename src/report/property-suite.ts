import { relative } from 'node:path';
import { PROPERTIES_FORMAT, type PropertySuiteResults, type PropertyTest } from '../../spec/report';

/** The part of one jest assertion result the property-suite report reads. */
export interface JestAssertion {
  readonly title: string;
  /** Describe titles and title joined by spaces (what `expect.getState().currentTestName` gives). */
  readonly fullName?: string;
  readonly ancestorTitles: readonly string[];
  readonly status: string;
  readonly failureMessages: readonly string[];
  readonly duration?: number | null;
}

/** The part of one jest test-file result the property-suite report reads. */
export interface JestFileResult {
  readonly testFilePath: string;
  readonly testResults: readonly JestAssertion[];
  readonly testExecError?: { readonly message: string } | null;
  readonly failureMessage?: string | null;
}

/** The part of jest's aggregated result the property-suite report reads. */
export interface JestRunResult {
  readonly numTotalTestSuites: number;
  readonly numFailedTestSuites: number;
  readonly numRuntimeErrorTestSuites: number;
  readonly numTotalTests: number;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
  /** Not read: jest sets it only after the reporters' onRunComplete, so it is still false there. */
  readonly success?: boolean;
  readonly testResults: readonly JestFileResult[];
}

/** One fast-check run recorded during a test (by properties/report/setup-env.ts). */
export interface FastCheckRun {
  /** Absolute path of the test file. */
  readonly testPath: string | null;
  /** `currentTestName`: describe titles and the test title joined by spaces. */
  readonly test: string | null;
  /** Runs executed. */
  readonly numRuns: number;
  /** Seed of the run. */
  readonly seed: number;
  /** Whether the property failed. */
  readonly failed: boolean;
}

/** Parse the JSON-lines file of recorded fast-check runs (malformed lines are skipped). */
export function parseFastCheckRuns(text: string): FastCheckRun[] {
  const out: FastCheckRun[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as Partial<FastCheckRun>;
      if (typeof r.numRuns === 'number' && typeof r.seed === 'number' && Number.isSafeInteger(r.seed)) {
        out.push({
          testPath: typeof r.testPath === 'string' ? r.testPath : null,
          test: typeof r.test === 'string' ? r.test : null,
          numRuns: r.numRuns,
          seed: r.seed,
          failed: r.failed === true,
        });
      }
    } catch {
      // a torn or foreign line
    }
  }
  return out;
}

/** Longest failure message kept per test. */
export const MAX_MESSAGE_CHARS = 4000;

const ID_IN_TITLE = /^\s*\[([a-z0-9]+(?:-[a-z0-9]+)*)\]/;

/** The invariant id a test title starts with (`[id] …`), or null. */
export function invariantIdOf(title: string): string | null {
  return ID_IN_TITLE.exec(title)?.[1] ?? null;
}

/** Remove ANSI colour codes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/**
 * What fast-check says in a failure message: runs until the failure, seed,
 * and the shrunk counterexample (nulls when the message is not fast-check's).
 */
export function parseFastCheckFailure(message: string): {
  numRuns: number | null;
  seed: number | null;
  counterexample: string | null;
} {
  const runs = /Property failed after (\d+) tests?/.exec(message);
  const seed = /\{\s*seed:\s*(-?\d+)/.exec(message);
  const cex = /Counterexample:\s*(.*)/.exec(message);
  return {
    numRuns: runs?.[1] !== undefined ? Number(runs[1]) : null,
    seed: seed?.[1] !== undefined && Number.isSafeInteger(Number(seed[1])) ? Number(seed[1]) : null,
    counterexample: cex?.[1] !== undefined ? cex[1].trim() : null,
  };
}

function status(s: string): PropertyTest['status'] {
  return s === 'passed' ? 'passed' : s === 'failed' ? 'failed' : 'skipped';
}

/**
 * Convert a jest run into the `rhm-properties/1` payload: every invariant id
 * found in test titles with pass/fail, runs, seed and counterexample of each
 * failure. Pure.
 *
 * Runs and seed come from the recorded fast-check runs of each test (their
 * total, and the first run's seed) or, for a failure, from fast-check's
 * message (the failing call).
 *
 * @param run - jest's aggregated result
 * @param rootDir - repository root (file paths are made relative to it)
 * @param fcRuns - fast-check runs recorded during the run (default none)
 * @returns the payload
 */
export function propertySuiteResults(
  run: JestRunResult,
  rootDir: string,
  fcRuns: readonly FastCheckRun[] = [],
): PropertySuiteResults {
  const recorded = new Map<string, FastCheckRun[]>();
  for (const r of fcRuns) {
    const key = `${r.testPath ?? ''}\u0000${r.test ?? ''}`;
    recorded.set(key, [...(recorded.get(key) ?? []), r]);
  }
  const byId = new Map<string, PropertyTest[]>();
  const untagged: PropertyTest[] = [];
  const suiteErrors: PropertySuiteResults['suiteErrors'] = [];
  for (const file of run.testResults) {
    const rel = relative(rootDir, file.testFilePath).split('\\').join('/');
    const error = suiteError(file, rel);
    if (error !== null) suiteErrors.push(error);
    for (const a of file.testResults) {
      const test = propertyTest(a, rel, recorded.get(`${file.testFilePath}\u0000${testName(a)}`) ?? []);
      const id = invariantIdOfTest(a);
      if (id === null) {
        if (test.status === 'failed') untagged.push(test);
      } else {
        const list = byId.get(id) ?? [];
        list.push(test);
        byId.set(id, list);
      }
    }
  }
  const invariants = [...byId.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, tests]) => ({ id, status: invariantStatus(tests), tests }));
  return {
    format: PROPERTIES_FORMAT,
    success:
      run.numFailedTests === 0 &&
      run.numFailedTestSuites === 0 &&
      run.numRuntimeErrorTestSuites === 0 &&
      suiteErrors.length === 0,
    totals: {
      suites: run.numTotalTestSuites,
      failedSuites: run.numFailedTestSuites,
      tests: run.numTotalTests,
      passed: run.numPassedTests,
      failed: run.numFailedTests,
      skipped: run.numPendingTests + run.numTodoTests,
    },
    invariants,
    untagged,
    suiteErrors,
  };
}

/** The error of a suite that failed to run (or failed with no tests), else null. */
function suiteError(file: JestFileResult, rel: string): PropertySuiteResults['suiteErrors'][number] | null {
  if (file.testExecError)
    return { file: rel, message: stripAnsi(file.testExecError.message).slice(0, MAX_MESSAGE_CHARS) };
  if (file.testResults.length === 0 && file.failureMessage)
    return { file: rel, message: stripAnsi(file.failureMessage).slice(0, MAX_MESSAGE_CHARS) };
  return null;
}

/** The name fast-check runs are recorded under (jest's `currentTestName`). */
function testName(a: JestAssertion): string {
  return a.fullName ?? [...a.ancestorTitles, a.title].join(' ');
}

/** One test's record: runs and seed from its failure message, else from its recorded fast-check runs. */
function propertyTest(a: JestAssertion, rel: string, runs: readonly FastCheckRun[]): PropertyTest {
  const message = a.failureMessages.length > 0 ? stripAnsi(a.failureMessages.join('\n')) : null;
  const fromMessage =
    message === null ? { numRuns: null, seed: null, counterexample: null } : parseFastCheckFailure(message);
  return {
    file: rel,
    title: [...a.ancestorTitles, a.title].join(' › '),
    status: status(a.status),
    durationMs: typeof a.duration === 'number' && a.duration >= 0 ? a.duration : null,
    numRuns: fromMessage.numRuns ?? (runs.length > 0 ? runs.reduce((n, r) => n + r.numRuns, 0) : null),
    seed: fromMessage.seed ?? runs[0]?.seed ?? null,
    counterexample: fromMessage.counterexample,
    message: message === null ? null : message.slice(0, MAX_MESSAGE_CHARS),
  };
}

/** The invariant id a test is tagged with: in its own title, else in the nearest enclosing describe. */
function invariantIdOfTest(a: JestAssertion): string | null {
  return (
    invariantIdOf(a.title) ??
    [...a.ancestorTitles]
      .reverse()
      .map(invariantIdOf)
      .find((x) => x !== null) ??
    null
  );
}

/** Failed if any test failed, else passed if any passed, else skipped. */
function invariantStatus(tests: readonly PropertyTest[]): PropertyTest['status'] {
  if (tests.some((t) => t.status === 'failed')) return 'failed';
  return tests.some((t) => t.status === 'passed') ? 'passed' : 'skipped';
}
