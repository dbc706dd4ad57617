import type { PlotData } from '../../../spec/report';
import { base, logAxis, MATH, seriesChannels, seriesScales, withReferences, wrap, type SeriesKey } from './style';

/** Vega-Lite specs of the per-level plots (gap, recovery, distances to q). @internal */

type Spec = Record<string, unknown>;

const LEVEL_X = { field: 'level', type: 'ordinal', title: 'level l', axis: { labelAngle: 0 } };

/**
 * ρ̂^(l) per grammar (hue by m, dash by L) on a log axis, with the reference
 * curves m^(−(l−1)/2) and (20m)^(−(l−1)/2) per m in greys.
 */
export function gapSpec(plot: Extract<PlotData, { kind: 'gap-per-level' }>): Spec {
  // A zero gap is null here: the line breaks there instead of bridging the level (and a log axis cannot show 0).
  const measured = plot.rows.map((r) => ({ series: r.series, level: r.level, gap: r.gap > 0 ? r.gap : null }));
  const zeros = plot.rows.filter((r) => r.gap === 0).map((r) => `${r.series} l = ${r.level}`);
  const levels = [...new Set(plot.rows.map((r) => r.level))].sort((a, b) => a - b);
  const ms = [...new Set(plot.rows.map((r) => r.m))].sort((a, b) => a - b);
  const refs = ms.flatMap((m) =>
    levels.flatMap((l) => [
      { series: `${MATH.mRef}, m = ${m}`, level: l, value: m ** (-(l - 1) / 2) },
      { series: `${MATH.prop19Ref}, m = ${m}`, level: l, value: (20 * m) ** (-(l - 1) / 2) },
    ]),
  );
  const refNames = [...new Set(refs.map((r) => r.series))];
  const keys: SeriesKey[] = plot.rows.map((r) => ({ name: r.series, family: r.m, variant: r.L ?? 0 }));
  const s = withReferences(
    seriesScales(keys),
    refNames.map((name, i) => ({ name, dash: i % 2 === 0 ? [6, 3] : [2, 2] })),
  );
  const subtitle =
    zeros.length > 0 ? wrap(`${MATH.gap} = 0 (not drawn on the log axis): ${zeros.join(', ')}`, 60) : undefined;
  const y = { type: 'quantitative', ...logAxis('gap') };
  const legend = { columns: 1 };
  return {
    ...base(plot.title, subtitle),
    layer: [
      {
        name: 'reference',
        data: { values: refs },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: LEVEL_X,
          y: { field: 'value', ...y },
          ...seriesChannels('series', `measured ${MATH.gap} and references`, s, ['color', 'strokeDash'], legend),
        },
      },
      {
        name: 'measured',
        data: { values: measured },
        mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
        encoding: {
          x: LEVEL_X,
          y: { field: 'gap', ...y },
          ...seriesChannels('series', `measured ${MATH.gap} and references`, s, ['color', 'strokeDash'], legend),
          tooltip: [{ field: 'series' }, { field: 'level' }, { field: 'gap', format: '.4g' }],
        },
      },
    ],
  };
}

/**
 * Recovery rate per level. With several training-set sizes per run: curves
 * against samples, one per (run, level). With one size per run (a single
 * `rhm learn`): the per-level profile, one line per run across the levels.
 */
export function recoverySpec(plot: Extract<PlotData, { kind: 'recovery-vs-samples' }>): Spec {
  const sizes = new Map<string, Set<number>>();
  for (const r of plot.rows) {
    const key = `${r.series}\u0000${r.level}`;
    sizes.set(key, (sizes.get(key) ?? new Set()).add(r.samples));
  }
  const curves = [...sizes.values()].some((s) => s.size > 1);
  const y = { field: 'recovery', type: 'quantitative', title: 'recovery rate', scale: { domain: [0, 1] } };
  if (!curves) {
    const s = seriesScales(plot.rows.map((r) => ({ name: r.series, family: r.series, variant: 0 })));
    return {
      ...base(plot.title, 'one training-set size per run: recovery across the levels'),
      data: { values: plot.rows },
      mark: { type: 'line', point: { filled: true, size: 70 }, strokeWidth: 2 },
      encoding: {
        x: LEVEL_X,
        y,
        ...seriesChannels('series', 'run (training samples)', s, ['color', 'shape'], { columns: 1, labelLimit: 0 }),
        tooltip: [{ field: 'series' }, { field: 'level' }, { field: 'samples' }, { field: 'recovery', format: '.4g' }],
      },
    };
  }
  const several = new Set(plot.rows.map((r) => r.series)).size > 1;
  const values = plot.rows.map((r) => ({ ...r, curve: several ? `${r.series}, l = ${r.level}` : `l = ${r.level}` }));
  const s = seriesScales(values.map((r) => ({ name: r.curve, family: r.series, variant: r.level })));
  return {
    ...base(plot.title),
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 70 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'samples', type: 'quantitative', ...logAxis('training samples') },
      y,
      ...seriesChannels('curve', several ? 'run, level' : 'level', s, undefined, { columns: 1, labelLimit: 0 }),
      tooltip: [{ field: 'curve' }, { field: 'samples' }, { field: 'recovery', format: '.4g' }],
    },
  };
}

const QUANTITIES = [
  { field: 'maxDistance', label: `max ${MATH.maxDistance}` },
  { field: 'epsilonStar', label: MATH.epsilonStar },
  { field: 'halfGap', label: MATH.halfGap },
] as const;

/** max‖h − q‖ per level against ε_*^(l) and ρ̂^(l)/2: hue per run, shade and dash per quantity, log axis. */
export function levelDistanceSpec(plot: Extract<PlotData, { kind: 'level-distance' }>): Spec {
  const runs = [...new Set(plot.rows.map((r) => r.series))];
  const values = plot.rows.flatMap((r) =>
    QUANTITIES.flatMap((q, k) => {
      const v = r[q.field];
      return v !== null && v > 0
        ? [{ level: r.level, value: v, quantity: runs.length > 1 ? `${r.series}: ${q.label}` : q.label, k }]
        : [];
    }),
  );
  const s = seriesScales(
    values.map((v) => ({ name: v.quantity, family: v.quantity.split(': ')[0] ?? '', variant: v.k })),
  );
  return {
    ...base(plot.title),
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
    encoding: {
      x: LEVEL_X,
      y: { field: 'value', type: 'quantitative', ...logAxis('distance') },
      ...seriesChannels('quantity', 'quantity', s, undefined, { columns: 1, labelLimit: 0 }),
      tooltip: [{ field: 'quantity' }, { field: 'level' }, { field: 'value', format: '.4g' }],
    },
  };
}
