import { PLOT_KINDS, type PlotData } from '../../spec/report';
import { renderVegaLite, vegaLiteSpec, type RenderedPlot } from '../../src/report/plots';
import { familyColours, seriesScales } from '../../src/report/plots/style';
import { atlasPlots, rfLearnResult, viewPlots } from './fixtures';

/**
 * Every plot kind, built by the views from real-shaped results, compiled to
 * Vega-Lite and rendered to SVG by vega in Node: the marks are drawn, no two
 * series share a colour (in the spec's scales and in the drawn SVG), labels
 * use Unicode superscripts rather than caret math.
 */

type Spec = Record<string, unknown>;

/** Every colour scale of a spec (top level and layers): its domain and range. */
function colourScales(spec: Readonly<Spec>): { domain: string[]; range: string[] }[] {
  const inner = spec.spec as Spec | undefined; // a faceted spec keeps its layers one level down
  const units = [spec, ...((spec.layer as Spec[] | undefined) ?? []), ...((inner?.layer as Spec[] | undefined) ?? [])];
  return units.flatMap((u) => {
    const color = (u.encoding as Record<string, { scale?: { domain?: string[]; range?: string[] } }> | undefined)
      ?.color;
    const s = color?.scale;
    return s?.domain && s.range ? [{ domain: s.domain, range: s.range }] : [];
  });
}

/** How many series the measured layer of a plot draws (each must have its own colour). */
function seriesCount(p: PlotData): number {
  const n = (xs: readonly unknown[]) => new Set(xs).size;
  switch (p.kind) {
    case 'gap-per-level':
      return n(p.rows.filter((r) => r.gap > 0).map((r) => r.series));
    case 'recovery-vs-samples': {
      const curves =
        n(p.rows.map((r) => `${r.series}/${r.level}/${r.samples}`)) > n(p.rows.map((r) => `${r.series}/${r.level}`));
      return curves ? n(p.rows.map((r) => `${r.series}/${r.level}`)) : n(p.rows.map((r) => r.series));
    }
    case 'level-distance':
      return p.rows.reduce(
        (k, r) => k + [r.maxDistance, r.epsilonStar, r.halfGap].filter((v) => v !== null && v > 0).length,
        0,
      ) === 0
        ? 0
        : n(
            p.rows.flatMap((r) =>
              (['maxDistance', 'epsilonStar', 'halfGap'] as const).flatMap((q) =>
                r[q] !== null && (r[q] ?? 0) > 0 ? [`${r.series}/${q}`] : [],
              ),
            ),
          );
    case 'error-curves':
    case 'error-collapse':
      return n(p.rows.map((r) => r.curve));
    case 'pstar-fit':
      return n(p.points.map((x) => x.series));
    case 'learner-comparison':
      return p.rows.length;
    case 'exponent-per-learner':
      return p.rows.length;
    case 'assumption-heatmap':
      return 0;
    case 'sensitivity-vs-pstar':
      return n(p.rows.map((r) => r.level));
  }
}

/** Layers that draw references, bands, intervals or faint replicates, not the series themselves. */
const SUPPORT = /^(reference|band|replicates|target|unit|prediction|interval|lines)_/;

/** Distinct colours per drawn mark group of the series (stroke of lines, fill of points) in an SVG. */
function drawnColours(svg: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const groups = svg.split('<g class="mark-').slice(1);
  for (const g of groups) {
    const head = /^(line|symbol) role-mark (\S+)"/.exec(g);
    if (!head || SUPPORT.test(head[2] ?? '')) continue;
    const attr = head[1] === 'line' ? 'stroke' : 'fill';
    const body = g.split('</g>')[0] ?? '';
    const colours = [...body.matchAll(new RegExp(`<path[^>]* ${attr}="(#[0-9a-f]{6})"`, 'g'))].map((m) => m[1] ?? '');
    const name = head[2] ?? '';
    out.set(name, new Set([...(out.get(name) ?? []), ...colours]));
  }
  return out;
}

describe('plots of every kind (vega in Node)', () => {
  let plots: PlotData[] = [];
  let rendered: RenderedPlot[] = [];
  beforeAll(async () => {
    plots = [...viewPlots(await rfLearnResult()), ...(await atlasPlots())];
    rendered = renderVegaLite(plots.map(vegaLiteSpec));
  }, 60_000);

  test('[report-plots] the fixtures cover every plot kind', () => {
    expect(new Set(plots.map((p) => p.kind))).toEqual(new Set(PLOT_KINDS));
  });

  test('[report-plots] every plot renders, with drawn marks, and no two series share a colour', () => {
    plots.forEach((p, i) => {
      const r = rendered[i];
      expect({ kind: p.kind, status: r?.status }).toEqual({ kind: p.kind, status: 'rendered' });
      if (r?.status !== 'rendered') return;
      if (p.kind === 'assumption-heatmap') {
        // A heat map has no series: its colour encodes a share on a continuous scale. Its cells must be drawn.
        expect(r.svg).toMatch(/class="mark-rect[^"]*role-mark[^"]*"[^>]*>(<[^>]*>)*?<path[^>]* d="M[0-9.,-]+/);
        return;
      }
      // marks with geometry
      expect(r.svg).toMatch(
        /class="mark-(line|symbol|area|rule)[^"]*role-mark[^"]*"[^>]*>(<[^>]*>)*?<path[^>]* d="M[0-9.,-]+/,
      );
      // in the spec: every colour scale maps distinct names to distinct colours, and no colour is reused across scales
      const scales = colourScales(vegaLiteSpec(p));
      expect(scales.length).toBeGreaterThan(0);
      const byName = new Map<string, string>();
      for (const s of scales) s.domain.forEach((d, k) => byName.set(d, s.range[k] ?? ''));
      expect(new Set(byName.values()).size).toBe(byName.size);
      // in the SVG: the series layer draws as many distinct colours as it has series
      const drawn = drawnColours(r.svg);
      const largest = Math.max(...[...drawn.values()].map((c) => c.size));
      expect({ kind: p.kind, colours: largest }).toEqual({ kind: p.kind, colours: seriesCount(p) });
      for (const c of drawn.values()) for (const x of c) expect([...byName.values()]).toContain(x);
    });
  });

  test('[report-plots] labels write exponents as superscripts, not caret math', () => {
    for (const p of plots) {
      const spec = JSON.stringify(vegaLiteSpec(p));
      expect({ kind: p.kind, caret: /"title":"[^"]*\^/.test(spec) }).toEqual({ kind: p.kind, caret: false });
    }
    const gap = plots.find((p) => p.kind === 'gap-per-level');
    expect(gap?.title).toContain('m⁻⁽ˡ⁻¹⁾ᐟ²');
  });

  test('[report-plots] palettes: a colour per series even with many series in one family or many families', () => {
    const many = seriesScales(
      Array.from({ length: 40 }, (_, i) => ({ name: `s${i}`, family: i % 11, variant: Math.floor(i / 11) })),
    );
    expect(new Set(many.colour).size).toBe(40);
    expect(new Set(familyColours([Array.from({ length: 12 }, (_, i) => `x${i}`)])).size).toBe(12);
    // m has a fixed hue: m = 3 is the same colour whether or not m = 2 is in the plot
    const a = seriesScales([{ name: 'm3', family: 3, variant: 2 }]).colour[0];
    const b = seriesScales([
      { name: 'm2', family: 2, variant: 2 },
      { name: 'm3', family: 3, variant: 2 },
    ]).colour[1];
    expect(a).toBe(b);
  });
});
