import type { PlotData, ReportTable } from '../../../spec/report';
import type { LevelExponent, ScaleResult } from '../../../spec/scale';
import type { PerLevelCell } from '../../../spec/scale-levels';
import { fitBandLine, type FitLine } from './scale-plots';

/** n_c·m^l, the scale the level-l searches are laid out on. */
function levelScale(c: Pick<PerLevelCell, 'classes' | 'm' | 'level'>): number {
  return c.classes * c.m ** c.level;
}

/** Level l's fitted line ln N = a + c·ln n_c + b_l·(ln x − ln n_c) along x = n_c·m^l, per n_c, with its band. */
function levelLine(e: LevelExponent, cells: readonly PerLevelCell[]): FitLine {
  const ncs = [...new Set(cells.map((c) => c.classes))];
  return fitBandLine(
    e,
    ncs.map((nc) => ({
      nc,
      series: `level ${e.level}${ncs.length > 1 ? `, n_c = ${nc}` : ''}`,
      xs: cells.filter((c) => c.classes === nc).map(levelScale),
    })),
  );
}

function interval(e: LevelExponent): string {
  if (e.b === null) return `— (${e.reason ?? 'no fit'})`;
  return `${e.b.toFixed(3)} [${e.low?.toFixed(3) ?? '—'}, ${e.high?.toFixed(3) ?? '—'}]`;
}

/** The per-level plot: median N^(l) against n_c·m^l, every level in one log–log plot, each with its fitted line. */
function levelPlots(r: ScaleResult): PlotData[] {
  const cells = (r.perLevelCells ?? []).filter((c) => c.inFit && c.nStar !== null);
  const exps = r.levelExponents ?? [];
  if (cells.length === 0) return [];
  return [
    {
      kind: 'pstar-fit',
      title: 'Per-level budget N^(l) against n_c·m^l (log–log)',
      caption:
        `Horizontal axis: n_c·m^l; vertical: the median over replicates of N^(l), the smallest stage-l budget at which level l is recovered (${cells[0]?.recoveryCriterion ?? ''}) with the stages below it trained on ample data. ` +
        `One line per level: the censored fit ln N^(l) = a + b_l·l·ln m with its bootstrap band; Lemma 11 of [R] predicts b_l = 1. ` +
        exps.map((e) => `b_${e.level} = ${interval(e)}`).join('; ') +
        '.',
      points: cells.map((c) => ({ series: `level ${c.level}`, x: levelScale(c), pStar: c.nStar as number })),
      line: exps.flatMap((e) =>
        levelLine(
          e,
          cells.filter((c) => c.level === e.level),
        ),
      ),
    },
  ];
}

/** The per-level tables: b_l per level, and every (cell, level) search. */
function levelTables(r: ScaleResult): ReportTable[] {
  const exps = r.levelExponents;
  const cells = r.perLevelCells;
  if (exps === undefined || cells === undefined) return [];
  return [
    {
      title: 'Per-level exponents b_l (log N^(l) = a + b_l·l·log m; Lemma 11 predicts 1)',
      columns: [
        'level',
        'b_l',
        'low',
        'high',
        'contains 1',
        'confidence',
        'cells',
        'grammar seeds',
        'replicates',
        'censored',
        'interval meaningful',
        'reason',
      ],
      rows: exps.map((e) => [
        e.level,
        e.b,
        e.low,
        e.high,
        e.containsPrediction === null ? null : e.containsPrediction ? 'yes' : 'no',
        e.confidence,
        e.cellsUsed,
        e.grammarSeeds,
        e.observations,
        e.censoredObservations,
        e.intervalMeaningful ? 'yes' : 'no',
        [e.intervalReason, e.reason].filter((x) => x !== undefined).join('; ') || null,
      ]),
    },
    {
      title: 'Per-level searches',
      columns: [
        'n_c',
        'm',
        'L',
        'level',
        'n_c·m^l',
        'N^(l)',
        'budget',
        'ample (stage L first)',
        'replicates',
        'censored',
        'excluded',
        'saturated',
        'in fit',
        'note',
      ],
      rows: cells.map((c) => [
        c.classes,
        c.m,
        c.L,
        c.level,
        levelScale(c),
        c.nStar,
        c.budget,
        c.ampleSamples.join(', ') || '—',
        c.replicates.length,
        c.censored,
        c.excluded,
        c.saturated ? 'yes' : 'no',
        c.inFit ? 'yes' : 'no',
        c.fitNote ?? null,
      ]),
      note: `N^(l): median over the included replicates of the smallest stage-l budget recovering level l (empty when that median is censored). Criterion: ${cells[0]?.recoveryCriterion ?? '—'}.`,
    },
  ];
}

/**
 * The per-level part of a sweep's view (`rhm scale --per-level`): the b_l table, the
 * per-(cell, level) table and the N^(l) plot; empty for a sweep without it.
 *
 * @param r - the `rhm-scale/1` result
 * @returns tables and plots to append to the sweep's view
 * @paper [R] Lemma 11 (N^(l) ∝ (ρ^(l))^(−2) ∝ m^l)
 */
export function perLevelView(r: ScaleResult): { tables: ReportTable[]; plots: PlotData[] } {
  return { tables: levelTables(r), plots: levelPlots(r) };
}
