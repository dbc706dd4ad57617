import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { InvariantInfo } from '../../spec/invariant';
import type { PropertySuiteResults } from '../../spec/report';
import { writeFileAtomic } from '../io/json-file';
import { allInvariants } from '../registry/all';
import { readReport } from './read';
import { latestRunDir } from './write';

/** A test (or describe block) whose title starts with `[id]`, found in a property file. */
export interface TitledTest {
  /** The invariant id in the brackets. */
  readonly id: string;
  /** Property file, relative to the repository root, with forward slashes. */
  readonly file: string;
  /** The title as written in the source (template placeholders such as `%s` kept). */
  readonly title: string;
}

/** The latest property-suite result of one id. */
export interface LatestResult {
  /** 'passed', 'failed' or 'skipped' in the newest property-suite report that ran the id. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Run directory name of that report. */
  readonly run: string;
  /** When it ran (ISO 8601). */
  readonly date: string;
}

/** The latest property-suite result of each id, and how many reports were read. */
export interface LatestResults {
  /** Newest result per invariant id. */
  readonly byId: ReadonlyMap<string, LatestResult>;
  /** Property-suite reports read (newest first, at most {@link MAX_REPORTS_READ}). */
  readonly reports: number;
}

/** Most property-suite reports read to find each id's latest result. */
export const MAX_REPORTS_READ = 200;

const TITLE =
  /(?:\b(?:test|it|describe)(?:\.(?:only|skip|concurrent|failing))?\s*\(|\)\s*\()\s*(['"`])\[([a-z0-9]+(?:-[a-z0-9]+)*)\]((?:\\.|(?!\1)[^\\])*)\1/g;

/**
 * Every test or describe title that starts with `[id]` in a TypeScript source
 * (`test('[id] …')`, `it(…)`, `describe(…)`, `test.each(…)('[id] …')`).
 *
 * @param source - the file's text
 * @param file - its path as recorded
 * @returns the titled tests in source order
 */
export function titledTestsIn(source: string, file: string): TitledTest[] {
  const out: TitledTest[] = [];
  for (const m of source.matchAll(TITLE))
    out.push({ id: m[2] as string, file, title: `[${m[2] as string}]${m[3] as string}` });
  return out;
}

/**
 * Every titled test in the `*.test.ts` files below `dir`.
 *
 * @param root - repository root
 * @param dir - folder to scan, relative to the root (default `properties`)
 * @returns titled tests, files in sorted order
 */
export function collectTitledTests(root: string, dir = 'properties'): TitledTest[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) files.push(p);
    }
  };
  if (existsSync(join(root, dir))) walk(join(root, dir));
  return files.flatMap((p) => titledTestsIn(readFileSync(p, 'utf8'), relative(root, p).split('\\').join('/')));
}

/**
 * Each id's result in the newest property-suite report (under `reportsRoot`)
 * that ran it: a partial run (`npx jest properties/x`) updates only its ids.
 * Unreadable reports are skipped. Null when there is no property-suite report.
 *
 * @param reportsRoot - the reports directory
 * @returns the latest result per id, or null
 */
export function latestPropertyResults(reportsRoot: string): LatestResults | null {
  const dirs = propertyRunDirs(reportsRoot).slice(0, MAX_REPORTS_READ);
  if (dirs.length === 0) return null;
  const byId = new Map<string, LatestResult>();
  for (const dir of dirs) {
    try {
      const report = readReport(dir);
      if (report.results.schema !== 'rhm-properties/1') continue;
      const suite: PropertySuiteResults = report.results.value;
      for (const inv of suite.invariants) {
        if (!byId.has(inv.id) && inv.status !== 'skipped')
          byId.set(inv.id, { status: inv.status, run: report.id, date: report.provenance.date });
      }
    } catch {
      // unreadable or invalid report: skip it
    }
  }
  return { byId, reports: dirs.length };
}

function propertyRunDirs(root: string): string[] {
  const newest = latestRunDir(root, 'properties');
  if (newest === null) return [];
  return readdirSync(root)
    .filter(
      (n) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-properties-[0-9a-f]{6}$/.test(n) &&
        existsSync(join(root, n, 'report.json')),
    )
    .sort()
    .reverse()
    .map((n) => join(root, n));
}

/** Marks the run-dependent parts of docs/invariants.md (the consistency test blanks them before comparing). */
export const LATEST_OPEN = '<!--latest-->';
/** End of a run-dependent part. */
export const LATEST_CLOSE = '<!--/latest-->';

/** Replace every run-dependent part of the catalogue by an empty marker pair. */
export function withoutLatest(markdown: string): string {
  return markdown.replace(/<!--latest-->[\s\S]*?<!--\/latest-->/g, `${LATEST_OPEN}${LATEST_CLOSE}`);
}

function latestHeader(latest: LatestMode): string {
  if (latest === 'separate')
    return `${LATEST_OPEN}each id's status in the newest property-suite report is in ${LATEST_FILE}, which \`npm run docs\` writes (not committed, so this file changes only when the invariants or their tests do)${LATEST_CLOSE}`;
  if (latest === null)
    return `${LATEST_OPEN}no property-suite report found under reports/ (run \`npm test\`)${LATEST_CLOSE}`;
  return `${LATEST_OPEN}each id's status in the newest of ${latest.reports} property-suite report(s) under reports/ that ran it${LATEST_CLOSE}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Where the committed catalogue points for the run-dependent results (a generated, ignored file). */
export const LATEST_FILE = 'docs/invariants-latest.md';

/** The latest results, or 'separate' for the committed catalogue, which points to {@link LATEST_FILE} instead. */
export type LatestMode = LatestResults | null | 'separate';

function latestText(latest: LatestMode, id: string, long: boolean): string {
  if (latest === 'separate') return `${LATEST_OPEN}see ${LATEST_FILE}${LATEST_CLOSE}`;
  if (latest === null) return `${LATEST_OPEN}no property-suite report${LATEST_CLOSE}`;
  const r = latest.byId.get(id);
  if (r === undefined) return `${LATEST_OPEN}not run${LATEST_CLOSE}`;
  const when = r.date.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
  const status = r.status === 'failed' ? '**failed**' : r.status;
  return `${LATEST_OPEN}${status} (${when}${long ? `, \`reports/${r.run}\`` : ''})${LATEST_CLOSE}`;
}

/**
 * docs/invariants.md: the catalogue of registered assumptions and invariants,
 * with the property tests that check each one and the latest property-suite
 * result. Pure.
 *
 * @param invariants - the registry (`allInvariants()`)
 * @param tests - titled tests found in the property files
 * @param latest - results of the newest property-suite report, or null
 * @returns the Markdown text
 */
export function renderInvariantsDoc(
  invariants: readonly InvariantInfo[],
  tests: readonly TitledTest[],
  latest: LatestMode,
): string {
  const out: string[] = [];
  out.push('# Assumptions and invariants', '');
  out.push(
    'Generated by `npm run docs` from the registry (`allInvariants()` in `src/registry/all.ts`) and the property files.',
    'Do not edit by hand: `properties/report/invariants-catalogue.test.ts` fails when this file, the registry and the',
    'property tests (titles starting with `[id]`) disagree. Levels are numbered as in [R]: level 0 is the label, level L the input.',
    '',
  );
  out.push(`Latest results: ${latestHeader(latest)}`, '');
  const byId = new Map<string, TitledTest[]>();
  for (const t of tests) byId.set(t.id, [...(byId.get(t.id) ?? []), t]);
  out.push('| id | kind | title | reference | tests | latest |', '| --- | --- | --- | --- | --- | --- |');
  for (const inv of invariants) {
    const n = (byId.get(inv.id) ?? []).length;
    out.push(
      `| [\`${inv.id}\`](#${inv.id}) | ${inv.kind} | ${cell(inv.title)} | ${cell(inv.reference)} | ${n} | ${latestText(latest, inv.id, false)} |`,
    );
  }
  out.push('');
  for (const kind of ['assumption', 'invariant'] as const) {
    const list = invariants.filter((i) => i.kind === kind);
    if (list.length === 0) continue;
    out.push(`## ${kind === 'assumption' ? 'Assumptions of [R]' : 'Invariants'}`, '');
    for (const inv of list) {
      out.push(`### ${inv.id}`, '', `**${inv.title}**`, '');
      out.push(`- **Statement:** ${inv.statement}`);
      out.push(`- **Reference:** ${inv.reference}`);
      out.push('- **Checked by:**');
      for (const file of inv.properties) {
        const titles = (byId.get(inv.id) ?? []).filter((t) => t.file === file);
        out.push(`  - \`${file}\`${titles.length === 0 ? ' (no test carries the id)' : ''}`);
        for (const t of titles) out.push(`    - ${t.title.replace(/`/g, "'")}`);
      }
      const elsewhere = (byId.get(inv.id) ?? []).filter((t) => !inv.properties.includes(t.file));
      for (const t of elsewhere)
        out.push(`  - \`${t.file}\` (not listed in the registry): ${t.title.replace(/`/g, "'")}`);
      if (inv.notes) out.push(`- **Notes:** ${inv.notes}`);
      out.push(`- **Latest result:** ${latestText(latest, inv.id, true)}`, '');
    }
  }
  return out.join('\n');
}

/**
 * `npm run docs` (second step): regenerate docs/invariants.md from the registry
 * and the property files (byte-stable: its run-dependent cells point to
 * {@link LATEST_FILE}), and write {@link LATEST_FILE} with the newest
 * property-suite report's result per id (ignored by git).
 *
 * @param root - repository root (default: the current directory)
 * @returns the path written
 */
export function writeInvariantsDoc(root: string = process.cwd()): string {
  const path = join(root, 'docs', 'invariants.md');
  const tests = collectTitledTests(root);
  writeFileAtomic(path, renderInvariantsDoc(allInvariants(), tests, 'separate'));
  writeFileAtomic(
    join(root, LATEST_FILE),
    renderInvariantsDoc(allInvariants(), tests, latestPropertyResults(join(root, 'reports'))),
  );
  return path;
}

if (require.main === module) {
  process.stdout.write(`${relative(process.cwd(), writeInvariantsDoc())}\n`);
}
