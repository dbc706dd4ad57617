import type { PlotData } from '../../../spec/report';
import type { ScaleCell, ScaleResult } from '../../../spec/scale';
import { perLevelView } from './scale-levels';
import { sensitivityPlot } from './scale-sensitivity';
import type { ReportView } from './view';

/** Points of the fitted line sampled along n_c·m^L (per n_c). */
const LINE_POINTS = 24;

function cellName(c: Pick<ScaleCell, 'classes' | 'm' | 'L'>): string {
  return `n_c=${c.classes} m=${c.m} L=${c.L}`;
}

/** Mean test error per training-set size over the replicates of a cell (the search grid is shared, so sizes coincide). */
function cellCurve(c: ScaleCell): { P: number; testError: number }[] {
  const byP = new Map<number, number[]>();
  for (const r of c.replicates) for (const p of r.points) byP.set(p.P, [...(byP.get(p.P) ?? []), p.testError]);
  return [...byP.entries()]
    .sort(([a], [b]) => a - b)
    .map(([P, errs]) => ({ P, testError: errs.reduce((s, e) => s + e, 0) / errs.length }));
}

/**
 * The plots of a sweep: error curves against P and against P/(n_c·m^L), and
 * P* against n_c·m^L with the fitted line log P* = a + b·L·log m (+ c·log n_c)
 * and the band swept by b over its bootstrap interval.
 *
 * @param r - the `rhm-scale/1` result
 * @returns the plots that have data
 * @paper [C] §V (P* ≈ n_c·m^L, collapse under P/(n_c·m^L)); [R] Theorem 7 (m^((1+o(1))L))
 */
export function scalePlots(r: ScaleResult): PlotData[] {
  const sensitivity = sensitivityPlot(r);
  return [...curvePlots(r), ...pStarPlots(r), ...(sensitivity ? [sensitivity] : [])];
}

/** Optional `note` of a table: present only when there is something to say. */
function optionalNote(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

/** Error curves against P and against P/(n_c·m^L), when any cell has points. */
function curvePlots(r: ScaleResult): PlotData[] {
  const rows = r.cells.flatMap((c) =>
    cellCurve(c).map((pt) => ({ curve: cellName(c), P: pt.P, testError: pt.testError, nc: c.classes, m: c.m, L: c.L })),
  );
  if (rows.length === 0) return [];
  const targets = [...new Set(r.cells.map((c) => c.target))];
  const target = targets.length === 1 ? targets[0] : undefined;
  const common =
    'Mean held-out test error over the replicates of each cell at every training-set size the P* search evaluated.';
  return [
    {
      kind: 'error-curves',
      title: 'Test error against training-set size P',
      caption: `${common}${target !== undefined ? ` Dashed: the target ${r.config.threshold}·(1 − 1/n_c).` : ''}`,
      rows,
      ...(target !== undefined ? { target } : {}),
    },
    {
      kind: 'error-collapse',
      title: 'Collapse of the error curves under P/(n_c·m^L)',
      caption: `The same curves against P/(n_c·m^L): [C] predicts they collapse, crossing the target near 1. Collapse score ${r.collapse.score === null ? '— ' + (r.collapse.reason ?? '') : r.collapse.score.toFixed(3)} (against P: ${r.collapse.rawScore === null ? '—' : r.collapse.rawScore.toFixed(3)}; 0 = perfect).`,
      rows,
      ...(target !== undefined ? { target } : {}),
    },
  ];
}

type FitLine = Extract<PlotData, { kind: 'pstar-fit' }>['line'];

/** The fitted line and its band, per n_c, over the measured cells (empty without a fit). */
function fitLine(e: ScaleResult['exponent'], measured: ScaleCell[]): FitLine {
  const line: FitLine = [];
  if (e.b === null || e.a === null) return line;
  const { a, b } = e;
  const lo = e.low ?? b;
  const hi = e.high ?? b;
  for (const nc of [...new Set(measured.map((c) => c.classes))]) {
    const xs = measured.filter((c) => c.classes === nc).map((c) => Math.log(c.ncMToL));
    const xMin = Math.min(...xs) - 0.25;
    const xMax = Math.max(...xs) + 0.25;
    const xBar = xs.reduce((s, x) => s + x, 0) / xs.length;
    // ln P* = a + c·ln n_c + b·(ln x − ln n_c) along x = n_c·m^L for fixed n_c.
    const offset = a + (e.c ?? 0) * Math.log(nc) - b * Math.log(nc);
    const at = (slope: number, lx: number) => offset + b * xBar + slope * (lx - xBar);
    for (let i = 0; i < LINE_POINTS; i++) {
      const lx = xMin + ((xMax - xMin) * i) / (LINE_POINTS - 1);
      const ys = [at(lo, lx), at(hi, lx)];
      line.push({
        series: `n_c = ${nc}`,
        x: Math.exp(lx),
        fit: Math.exp(at(b, lx)),
        lo: Math.exp(Math.min(...ys)),
        hi: Math.exp(Math.max(...ys)),
      });
    }
  }
  return line;
}

/** P* against n_c·m^L with the fitted line, when any cell has a P*. */
function pStarPlots(r: ScaleResult): PlotData[] {
  const measured = r.cells.filter((c) => c.pStar !== null && c.inFit);
  if (measured.length === 0) return [];
  const e = r.exponent;
  return [
    {
      kind: 'pstar-fit',
      title: 'P* against n_c·m^L (log–log)',
      caption:
        (e.b === null
          ? `No fit: ${e.reason ?? 'too few measured cells'}.`
          : `Fit ln P* = a + b·L·ln m${e.c === null ? '' : ' + c·ln n_c'}: b = ${e.b.toFixed(3)}, ${Math.round(e.confidence * 100)}% bootstrap interval [${e.low?.toFixed(3) ?? '—'}, ${e.high?.toFixed(3) ?? '—'}] (${e.method}); ` +
            'the band is swept by b over that interval, pivoting at the mean of the measured cells. [C] predicts slope 1.') +
        ` Verdict: ${r.verdict}.`,
      points: measured.map((c) => ({ series: cellName(c), x: c.ncMToL, pStar: c.pStar as number })),
      line: fitLine(e, measured),
    },
  ];
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
  const levels = perLevelView(r);
  return {
    status: r.verdict === 'consistent' ? 'ok' : 'negative',
    headline,
    tables: [...tables, ...levels.tables],
    plots: [...scalePlots(r), ...levels.plots],
  };
}
