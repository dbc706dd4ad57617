import { familyColours } from '../plots/style';
import type { SensitivityPlot } from '../../../spec/extra-plots';
import type { ReportTable } from '../../../spec/report';
import type { ScaleResult } from '../../../spec/scale';

/**
 * Synonymic sensitivity against P/P* ([C] §V): for networks (cnn, fcn), every
 * point of every P* search carries S_{k,l}, the sensitivity of hidden layer k
 * to exchanging level-l patches for random synonyms. [C] finds it falls from
 * about 1 to about 0 near P*, at the same P for every level. Replicates that
 * never reached the target have no P* and are left out. Self-contained: the
 * Vega-Lite spec is built here ({@link sensitivitySpec}).
 */

/**
 * The plot data, or null when no replicate that reached P* has sensitivities.
 * @param r - the `rhm-scale/1` result
 * @paper [C] §V (synonymic sensitivity)
 */
export function sensitivityPlot(r: ScaleResult): SensitivityPlot | null {
  const rows: SensitivityPlot['rows'] = [];
  for (const c of r.cells)
    for (const rep of c.replicates) {
      if (rep.pStar === null) continue;
      const series = `n_c=${c.classes} m=${c.m} L=${c.L} g${rep.grammarSeed} t${rep.trainSeed}`;
      for (const p of rep.points) {
        const sens = p.synonymicSensitivity;
        if (!sens) continue;
        sens.forEach((byLayer, li) =>
          byLayer.forEach((value, ki) =>
            rows.push({ series, layer: ki + 1, level: li + 1, ratio: p.P / (rep.pStar as number), sensitivity: value }),
          ),
        );
      }
    }
  if (rows.length === 0) return null;
  return {
    kind: 'sensitivity-vs-pstar',
    title: 'Synonymic sensitivity against P/P*',
    caption:
      'S_{k,l} = ⟨‖f_k(x) − f_k(P_l x)‖²⟩/⟨‖f_k(x) − f_k(y)‖²⟩: how much hidden layer k (one panel each) moves when every level-l patch is exchanged for a random synonym, relative to an independent input y, at every training-set size of the P* search, against P/P* (one line per replicate and level). [C] §V: it falls from about 1 to about 0 near P/P* = 1 at the same P for every level.',
    rows,
  };
}

/** The data of the plot as a table: one row per (replicate, P, layer, level). */
export function sensitivityTable(plot: SensitivityPlot): ReportTable {
  return {
    title: plot.title,
    columns: ['replicate', 'layer k', 'level l', 'P/P*', 'S_{k,l}'],
    rows: plot.rows.map((r) => [r.series, r.layer, r.level, r.ratio, r.sensitivity]),
  };
}

/** The Vega-Lite spec: one panel per hidden layer, sensitivity against P/P* (log x), colour = level. Pure; data inlined. */
export function sensitivitySpec(plot: SensitivityPlot): Record<string, unknown> {
  const levelNames = [...new Set(plot.rows.map((r) => r.level))].sort((a, b) => a - b).map((l) => `l = ${l}`);
  const values = plot.rows.map((row) => ({
    ...row,
    panel: `layer k = ${row.layer}`,
    levelName: `l = ${row.level}`,
    curve: `${row.series} l${row.level}`,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 8,
    title: { text: plot.title, anchor: 'start', fontSize: 13 },
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null },
    columns: 3,
    spec: {
      width: 220,
      height: 170,
      layer: [
        {
          mark: { type: 'line', point: { filled: true, size: 25 }, strokeWidth: 1.2, opacity: 0.7 },
          encoding: {
            x: { field: 'ratio', type: 'quantitative', title: 'P / P*', scale: { type: 'log' } },
            y: { field: 'sensitivity', type: 'quantitative', title: 'synonymic sensitivity' },
            color: {
              field: 'levelName',
              type: 'nominal',
              title: 'exchanged level',
              scale: { domain: levelNames, range: familyColours([levelNames]) },
            },
            detail: { field: 'curve' },
            order: { field: 'ratio' },
          },
        },
        {
          data: { values: [{ x: 1 }] },
          mark: { type: 'rule', strokeDash: [2, 2], color: '#555' },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
      ],
    },
  };
}
