import type { PlotData } from '../../../spec/report';
import type { LearnerComparison, ScaleCell, ScaleResult } from '../../../spec/scale';
import { perLevelView } from './scale-levels';
import { comparisonPlots, curvePlots, pStarPlots } from './scale-plots';
import { sensitivityPlot } from './scale-sensitivity';
import type { ReportView } from './view';

/**
 * The plots of a sweep: learning curves against P and against P/(n_c·m^L),
 * P* against n_c·m^L with bootstrap error bars, the fitted line
 * log P* = a + b·L·log m (+ c·log n_c) with the band swept by b over its
 * bootstrap interval and the slope-1 reference; the exponent b per model (and
 * per learner with `--compare`); the learner comparison.
 *
 * @param r - the `rhm-scale/1` result
 * @returns the plots that have data
 * @paper [C] §V (P* ≈ n_c·m^L, collapse under P/(n_c·m^L)); [R] Theorem 7 (m^((1+o(1))L))
 */
export function scalePlots(r: ScaleResult): PlotData[] {
  const sensitivity = sensitivityPlot(r);
  return [...curvePlots(r), ...pStarPlots(r), ...comparisonPlots(r), ...(sensitivity ? [sensitivity] : [])];
}

/** Optional `note` of a table: present only when there is something to say. */
function optionalNote(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

/** The cells of `rhm scale --compare`: the P* ratio per common cell and the slope against the separation. */
function comparisonTable(c: LearnerComparison): ReportView['tables'][number] {
  const other = c.againstExponent;
  return {
    title: `Comparison with ${c.against}`,
    columns: ['m', 'L', 'n_c', `P*(${c.learner}) / P*(${c.against})`, 'P_max/(n_c·m^L)'],
    rows: c.cells.map((x) => [x.m, x.L, x.classes, x.ratio, x.separation]),
    note:
      `slope of log ratio against log(P_max/(n_c·m^L)): ${c.slopeVsSeparation === null ? '—' : c.slopeVsSeparation.toFixed(3)} (1: the full shallow-vs-deep separation of [C]; 0: alike)` +
      (other && other.b !== null
        ? `; ${c.against}: b = ${other.b.toFixed(3)} [${other.low?.toFixed(3) ?? '—'}, ${other.high?.toFixed(3) ?? '—'}]`
        : '') +
      (c.reason ? `; ${c.reason}` : ''),
  };
}

/** The excluded replicates of a cell in words: how many, and which grammar seed failed which assumption. */
function excludedText(c: ScaleCell): string | number {
  if (c.excluded.length === 0) return 0;
  const n = [...new Map(c.excluded.map((e) => [e.grammarSeed, e.replicates])).values()].reduce((s, k) => s + k, 0);
  return `${n}: ${c.excluded.map((e) => `seed ${e.grammarSeed} ${e.assumption}`).join(', ')}`;
}

/**
 * View of an `rhm scale` result: the cells with P* and its interval, censored,
 * excluded and saturated replicates; both exponent fits and the verdict; collapse
 * and depth separation; the three plots.
 *
 * @param r - the `rhm-scale/1` result
 * @returns status, headline, tables and plots
 */
export function scaleView(r: ScaleResult): ReportView {
  const e = r.exponent;
  const d = r.exponentWithLogM;
  const headline =
    `learner ${r.learner}: b = ${e.b === null ? '—' : e.b.toFixed(3)}` +
    (e.low !== null && e.high !== null ? ` [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]` : '') +
    `, with log m b = ${d.b === null ? '—' : d.b.toFixed(3)}` +
    (d.low !== null && d.high !== null ? ` [${d.low.toFixed(3)}, ${d.high.toFixed(3)}]` : '') +
    ` over ${e.cellsUsed} cell(s), ${e.grammarSeeds} grammar seeds; verdict ${r.verdict} (${r.verdictReason})`;
  const tables: ReportView['tables'] = [
    {
      title: 'Cells',
      columns: [
        'n_c',
        'm',
        'L',
        'n_c·m^L',
        'P*',
        'low',
        'high',
        'P*/(n_c·m^L)',
        'P_max',
        'replicates',
        'censored',
        'excluded',
        'saturated',
        'in fit',
        'status',
        'reason',
      ],
      rows: r.cells.map((c) => [
        c.classes,
        c.m,
        c.L,
        c.ncMToL,
        c.pStar,
        c.pStarLow,
        c.pStarHigh,
        c.pStar === null ? null : c.pStar / c.ncMToL,
        c.pMax,
        c.replicates.length,
        c.censored,
        excludedText(c),
        c.saturated ? 'yes' : 'no',
        c.inFit ? 'yes' : 'no',
        c.status,
        [c.reason, c.fitNote].filter((x) => x !== undefined).join('; ') || null,
      ]),
      note: 'P*: median over the included replicates of the smallest training-set size reaching the target (empty when that median is censored); low/high: its bootstrap interval (high empty: beyond the budget). censored: included replicates that did not reach the target within the budget (P* > their lower bound). excluded: replicates whose grammar fails a pre-checked assumption (exact check, first patch), with the grammar seed and the assumption. saturated: a replicate reached P_max/2, so the cell is left out of the fit.',
    },
    {
      title: 'Exponent fits (censored maximum likelihood, bootstrap over grammar seeds)',
      columns: [
        'model',
        'b',
        'low',
        'high',
        'confidence',
        'a',
        'c',
        'd (log m)',
        'σ',
        'cells',
        'grammar seeds',
        'replicates',
        'censored',
        'resamples',
        'unidentified resamples',
        'interval meaningful',
      ],
      rows: [e, d].map((x) => [
        x.model,
        x.b,
        x.low,
        x.high,
        x.confidence,
        x.a,
        x.c,
        x.logM,
        x.sigma,
        x.cellsUsed,
        x.grammarSeeds,
        x.observations,
        x.censoredObservations,
        x.resamples,
        x.unidentifiedResamples,
        x.intervalMeaningful ? 'yes' : 'no',
      ]),
      ...optionalNote(
        [
          `verdict ${r.verdict} from the first fit against the band ${r.config.band.join(' … ')}`,
          e.cReason,
          e.intervalReason,
          e.reason,
          d.reason === e.reason ? undefined : d.reason && `with log m: ${d.reason}`,
        ]
          .filter((x) => x !== undefined && x !== '')
          .join('; '),
      ),
    },
    {
      title: 'Collapse and depth separation',
      columns: ['quantity', 'value'],
      rows: [
        ['collapse score under P/(n_c·m^L) (0 = perfect)', r.collapse.score],
        ['the same against P', r.collapse.rawScore],
        ['spread of log10(P*/(n_c·m^L))', r.collapse.crossingSpread],
        ['P* follows', r.depthSeparation.follows],
        ['slope of log P* against log P_max', r.depthSeparation.slopeVsPMax],
        ['slope of log P* against log(n_c·m^L)', r.depthSeparation.slopeVsNcMToL],
      ],
    },
  ];
  if (r.comparison) tables.push(comparisonTable(r.comparison));
  const levels = perLevelView(r);
  return {
    status: r.verdict === 'consistent' ? 'ok' : 'negative',
    headline,
    tables: [...tables, ...levels.tables],
    plots: [...scalePlots(r), ...levels.plots],
  };
}
