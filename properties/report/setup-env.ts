/**
 * Jest setup (every test file).
 *
 * 1. CLI commands run by tests do not write run reports into the repository's
 *    reports/ unless a test asks for them with --report-dir. jest gives each test
 *    file its own copy of process.env, so this does not reach the property-suite
 *    reporter in the main process.
 * 2. When the property-suite reporter runs (it sets RHM_FC_RUNS_FILE), every
 *    fast-check run is recorded (test, number of runs, seed) so the report shows
 *    runs and seed for passing properties too. The recorder reproduces
 *    fast-check's own failure (same message, same cause), so tests behave
 *    as without it.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

if (process.env.RHM_NO_REPORT === undefined) process.env.RHM_NO_REPORT = '1';

const runsFile = process.env.RHM_FC_RUNS_FILE;
if (runsFile) {
  const record = (out: fc.RunDetails<unknown>) => {
    try {
      const state = expect.getState();
      appendFileSync(
        runsFile,
        `${JSON.stringify({ testPath: state.testPath ?? null, test: state.currentTestName ?? null, numRuns: out.numRuns, seed: out.seed, failed: out.failed })}\n`,
      );
    } catch {
      // recording is best effort
    }
  };
  const fail = (message: string, out: fc.RunDetails<unknown>): never => {
    // As fast-check's buildError: the property's error as the cause.
    if (out.runConfiguration.includeErrorInReport) throw new Error(message);
    throw new Error(message, { cause: out.errorInstance });
  };
  // Only `reporter`: fast-check refuses `reporter` and `asyncReporter` together, and an asyncReporter
  // with a synchronous property. Async properties call it too (their message is then built with the
  // synchronous formatter, which differs only in how pending promises in a counterexample print).
  fc.configureGlobal({
    ...fc.readConfigureGlobal(),
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- kept until fast-check plugins can fail the test as above
    reporter: (out) => {
      record(out);
      if (out.failed) fail(fc.defaultReportMessage(out), out);
    },
  });
}
