import { basename } from 'node:path';
import type { CheckResult } from '../../../spec/check';
import type { PlotData } from '../../../spec/report';
import { MATH, sup } from '../notation';
import type { ReportView } from './view';

/** A short grammar name for tables and plot legends: the file name without `.json`, or `grammar`. */
export function grammarLabel(source: string | null): string {
  return source === null ? 'grammar' : basename(source).replace(/\.json$/, '');
}

/**
 * The gap plot of one or more check results: ρ̂^(l) (first patch) per level
 * against m^(−(l−1)/2) ([R] Assumption 6(b), Prop. 19).
 *
 * @param results - check results with their legend names
 * @returns the plot, or null when no result has a defined m and a finite gap
 * @paper [R] Assumption 6(b) and Proposition 19
 */
export function gapPlot(results: readonly { readonly name: string; readonly result: CheckResult }[]): PlotData | null {
  const rows = results.flatMap(({ name, result }) => {
    const m = result.grammar.m;
    if (m === null) return [];
    return result.levels
      .filter((l) => l.minGap !== null)
      .map((l) => ({ series: name, level: l.level, gap: l.minGap as number, m, L: result.grammar.depth }));
  });
  if (rows.length === 0) return null;
  return {
    kind: 'gap-per-level',
    title: `Gap ${MATH.gap} per level against ${MATH.mRef}`,
    caption:
      `${MATH.gap}: smallest ℓ2 distance between the q-vectors of non-synonym first patches at level l (Assumption 6(b) of [R] asks ${MATH.gap} ≥ K_ρ·m${sup('−l/2')}). ` +
      `Grey lines: ${MATH.mRef} and the Prop. 19 bound ${MATH.prop19Ref}; a measured curve parallel to ${MATH.mRef} means a level-independent normalised gap.`,
    rows,
  };
}

/**
 * View of an `rhm check` result: verdict per assumption with value, threshold
 * and witness; the per-level table; the global quantities; the gap plot.
 *
 * @param r - the `rhm-check/1` result
 * @returns status, headline, tables and plots
 */
export function checkView(r: CheckResult): ReportView {
  const name = grammarLabel(r.grammar.source);
  const failing = r.assumptions.filter((a) => !a.holds).map((a) => a.id);
  const headline =
    `${name} (s = ${r.grammar.branching}, L = ${r.grammar.depth}, |V_l| = [${r.grammar.vocabulary.join(', ')}], m = ${r.grammar.m ?? 'undefined'}): ` +
    (r.verdict === 'pass' ? 'every assumption of [R] holds' : `fails ${failing.join(', ')}`);
  const p = r.predicted;
  const tables: ReportView['tables'] = [
    {
      title: 'Assumptions',
      columns: ['assumption', 'reference', 'verdict', 'value', 'threshold', 'comparison', 'summary'],
      rows: r.assumptions.map((a) => [
        a.id,
        a.reference,
        a.holds ? 'holds' : 'FAILS',
        a.value ?? a.valueReason ?? null,
        a.threshold ?? a.thresholdReason ?? null,
        a.comparison,
        a.summary,
      ]),
    },
    {
      title: 'Per level (level 0 = label, level L = input)',
      columns: [
        'l',
        '|P_l|',
        `κ̂${sup('(l)')}`,
        `${MATH.gap} first patch`,
        `${MATH.gap} all positions`,
        `${MATH.gap}·m${sup('(l−1)/2')}`,
        MATH.prop19Ref,
        `N${sup('(l)')}`,
        MATH.epsilonStar,
      ],
      rows: r.levels.map((l) => [
        l.level,
        l.patchCount,
        l.kappa ?? '∞',
        l.minGap === null ? (l.minGapReason ?? null) : l.gapExactZero === true ? '0 (exact)' : l.minGap,
        l.minGapAllPositions,
        l.normalizedGap,
        l.prop19Reference,
        l.samples,
        l.epsilon,
      ]),
      note: `N${sup('(l)')} and ${MATH.epsilonStar}: Theorem 7 of [R] with the paper constants (proof artefacts), C and δ as in the configuration.`,
    },
    {
      title: 'Global quantities',
      columns: ['quantity', 'value'],
      rows: [
        ['κ̂ (Assumption 6(a))', r.kappa ?? `∞ (${r.kappaReason ?? ''})`],
        [`K̂_ρ = min_l ${MATH.gap}·m${sup('l/2')}`, r.kRho ?? `undefined (${r.kRhoReason ?? ''})`],
        ['P_max', r.pMax],
        [`[C] heuristic ${MATH.ncMToL}`, p.ncMToL ?? `undefined (${p.ncMToLReason ?? ''})`],
        [
          `[R] Theorem 7 budget Σ_l N^(l) (C = ${p.constantC}, δ = ${p.delta}, V = ${p.V})`,
          p.theoremBudget ?? `undefined (${p.theoremBudgetReason ?? ''})`,
        ],
      ],
    },
  ];
  const violations = r.assumptions.flatMap((a) => a.violations.map((v) => [a.id, v.path, v.message, v.fix]));
  if (violations.length > 0)
    tables.push({ title: 'Violations', columns: ['assumption', 'path', 'message', 'fix'], rows: violations });
  // The legend names the grammar by its parameters (the file name is in the headline and caption).
  const plot = gapPlot([{ name: `m = ${r.grammar.m ?? '?'}, L = ${r.grammar.depth}`, result: r }]);
  const plots = plot ? [{ ...plot, caption: `${plot.caption} Grammar: ${name}.` }] : [];
  return { status: r.verdict === 'pass' ? 'ok' : 'negative', headline, tables, plots };
}
