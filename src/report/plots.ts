import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { PlotData } from '../../spec/report';
import { heatmapSpec } from './views/atlas';
import { sensitivitySpec } from './views/scale-sensitivity';
import { gapSpec, levelDistanceSpec, recoverySpec } from './plots/levels';
import { comparisonSpec, errorSpec, exponentSpec, pStarSpec } from './plots/scale';

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

/**
 * The Vega-Lite spec of one plot. Pure; the data are inlined, so the spec
 * renders offline. Every series of a plot has its own colour (hue by m or by
 * run, shade by L or level; dash and point shape add L), and labels write
 * exponents as Unicode superscripts (m⁻⁽ˡ⁻¹⁾ᐟ², n_c·mᴸ).
 *
 * - `gap-per-level`: ρ̂^(l) per level (log scale) with the reference curves
 *   m^(−(l−1)/2) and the Prop. 19 bound (20m)^(−(l−1)/2) of [R].
 *   Zero gaps cannot sit on a log axis: they are named in the subtitle.
 * - `recovery-vs-samples`: recovery rate per level against training samples
 *   (a per-level profile when each run has one budget).
 * - `level-distance`: max‖h − q‖ per level against ε_*^(l) and ρ̂^(l)/2.
 * - `error-curves` / `error-collapse`: mean test error over replicates with
 *   its band and the replicates faintly, against P and against P/(n_c·m^L)
 *   ([C] §V), with the target test error when given.
 * - `pstar-fit`: P* against n_c·m^L, log–log, with bootstrap error bars, the
 *   fitted line and its band, and the slope-1 reference.
 * - `learner-comparison`: P* ratio of two learners against P_max/(n_c·m^L).
 * - `exponent-per-learner`: b with its interval per learner and model.
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
    case 'level-distance':
      return levelDistanceSpec(plot);
    case 'error-curves':
    case 'error-collapse':
      return errorSpec(plot);
    case 'pstar-fit':
      return pStarSpec(plot);
    case 'assumption-heatmap':
      return heatmapSpec(plot);
    case 'sensitivity-vs-pstar':
      return sensitivitySpec(plot);
    case 'learner-comparison':
      return comparisonSpec(plot);
    case 'exponent-per-learner':
      return exponentSpec(plot);
  }
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
