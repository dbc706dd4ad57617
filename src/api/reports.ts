/**
 * Reports: the schema-validated `report.json` of every run with its provenance,
 * and the Markdown and HTML rebuilt from it.
 * @module reports
 */
export {
  REPORT_FORMAT,
  PROPERTIES_FORMAT,
  ReportSchema,
  PropertySuiteResultsSchema,
  RESULT_SCHEMAS,
  type Report,
  type Provenance,
  type ReportResults,
  type PropertySuiteResults,
} from '../../spec/report';
export { writeRunReport, buildRunReport, InvalidReportError, type RunReportOptions } from '../report/write';
export { readReport, resolveRunDir } from '../report/read';
export { renderMarkdown } from '../report/markdown';
export { renderHtml } from '../report/html';
export { collectProvenance, type ProvenanceInput } from '../report/provenance';
export { runVerify, VERIFY_DEFAULTS } from '../verify/run';
