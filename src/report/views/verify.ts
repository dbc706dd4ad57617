import type { VerifyResult } from '../../../spec/verify';
import { gapPlot } from './check';
import { levelDistancePlot, recoveryPlot } from './learn';
import { scaleView } from './scale';
import { MATH } from '../notation';
import type { ReportView } from './view';

/**
 * The view of an `rhm verify` result: the expectations first, then one row per
 * grammar (assumptions) and per learner run (recovery), then the sweep; plots of
 * the gap per level (every grammar), per-level recovery (every learner run) and
 * the sweep's error curves, collapse and P* fit.
 *
 * @param r - the `rhm-verify/1` result
 * @returns status, headline, tables and plots
 */
export function verifyView(r: VerifyResult): ReportView {
  const met = r.expectations.filter((e) => e.met).length;
  const sweep = r.scale ? scaleView(r.scale) : null;
  const maxL = Math.max(...r.grammars.map((g) => g.params.L));
  const levelCols = Array.from({ length: maxL }, (_, i) => `l = ${i + 1}`);
  const tables: ReportView['tables'] = [
    {
      title: 'Expectations',
      columns: ['step', 'grammar', 'expected', 'observed', 'met'],
      rows: r.expectations.map((e) => [e.step, e.grammar, e.expected, e.observed, e.met]),
    },
    {
      title: 'Findings',
      columns: ['grammar', 'finding'],
      rows: r.findings.map((f) => [f.grammar, f.finding]),
    },
    {
      title: 'Assumptions of [R] per grammar (exact)',
      columns: ['grammar', 'sampler', 'n_c', 'v', 'm', 's', 'L', 'verdict', 'failing', 'κ̂', 'K̂_ρ', 'P_max'],
      rows: r.grammars.map((g) => [
        g.name,
        g.params.sampler,
        g.params.classes,
        g.params.vocab,
        g.params.m,
        g.params.s,
        g.params.L,
        g.check.verdict,
        g.check.assumptions
          .filter((a) => !a.holds)
          .map((a) => a.id)
          .join(', ') || null,
        g.check.kappa,
        g.check.kRho,
        g.check.pMax,
      ]),
    },
    {
      title: `First-patch gap ${MATH.gap} per grammar`,
      columns: ['grammar', ...levelCols],
      rows: r.grammars.map((g) => [g.name, ...levelCols.map((_, i) => g.check.levels[i]?.minGap ?? null)]),
    },
    {
      title: 'Learners: per-level recovery on held-out data',
      columns: ['grammar', 'learner', 'budget', 'samples', 'status', 'test error', 'target', ...levelCols, 'seconds'],
      rows: r.grammars.flatMap((g) =>
        g.learners.map((l) => [
          g.name,
          l.learner,
          l.budget,
          l.samples,
          l.status,
          l.testError,
          l.targetError,
          ...levelCols.map((_, i) => l.levels[i]?.recoveryRate ?? null),
          l.seconds,
        ]),
      ),
      note: 'Recovery: layerwise-rf, fraction of level-l patches whose output is nearest to its own parent’s q-vector; layerwise-cluster, fraction whose cluster maps to the true parent under the best one-to-one matching.',
    },
    ...(sweep ? sweep.tables.map((t) => ({ ...t, title: `Scaling sweep: ${t.title}` })) : []),
  ];
  const runs = r.grammars.flatMap((g) => g.learners.map((l) => ({ name: `${l.learner} · ${g.name}`, result: l })));
  const plots = [
    gapPlot(r.grammars.map((g) => ({ name: g.name, result: g.check }))),
    recoveryPlot(runs),
    levelDistancePlot(runs),
    ...(sweep ? sweep.plots : []),
  ].filter((p): p is NonNullable<typeof p> => p !== null);
  return {
    status: r.verdict === 'pass' ? 'ok' : 'negative',
    headline: `${met}/${r.expectations.length} expectations met on ${r.grammars.length} grammars${sweep ? `; ${sweep.headline}` : ''}`,
    tables,
    plots,
  };
}
