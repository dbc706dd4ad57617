import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import {
  RESULT_SCHEMAS,
  REPORT_FORMAT,
  ReportSchema,
  type PlotData,
  type PlotKind,
  type Report,
  type ReportBackend,
  type ReportResults,
} from '../../spec/report';
import { schemaViolations } from '../../spec/validate';
import { formatViolation, type Violation } from '../../spec/violation';
import { InternalError } from '../errors';
import { pidAlive } from '../io/atomic';
import { fsFailure } from '../io/fs-errors';
import { writeFileAtomic } from '../io/json-file';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { collectProvenance } from './provenance';
import { viewOf, type ReportView } from './views';

/** Which plots a report draws: every plot its results support, none, or a chosen list (kinds, or plot data made by the caller). */
export type PlotsWanted = 'all' | 'none' | readonly (PlotKind | PlotData)[];

/** Options of {@link writeRunReport} and {@link buildRunReport}. */
export interface RunReportOptions {
  /** Plots to draw (default `'all'`). */
  readonly plots?: PlotsWanted;
  /** Directory that holds the run directories (default: `reports/` under the process's cwd). */
  readonly root?: string;
  /** The arguments after the command name, recorded in the provenance (default: none). */
  readonly argv?: readonly string[];
  /** TensorFlow.js backend of the run (default: null, no backend). */
  readonly backend?: ReportBackend | null;
  /** The directory the command ran in, recorded with the reproduce line (default: the process's cwd). */
  readonly cwd?: string;
  /** Input files (grammars) whose sha256 is recorded, as given (relative to `cwd`). */
  readonly inputs?: readonly string[];
  /** Time of the run (default: now). */
  readonly date?: Date;
  /**
   * Status, headline, tables and plots to show instead of the ones derived
   * from the results (e.g. `composeViews` of check, learn and scale views
   * for `rhm verify`). `plots` still picks among its plots.
   */
  readonly view?: ReportView;
}

/** Raised when a report does not validate against `rhm-report/1` (a bug in the command that built it); nothing is written. */
export class InvalidReportError extends InternalError {
  constructor(
    /** Every schema violation found. */
    readonly violations: readonly Violation[],
  ) {
    super(
      `the run report does not validate against ${REPORT_FORMAT}:\n${violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}`,
    );
  }
}

/** `2026-11-23T18-40-12Z`: the UTC timestamp of a run directory name (sortable, no colons). */
export function runTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/** JSON round trip: BigInt → decimal string, typed arrays → arrays, undefined dropped; what is validated is what is written. */
function toJson<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    }),
  ) as T;
}

function pickPlots(available: readonly PlotData[], wanted: PlotsWanted): PlotData[] {
  if (wanted === 'all') return [...available];
  if (wanted === 'none') return [];
  return wanted.flatMap((w) => (typeof w === 'string' ? available.filter((p) => p.kind === w) : [w]));
}

/**
 * Build and validate a run report (no files written).
 *
 * @param command - the command, e.g. `'check'` (kebab-case)
 * @param config - the resolved, complete configuration of the run
 * @param seeds - every seed of the run, by stream or purpose
 * @param results - the command's result, `{schema: 'rhm-check/1', value}`
 * @param options - plots, provenance inputs
 * @returns the `rhm-report/1` document, validated
 * @throws InvalidReportError when the document does not validate (the payload is checked against its own schema first)
 */
export function buildRunReport(
  command: string,
  config: Readonly<Record<string, unknown>>,
  seeds: Readonly<Record<string, number>>,
  results: ReportResults,
  options: RunReportOptions = {},
): Report {
  const date = options.date ?? new Date();
  const json = toJson({ config, seeds, results });
  const payloadSchema = RESULT_SCHEMAS[json.results.schema];
  if (payloadSchema) {
    const v = schemaViolations(payloadSchema, json.results.value);
    if (v.length > 0)
      throw new InvalidReportError(v.map((x) => ({ ...x, path: `/results/value${x.path === '/' ? '' : x.path}` })));
  }
  const view: ReportView = options.view
    ? toJson(options.view)
    : payloadSchema
      ? viewOf(json.results)
      : { status: 'info', headline: '', tables: [], plots: [] };
  const report = {
    format: REPORT_FORMAT,
    id: `${runTimestamp(date)}-${command}-${randomBytes(3).toString('hex')}`,
    provenance: collectProvenance({
      command,
      argv: options.argv ?? [],
      backend: options.backend ?? null,
      date,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.inputs ? { inputs: options.inputs } : {}),
    }),
    resolvedConfig: json.config,
    seeds: json.seeds,
    summary: { status: view.status, headline: view.headline, tables: view.tables },
    plots: pickPlots(view.plots, options.plots ?? 'all'),
    results: json.results,
  };
  const violations = schemaViolations(ReportSchema, report);
  if (violations.length > 0) throw new InvalidReportError(violations);
  return report as Report;
}

function writeSynced(path: string, text: string): void {
  const fd = openSync(path, 'wx');
  try {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Remove `.incoming-PID-…` directories of report writers that were killed (their process is gone). */
function removeStaleIncoming(root: string): void {
  for (const name of readdirSync(root)) {
    const m = /^\.incoming-(\d+)-/.exec(name);
    if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1])))
      rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * Write a validated report as `<root>/<report.id>/{report.json, report.md, report.html}`
 * and point `<root>/latest` at it. The three files are written into a hidden
 * temporary directory that is renamed into place, so a run directory is either
 * complete or absent; an existing run directory is never touched, and the
 * temporary directory of a killed writer is removed by the next one.
 *
 * @param report - a report from {@link buildRunReport}
 * @param root - the reports directory (created if missing)
 * @returns the absolute path of the run directory
 * @throws InternalError when the run directory already exists
 * @throws InvalidInputError naming the reports directory when it cannot be written (no permission, full disk, …)
 */
export function writeReportDir(report: Report, root: string): string {
  const rootAbs = resolve(root);
  const dir = join(rootAbs, report.id);
  let tmp: string | undefined;
  try {
    mkdirSync(rootAbs, { recursive: true });
    // Nothing is reserved at <id> before the files are complete (a kill used to leave it empty).
    if (existsSync(dir))
      throw new InternalError(`run directory ${dir} already exists; refusing to overwrite another run`);
    removeStaleIncoming(rootAbs);
    const md = renderMarkdown(report);
    const html = renderHtml(report);
    tmp = mkdtempSync(join(rootAbs, `.incoming-${process.pid}-${report.id}-`));
    writeSynced(join(tmp, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeSynced(join(tmp, 'report.md'), md);
    writeSynced(join(tmp, 'report.html'), html);
    chmodSync(tmp, 0o755); // mkdtemp makes it private; a run directory is readable like its parent
    renameSync(tmp, dir);
    tmp = undefined;
  } catch (e) {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    throw fsFailure(e, `reports directory ${rootAbs}`, rootAbs);
  }
  updateLatest(rootAbs, report.id);
  return dir;
}

/**
 * Write the report of one run: build it, validate it against `rhm-report/1`,
 * then write `reports/<UTC timestamp>-<command>-<short id>/` with report.json,
 * report.md and report.html, and update `reports/latest`.
 *
 * @param command - the command, e.g. `'check'`
 * @param config - the resolved, complete configuration of the run
 * @param seeds - every seed of the run, by stream or purpose, e.g. `{root: 7}`
 * @param results - the command's validated result: `{schema: 'rhm-check/1', value}`
 * @param options - `plots` wanted (default all), `root` (default `./reports`), `argv`, `backend`, `view` (overrides the derived tables and plots)
 * @returns the absolute path of the new run directory
 * @throws InvalidReportError when the report does not validate; nothing is written then
 * @example
 * ```ts
 * const dir = writeRunReport('properties', { testPathPattern: null }, { jest: 1 }, { schema: 'rhm-properties/1', value: suite });
 * console.log(`report: ${dir}/report.html`);
 * ```
 */
export function writeRunReport(
  command: string,
  config: Readonly<Record<string, unknown>>,
  seeds: Readonly<Record<string, number>>,
  results: ReportResults,
  options: RunReportOptions = {},
): string {
  const root = options.root ?? join(options.cwd ?? process.cwd(), 'reports');
  for (let attempt = 0; ; attempt++) {
    const report = buildRunReport(command, config, seeds, results, options);
    if (attempt < 4 && existsSync(join(root, report.id))) continue;
    return writeReportDir(report, root);
  }
}

/** The run directory name `latest` points to, or null. */
export function readLatest(root: string): string | null {
  const link = join(root, 'latest');
  try {
    const st = lstatSync(link);
    if (st.isSymbolicLink()) return readlinkSync(link).replace(/\/+$/, '');
    if (st.isFile()) return readFileSync(link, 'utf8').trim() || null;
  } catch {
    // no latest yet
  }
  return null;
}

/** The name of a run directory: `<UTC timestamp>-<command>-<6 hex>`. */
const RUN_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-([a-z0-9]+(?:-[a-z0-9]+)*)-[0-9a-f]{6}$/;

function isRealDirectory(path: string): boolean {
  try {
    const st = lstatSync(path);
    return st.isDirectory() && !st.isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Why `<root>/latest` does not point at run `name` after a report was written (null when it does):
 * a directory of the user's in its place, or a pointer that cannot be written.
 */
export function latestProblem(root: string, name: string): string | null {
  const current = readLatest(root);
  if (current === name || (current !== null && RUN_NAME.test(current) && current > name)) return null;
  const link = join(root, 'latest');
  if (isRealDirectory(link)) return `${link} is a directory, so it was not pointed at the new run; remove or rename it`;
  return `${link} could not be pointed at the new run (${current ?? 'nothing'} is kept); check the permissions of ${root}`;
}

/**
 * Point `<root>/latest` at run directory `name`: a relative symlink replaced
 * atomically (a new link renamed over the old), or, where symlinks are not
 * supported, a text file holding the name. A run never moves `latest` back to
 * an older run (names sort by time). Best effort: returns false when neither works.
 */
export function updateLatest(root: string, name: string): boolean {
  const current = readLatest(root);
  // Only a run name can be newer than this run: anything else `latest` points at is replaced.
  if (current !== null && RUN_NAME.test(current) && current > name && existsSync(join(root, current))) return true;
  const link = join(root, 'latest');
  if (isRealDirectory(link)) return false;
  const tmp = join(root, `.latest-${randomBytes(6).toString('hex')}`);
  try {
    symlinkSync(name, tmp, 'dir');
    renameSync(tmp, link);
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
  try {
    writeFileAtomic(link, `${name}\n`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The newest run directory under `root` (optionally of one command) that has a
 * report.json, or null.
 *
 * @param root - the reports directory
 * @param command - only runs of this command, e.g. `'properties'`
 * @returns absolute path or null
 */
export function latestRunDir(root: string, command?: string): string | null {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return null;
  }
  const runs = names.filter((n) => {
    const m = RUN_NAME.exec(n);
    return m !== null && (command === undefined || m[1] === command) && existsSync(join(root, n, 'report.json'));
  });
  runs.sort();
  const last = runs[runs.length - 1];
  return last === undefined ? null : resolve(root, last);
}
