import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ReportSchema, type Report } from '../../spec/report';
import { isValid } from '../../spec/validate';
import { rhm } from '../support/cli';
import { renderMarkdown } from '../../src/report/markdown';
import { renderHtml } from '../../src/report/html';
import {
  parseFastCheckFailure,
  parseFastCheckRuns,
  propertySuiteResults,
  type JestRunResult,
} from '../../src/report/property-suite';
import {
  InvalidReportError,
  buildRunReport,
  latestProblem,
  latestRunDir,
  readLatest,
  updateLatest,
  writeRunReport,
} from '../../src/report/write';
import { generateGrammar } from '../../src/grammar/generate';
import { SUITE, allPlots } from './fixtures';

const RUN_DIR = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-properties-[0-9a-f]{6}$/;
const tmpRoots: string[] = [];
function tmpRoot(): string {
  const d = mkdtempSync(join(tmpdir(), 'rhm-report-test-'));
  tmpRoots.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true });
});

describe('writeRunReport', () => {
  test('writes report.json (valid rhm-report/1), report.md and report.html with every plot as inline SVG, and points latest at it', () => {
    const root = tmpRoot();
    const dir = writeRunReport(
      'properties',
      { limit: 3, big: 12345678901234567890n },
      { root: 7 },
      { schema: 'rhm-properties/1', value: SUITE },
      { root, plots: allPlots(), argv: ['--x', 'a b'] },
    );
    const name = dir.split('/').pop() ?? '';
    expect(name).toMatch(RUN_DIR);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(isValid(ReportSchema, report)).toBe(true);
    expect(report.id).toBe(name);
    expect(report.resolvedConfig).toEqual({ limit: 3, big: '12345678901234567890' });
    expect(report.provenance).toMatchObject({
      command: 'properties',
      argv: ['--x', 'a b'],
      node: process.version,
      backend: null,
    });
    expect(report.summary.status).toBe('negative');
    expect(report.plots.map((p) => p.kind)).toEqual([
      'gap-per-level',
      'recovery-vs-samples',
      'error-curves',
      'error-collapse',
      'pstar-fit',
    ]);

    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('**FAIL**');
    expect(md).toContain('| weak-identifiability | failed | 1 | 1 | 7 | 42 |');
    expect(md).toContain('gap \\| positive &lt;b&gt;'); // pipes escaped inside cells, raw HTML shown as text (issue 15 item 9)
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg[\s>]/g)?.length).toBe(5);
    expect(html).not.toContain('plot not rendered');
    expect(html).toContain('gap | positive &lt;b&gt;'); // escaped, not markup
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained: no scripts, no network
    expect(readLatest(root)).toBe(name);
    expect(lstatSync(join(root, 'latest')).isSymbolicLink()).toBe(true);
    expect(latestRunDir(root, 'properties')).toBe(dir);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]); // no temporary leftovers
    expect(lstatSync(dir).mode & 0o755).toBe(0o755); // readable by others, not the private mode of a temporary directory
  });

  test('a second run gets its own directory, never touches the first, and moves latest', () => {
    const root = tmpRoot();
    const a = writeRunReport(
      'properties',
      {},
      {},
      { schema: 'rhm-properties/1', value: SUITE },
      { root, date: new Date('2026-01-01T00:00:00Z') },
    );
    const before = readFileSync(join(a, 'report.json'), 'utf8');
    const b = writeRunReport(
      'properties',
      {},
      {},
      { schema: 'rhm-properties/1', value: SUITE },
      { root, date: new Date('2026-01-01T00:00:01Z') },
    );
    expect(b).not.toBe(a);
    expect(readFileSync(join(a, 'report.json'), 'utf8')).toBe(before);
    expect(readLatest(root)).toBe(b.split('/').pop());
    // an older run finishing later does not move latest back
    const older = writeRunReport(
      'properties',
      {},
      {},
      { schema: 'rhm-properties/1', value: SUITE },
      { root, date: new Date('2025-12-31T23:59:59Z') },
    );
    expect(existsSync(older)).toBe(true);
    expect(readLatest(root)).toBe(b.split('/').pop());
  });

  test('runs started in the same second (e.g. parallel jest runs) get distinct directories', () => {
    const root = tmpRoot();
    const date = new Date('2026-02-02T02:02:02Z');
    const dirs = Array.from({ length: 6 }, () =>
      writeRunReport('properties', {}, {}, { schema: 'rhm-properties/1', value: SUITE }, { root, date, plots: 'none' }),
    );
    expect(new Set(dirs).size).toBe(6);
    for (const d of dirs) expect(readdirSync(d).sort()).toEqual(['report.html', 'report.json', 'report.md']);
  });

  test('a report that does not validate is refused before anything is written', () => {
    const root = tmpRoot();
    const broken = { ...SUITE, totals: { ...SUITE.totals, tests: -1 } };
    expect(() => writeRunReport('properties', {}, {}, { schema: 'rhm-properties/1', value: broken }, { root })).toThrow(
      InvalidReportError,
    );
    try {
      buildRunReport('properties', {}, {}, { schema: 'rhm-properties/1', value: broken });
    } catch (e) {
      expect((e as InvalidReportError).violations[0]?.path).toBe('/results/value/totals/tests');
    }
    expect(() => buildRunReport('Not A Command', {}, {}, { schema: 'rhm-properties/1', value: SUITE })).toThrow(
      InvalidReportError,
    );
    expect(() => buildRunReport('properties', {}, { root: 1.5 }, { schema: 'rhm-properties/1', value: SUITE })).toThrow(
      /seeds/,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  test('where symlinks are not supported, latest is a text file naming the run', () => {
    const root = tmpRoot();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    const spy = jest.spyOn(fs, 'symlinkSync').mockImplementation(() => {
      throw Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' });
    });
    let dir: string;
    try {
      dir = writeRunReport('properties', {}, {}, { schema: 'rhm-properties/1', value: SUITE }, { root, plots: 'none' });
    } finally {
      spy.mockRestore();
    }
    expect(lstatSync(join(root, 'latest')).isFile()).toBe(true);
    expect(readFileSync(join(root, 'latest'), 'utf8')).toBe(`${dir.split('/').pop() ?? ''}\n`);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('latest falls back to a text file and is read from one', () => {
    const root = tmpRoot();
    writeFileSync(join(root, 'latest'), '2020-01-01T00-00-00Z-check-abcdef\n');
    expect(readLatest(root)).toBe('2020-01-01T00-00-00Z-check-abcdef');
    expect(updateLatest(root, '2021-01-01T00-00-00Z-check-abcdef')).toBe(true);
    expect(readLatest(root)).toBe('2021-01-01T00-00-00Z-check-abcdef');
    unlinkSync(join(root, 'latest'));
    expect(readLatest(root)).toBeNull();
  });
});

describe('renderers are pure functions of report.json', () => {
  test('rhm report render DIR rebuilds report.md and report.html byte for byte', async () => {
    const root = tmpRoot();
    const dir = writeRunReport(
      'properties',
      {},
      { root: 1 },
      { schema: 'rhm-properties/1', value: SUITE },
      { root, plots: allPlots().slice(0, 2) },
    );
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    unlinkSync(join(dir, 'report.md'));
    writeFileSync(join(dir, 'report.html'), 'stale');
    const r = await rhm(['report', 'render', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(md);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(html);
  });

  test('rhm report render refuses a directory without a valid report.json (exit 2, names the field)', async () => {
    const root = tmpRoot();
    expect((await rhm(['report', 'render', root])).code).toBe(2);
    writeFileSync(join(root, 'report.json'), JSON.stringify({ format: 'rhm-report/1' }));
    const r = await rhm(['report', 'render', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required field 'id'");
    expect((await rhm(['report', 'draw', root])).code).toBe(2);
  });

  test('rhm report render follows reports/latest, as a symlink or as a text file', async () => {
    const root = tmpRoot();
    const dir = writeRunReport(
      'properties',
      {},
      {},
      { schema: 'rhm-properties/1', value: SUITE },
      { root, plots: 'none' },
    );
    expect((await rhm(['report', 'render', join(root, 'latest')])).code).toBe(0);
    unlinkSync(join(root, 'latest'));
    writeFileSync(join(root, 'latest'), `${dir.split('/').pop() ?? ''}\n`);
    unlinkSync(join(dir, 'report.md'));
    const r = await rhm(['report', 'render', join(root, 'latest')]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
  });

  test('rendering never mutates the report', () => {
    const report = buildRunReport(
      'properties',
      { a: [1] },
      { root: 1 },
      { schema: 'rhm-properties/1', value: SUITE },
      { plots: 'none' },
    );
    const copy = JSON.parse(JSON.stringify(report)) as Report;
    renderMarkdown(report);
    renderHtml(report);
    expect(report).toEqual(copy);
  });
});

describe('property-suite results', () => {
  test('fast-check failure messages yield runs, seed and the shrunk counterexample', () => {
    let message = '';
    try {
      fc.assert(
        fc.property(fc.integer(), (a) => a < 10),
        { seed: 42, numRuns: 50 },
      );
    } catch (e) {
      message = (e as Error).message;
    }
    const parsed = parseFastCheckFailure(message);
    expect(parsed.seed).toBe(42);
    expect(parsed.counterexample).toBe('[10]');
    expect(parsed.numRuns).toBeGreaterThanOrEqual(1);
    expect(parseFastCheckFailure('expected 1 to be 2')).toEqual({ numRuns: null, seed: null, counterexample: null });
  });

  test('jest results are grouped by [id]; a failure anywhere fails the id; suite errors are kept', () => {
    const assertion = (
      title: string,
      status: string,
      failureMessages: string[] = [],
      ancestorTitles: string[] = [],
    ) => ({ title, status, failureMessages, ancestorTitles, duration: 5 });
    const run: JestRunResult = {
      numTotalTestSuites: 2,
      numFailedTestSuites: 1,
      numRuntimeErrorTestSuites: 1,
      numTotalTests: 4,
      numPassedTests: 2,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 0,
      success: false,
      testResults: [
        {
          testFilePath: '/repo/properties/a.test.ts',
          testResults: [
            assertion('[alpha] holds', 'passed'),
            assertion('[alpha] also holds', 'failed', [
              '\u001b[31mProperty failed after 3 tests\n{ seed: -5, path: "2", endOnFailure: true }\nCounterexample: [1]\u001b[0m',
            ]),
            assertion('inherits the id', 'passed', [], ['[beta] group']),
            assertion('[gamma] skipped', 'pending'),
          ],
        },
        { testFilePath: '/repo/properties/b.test.ts', testResults: [], testExecError: { message: 'SyntaxError: x' } },
      ],
    };
    const s = propertySuiteResults(run, '/repo');
    expect(s.invariants.map((i) => [i.id, i.status])).toEqual([
      ['alpha', 'failed'],
      ['beta', 'passed'],
      ['gamma', 'skipped'],
    ]);
    const failed = s.invariants[0]?.tests[1];
    expect(failed).toMatchObject({
      file: 'properties/a.test.ts',
      seed: -5,
      numRuns: 3,
      counterexample: '[1]',
      status: 'failed',
    });
    expect(failed?.message).not.toContain('\u001b');
    expect(s.suiteErrors).toEqual([{ file: 'properties/b.test.ts', message: 'SyntaxError: x' }]);
    expect(s.invariants[0]?.tests[0]).toMatchObject({ numRuns: null, seed: null }); // nothing recorded

    // recorded fast-check runs fill runs and seed of passing tests (total runs, first seed); a failure keeps its message's values
    const recorded = parseFastCheckRuns(
      [
        { testPath: '/repo/properties/a.test.ts', test: '[alpha] holds', numRuns: 100, seed: 7, failed: false },
        { testPath: '/repo/properties/a.test.ts', test: '[alpha] holds', numRuns: 50, seed: 8, failed: false },
        { testPath: '/repo/properties/a.test.ts', test: '[alpha] also holds', numRuns: 3, seed: 99, failed: true },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n{"torn',
    );
    expect(recorded).toHaveLength(3);
    const t = propertySuiteResults(run, '/repo', recorded).invariants[0]?.tests;
    expect(t?.[0]).toMatchObject({ numRuns: 150, seed: 7 });
    expect(t?.[1]).toMatchObject({ numRuns: 3, seed: -5 });
    expect(s.success).toBe(false);
  });

  test('the jest reporter writes a property-suite report, and a broken result only prints a warning', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Reporter = require('../../src/report/jest-reporter') as new (
      g: { rootDir: string; seed?: number },
      o: { root: string },
    ) => { onRunComplete(c: unknown, r: unknown): void };
    const root = tmpRoot();
    const reporter = new Reporter({ rootDir: '/repo', seed: 99 }, { root });
    const run: JestRunResult = {
      // success is still false when jest calls onRunComplete (it is set afterwards): the reporter must not read it
      numTotalTestSuites: 1,
      numFailedTestSuites: 0,
      numRuntimeErrorTestSuites: 0,
      numTotalTests: 1,
      numPassedTests: 1,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      success: false,
      testResults: [
        {
          testFilePath: '/repo/properties/a.test.ts',
          testResults: [{ title: '[alpha] holds', status: 'passed', failureMessages: [], ancestorTitles: [] }],
        },
      ],
    };
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => {
      writes.push(String(t));
      return true;
    });
    const saved = process.env.RHM_NO_REPORT;
    delete process.env.RHM_NO_REPORT; // set for CLI commands by properties/report/setup-env.ts
    try {
      reporter.onRunComplete(new Set(), run);
      expect(() => reporter.onRunComplete(new Set(), { testResults: 'garbage' })).not.toThrow();
    } finally {
      spy.mockRestore();
      if (saved !== undefined) process.env.RHM_NO_REPORT = saved;
    }
    expect(writes[0]).toMatch(/^property-suite report: /);
    expect(writes[1]).toMatch(/^property-suite report not written: /);
    const dir = latestRunDir(root, 'properties');
    expect(dir).not.toBeNull();
    const report = JSON.parse(readFileSync(join(dir ?? '', 'report.json'), 'utf8')) as Report;
    expect(report.seeds).toEqual({ jest: 99 });
    expect(report.summary.status).toBe('ok');
  });

  test('jest.config.js falls back to the default reporter when the build is missing', () => {
    const dir = tmpRoot();
    writeFileSync(join(dir, 'jest.config.js'), readFileSync(join(__dirname, '..', '..', 'jest.config.js')));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(dir, 'jest.config.js')) as { reporters: unknown[] };
    expect(config.reporters).toEqual(['default']);
  });
});

describe('reports/latest in the way', () => {
  test('a latest that names something other than a run is replaced; a directory in its place is reported, not silently kept', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rhm-latest-'));
    writeFileSync(join(root, 'latest'), 'zzz-my-notes\n');
    mkdirSync(join(root, 'zzz-my-notes'));
    expect(updateLatest(root, '2021-01-01T00-00-00Z-check-abcdef')).toBe(true);
    expect(readLatest(root)).toBe('2021-01-01T00-00-00Z-check-abcdef');
    const other = mkdtempSync(join(tmpdir(), 'rhm-latest-'));
    mkdirSync(join(other, 'latest'));
    expect(updateLatest(other, '2021-01-01T00-00-00Z-check-abcdef')).toBe(false);
    expect(latestProblem(other, '2021-01-01T00-00-00Z-check-abcdef')).toMatch(/is a directory/);
    expect(latestProblem(root, '2021-01-01T00-00-00Z-check-abcdef')).toBeNull();
    const g = join(other, 'g.json');
    writeFileSync(
      g,
      JSON.stringify(generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 1 })),
    );
    const r = await rhm(['check', g, '--samples', '0', '--report-dir', other]);
    expect(r.stderr).toMatch(/warning: .*latest is a directory/);
  });
});
