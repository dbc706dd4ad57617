import { join } from 'node:path';
import { writeFileAtomic } from '../../io/json-file';
import { renderHtml } from '../../report/html';
import { renderMarkdown } from '../../report/markdown';
import { readReport, resolveRunDir } from '../../report/read';
import { InvalidInputError } from '../../errors';
import { parseCommandArgs } from '../args';
import { EXIT, type Command } from '../command';

const HELP = `Usage: rhm report render DIR

Rebuild report.md and report.html of a run directory from its report.json
(validated against rhm-report/1 first). Markdown and HTML are pure functions of
report.json, so this reproduces them exactly, e.g. after the renderers improved.

Run directories are reports/<UTC timestamp>-<command>-<short id>/; reports/latest
points to the newest one (try: rhm report render reports/latest).

Options:
  -h, --help  show this help

Exit codes: 0 rebuilt, 2 DIR has no valid report.json.`;

/** \`rhm report render DIR\`: rebuild report.md and report.html from report.json. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'rebuild report.md and report.html of a run from its report.json',
  help: HELP,
  run(argv, io) {
    const args = parseCommandArgs('report', argv, { help: { type: 'boolean', short: 'h' } }, 2);
    if (args.values.help) {
      io.out(`${HELP}\n`);
      return EXIT.ok;
    }
    const [sub, dir] = args.positionals;
    if (sub !== 'render' || dir === undefined) {
      throw new InvalidInputError('rhm report', [
        sub !== 'render'
          ? {
              code: 'usage',
              path: 'arguments',
              message: sub === undefined ? 'no subcommand given' : `unknown subcommand '${sub}'`,
              fix: "run 'rhm report render DIR'",
            }
          : {
              code: 'missing-argument',
              path: 'DIR',
              message: 'no run directory given',
              fix: "run 'rhm report render DIR' with a directory that holds a report.json",
            },
      ]);
    }
    const report = readReport(dir);
    const runDir = resolveRunDir(dir);
    writeFileAtomic(join(runDir, 'report.md'), renderMarkdown(report));
    writeFileAtomic(join(runDir, 'report.html'), renderHtml(report));
    io.out(`rebuilt ${join(runDir, 'report.md')} and ${join(runDir, 'report.html')}\n`);
    return EXIT.ok;
  },
};
