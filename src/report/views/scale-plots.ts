import type { PlotData } from '../../../spec/report';
import type { ReplicateResult, ScaleCell, ScaleResult } from '../../../spec/scale';

/** Points of the fitted line sampled along n_c·m^L (per n_c). */
const LINE_POINTS = 24;

type ErrorPlot = Extract<PlotData, { kind: 'error-curves' | 'error-collapse' }>;
type ErrorRow = ErrorPlot['rows'][number];
type ReplicateRow = NonNullable<ErrorPlot['replicates']>[number];

/** The legend name of a cell: m and L, and n_c when the sweep varies it. */
export function cellName(c: Pick<ScaleCell, 'classes' | 'm' | 'L'>, withClasses: boolean): string {
  return `${withClasses ? `n_c = ${c.classes}, ` : ''}m = ${c.m}, L = ${c.L}`;
}

function severalClasses(r: ScaleResult): boolean {
  return new Set(r.cells.map((c) => c.classes)).size > 1;
}

/** A replicate's test error at P, linear in log P between its evaluated neighbours; null outside its range. */
export function errorAt(points: ReplicateResult['points'], P: number): number | null {
  const sorted = [...points].sort((a, b) => a.P - b.P);
  const exact = sorted.find((p) => p.P === P);
  if (exact) return exact.testError;
  const i = sorted.findIndex((p) => p.P > P);
  if (i <= 0) return null;
  const a = sorted[i - 1];
  const b = sorted[i];
  if (a === undefined || b === undefined) return null;
  const t = (Math.log(P) - Math.log(a.P)) / (Math.log(b.P) - Math.log(a.P));
  return a.testError + t * (b.testError - a.testError);
}

/**
 * The learning curve of a cell: at every training-set size any replicate
 * evaluated (the search's log grid, shared by the replicates), the mean over
 * the replicates whose evaluated range covers it (interpolated in log P
 * between their own points) and mean ± one standard error. A size covered by
 * fewer than half of the replicates (at least one) is left out: the mean there
 * would describe a different subset of grammars.
 *
 * @param c - a sweep cell
 * @returns points in increasing P with mean, band and the replicate count
 */
export function cellCurve(c: ScaleCell): { P: number; testError: number; lo: number; hi: number; n: number }[] {
  const reps = c.replicates.filter((r) => r.points.length > 0);
  const grid = [...new Set(reps.flatMap((r) => r.points.map((p) => p.P)))].sort((a, b) => a - b);
  const need = Math.max(1, Math.ceil(reps.length / 2));
  return grid.flatMap((P) => {
    const errs = reps.map((r) => errorAt(r.points, P)).filter((e): e is number => e !== null);
    if (errs.length < need) return [];
    const n = errs.length;
    const mean = errs.reduce((s, e) => s + e, 0) / n;
    const se = n > 1 ? Math.sqrt(errs.reduce((s, e) => s + (e - mean) ** 2, 0) / (n - 1) / n) : 0;
    return [{ P, testError: mean, lo: Math.max(0, mean - se), hi: Math.min(1, mean + se), n }];
  });
}

/** Error curves against P and against P/(n_c·m^L), when any cell has points. */
export function curvePlots(r: ScaleResult): PlotData[] {
  const withNc = severalClasses(r);
  const cfg = (c: ScaleCell) => ({ curve: cellName(c, withNc), nc: c.classes, m: c.m, L: c.L });
  const rows: ErrorRow[] = r.cells.flatMap((c) => cellCurve(c).map((pt) => ({ ...cfg(c), ...pt })));
  if (rows.length === 0) return [];
  const replicates: ReplicateRow[] = r.cells.flatMap((c) =>
    c.replicates.flatMap((rep, i) =>
      [...rep.points]
        .sort((a, b) => a.P - b.P)
        .map((p) => ({ ...cfg(c), replicate: `${cellName(c, true)} #${i}`, P: p.P, testError: p.testError })),
    ),
  );
  const targets = [...new Set(r.cells.map((c) => c.target))];
  const target = targets.length === 1 ? targets[0] : undefined;
  const common =
    'Thick: mean held-out test error over the replicates of each cell on the search’s shared log grid of P (each replicate interpolated in log P between its own evaluated points; sizes covered by fewer than half the replicates are left out); band: ± one standard error. Thin: each replicate’s evaluated points.';
  const targetText = target !== undefined ? ` Dashed: the target ${r.config.threshold}·(1 − 1/n_c).` : '';
  const score = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  return [
    {
      kind: 'error-curves',
      title: 'Test error against training-set size P',
      caption: `${common}${targetText}`,
      rows,
      replicates,
      ...(target !== undefined ? { target } : {}),
    },
    {
      kind: 'error-collapse',
      title: 'Collapse of the learning curves under P/(n_c·mᴸ)',
      caption: `The same curves against P/(n_c·m^L): [C] predicts they collapse, crossing the target near 1. Collapse score ${r.collapse.score === null ? '— ' + (r.collapse.reason ?? '') : score(r.collapse.score)} (against P: ${score(r.collapse.rawScore)}; 0 = perfect).${targetText}`,
      rows,
      replicates,
      ...(target !== undefined ? { target } : {}),
    },
  ];
}

/** Points of a fitted line with its band. */
export type FitLine = Extract<PlotData, { kind: 'pstar-fit' }>['line'];

/** A fit ln y = a + c·ln n_c + b·(ln x − ln n_c) with the interval [low, high] of b. */
export interface BandFit {
  readonly a: number | null;
  readonly b: number | null;
  readonly c?: number | null | undefined;
  readonly low: number | null;
  readonly high: number | null;
}

/**
 * The fitted line and its band along x for fixed n_c, one piece per group of
 * measured x values (empty without a fit). The band pivots at the mean ln x of
 * the group, where the intercept is best determined.
 */
export function fitBandLine(
  e: BandFit,
  groups: readonly { readonly nc: number; readonly xs: readonly number[]; readonly series: string }[],
): FitLine {
  const line: FitLine = [];
  if (e.b === null || e.a === null) return line;
  const { a, b } = e;
  const lo = e.low ?? b;
  const hi = e.high ?? b;
  for (const { nc, series, xs: raw } of groups) {
    const xs = raw.map((x) => Math.log(x));
    const xMin = Math.min(...xs) - 0.25;
    const xMax = Math.max(...xs) + 0.25;
    const xBar = xs.reduce((s, x) => s + x, 0) / xs.length;
    const offset = a + (e.c ?? 0) * Math.log(nc) - b * Math.log(nc);
    const at = (slope: number, lx: number) => offset + b * xBar + slope * (lx - xBar);
    for (let i = 0; i < LINE_POINTS; i++) {
      const lx = xMin + ((xMax - xMin) * i) / (LINE_POINTS - 1);
      const ys = [at(lo, lx), at(hi, lx)];
      line.push({
        series,
        x: Math.exp(lx),
        fit: Math.exp(at(b, lx)),
        lo: Math.exp(Math.min(...ys)),
        hi: Math.exp(Math.max(...ys)),
      });
    }
  }
  return line;
}

/** The fitted line and its band, per n_c, over the measured cells (empty without a fit). */
function fitLine(e: ScaleResult['exponent'], measured: ScaleCell[]): FitLine {
  const ncs = [...new Set(measured.map((c) => c.classes))];
  return fitBandLine(
    e,
    ncs.map((nc) => ({
      nc,
      series: `n_c = ${nc}`,
      xs: measured.filter((c) => c.classes === nc).map((c) => c.ncMToL),
    })),
  );
}

/** P* against n_c·m^L with error bars, the fitted line and the slope-1 reference, when any cell has a P*. */
export function pStarPlots(r: ScaleResult): PlotData[] {
  const measured = r.cells.filter((c) => c.pStar !== null && c.inFit);
  if (measured.length === 0) return [];
  const e = r.exponent;
  const withNc = severalClasses(r);
  return [
    {
      kind: 'pstar-fit',
      title: 'P* against n_c·mᴸ (log–log)',
      caption:
        'Points: median P* per cell with its bootstrap interval (bars; an open upper end is beyond the budget and not drawn). ' +
        (e.b === null
          ? `No fit: ${e.reason ?? 'too few measured cells'}.`
          : `Fit ln P* = a + b·L·ln m${e.c === null ? '' : ' + c·ln n_c'}: b = ${e.b.toFixed(3)}, ${Math.round(e.confidence * 100)}% bootstrap interval [${e.low?.toFixed(3) ?? '—'}, ${e.high?.toFixed(3) ?? '—'}] (${e.method}); ` +
            'the grey band is swept by b over that interval, pivoting at the mean of the measured cells.') +
        ` Dashed: slope 1 through the origin, P* = n_c·m^L, the [C] prediction. Verdict: ${r.verdict}.`,
      points: measured.map((c) => ({
        series: cellName(c, withNc),
        x: c.ncMToL,
        pStar: c.pStar as number,
        m: c.m,
        L: c.L,
        ...(c.pStarLow !== null && c.pStarHigh !== null ? { lo: c.pStarLow, hi: c.pStarHigh } : {}),
      })),
      line: fitLine(e, measured),
    },
  ];
}

/** The learner comparison of `rhm scale --compare` and both learners' exponents, when the result has one. */
export function comparisonPlots(r: ScaleResult): PlotData[] {
  const cmp = r.comparison;
  const model = (m: string) => (m.includes('d·log m') ? 'b·L·log m + d·log m' : 'b·L·log m');
  const rows = [r.exponent, r.exponentWithLogM].flatMap((e) =>
    e.b === null ? [] : [{ learner: r.learner, model: model(e.model), b: e.b, low: e.low, high: e.high }],
  );
  const other = cmp?.againstExponent;
  if (cmp && other && other.b !== null)
    rows.push({ learner: cmp.against, model: model(other.model), b: other.b, low: other.low, high: other.high });
  const out: PlotData[] = [];
  if (rows.length > 0) {
    out.push({
      kind: 'exponent-per-learner',
      title: `Exponent b of P* ∝ (n_c·mᴸ)ᵇ${cmp ? ' per learner' : ''}`,
      caption: `b with its ${Math.round(r.exponent.confidence * 100)}% bootstrap interval (over grammar seeds) for each fitted model${cmp ? ' and learner' : ''}; a point without a bar has an unbounded or uncomputed interval. Shaded: the band ${r.config.band.join(' … ')} the verdict tests the first model against; dashed: b = 1, the [C] prediction.`,
      rows,
      band: [r.config.band[0], r.config.band[1]],
      confidence: r.exponent.confidence,
    });
  }
  const measured = (cmp?.cells ?? []).flatMap((c) =>
    c.ratio === null || c.ratio <= 0 ? [] : [{ ...c, ratio: c.ratio }],
  );
  if (cmp && measured.length > 0) {
    out.push({
      kind: 'learner-comparison',
      title: `P* of ${cmp.learner} relative to ${cmp.against}`,
      caption: `Per cell both sweeps measured: P*(${cmp.learner})/P*(${cmp.against}) against P_max/(n_c·m^L), the gap [C] predicts between a shallow learner (P* ~ P_max) and a deep one (P* ~ n_c·m^L). Slope 1: the full separation; slope 0: the learners scale alike.${cmp.reason ? ` ${cmp.reason}.` : ''}`,
      learner: cmp.learner,
      against: cmp.against,
      rows: measured.map((c) => ({ m: c.m, L: c.L, nc: c.classes, ratio: c.ratio, separation: c.separation })),
      slope: cmp.slopeVsSeparation,
    });
  }
  return out;
}
