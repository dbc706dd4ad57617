import { ATLAS_ASSUMPTIONS, type AtlasCell, type AtlasResult, type Quantiles } from '../../../spec/atlas';
import type { AssumptionHeatmapPlot } from '../../../spec/extra-plots';
import type { PlotData, ReportTable } from '../../../spec/report';
import type { ReportView } from './view';

/**
 * The report view of `rhm atlas` (`rhm-atlas/1`): the per-sampler conclusions,
 * one table row per cell (shares with their Wilson intervals, κ̂ and K̂_ρ
 * quantiles, Proposition 19), and heat maps of each share by v and m, one
 * panel per sampler and n_c/v. Self-contained: the Vega-Lite spec of the heat
 * map is built here ({@link heatmapSpec}).
 */

const COLUMNS = ['all', ...ATLAS_ASSUMPTIONS] as const;
type Column = (typeof COLUMNS)[number];

const SHORT: Readonly<Record<Column, string>> = {
  all: 'all',
  'rule-structure': 'rule-str.',
  'non-degeneracy': 'non-deg.',
  'weak-identifiability': 'weak-id',
  'weak-identifiability-all-positions': 'weak-id all pos.',
};

function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return '—';
  if (x === 0) return '0';
  return Number(x.toPrecision(digits)).toString();
}

/** "0.93 [0.81, 0.97]", or '—' when not measured. */
function shareText(c: AtlasCell, id: Column): string {
  const share = c.holds?.[id];
  const iv = c.intervals?.[id];
  if (share === undefined || iv === undefined) return '—';
  return `${share.toFixed(2)} [${iv.low.toFixed(2)}, ${iv.high.toFixed(2)}]`;
}

function quantileText(q: Quantiles | undefined): string {
  if (!q) return '—';
  const inf = q.undefined > 0 ? ` (${q.undefined} undef.)` : '';
  return q.defined === 0 ? `undefined${inf}` : `${num(q.median)} [${num(q.q10)}, ${num(q.q90)}]${inf}`;
}

function prop19Text(c: AtlasCell): string {
  const p = c.prop19;
  if (p === undefined) return '—';
  if (p === null) return 'n/a';
  const fails = p.zeroGapFailures + p.belowBoundFailures;
  return `${p.share.toFixed(2)} [${p.interval.low.toFixed(2)}, ${p.interval.high.toFixed(2)}]${fails > 0 ? ` (${p.zeroGapFailures} zero gap, ${p.belowBoundFailures} below)` : ''}`;
}

/** The cell table: one row per cell. */
export function atlasRows(r: AtlasResult): (string | number)[][] {
  return r.cells.map((c) => [
    c.sampler,
    c.vocab,
    c.classes,
    c.m,
    c.s,
    c.L,
    c.seeds,
    ...(c.status === 'impossible' ? COLUMNS.map(() => 'impossible') : COLUMNS.map((id) => shareText(c, id))),
    quantileText(c.kappa),
    quantileText(c.kRho),
    prop19Text(c),
  ]);
}

const HEADER = [
  'sampler',
  'v',
  'n_c',
  'm',
  's',
  'L',
  'seeds',
  ...COLUMNS.map((c) => SHORT[c]),
  'κ̂ median [q10, q90]',
  'K̂_ρ median [q10, q90]',
  'Prop. 19',
];

/** The atlas as plain text: the conclusions, then the cell table (what `rhm atlas` prints). */
export function formatAtlasTable(r: AtlasResult): string {
  const rows = [HEADER, ...atlasRows(r).map((row) => row.map(String))];
  const widths = HEADER.map((_, j) => Math.max(...rows.map((row) => (row[j] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((x, j) => x.padEnd(widths[j] ?? 0))
      .join('  ')
      .trimEnd();
  const confidence = Math.round(r.config.confidence * 100);
  return [
    `rhm atlas: ${r.cells.length} cells × ${r.config.seeds} grammar seeds, shares with ${confidence}% Wilson intervals (${r.seconds.toFixed(1)} s, ${r.config.workers} workers)`,
    ...r.conclusions.map((c) => `  ${c.sentence}`),
    '',
    ...rows.map(line),
    '',
  ].join('\n');
}

function panelOf(c: AtlasCell): string {
  return `${c.sampler} · n_c/v = ${num(c.classes / c.vocab)} · s = ${c.s} · L = ${c.L}`;
}

/** The heat map of one share over the measured cells (null when none). */
function heatmap(r: AtlasResult, id: Column | 'proposition-19'): AssumptionHeatmapPlot | null {
  const rows = r.cells.flatMap((c) => {
    if (c.status !== 'measured') return [];
    if (id === 'proposition-19') {
      const p = c.prop19;
      if (!p) return [];
      return [
        {
          panel: panelOf(c),
          v: c.vocab,
          m: c.m,
          share: p.share,
          low: p.interval.low,
          high: p.interval.high,
          seeds: c.seeds,
        },
      ];
    }
    const share = c.holds?.[id];
    const iv = c.intervals?.[id];
    if (share === undefined || iv === undefined) return [];
    return [{ panel: panelOf(c), v: c.vocab, m: c.m, share, low: iv.low, high: iv.high, seeds: c.seeds }];
  });
  if (rows.length === 0) return null;
  const what =
    id === 'proposition-19'
      ? 'ρ̂^(l) ≥ (20m)^(−(l−1)/2) at every level (Proposition 19 of [R], uniform-first-token only)'
      : id === 'all'
        ? 'rule-structure, non-degeneracy and weak-identifiability all hold (the hypotheses of Theorem 7)'
        : `${id} holds`;
  return {
    kind: 'assumption-heatmap',
    title: `Share of grammars on which ${id === 'all' ? 'every assumption' : id} holds`,
    caption: `Share of the ${r.config.seeds} grammar seeds of each cell on which ${what}, by v and m; one panel per sampler and n_c/v. Each cell is labelled with its share; its ${Math.round(100 * r.config.confidence)}% Wilson interval is in the table. Blank cells were not measured or are impossible.`,
    assumption: id,
    rows,
  };
}

/** The data of a heat map as a table (Markdown, and under the HTML figure). */
export function heatmapTable(plot: AssumptionHeatmapPlot): ReportTable {
  return {
    title: plot.title,
    columns: ['panel', 'v', 'm', 'share', 'low', 'high', 'seeds'],
    rows: plot.rows.map((r) => [r.panel, r.v, r.m, r.share, r.low, r.high, r.seeds]),
  };
}

/**
 * The Vega-Lite spec of an assumption heat map: share by m (x) and v (y), one
 * facet per panel, each cell labelled with its share. Pure; data inlined.
 */
export function heatmapSpec(plot: AssumptionHeatmapPlot): Record<string, unknown> {
  const values = plot.rows.map((row) => ({ ...row, label: row.share.toFixed(2) }));
  const x = { field: 'm', type: 'ordinal', title: 'm', axis: { labelAngle: 0 } };
  const y = { field: 'v', type: 'ordinal', title: 'v', sort: 'descending' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    title: { text: plot.title, anchor: 'start', fontSize: 13 },
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 11, labelLimit: 400 } },
    columns: 2,
    spec: {
      width: 200,
      height: 150,
      layer: [
        {
          mark: { type: 'rect', stroke: 'white' },
          encoding: {
            x,
            y,
            color: {
              field: 'share',
              type: 'quantitative',
              title: 'share',
              scale: { domain: [0, 1], scheme: 'viridis' },
            },
            tooltip: [
              { field: 'v' },
              { field: 'm' },
              { field: 'share', format: '.2f' },
              { field: 'low', format: '.2f' },
              { field: 'high', format: '.2f' },
              { field: 'seeds' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            x,
            y,
            text: { field: 'label' },
            color: { condition: { test: 'datum.share < 0.6', value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  };
}

/**
 * View of an `rhm atlas` result.
 *
 * @param r - the `rhm-atlas/1` result
 * @returns status 'info' (an atlas judges nothing), the conclusions as headline, the tables and heat maps
 */
export function atlasView(r: AtlasResult): ReportView {
  const plots: PlotData[] = [...COLUMNS, 'proposition-19' as const]
    .map((id) => heatmap(r, id))
    .filter((p): p is AssumptionHeatmapPlot => p !== null);
  const confidence = Math.round(100 * r.config.confidence);
  return {
    status: 'info',
    headline: r.conclusions.map((c) => c.sentence).join(' '),
    tables: [
      {
        title: 'Where the assumptions hold, per sampler',
        columns: ['sampler', 'conclusion'],
        rows: r.conclusions.map((c) => [c.sampler, c.sentence]),
      },
      {
        title: `Share of grammars on which each assumption holds [${confidence}% Wilson interval]`,
        columns: HEADER,
        rows: atlasRows(r),
        note: 'all: rule-structure, non-degeneracy and weak-identifiability (first patch) together, the hypotheses of Theorem 7. κ̂ and K̂_ρ: median and 10%/90% quantiles over the seeds where defined (κ̂ = ∞ counts as undefined). Prop. 19: share with ρ̂^(l) ≥ (20m)^(−(l−1)/2) at every level, failures split into exact zero gaps and positive gaps below the bound; outside m ≥ 8, v ≥ 16 failures are small-size effects, not violations of the proposition.',
      },
    ],
    plots,
  };
}
