import { join } from 'node:path';
import { writeFileAtomic } from '../../io/json-file';
import { EXPORT_FORMATS, exportPlots, type ExportFormat } from '../../report/export';
import { renderHtml } from '../../report/html';
import { renderMarkdown } from '../../report/markdown';
import { readReport, resolveRunDir } from '../../report/read';
import { InvalidInputError } from '../../errors';
import { parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';
import type { CliIo } from '../io';

const HELP = `Usage: rhm report render DIR
       rhm report export DIR [--format svg|pdf]

render: rebuild report.md and report.html of a run directory from its
report.json (validated against rhm-report/1 first). Markdown and HTML are pure
functions of report.json, so this reproduces them exactly, e.g. after the
renderers improved.

export: write every plot of the run as a standalone file beside report.html,
DIR/plot-<n>-<kind>.svg or .pdf. SVG comes from Vega in Node; PDF prints that
SVG with headless Chromium (RHM_CHROMIUM, else chromium on PATH) and is
refused when there is none.

Run directories are reports/<UTC timestamp>-<command>-<short id>/;
reports/latest points to the newest one (try: rhm report render reports/latest).

Options:
  --format F  export format: svg (default) or pdf
  -h, --help  show this help

Exit codes: 0 done, 1 some plot could not be exported (named on stderr),
2 DIR has no valid report.json, a bad subcommand or format, or PDF without
Chromium.`;

function usage(message: string, fix: string, path = 'arguments'): InvalidInputError {
  return new InvalidInputError('rhm report', [{ code: 'usage', path, message, fix }]);
}

function runExport(dir: string, format: string | undefined, io: CliIo): number {
  const f = format ?? 'svg';
  if (!(EXPORT_FORMATS as readonly string[]).includes(f))
    throw usage(`unknown format '${f}'`, `use --format ${EXPORT_FORMATS.join(' or --format ')}`, '--format');
  const report = readReport(dir);
  const results = exportPlots(report, resolveRunDir(dir), f as ExportFormat);
  if (results.length === 0) io.out('the report has no plots: nothing exported\n');
  let failed = 0;
  for (const r of results) {
    if (r.status === 'written') io.out(`wrote ${r.path}\n`);
    else {
      failed++;
      io.err(`rhm report export: plot ${r.kind} not exported: ${r.reason}\n`);
    }
  }
  return failed > 0 ? EXIT.negative : EXIT.ok;
}

/** \`rhm report render|export DIR\`: rebuild report.md and report.html, or export the plots as SVG or PDF. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'rebuild report.md and report.html of a run, or export its plots as SVG or PDF',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs(
      'report',
      argv,
      { help: { type: 'boolean', short: 'h' }, format: { type: 'string' } },
      2,
    );
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const [sub, dir] = args.positionals;
    if (sub !== 'render' && sub !== 'export')
      throw usage(
        sub === undefined ? 'no subcommand given' : `unknown subcommand '${sub}'`,
        "run 'rhm report render DIR' or 'rhm report export DIR --format svg|pdf'",
      );
    if (dir === undefined) {
      throw new InvalidInputError('rhm report', [
        {
          code: 'missing-argument',
          path: 'DIR',
          message: 'no run directory given',
          fix: `run 'rhm report ${sub} DIR' with a directory that holds a report.json`,
        },
      ]);
    }
    const format = args.values.format;
    if (sub === 'export') return runExport(dir, typeof format === 'string' ? format : undefined, io);
    if (format !== undefined)
      throw usage('--format applies to export only', "drop --format or use 'rhm report export'");
    const report = readReport(dir);
    const runDir = resolveRunDir(dir);
    writeFileAtomic(join(runDir, 'report.md'), renderMarkdown(report));
    writeFileAtomic(join(runDir, 'report.html'), renderHtml(report));
    io.out(`rebuilt ${join(runDir, 'report.md')} and ${join(runDir, 'report.html')}\n`);
    return EXIT.ok;
  },
};
