import { basename, dirname, join, relative, resolve } from 'node:path';
import type { ReportBackend, ReportResults } from '../../spec/report';
import type { PlotsWanted } from '../report/write';
import { latestProblem, writeRunReport } from '../report/write';
import type { CliIo } from './io';

/** The two report options every computing command accepts (spread into its parseArgs options). */
export const REPORT_OPTIONS = {
  'report-dir': { type: 'string' },
  'no-report': { type: 'boolean' },
} as const;

/**
 * The --help lines of {@link REPORT_OPTIONS}, descriptions starting at `column`
 * (to line up with a command's other options).
 *
 * @param column - zero-based column where the descriptions start (default 20)
 * @returns the lines, without a trailing newline
 */
export function reportHelp(column = 20): string {
  const indent = ' '.repeat(column);
  // A flag too long for the column gets its description on the next line, aligned with the others.
  const pad = (flag: string) => (2 + flag.length < column ? `  ${flag}`.padEnd(column) : `  ${flag}\n${indent}`);
  return [
    `${pad('--report-dir DIR')}write the run report (report.json, report.md, report.html)`,
    `${indent}under DIR/<UTC time>-<command>-<id>/ (default ./reports;`,
    `${indent}reports/latest points to the newest run)`,
    `${pad('--no-report')}do not write a run report (RHM_NO_REPORT=1 does the same`,
    `${indent}unless --report-dir is given)`,
  ].join('\n');
}

/** {@link reportHelp} at the default column. */
export const REPORT_HELP = reportHelp();

/** What {@link reportRun} needs besides the parsed flags. */
export interface ReportRunInput {
  /** The command, e.g. `'check'`. */
  readonly command: string;
  /** Its arguments after the command name (recorded in the provenance). */
  readonly argv: readonly string[];
  /** The resolved configuration. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Every seed, by stream or purpose. */
  readonly seeds: Readonly<Record<string, number>>;
  /** The command's result. */
  readonly results: ReportResults;
  /** Plots wanted (default all). */
  readonly plots?: PlotsWanted;
  /** TensorFlow.js backend, when the run used one. */
  readonly backend?: ReportBackend | null;
  /** Input files (grammars) to record with their sha256. */
  readonly inputs?: readonly string[];
}

/**
 * Write the run report of a CLI command, honouring `--report-dir` and
 * `--no-report` (and RHM_NO_REPORT=1), and print its path on stderr. Never
 * throws: a report that cannot be written is a warning, the command's own
 * answer stands.
 *
 * @param io - the command's io (its cwd is the default report location)
 * @param values - the parsed flag values (with {@link REPORT_OPTIONS} among them)
 * @param input - command, argv, config, seeds, results
 * @returns the run directory, or null when no report was written
 */
export function reportRun(io: CliIo, values: Readonly<Record<string, unknown>>, input: ReportRunInput): string | null {
  const dir = typeof values['report-dir'] === 'string' ? values['report-dir'] : undefined;
  if (values['no-report'] === true || (dir === undefined && process.env.RHM_NO_REPORT === '1')) return null;
  try {
    const out = writeRunReport(input.command, input.config, input.seeds, input.results, {
      root: dir === undefined ? join(io.cwd, 'reports') : resolve(io.cwd, dir),
      argv: input.argv,
      cwd: io.cwd,
      backend: input.backend ?? null,
      ...(input.inputs !== undefined ? { inputs: input.inputs } : {}),
      ...(input.plots !== undefined ? { plots: input.plots } : {}),
    });
    const shown = relative(io.cwd, join(out, 'report.html'));
    io.err(`report: ${shown.startsWith('..') ? join(out, 'report.html') : shown}\n`);
    const stale = latestProblem(dirname(out), basename(out));
    if (stale !== null) io.err(`rhm ${input.command}: warning: ${stale}\n`);
    return out;
  } catch (e) {
    io.err(
      `rhm ${input.command}: warning: the run report was not written: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return null;
  }
}
