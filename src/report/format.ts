import type { PlotData, Report, ReportTable } from '../../spec/report';
import { heatmapTable } from './views/atlas';
import { sensitivityTable } from './views/scale-sensitivity';

/**
 * Shared, pure formatting helpers of the Markdown and HTML renderers.
 * @internal
 */

/** A table cell as text: integers as is, other numbers to 4 significant digits. */
export function cellText(v: string | number | boolean | null): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return Math.abs(v) >= 1e15 ? v.toExponential(3) : String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  // 4 significant digits, but never fewer than the integer part (P* = 15326.5 stays 15326.5, not 15330).
  const digits = a >= 1000 ? Math.floor(Math.log10(a)) + 2 : 4;
  return String(Number(v.toPrecision(digits)));
}

/** The plot's data as a table (shown in Markdown and under each HTML figure). */
export function plotTable(plot: PlotData): ReportTable {
  switch (plot.kind) {
    case 'gap-per-level':
      return {
        title: plot.title,
        columns: ['grammar', 'level l', 'ρ̂^(l)', 'm^(−(l−1)/2)', 'ρ̂^(l)·m^((l−1)/2)'],
        rows: plot.rows.map((r) => [
          r.series,
          r.level,
          r.gap,
          r.m ** (-(r.level - 1) / 2),
          r.gap * r.m ** ((r.level - 1) / 2),
        ]),
      };
    case 'recovery-vs-samples':
      return {
        title: plot.title,
        columns: ['run', 'level l', 'samples', 'recovery'],
        rows: plot.rows.map((r) => [r.series, r.level, r.samples, r.recovery]),
      };
    case 'error-curves':
    case 'error-collapse':
      return {
        title: plot.title,
        columns: ['configuration', 'P', 'P/(n_c·m^L)', 'test error', 'low', 'high', 'replicates'],
        rows: plot.rows.map((r) => [
          r.curve,
          r.P,
          r.P / (r.nc * r.m ** r.L),
          r.testError,
          r.lo ?? null,
          r.hi ?? null,
          r.n ?? null,
        ]),
      };
    case 'pstar-fit':
      return {
        title: plot.title,
        columns: ['series', 'n_c·m^L', 'P*', 'low', 'high'],
        rows: plot.points.map((p) => [p.series, p.x, p.pStar, p.lo ?? null, p.hi ?? null]),
      };
    default:
      return newPlotTable(plot);
  }
}

/** The data tables of the plot kinds added with the paper-grade plots, the atlas and the sensitivity curves. */
function newPlotTable(
  plot: Extract<
    PlotData,
    {
      kind:
        | 'level-distance'
        | 'learner-comparison'
        | 'exponent-per-learner'
        | 'assumption-heatmap'
        | 'sensitivity-vs-pstar';
    }
  >,
): ReportTable {
  switch (plot.kind) {
    case 'level-distance':
      return {
        title: plot.title,
        columns: ['run', 'level l', 'max‖h − q‖', 'ε_*^(l)', 'ρ̂^(l)/2'],
        rows: plot.rows.map((r) => [r.series, r.level, r.maxDistance, r.epsilonStar, r.halfGap]),
      };
    case 'learner-comparison':
      return {
        title: plot.title,
        columns: ['m', 'L', 'n_c', `P*(${plot.learner}) / P*(${plot.against})`, 'P_max/(n_c·m^L)'],
        rows: plot.rows.map((r) => [r.m, r.L, r.nc, r.ratio, r.separation]),
      };
    case 'exponent-per-learner':
      return {
        title: plot.title,
        columns: ['learner', 'model', 'b', 'low', 'high'],
        rows: plot.rows.map((r) => [r.learner, r.model, r.b, r.low, r.high]),
      };
    case 'assumption-heatmap':
      return heatmapTable(plot);
    case 'sensitivity-vs-pstar':
      return sensitivityTable(plot);
  }
}

/** `rhm <command> <argv…>`, quoting arguments that need it. */
export function commandLine(report: Report): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const { command, argv } = report.provenance;
  return command === 'properties'
    ? `jest ${argv.map(quote).join(' ')}`.trim()
    : `rhm ${[command, ...argv].map(quote).join(' ')}`;
}

/** One line of provenance: date, version, commit, Node, backend. */
export function provenanceRows(report: Report): [string, string][] {
  const p = report.provenance;
  const commit =
    p.gitCommit === null
      ? 'none (the harness is not a git checkout)'
      : `${p.gitCommit.slice(0, 12)}${p.gitDirty ? ' (uncommitted changes)' : ''}`;
  const backend =
    p.backend === null
      ? 'none'
      : `${p.backend.name} (tfjs-core ${p.backend.version}${p.backend.threads === null ? '' : `, ${p.backend.threads} thread(s)`})`;
  return [
    ['run', report.id],
    ['date (UTC)', p.date],
    ['command', commandLine(report)],
    ['harness version', p.harnessVersion],
    ['git commit', commit],
    ['Node.js', `${p.node}${p.platform ? ` on ${p.platform}` : ''}`],
    ['TensorFlow.js backend', backend],
    ['results schema', report.results.schema],
    ...(p.inputs ?? []).map((f): [string, string] => [`input ${f.path}`, `sha256 ${f.sha256} (${f.bytes} bytes)`]),
    ...(p.reproduce !== undefined ? [['reproduce', p.reproduce] as [string, string]] : []),
  ];
}

/** Status word shown in both renderers. */
export function statusWord(report: Report): string {
  return report.summary.status === 'ok' ? 'PASS' : report.summary.status === 'negative' ? 'FAIL' : 'INFO';
}
