import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Report } from '../../spec/report';
import { InvalidInputError } from '../errors';
import { writeFileAtomic } from '../io/json-file';
import { renderPlots, type RenderedPlot } from './plots';

/** Formats a plot can be exported to. */
export const EXPORT_FORMATS = ['svg', 'pdf'] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Longest one Chromium print-to-PDF may take. */
export const PDF_TIMEOUT_MS = 60_000;

/** Executable names searched on PATH for Chromium when `RHM_CHROMIUM` is not set. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

/** Tagged result of exporting one plot. */
export type ExportedPlot =
  | { readonly status: 'written'; readonly kind: string; readonly path: string }
  | { readonly status: 'failed'; readonly kind: string; readonly reason: string };

/**
 * The Chromium executable: `RHM_CHROMIUM` if set (it must exist), else the
 * first of {@link CHROMIUM_NAMES} on PATH.
 *
 * @param env - environment to read (default `process.env`)
 * @returns the path, or null when there is none
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.RHM_CHROMIUM;
  if (explicit !== undefined && explicit !== '') return existsSync(explicit) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter((d) => d !== '')) {
    for (const name of CHROMIUM_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** File name of plot `i` (0-based) of a report, e.g. `plot-3-pstar-fit.svg`. */
export function plotFileName(i: number, kind: string, format: ExportFormat): string {
  return `plot-${i + 1}-${kind}.${format}`;
}

/** A standalone SVG file: XML declaration and the SVG Vega wrote (it carries its own xmlns and size). */
function standaloneSvg(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

function svgSize(svg: string): { width: number; height: number } {
  const w = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 600);
  const h = Number(/<svg[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 400);
  return { width: Math.ceil(w), height: Math.ceil(h) };
}

/** Print one SVG to a one-page PDF of its own size with headless Chromium; returns the PDF bytes or the reason. */
function printPdf(chromium: string, svg: string, tmp: string, i: number): Buffer | string {
  const { width, height } = svgSize(svg);
  const page = join(tmp, `plot-${i}.html`);
  const out = join(tmp, `plot-${i}.pdf`);
  writeFileSync(
    page,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: ${width}px ${height}px; margin: 0 } html, body { margin: 0; padding: 0 } svg { display: block }</style></head><body>${svg}</body></html>`,
  );
  const r = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-pdf-header-footer',
      '--print-to-pdf-no-header',
      `--user-data-dir=${join(tmp, 'profile')}`,
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: PDF_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.error) return `Chromium could not run: ${r.error.message}`;
  if (!existsSync(out))
    return `Chromium exited with ${String(r.status ?? r.signal)} and wrote no PDF: ${r.stderr.slice(-300)}`;
  const pdf = readFileSync(out);
  return pdf.subarray(0, 5).toString('latin1') === '%PDF-' ? pdf : 'Chromium wrote a file that is not a PDF';
}

/**
 * Export every plot of a report as a standalone file beside its report.html:
 * `plot-<n>-<kind>.svg` (Vega's SVG with an XML declaration) or `.pdf` (that
 * SVG printed by headless Chromium on a page of its own size). Files are
 * written atomically.
 *
 * @param report - a validated `rhm-report/1` document
 * @param runDir - the run directory to write into
 * @param format - 'svg' or 'pdf'
 * @param options - `render` (tests substitute one), `env` (to find Chromium)
 * @returns one tagged result per plot, in order
 * @throws InvalidInputError for PDF when no Chromium is found (the message says how to get one)
 */
export function exportPlots(
  report: Report,
  runDir: string,
  format: ExportFormat,
  options: { readonly render?: typeof renderPlots; readonly env?: NodeJS.ProcessEnv } = {},
): ExportedPlot[] {
  const chromium = format === 'pdf' ? findChromium(options.env) : null;
  if (format === 'pdf' && chromium === null) {
    throw new InvalidInputError('rhm report export --format pdf', [
      {
        code: 'missing-dependency',
        path: '--format',
        message: `PDF export prints with headless Chromium, and none was found (RHM_CHROMIUM unset or missing; none of ${CHROMIUM_NAMES.join(', ')} on PATH)`,
        fix: "install Chromium (Debian: apt-get install chromium) or set RHM_CHROMIUM=/path/to/chromium, or use '--format svg'",
      },
    ]);
  }
  const rendered: RenderedPlot[] = report.plots.length > 0 ? (options.render ?? renderPlots)(report.plots) : [];
  const tmp = chromium === null ? null : mkdtempSync(join(tmpdir(), 'rhm-export-'));
  try {
    return report.plots.map((plot, i): ExportedPlot => {
      const r = rendered[i];
      if (r?.status !== 'rendered')
        return { status: 'failed', kind: plot.kind, reason: r?.status === 'failed' ? r.reason : 'no output' };
      const path = join(runDir, plotFileName(i, plot.kind, format));
      if (chromium === null || tmp === null) {
        writeFileAtomic(path, standaloneSvg(r.svg));
        return { status: 'written', kind: plot.kind, path };
      }
      const pdf = printPdf(chromium, r.svg, tmp, i);
      if (typeof pdf === 'string') return { status: 'failed', kind: plot.kind, reason: pdf };
      writeFileAtomic(path, pdf);
      return { status: 'written', kind: plot.kind, path };
    });
  } finally {
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
}
