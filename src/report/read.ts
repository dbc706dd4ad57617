import { join } from 'node:path';
import { ReportSchema, type Report } from '../../spec/report';
import { schemaViolations } from '../../spec/validate';
import { InvalidInputError } from '../errors';
import { readJsonFile } from '../io/json-file';

/** Largest report.json read back (reports embed whole results, so more than a grammar). */
export const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/**
 * Read and validate `<dir>/report.json`.
 *
 * @param dir - a run directory (or the path of a report.json)
 * @returns the validated `rhm-report/1` document
 * @throws InvalidInputError when the file is missing, not JSON, or not a valid report (violations name the field)
 */
export function readReport(dir: string): Report {
  const path = dir.endsWith('.json') ? dir : join(dir, 'report.json');
  const value = readJsonFile(path, `report ${path}`, MAX_REPORT_BYTES);
  const violations = schemaViolations(ReportSchema, value);
  if (violations.length > 0) throw new InvalidInputError(`report ${path}`, violations);
  return value as Report;
}
