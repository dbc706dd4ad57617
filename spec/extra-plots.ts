import { Type, type Static } from '@sinclair/typebox';

/**
 * Plot data of `rhm atlas` (share heat maps) and of the sensitivity view of
 * `rhm scale` (synonymic sensitivity against P/P*). Members of the report's
 * `PlotDataSchema` (spec/report.ts); the Vega-Lite specs are built by
 * src/report/views/atlas.ts and src/report/views/scale-sensitivity.ts.
 */

/** Plot: the share of grammars on which an assumption holds, by v (rows) and m (columns), one panel per sampler and n_c/v. */
export const AssumptionHeatmapPlotSchema = Type.Object(
  {
    kind: Type.Literal('assumption-heatmap'),
    title: Type.String(),
    caption: Type.String(),
    assumption: Type.String({ description: "assumption id, 'all', or 'proposition-19'" }),
    rows: Type.Array(
      Type.Object(
        {
          panel: Type.String({ description: 'sampler, n_c/v (and s, L)' }),
          v: Type.Integer({ minimum: 2 }),
          m: Type.Integer({ minimum: 1 }),
          share: Type.Number({ minimum: 0, maximum: 1 }),
          low: Type.Number({ minimum: 0, maximum: 1 }),
          high: Type.Number({ minimum: 0, maximum: 1 }),
          seeds: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Plot: synonymic sensitivity S_{k,l} of each hidden layer k to level-l synonym exchange against P/P* ([C] §V). */
export const SensitivityPlotSchema = Type.Object(
  {
    kind: Type.Literal('sensitivity-vs-pstar'),
    title: Type.String(),
    caption: Type.String(),
    rows: Type.Array(
      Type.Object(
        {
          series: Type.String({ description: 'one replicate of one cell' }),
          layer: Type.Integer({ minimum: 1, description: 'hidden layer k (bottom-up)' }),
          level: Type.Integer({ minimum: 1, description: 'level l of the exchanged synonyms' }),
          ratio: Type.Number({ exclusiveMinimum: 0, description: 'P/P*' }),
          sensitivity: Type.Number({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Data of an assumption heat map. */
export type AssumptionHeatmapPlot = Static<typeof AssumptionHeatmapPlotSchema>;
/** Data of a sensitivity-against-P/P* plot. */
export type SensitivityPlot = Static<typeof SensitivityPlotSchema>;
