import type { Report, ReportTable } from '../../spec/report';
import { CITATION_BIBTEX, CITATION_NOTE } from './citation';
import { cellText, plotTable, provenanceRows, statusWord } from './format';

/** Most rows of a plot's data shown in report.md (the full data is in report.json). */
export const MARKDOWN_PLOT_ROWS = 40;

/** User text as inert Markdown: raw HTML (`<script>`, `<img onerror=…>`) is shown, not rendered, by a code host or viewer. */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeCell(text: string): string {
  return escapeText(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(t: ReportTable, maxRows = Infinity): string {
  const head = `| ${t.columns.map(escapeCell).join(' | ')} |`;
  const rule = `| ${t.columns.map(() => '---').join(' | ')} |`;
  const shown = t.rows.slice(0, maxRows);
  const body = shown.map((r) => `| ${t.columns.map((_, i) => escapeCell(cellText(r[i] ?? null))).join(' | ')} |`);
  const more =
    t.rows.length > shown.length ? [`\n…and ${t.rows.length - shown.length} more rows (see report.json).`] : [];
  return [head, rule, ...body].join('\n') + more.join('');
}

/**
 * report.md: summary tables that read well in a terminal and on a code host.
 * A pure function of report.json.
 *
 * @param report - a validated `rhm-report/1` document
 * @returns the Markdown text
 */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# rhm ${escapeText(report.provenance.command)}: ${escapeText(report.id)}`, '');
  out.push(`**${statusWord(report)}**: ${escapeText(report.summary.headline)}`, '');
  for (const t of report.summary.tables) {
    out.push(`## ${escapeText(t.title)}`, '');
    if (t.note) out.push(escapeText(t.note), '');
    out.push(t.rows.length === 0 ? '(no rows)' : table(t), '');
  }
  if (report.plots.length > 0) {
    out.push('## Plots', '', 'Drawn in `report.html`; their data:', '');
    for (const p of report.plots) {
      out.push(
        `### ${escapeText(p.title)}`,
        '',
        escapeText(p.caption),
        '',
        table(plotTable(p), MARKDOWN_PLOT_ROWS),
        '',
      );
    }
  }
  out.push(
    '## Provenance',
    '',
    table({ title: 'provenance', columns: ['field', 'value'], rows: provenanceRows(report) }),
    '',
  );
  const seeds = Object.entries(report.seeds);
  out.push(
    '## Seeds',
    '',
    seeds.length === 0
      ? '(none: the run used no randomness)'
      : table({ title: 'seeds', columns: ['stream', 'seed'], rows: seeds }),
    '',
  );
  out.push('## Resolved configuration', '', '```json', JSON.stringify(report.resolvedConfig, null, 2), '```', '');
  out.push('## How to cite', '', CITATION_NOTE, '', '```bibtex', CITATION_BIBTEX.trimEnd(), '```', '');
  return out.join('\n');
}
