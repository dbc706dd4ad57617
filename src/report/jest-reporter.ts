/**
 * Jest reporter that writes a property-suite report (`rhm-report/1` with an
 * `rhm-properties/1` payload) to `reports/<timestamp>-properties-<id>/` after
 * every run. Wired in jest.config.js from dist/ (so `npm test` builds first).
 *
 * It never breaks a test run: every failure to build or write the report is
 * printed as a warning. Set RHM_NO_REPORT=1 to skip it, RHM_REPORT_DIR to
 * write elsewhere (default: `<rootDir>/reports`).
 * @internal
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { JestRunResult } from './property-suite';

interface GlobalConfigLike {
  readonly rootDir: string;
  readonly seed?: number;
  readonly testPathPattern?: string;
  readonly maxWorkers?: number;
  readonly ci?: boolean;
  readonly testNamePattern?: string;
}

interface ReporterOptions {
  /** Where run directories go (overrides RHM_REPORT_DIR). */
  readonly root?: string;
}

class PropertySuiteReporter {
  /** JSON-lines file the test workers append their fast-check runs to (see properties/report/setup-env.ts). */
  private readonly runsFile: string | null = null;

  constructor(
    private readonly globalConfig: GlobalConfigLike,
    private readonly options: ReporterOptions = {},
  ) {
    if (process.env.RHM_NO_REPORT !== '1' && process.env.RHM_FC_RUNS_FILE === undefined) {
      // Set before jest starts its workers, so they inherit it.
      this.runsFile = join(tmpdir(), `rhm-fast-check-runs-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
      process.env.RHM_FC_RUNS_FILE = this.runsFile;
    }
  }

  private takeRuns(): string {
    if (this.runsFile === null) return '';
    try {
      const text = readFileSync(this.runsFile, 'utf8');
      unlinkSync(this.runsFile);
      return text;
    } catch {
      return ''; // no property recorded a run
    }
  }

  onRunComplete(_contexts: unknown, results: JestRunResult): void {
    if (process.env.RHM_NO_REPORT === '1') return;
    try {
      // Loaded lazily: a broken build must not stop jest from loading this reporter.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { parseFastCheckRuns, propertySuiteResults } =
        require('./property-suite') as typeof import('./property-suite');
      const { writeRunReport } = require('./write') as typeof import('./write');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const rootDir = this.globalConfig.rootDir;
      const suite = propertySuiteResults(results, rootDir, parseFastCheckRuns(this.takeRuns()));
      const seeds: Record<string, number> = {};
      if (typeof this.globalConfig.seed === 'number' && Number.isSafeInteger(this.globalConfig.seed))
        seeds.jest = this.globalConfig.seed;
      for (const inv of suite.invariants)
        for (const t of inv.tests) if (t.seed !== null) seeds[`${inv.id}: ${t.title}`] = t.seed;
      const config = {
        rootDir: '.',
        testPathPattern: this.globalConfig.testPathPattern || null,
        testNamePattern: this.globalConfig.testNamePattern || null,
        maxWorkers: this.globalConfig.maxWorkers ?? null,
        ci: this.globalConfig.ci ?? null,
      };
      const root = this.options.root ?? process.env.RHM_REPORT_DIR ?? join(rootDir, 'reports');
      const dir = writeRunReport(
        'properties',
        config,
        seeds,
        { schema: 'rhm-properties/1', value: suite },
        { root, argv: process.argv.slice(2), cwd: rootDir },
      );
      process.stderr.write(`property-suite report: ${relative(process.cwd(), join(dir, 'report.html')) || dir}\n`);
    } catch (e) {
      process.stderr.write(`property-suite report not written: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

export = PropertySuiteReporter;
