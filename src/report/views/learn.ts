import { basename } from 'node:path';
import type { LearnResult } from '../../../spec/learn';
import type { PlotData, ReportTable } from '../../../spec/report';
import { MATH } from '../notation';
import { levelTables } from './learn-levels';
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
 * runs: curves per level where a run was repeated at several budgets, else the
 * per-level profile of each run.
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
  const single = new Set(rows.map((r) => r.series)).size === 1;
  return {
    kind: 'recovery-vs-samples',
    title: 'Per-level recovery against training samples',
    caption:
      'Recovery rate of level l: the fraction of held-out level-l patches the trained layer maps to their own parent symbol. ' +
      'Runs of one learner and grammar at several budgets draw one curve per level against the training samples (all stages together); ' +
      'a run with a single budget draws its per-level profile (rerun at other --samples for curves).' +
      (single ? ` Run: ${rows[0]?.series ?? ''}.` : ''),
    rows,
  };
}

/**
 * Per level, max‖h − q‖ against ε_*^(l) (Theorem 7) and ρ̂^(l)/2 (Lemma 11),
 * for the runs whose learner reports them (`layerwise-rf`).
 *
 * @param runs - learn results with their legend names
 * @returns the plot, or null when no level carries a distance
 * @paper [R] Theorem 7 and Lemma 11
 */
export function levelDistancePlot(
  runs: readonly { readonly name: string; readonly result: LearnResult }[],
): PlotData | null {
  const rows = runs.flatMap(({ name, result }) =>
    result.levels.flatMap((l) =>
      l.kind === 'layerwise-rf'
        ? [
            {
              series: name,
              level: l.level,
              maxDistance: l.maxDistanceToQ,
              epsilonStar: l.epsilonStar,
              halfGap: l.halfGap,
            },
          ]
        : [],
    ),
  );
  if (!rows.some((r) => r.maxDistance !== null)) return null;
  return {
    kind: 'level-distance',
    title: `${MATH.maxDistance} per level against ${MATH.epsilonStar} and ${MATH.halfGap}`,
    caption:
      'max‖h − q_µ^(l)‖: the largest distance of a trained layer’s output to its parent’s exact q-vector (over the whole support when P_max ≤ 10^5, else the held-out patches). ' +
      'A level is recovered in the sense of Lemma 11 of [R] when it lies below ρ̂^(l)/2; Theorem 7 of [R] guarantees it below ε_*^(l) with its (proof-artefact) constants and budget. Undefined or zero values are not drawn.',
    rows,
  };
}

function runTable(r: LearnResult): ReportTable {
  return {
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
  };
}

/**
 * View of an `rhm learn` result: the run, the per-level measurements (the
 * columns the CLI prints first, with readable headers, split by topic so no
 * table is wider than the page), the recovery and distance plots.
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
  const tables: ReportView['tables'] = [
    runTable(r),
    ...levelTables(r.levels),
    {
      title: 'Learner options (resolved)',
      columns: ['option', 'value'],
      rows: Object.entries(r.resolvedOptions).map(([k, v]) => [k, asCell(v)]),
    },
  ];
  const runs = [{ name: `${r.learner}, ${r.samples} samples`, result: r }];
  const plots = [recoveryPlot(runs), levelDistancePlot(runs)].filter((p): p is PlotData => p !== null);
  return { status: r.status === 'learned' ? 'ok' : 'negative', headline, tables, plots };
}
