import type { ReportResults } from '../../../spec/report';
import { atlasView } from './atlas';
import { checkView } from './check';
import { learnView } from './learn';
import { propertiesView } from './properties';
import { scaleView } from './scale';
import { verifyView } from './verify';
import type { ReportView } from './view';

export { composeViews, type ReportView } from './view';

/**
 * The view (status, headline, tables, plots) of an embedded result, chosen by
 * its schema id. A command that adds a payload schema adds its case here.
 *
 * @param results - `{schema, value}` as embedded in `rhm-report/1`
 * @returns the view
 */
export function viewOf(results: ReportResults): ReportView {
  switch (results.schema) {
    case 'rhm-properties/1':
      return propertiesView(results.value);
    case 'rhm-check/1':
      return checkView(results.value);
    case 'rhm-learn/1':
      return learnView(results.value);
    case 'rhm-scale/1':
      return scaleView(results.value);
    case 'rhm-verify/1':
      return verifyView(results.value);
    case 'rhm-atlas/1':
      return atlasView(results.value);
  }
}
