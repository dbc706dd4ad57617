import type { PropertySuiteResults } from '../../../spec/report';
import type { ReportView } from './view';

/**
 * Summary of a property-suite run: one row per invariant id, then every failure
 * with its seed and shrunk counterexample.
 *
 * @param r - the `rhm-properties/1` payload
 * @returns status, headline and tables (no plots)
 */
export function propertiesView(r: PropertySuiteResults): ReportView {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const inv of r.invariants) counts[inv.status]++;
  const failures = [
    ...r.invariants.flatMap((inv) => inv.tests.filter((t) => t.status === 'failed').map((t) => ({ id: inv.id, t }))),
    ...r.untagged.map((t) => ({ id: '(untagged)', t })),
  ];
  const headline =
    `${r.invariants.length} invariant id(s): ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped; ` +
    `${r.totals.tests} test(s) in ${r.totals.suites} file(s): ${r.totals.passed} passed, ${r.totals.failed} failed, ${r.totals.skipped} skipped` +
    (r.suiteErrors.length > 0 ? `; ${r.suiteErrors.length} file(s) failed to run` : '');
  const tables: ReportView['tables'] = [
    {
      title: 'Invariants',
      columns: ['id', 'status', 'tests', 'failed', 'fast-check runs', 'seeds', 'files'],
      rows: r.invariants.map((inv) => {
        const withRuns = inv.tests.filter((t) => t.numRuns !== null);
        return [
          inv.id,
          inv.status,
          inv.tests.length,
          inv.tests.filter((t) => t.status === 'failed').length,
          withRuns.length === 0 ? null : withRuns.reduce((n, t) => n + (t.numRuns ?? 0), 0),
          [...new Set(inv.tests.flatMap((t) => (t.seed === null ? [] : [t.seed])))].join(', ') || null,
          [...new Set(inv.tests.map((t) => t.file))].join(', '),
        ];
      }),
      note: 'Every id found as [id] at the start of a test title; failed if any of its tests failed. Runs and seeds: of its fast-check properties (example-based tests have none).',
    },
  ];
  if (failures.length > 0) {
    tables.push({
      title: 'Failures',
      columns: ['id', 'test', 'file', 'seed', 'runs', 'counterexample', 'message'],
      rows: failures.map(({ id, t }) => [
        id,
        t.title,
        t.file,
        t.seed,
        t.numRuns,
        t.counterexample,
        t.message === null ? null : firstLines(t.message, 6),
      ]),
      note: 'Replay a fast-check failure with the printed seed (and path) in the property parameters.',
    });
  }
  if (r.suiteErrors.length > 0) {
    tables.push({
      title: 'Files that failed to run',
      columns: ['file', 'message'],
      rows: r.suiteErrors.map((e) => [e.file, firstLines(e.message, 6)]),
    });
  }
  return { status: r.success ? 'ok' : 'negative', headline, tables, plots: [] };
}

function firstLines(text: string, n: number): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(0, n).join(' ⏎ ') + (lines.length > n ? ' …' : '');
}
