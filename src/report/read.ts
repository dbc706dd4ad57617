import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ReportSchema, type Report } from '../../spec/report';
import { schemaViolations } from '../../spec/validate';
import { InvalidInputError } from '../errors';
import { readJsonFile } from '../io/json-file';

/** Largest report.json read back (reports embed whole results, so more than a grammar). */
export const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/**
 * The run directory a path names: the directory itself, the directory of a
 * report.json, or, for a `latest` text file (written where symlinks are not
 * supported), the run directory named in it.
 *
 * @param path - a run directory, a report.json, or reports/latest
 * @returns the run directory
 */
export function resolveRunDir(path: string): string {
  if (path.endsWith('.json')) return dirname(path);
  try {
    if (statSync(path).isFile()) {
      const name = readFileSync(path, 'utf8').trim();
      if (/^[\w.-]+$/.test(name)) return join(dirname(path), name);
    }
  } catch {
    // missing: readReport says so
  }
  return path;
}

/**
 * Read and validate `<dir>/report.json`.
 *
 * @param dir - a run directory, the path of a report.json, or reports/latest
 * @returns the validated `rhm-report/1` document
 * @throws InvalidInputError when the file is missing, not JSON, or not a valid report (violations name the field)
 */
export function readReport(dir: string): Report {
  const path = join(resolveRunDir(dir), 'report.json');
  const value = readJsonFile(path, `report ${path}`, MAX_REPORT_BYTES);
  const violations = schemaViolations(ReportSchema, value);
  if (violations.length > 0) throw new InvalidInputError(`report ${path}`, violations);
  return value as Report;
}
