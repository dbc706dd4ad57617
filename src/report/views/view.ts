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

/**
 * One view from several (e.g. `rhm verify`: a check per grammar, learners,
 * a sweep): tables and plots in order with their titles prefixed by the part's
 * name, status the worst of the parts ('negative' over 'ok' over 'info'),
 * headlines joined.
 *
 * @param parts - named views, in the order to show them
 * @param headline - the combined headline (default: the parts' headlines joined by '; ')
 * @returns the combined view
 */
export function composeViews(
  parts: readonly { readonly name: string; readonly view: ReportView }[],
  headline?: string,
): ReportView {
  const rank = { ok: 1, info: 0, negative: 2 } as const;
  const status = parts.reduce<ReportView['status']>(
    (s, p) => (rank[p.view.status] > rank[s] ? p.view.status : s),
    'info',
  );
  return {
    status,
    headline: headline ?? parts.map((p) => `${p.name}: ${p.view.headline}`).join('; '),
    tables: parts.flatMap((p) => p.view.tables.map((t) => ({ ...t, title: `${p.name}: ${t.title}` }))),
    plots: parts.flatMap((p) => p.view.plots.map((pl) => ({ ...pl, title: `${p.name}: ${pl.title}` }))),
  };
}
