import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { PlotData } from '../../spec/report';
import { heatmapSpec } from './views/atlas';
import { sensitivitySpec } from './views/scale-sensitivity';

/**
 * Plots of run reports: each {@link PlotData} becomes a Vega-Lite spec
 * ({@link vegaLiteSpec}), compiled by `vega-lite` and rendered to SVG by
 * `vega` in Node ({@link renderPlots}). No hand-written SVG.
 *
 * vega 6 and vega-lite 6 are ES modules with top-level await, which this
 * CommonJS project (and jest's module system) cannot `require`; the renderer
 * therefore runs them in one short-lived Node child process per batch of plots
 * (about half a second), which also keeps them out of the caller's heap.
 */

/** A Vega-Lite specification (plain JSON). */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

/** Tagged result of rendering one plot. */
export type RenderedPlot =
  { readonly status: 'rendered'; readonly svg: string } | { readonly status: 'failed'; readonly reason: string };

const WIDTH = 420;
const HEIGHT = 260;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: {
    labelFontSize: 11,
    titleFontSize: 11,
    labelLimit: 300,
    orient: 'bottom',
    direction: 'vertical',
    columns: 2,
  },
  title: { fontSize: 13, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555', limit: 600 },
  view: { stroke: '#ccc' },
};

/** Split text into lines of at most `width` characters (at spaces) for Vega titles, which do not wrap. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function base(title: string, subtitle?: string | string[]): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    padding: 8,
    config: CONFIG,
    title: subtitle ? { text: title, subtitle } : { text: title },
  };
}

/** Log axes label only the ticks with mantissa 1, 2 or 5 (the others stay as grid lines). */
const LOG_LABELS = "test(/^[125](e|$)/, format(datum.value, '.0e')) ? format(datum.value, '~g') : ''";
const logAxis = (title: string) => ({ title, scale: { type: 'log' }, axis: { labelExpr: LOG_LABELS } });

/**
 * The Vega-Lite spec of one plot. Pure; the data are inlined, so the spec
 * renders offline.
 *
 * - `gap-per-level`: ρ̂^(l) per level (log scale) with the reference curves
 *   m^(−(l−1)/2) and the Prop. 19 bound (20m)^(−(l−1)/2) of [R].
 *   Zero gaps cannot sit on a log axis: they are named in the subtitle.
 * - `recovery-vs-samples`: recovery rate per level against training samples.
 * - `error-curves` / `error-collapse`: test error against P, and against
 *   P/(n_c·m^L) ([C] §V), with the target test error when given.
 * - `pstar-fit`: P* against n_c·m^L, log–log, fitted line and its interval.
 *
 * @param plot - the plot data from report.json
 * @returns a Vega-Lite v6 spec
 */
export function vegaLiteSpec(plot: PlotData): VegaLiteSpec {
  switch (plot.kind) {
    case 'gap-per-level':
      return gapSpec(plot);
    case 'recovery-vs-samples':
      return recoverySpec(plot);
    case 'error-curves':
    case 'error-collapse':
      return errorSpec(plot);
    case 'pstar-fit':
      return pStarSpec(plot);
    case 'assumption-heatmap':
      return heatmapSpec(plot);
    case 'sensitivity-vs-pstar':
      return sensitivitySpec(plot);
  }
}

function gapSpec(plot: Extract<PlotData, { kind: 'gap-per-level' }>): VegaLiteSpec {
  // A zero gap is null here: the line breaks there instead of bridging the level (and a log axis cannot show 0).
  const measured = plot.rows.map((r) => ({ series: r.series, level: r.level, gap: r.gap > 0 ? r.gap : null }));
  const zeros = plot.rows.filter((r) => r.gap === 0).map((r) => `${r.series} l=${r.level}`);
  const levels = [...new Set(plot.rows.map((r) => r.level))].sort((a, b) => a - b);
  const ms = [...new Set(plot.rows.map((r) => r.m))].sort((a, b) => a - b);
  const refs = ms.flatMap((m) =>
    levels.flatMap((l) => [
      { reference: `m^(−(l−1)/2), m=${m}`, level: l, value: m ** (-(l - 1) / 2) },
      { reference: `(20m)^(−(l−1)/2), m=${m}`, level: l, value: (20 * m) ** (-(l - 1) / 2) },
    ]),
  );
  const subtitle =
    zeros.length > 0 ? wrap(`ρ̂^(l) = 0 (not drawn on the log axis): ${zeros.join(', ')}`, 60) : undefined;
  return {
    ...base(plot.title, subtitle),
    layer: [
      {
        data: { values: refs },
        mark: { type: 'line', strokeWidth: 1.5, color: '#888' },
        encoding: {
          x: { field: 'level', type: 'ordinal', title: 'level l', axis: { labelAngle: 0 } },
          y: { field: 'value', type: 'quantitative', ...logAxis('gap') },
          strokeDash: {
            field: 'reference',
            type: 'nominal',
            title: 'reference',
            legend: { columns: 1 },
            scale: {
              range: [
                [6, 3],
                [2, 2],
                [8, 2, 2, 2],
                [1, 3],
              ],
            },
          },
        },
      },
      {
        data: { values: measured },
        mark: { type: 'line', point: { filled: true, size: 60 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'level', type: 'ordinal', title: 'level l' },
          y: { field: 'gap', type: 'quantitative', ...logAxis('gap') },
          color: { field: 'series', type: 'nominal', title: 'measured ρ̂^(l)', legend: { columns: 1 } },
          tooltip: [{ field: 'series' }, { field: 'level' }, { field: 'gap', format: '.4g' }],
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

function recoverySpec(plot: Extract<PlotData, { kind: 'recovery-vs-samples' }>): VegaLiteSpec {
  return {
    ...base(plot.title),
    data: { values: plot.rows.map((r) => ({ ...r, levelName: `l = ${r.level}` })) },
    mark: { type: 'line', point: { filled: true, size: 70 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'samples', type: 'quantitative', ...logAxis('training samples') },
      y: { field: 'recovery', type: 'quantitative', title: 'recovery rate', scale: { domain: [0, 1] } },
      color: { field: 'levelName', type: 'nominal', title: 'level' },
      // One run needs no legend of runs (the caption names it); several get one on the right, unclipped.
      ...(new Set(plot.rows.map((r) => r.series)).size > 1
        ? {
            shape: {
              field: 'series',
              type: 'nominal',
              title: 'run',
              legend: { orient: 'right', columns: 1, labelLimit: 0 },
            },
          }
        : {}),
      detail: { field: 'series' },
    },
  };
}

function errorSpec(plot: Extract<PlotData, { kind: 'error-curves' | 'error-collapse' }>): VegaLiteSpec {
  const collapse = plot.kind === 'error-collapse';
  const values = plot.rows.map((r) => ({ ...r, x: collapse ? r.P / (r.nc * r.m ** r.L) : r.P }));
  const layers: Record<string, unknown>[] = [
    {
      data: { values },
      mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
      encoding: {
        x: { field: 'x', type: 'quantitative', ...logAxis(collapse ? 'P / (n_c·m^L)' : 'training-set size P') },
        y: { field: 'testError', type: 'quantitative', title: 'test error', scale: { domain: [0, 1] } },
        color: { field: 'curve', type: 'nominal', title: 'configuration' },
      },
    },
  ];
  if (plot.target !== undefined) {
    layers.push({
      data: { values: [{ y: plot.target }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#c0392b' },
      encoding: { y: { field: 'y', type: 'quantitative' } },
    });
  }
  if (collapse) {
    layers.push({
      data: { values: [{ x: 1 }] },
      mark: { type: 'rule', strokeDash: [2, 2], color: '#555' },
      encoding: { x: { field: 'x', type: 'quantitative' } },
    });
  }
  return { ...base(plot.title), layer: layers };
}

function pStarSpec(plot: Extract<PlotData, { kind: 'pstar-fit' }>): VegaLiteSpec {
  const x = { field: 'x', type: 'quantitative', ...logAxis('n_c·m^L') };
  return {
    ...base(plot.title),
    layer: [
      {
        data: { values: plot.line },
        mark: { type: 'area', opacity: 0.18, color: '#1f77b4' },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', ...logAxis('P*') },
          y2: { field: 'hi' },
          detail: { field: 'series' },
        },
      },
      {
        data: { values: plot.line },
        mark: { type: 'line', color: '#1f77b4', strokeWidth: 2 },
        encoding: { x, y: { field: 'fit', type: 'quantitative' }, detail: { field: 'series' } },
      },
      {
        data: { values: [...plot.points] },
        mark: { type: 'point', filled: true, size: 80 },
        encoding: {
          x,
          y: { field: 'pStar', type: 'quantitative' },
          color: { field: 'series', type: 'nominal', title: 'measured P*' },
        },
      },
    ],
  };
}

const CHILD = `
import { readFileSync } from 'node:fs';
const specs = JSON.parse(readFileSync(0, 'utf8'));
const [vega, vl] = await Promise.all([import(process.env.RHM_VEGA_URL), import(process.env.RHM_VEGA_LITE_URL)]);
const out = [];
for (const spec of specs) {
  try {
    const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
    out.push({ status: 'rendered', svg: await view.toSVG() });
    view.finalize();
  } catch (e) {
    out.push({ status: 'failed', reason: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(out));
`;

/** Longest a batch of plots may take to render before it is reported as failed. */
export const RENDER_TIMEOUT_MS = 60_000;

/**
 * Render Vega-Lite specs to SVG strings with `vega-lite` and `vega` (in a Node
 * child process; see the module comment). Never throws: a plot that cannot be
 * rendered comes back as `{status: 'failed', reason}`.
 *
 * @param specs - Vega-Lite specs (e.g. from {@link vegaLiteSpec})
 * @returns one tagged result per spec, in order
 * @example
 * ```ts
 * const [r] = renderVegaLite([vegaLiteSpec(plot)]);
 * if (r?.status === 'rendered') writeFileSync('plot.svg', r.svg);
 * ```
 */
export function renderVegaLite(specs: readonly VegaLiteSpec[]): RenderedPlot[] {
  if (specs.length === 0) return [];
  const failAll = (reason: string): RenderedPlot[] => specs.map(() => ({ status: 'failed', reason }));
  let env: NodeJS.ProcessEnv;
  try {
    env = {
      ...process.env,
      RHM_VEGA_URL: pathToFileURL(require.resolve('vega')).href,
      RHM_VEGA_LITE_URL: pathToFileURL(require.resolve('vega-lite')).href,
    };
  } catch (e) {
    return failAll(`the vega and vega-lite packages are not installed (${e instanceof Error ? e.message : String(e)})`);
  }
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
    input: JSON.stringify(specs),
    env,
    encoding: 'utf8',
    timeout: RENDER_TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (child.error) return failAll(`the plot renderer could not run: ${child.error.message}`);
  if (child.status !== 0)
    return failAll(
      `the plot renderer exited with ${String(child.status ?? child.signal)}: ${child.stderr.trim().slice(0, 500)}`,
    );
  try {
    const parsed = JSON.parse(child.stdout) as RenderedPlot[];
    if (!Array.isArray(parsed) || parsed.length !== specs.length)
      return failAll('the plot renderer returned the wrong number of plots');
    return parsed;
  } catch {
    return failAll('the plot renderer returned malformed output');
  }
}

/**
 * Render the plots of a report to SVG. Never throws.
 * @param plots - `report.plots`
 * @returns one tagged result per plot, in order
 */
export function renderPlots(plots: readonly PlotData[]): RenderedPlot[] {
  return renderVegaLite(plots.map(vegaLiteSpec));
}
