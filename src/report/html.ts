import type { Report, ReportTable } from '../../spec/report';
import { CITATION_BIBTEX, CITATION_NOTE } from './citation';
import { cellText, plotTable, provenanceRows, statusWord } from './format';
import { renderPlots, type RenderedPlot } from './plots';

/** SVG width (px) above which a plot spans the whole row of the plot grid. */
export const WIDE_PLOT_PX = 600;

/** Longest JSON of the embedded results shown inline in report.html (the rest is in report.json). */
export const HTML_RESULTS_CHARS = 200_000;

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1d1f; margin: 0; background: #f6f7f9; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; min-height: 100vh; box-shadow: 0 0 0 1px #e4e6ea; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #e4e6ea; padding-bottom: 4px; }
.id { color: #666; font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.status { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 600; margin-right: 8px; color: #fff; }
.status.ok { background: #1e7e34; } .status.negative { background: #b02a37; } .status.info { background: #555; }
.headline { font-size: 15px; margin: 12px 0 4px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
.table-wrap { overflow-x: auto; max-width: 100%; }
th, td { border: 1px solid #dcdfe4; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; margin: 2px 0 6px; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 18px; }
figure { margin: 0; border: 1px solid #e4e6ea; border-radius: 6px; padding: 10px; background: #fff; }
figure svg { max-width: 100%; height: auto; display: block; }
figure.wide { grid-column: 1 / -1; }
figcaption { color: #444; font-size: 12.5px; margin-top: 6px; }
.plot-error { color: #b02a37; border: 1px dashed #b02a37; padding: 12px; }
details { margin: 8px 0; } summary { cursor: pointer; color: #333; }
pre { background: #f6f8fa; border: 1px solid #e4e6ea; padding: 10px; overflow: auto; font-size: 12px; max-height: 480px; }
`;

function htmlTable(t: ReportTable, withTitle: boolean, heading = 'h3'): string {
  const head = `<tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map(
      (r) =>
        `<tr>${t.columns
          .map((_, i) => {
            const v = r[i] ?? null;
            return `<td${typeof v === 'number' ? ' class="num"' : ''}>${escapeHtml(cellText(v))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const title = withTitle ? `<${heading}>${escapeHtml(t.title)}</${heading}>` : '';
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `${title}${note}<div class="table-wrap"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function figure(index: number, report: Report, rendered: RenderedPlot | undefined): string {
  const plot = report.plots[index];
  if (!plot) return '';
  const body =
    rendered?.status === 'rendered'
      ? rendered.svg
      : `<div class="plot-error">plot not rendered: ${escapeHtml(rendered?.status === 'failed' ? rendered.reason : 'no output')}</div>`;
  const data = htmlTable(plotTable(plot), false);
  // A plot wider than a grid column (long legends) gets a row of its own instead of being shrunk.
  const width =
    rendered?.status === 'rendered' ? Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(rendered.svg)?.[1] ?? 0) : 0;
  return `<figure class="plot${width > WIDE_PLOT_PX ? ' wide' : ''}" data-plot-kind="${escapeHtml(plot.kind)}">
${body}
<figcaption><strong>${escapeHtml(plot.title)}.</strong> ${escapeHtml(plot.caption)}</figcaption>
<details><summary>data</summary>${data}</details>
</figure>`;
}

/**
 * report.html: a self-contained page (inline CSS, plots as inline SVG, no
 * scripts, no network) with the summary tables, plots, provenance, seeds and
 * configuration. A pure function of report.json (plots are rendered from its
 * data by `renderPlots`).
 *
 * @param report - a validated `rhm-report/1` document
 * @param render - plot renderer (tests substitute one)
 * @returns the HTML text
 */
export function renderHtml(report: Report, render: typeof renderPlots = renderPlots): string {
  const rendered = report.plots.length > 0 ? render(report.plots) : [];
  const status = report.summary.status;
  const sections: string[] = [];
  sections.push(`<header><h1>rhm ${escapeHtml(report.provenance.command)} report</h1><div class="id">${escapeHtml(report.id)}</div>
<p class="headline"><span class="status ${status}">${statusWord(report)}</span>${escapeHtml(report.summary.headline)}</p></header>`);
  for (const t of report.summary.tables) sections.push(`<section>${htmlTable(t, true, 'h2')}</section>`);
  if (report.plots.length > 0) {
    sections.push(
      `<section id="plots"><h2>Plots</h2><div class="plots">\n${report.plots.map((_, i) => figure(i, report, rendered[i])).join('\n')}\n</div></section>`,
    );
  }
  sections.push(
    `<section id="provenance"><h2>Provenance</h2>${htmlTable({ title: 'provenance', columns: ['field', 'value'], rows: provenanceRows(report) }, false)}</section>`,
  );
  const seeds = Object.entries(report.seeds);
  sections.push(
    `<section id="seeds"><h2>Seeds</h2>${seeds.length === 0 ? '<p class="note">none: the run used no randomness</p>' : htmlTable({ title: 'seeds', columns: ['stream', 'seed'], rows: seeds }, false)}</section>`,
  );
  sections.push(
    `<section id="configuration"><h2>Resolved configuration</h2><pre>${escapeHtml(JSON.stringify(report.resolvedConfig, null, 2))}</pre></section>`,
  );
  sections.push(
    `<section id="cite"><h2>How to cite</h2><p>${escapeHtml(CITATION_NOTE)}</p><pre>${escapeHtml(CITATION_BIBTEX.trimEnd())}</pre></section>`,
  );
  const results = JSON.stringify(report.results.value, null, 1);
  const shown =
    results.length > HTML_RESULTS_CHARS
      ? `${results.slice(0, HTML_RESULTS_CHARS)}\n… (truncated; the full results are in report.json)`
      : results;
  sections.push(
    `<section id="results"><h2>Full results</h2><details><summary>${escapeHtml(report.results.schema)} (${results.length} characters)</summary><pre>${escapeHtml(shown)}</pre></details></section>`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>rhm ${escapeHtml(report.provenance.command)} ${escapeHtml(report.id)}</title>
<style>${CSS}</style>
</head>
<body><main>
${sections.join('\n')}
</main></body>
</html>
`;
}
