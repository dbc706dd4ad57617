import { basename } from 'node:path';
import type { LearnResult } from '../../../spec/learn';
import type { PlotData } from '../../../spec/report';
import type { ReportView } from './view';

type Cell = string | number | boolean | null;

function asCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * Per-level recovery rate against training samples for one or more learning
 * runs (one point per level per run; several budgets give curves).
 *
 * @param runs - learn results with their legend names
 * @returns the plot, or null when no run has a defined recovery rate
 * @paper [R] Theorem 7 ("each layer recovers the latent symbols")
 */
export function recoveryPlot(
  runs: readonly { readonly name: string; readonly result: LearnResult }[],
): PlotData | null {
  const rows = runs.flatMap(({ name, result }) =>
    result.samples > 0
      ? result.levels
          .filter((l) => l.recoveryRate !== null)
          .map((l) => ({ series: name, level: l.level, samples: result.samples, recovery: l.recoveryRate as number }))
      : [],
  );
  if (rows.length === 0) return null;
  return {
    kind: 'recovery-vs-samples',
    title: 'Per-level recovery against training samples',
    caption:
      'Recovery rate of level l: the fraction of held-out level-l patches the trained layer maps to their own parent symbol. ' +
      'x: training samples drawn (all stages together). A single run gives one point per level.' +
      (new Set(rows.map((r) => r.series)).size === 1 ? ` Run: ${rows[0]?.series ?? ''}.` : ''),
    rows,
  };
}

/**
 * View of an `rhm learn` result: the run, the per-level measurements (every
 * field the learner reports), the recovery plot.
 *
 * @param r - the `rhm-learn/1` result
 * @returns status, headline, tables and plots
 */
export function learnView(r: LearnResult): ReportView {
  const g = r.grammar;
  const name = g.path === null ? 'grammar' : basename(g.path).replace(/\.json$/, '');
  const headline =
    `learner ${r.learner} on ${name} (s = ${g.s}, L = ${g.L}, |V_l| = [${g.vocabulary.join(', ')}], m = ${g.m ?? 'undefined'}): ${r.status}; ` +
    `test error ${r.testError.toFixed(4)} (target ≤ ${r.targetError.toFixed(4)}) with ${r.samples} training samples (budget ${r.budget})` +
    (r.reason ? `. ${r.reason}` : '');
  const extra = [...new Set(r.levels.flatMap((l) => Object.keys(l)))].filter(
    (k) => k !== 'level' && k !== 'recoveryRate',
  );
  const tables: ReportView['tables'] = [
    {
      title: 'Run',
      columns: ['learner', 'status', 'samples', 'budget', 'held-out', 'test error', 'target', 'backend', 'seconds'],
      rows: [
        [
          r.learner,
          r.status,
          r.samples,
          r.budget,
          r.testSamples,
          r.testError,
          r.targetError,
          r.backend === null ? 'none' : `${r.backend.name} (${r.backend.threads ?? '?'} thread(s))`,
          r.seconds,
        ],
      ],
      ...(r.reason ? { note: r.reason } : {}),
    },
    {
      title: 'Per level (level 0 = label, level L = input)',
      columns: ['l', 'recovery', ...extra],
      rows: r.levels.map((l) => [
        l.level,
        l.recoveryRate,
        ...extra.map((k) => asCell((l as Record<string, unknown>)[k])),
      ]),
    },
    {
      title: 'Learner options (resolved)',
      columns: ['option', 'value'],
      rows: Object.entries(r.resolvedOptions).map(([k, v]) => [k, asCell(v)]),
    },
  ];
  const plot = recoveryPlot([{ name: r.learner, result: r }]);
  return { status: r.status === 'learned' ? 'ok' : 'negative', headline, tables, plots: plot ? [plot] : [] };
}
