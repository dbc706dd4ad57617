import type { PlotData } from '../../../spec/report';
import {
  base,
  familyColours,
  logAxis,
  MATH,
  seriesChannels,
  seriesScales,
  withReferences,
  type SeriesKey,
} from './style';

/** Vega-Lite specs of the sweep plots (learning curves, P* fit, learner comparison, exponents). @internal */

type Spec = Record<string, unknown>;
type ErrorPlot = Extract<PlotData, { kind: 'error-curves' | 'error-collapse' }>;

/** Hue by m, shade and dash by L (and n_c when it varies): every configuration its own colour. */
function cellKeys(rows: readonly { curve: string; m: number; L: number; nc: number }[]): SeriesKey[] {
  const ncs = new Set(rows.map((r) => r.nc)).size;
  return rows.map((r) => ({ name: r.curve, family: r.m, variant: ncs > 1 ? `${r.L}/${r.nc}` : r.L }));
}

/**
 * Learning curves: per configuration the mean test error over replicates on
 * the cell's common grid of P with its band (when the data carry lo/hi), each
 * replicate's own points faintly beneath, the target as a rule; against P or
 * against P/(n_c·m^L) (collapse, with a rule at 1).
 */
export function errorSpec(plot: ErrorPlot): Spec {
  const collapse = plot.kind === 'error-collapse';
  const xOf = (r: { P: number; nc: number; m: number; L: number }) => (collapse ? r.P / (r.nc * r.m ** r.L) : r.P);
  const values = plot.rows.map((r) => ({ ...r, x: xOf(r) }));
  const s = seriesScales(cellKeys(plot.rows));
  const x = {
    field: 'x',
    type: 'quantitative',
    ...logAxis(collapse ? `P / (${MATH.ncMToL})` : 'training-set size P'),
  };
  const y = { field: 'testError', type: 'quantitative', title: 'test error', scale: { domain: [0, 1] } };
  const colour = seriesChannels('curve', 'configuration', s, ['color']);
  const layers: Spec[] = [];
  if (plot.replicates !== undefined && plot.replicates.length > 0) {
    layers.push({
      name: 'replicates',
      data: { values: plot.replicates.map((r) => ({ ...r, x: xOf(r) })) },
      mark: { type: 'line', strokeWidth: 1, opacity: 0.3, interpolate: 'linear' },
      encoding: { x, y, ...colour, detail: { field: 'replicate' } },
    });
  }
  if (plot.rows.some((r) => r.lo !== undefined && r.hi !== undefined)) {
    layers.push({
      name: 'band',
      data: { values: values.filter((r) => r.lo !== undefined && r.hi !== undefined) },
      mark: { type: 'area', opacity: 0.12 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, ...colour },
    });
  }
  layers.push({
    name: 'mean',
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 36 }, strokeWidth: 2 },
    encoding: {
      x,
      y,
      ...seriesChannels('curve', 'configuration', s),
      tooltip: [{ field: 'curve' }, { field: 'P' }, { field: 'testError', format: '.4f' }, { field: 'n' }],
    },
  });
  if (plot.target !== undefined) {
    layers.push({
      name: 'target',
      data: { values: [{ y: plot.target }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#222' },
      encoding: { y: { field: 'y', type: 'quantitative' } },
    });
  }
  if (collapse) {
    layers.push({
      name: 'unit',
      data: { values: [{ x: 1 }] },
      mark: { type: 'rule', strokeDash: [2, 2], color: '#555' },
      encoding: { x: { field: 'x', type: 'quantitative' } },
    });
  }
  return { ...base(plot.title), layer: layers };
}

/**
 * P* against n_c·m^L, log–log: each cell's median with its bootstrap interval
 * (hue by m, shape by L), the fitted line per n_c with its band (greys), and
 * the slope-1 reference P* = n_c·m^L.
 */
export function pStarSpec(plot: Extract<PlotData, { kind: 'pstar-fit' }>): Spec {
  const x = { field: 'x', type: 'quantitative', ...logAxis(MATH.ncMToL) };
  const keys = plot.points.map((p) => ({ name: p.series, family: p.m ?? 0, variant: p.L ?? 0 }));
  const xs = [...plot.points.map((p) => p.x), ...plot.line.map((l) => l.x)];
  const lo = Math.min(...xs) / 2;
  const hi = Math.max(...xs) * 2;
  const fits = [...new Set(plot.line.map((l) => `fit, ${l.series}`))];
  const refName = `slope 1: P* = ${MATH.ncMToL}`;
  const s = withReferences(seriesScales(keys), [
    ...fits.map((name) => ({ name, dash: [1, 0] })),
    { name: refName, dash: [5, 4] },
  ]);
  const lines = [
    ...plot.line.map((l) => ({ series: `fit, ${l.series}`, x: l.x, y: l.fit })),
    { series: refName, x: lo, y: lo },
    { series: refName, x: hi, y: hi },
  ];
  const title = 'measured P* (bootstrap interval) and lines';
  const legend = { columns: 2 };
  const yAxis = { type: 'quantitative', ...logAxis(MATH.pStar) };
  const layers: Spec[] = [];
  if (plot.line.length > 0) {
    layers.push({
      name: 'band',
      data: { values: plot.line.map((l) => ({ ...l, series: `fit, ${l.series}` })) },
      mark: { type: 'area', opacity: 0.14 },
      encoding: {
        x,
        y: { field: 'lo', ...yAxis },
        y2: { field: 'hi' },
        ...seriesChannels('series', title, s, ['color'], legend),
      },
    });
  }
  layers.push({
    name: 'lines',
    data: { values: lines },
    mark: { type: 'line', strokeWidth: 1.5, clip: true },
    encoding: {
      x,
      y: { field: 'y', ...yAxis },
      ...seriesChannels('series', title, s, ['color', 'strokeDash'], legend),
    },
  });
  const bars = plot.points.filter((p) => p.lo !== undefined && p.hi !== undefined);
  if (bars.length > 0) {
    layers.push({
      name: 'interval',
      data: { values: bars },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: 'lo', ...yAxis },
        y2: { field: 'hi' },
        ...seriesChannels('series', title, s, ['color'], legend),
      },
    });
  }
  layers.push({
    name: 'measured',
    data: { values: [...plot.points] },
    mark: { type: 'point', filled: true, size: 80, opacity: 1 },
    encoding: {
      x,
      y: { field: 'pStar', ...yAxis },
      ...seriesChannels('series', title, s, ['color', 'shape'], legend),
      tooltip: [{ field: 'series' }, { field: 'pStar' }, { field: 'lo' }, { field: 'hi' }],
    },
  });
  return { ...base(plot.title), layer: layers };
}

/**
 * P*(learner)/P*(against) per common cell against P_max/(n_c·m^L), log–log,
 * with the two references: slope 1 (ratio = separation: the full shallow-vs-deep
 * gap of [C]) and slope 0 (ratio 1: the learners scale alike).
 */
export function comparisonSpec(plot: Extract<PlotData, { kind: 'learner-comparison' }>): Spec {
  const values = plot.rows.map((r) => ({ ...r, series: `m = ${r.m}, L = ${r.L}, n_c = ${r.nc}`, x: r.separation }));
  const refs = [`slope 1: ratio = P_max/(${MATH.ncMToL})`, 'slope 0: ratio = 1'] as const;
  const s = withReferences(seriesScales(values.map((v) => ({ name: v.series, family: v.m, variant: v.L }))), [
    { name: refs[0], dash: [6, 3] },
    { name: refs[1], dash: [2, 2] },
  ]);
  const xs = values.map((v) => v.separation);
  const lo = Math.min(...xs, 1) / 1.5;
  const hi = Math.max(...xs, 1) * 1.5;
  const refValues = [
    { series: refs[0], x: lo, y: lo },
    { series: refs[0], x: hi, y: hi },
    { series: refs[1], x: lo, y: 1 },
    { series: refs[1], x: hi, y: 1 },
  ];
  const x = { field: 'x', type: 'quantitative', ...logAxis(`P_max / (${MATH.ncMToL})`) };
  const y = { type: 'quantitative', ...logAxis(`P*(${plot.learner}) / P*(${plot.against})`) };
  const title = 'cell and references';
  const legend = { columns: 2 };
  return {
    ...base(plot.title, plot.slope === null ? undefined : `least-squares slope ${plot.slope.toFixed(3)}`),
    layer: [
      {
        name: 'reference',
        data: { values: refValues },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x,
          y: { field: 'y', ...y },
          ...seriesChannels('series', title, s, ['color', 'strokeDash'], legend),
        },
      },
      {
        name: 'measured',
        data: { values },
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x,
          y: { field: 'ratio', ...y },
          ...seriesChannels('series', title, s, ['color', 'shape'], legend),
          tooltip: [{ field: 'series' }, { field: 'ratio', format: '.4g' }, { field: 'separation', format: '.4g' }],
        },
      },
    ],
  };
}

/** The exponent b with its bootstrap interval, one row per (learner, model), over the verdict's band and b = 1. */
export function exponentSpec(plot: Extract<PlotData, { kind: 'exponent-per-learner' }>): Spec {
  const values = plot.rows.map((r) => ({ ...r, row: `${r.learner}: ${r.model}` }));
  const learners = [...new Set(values.map((v) => v.learner))];
  const groups = learners.map((l) => values.filter((v) => v.learner === l).map((v) => v.row));
  const domain = groups.flat();
  const colour = { field: 'row', type: 'nominal', scale: { domain, range: familyColours(groups) }, legend: null };
  const y = { field: 'row', type: 'nominal', title: null, sort: domain, axis: { labelLimit: 320 } };
  const bxs = values.flatMap((v) => [v.b, v.low ?? v.b, v.high ?? v.b]);
  const domainX = [Math.min(...bxs, 1, plot.band?.[0] ?? 1) - 0.1, Math.max(...bxs, 1, plot.band?.[1] ?? 1) + 0.1];
  const xb = { field: 'b', type: 'quantitative', title: 'exponent b', scale: { domain: domainX, nice: false } };
  const layers: Spec[] = [];
  if (plot.band !== undefined) {
    layers.push({
      name: 'band',
      data: { values: [{ lo: plot.band[0], hi: plot.band[1] }] },
      mark: { type: 'rect', color: '#2e7d32', opacity: 0.1 },
      encoding: { x: { ...xb, field: 'lo' }, x2: { field: 'hi' } },
    });
  }
  layers.push(
    {
      name: 'prediction',
      data: { values: [{ b: 1 }] },
      mark: { type: 'rule', strokeDash: [5, 4], color: '#444' },
      encoding: { x: xb },
    },
    {
      name: 'interval',
      data: { values: values.filter((v) => v.low !== null && v.high !== null) },
      mark: { type: 'rule', strokeWidth: 2.5 },
      encoding: { x: { ...xb, field: 'low' }, x2: { field: 'high' }, y, color: colour },
    },
    {
      name: 'measured',
      data: { values },
      mark: { type: 'point', filled: true, size: 110, opacity: 1 },
      encoding: {
        x: xb,
        y,
        color: colour,
        tooltip: [{ field: 'row' }, { field: 'b', format: '.4f' }, { field: 'low' }, { field: 'high' }],
      },
    },
  );
  return { ...base(plot.title), height: Math.max(60, 34 * values.length), layer: layers };
}
