import type { PlotData, ReportTable } from '../../../spec/report';

/** What the renderers show of a command's results: status, headline, tables and plot data. */
export interface ReportView {
  /** 'ok': everything checked holds; 'negative': something failed; 'info': nothing to judge. */
  readonly status: 'ok' | 'negative' | 'info';
  /** One sentence. */
  readonly headline: string;
  /** Summary tables, most important first. */
  readonly tables: ReportTable[];
  /** Every plot the results support (the caller may pick some). */
  readonly plots: PlotData[];
}
