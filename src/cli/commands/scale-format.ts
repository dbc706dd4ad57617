import type { ScaleResult } from '../../../spec/scale';

/** A count or size for the summary: an integer, or — when undefined. */
export function fmt(x: number | null, digits = 0): string {
  return x === null ? '—' : x.toFixed(digits);
}

/** One cell of the summary table. */
function cellLine(c: ScaleResult['cells'][number]): string {
  const interval =
    c.pStar === null ? '' : `[${fmt(c.pStarLow)}, ${c.pStarHigh === null ? '>budget' : fmt(c.pStarHigh)}]`;
  const ratio = c.pStar === null ? '—' : (c.pStar / c.ncMToL).toFixed(2);
  const excluded = [...new Map(c.excluded.map((e) => [e.grammarSeed, e.replicates])).values()].reduce(
    (s, n) => s + n,
    0,
  );
  const why = [c.reason, c.excluded.map((e) => `seed ${e.grammarSeed}: ${e.assumption}`).join(', '), c.fitNote]
    .filter((x) => x !== undefined && x !== '')
    .join('; ');
  return `${String(c.classes).padStart(4)} ${String(c.m).padStart(3)} ${String(c.L).padStart(3)} ${String(c.ncMToL).padStart(9)} ${fmt(c.pStar).padStart(9)} ${interval.padStart(19)} ${ratio.padStart(11)} ${String(c.censored).padStart(4)} ${String(excluded).padStart(4)} ${(c.saturated ? 'yes' : 'no').padStart(3)}  ${c.status}${why ? `: ${why}` : ''}`;
}

/** One exponent fit of the summary, with its interval, replicates and notes. */
function exponentLine(label: string, e: ScaleResult['exponent']): string {
  const head = `${label}: ${e.model}: b = ${fmt(e.b, 3)}, ${Math.round(e.confidence * 100)}% bootstrap interval [${fmt(e.low, 3)}, ${fmt(e.high, 3)}] over ${e.grammarSeeds} grammar seeds (${e.observations} replicates, ${e.censoredObservations} censored; ${e.cellsUsed} cells; ${e.resamples} resamples, ${e.unidentifiedResamples} unidentified), a = ${fmt(e.a, 3)}, c = ${e.c === null ? 'dropped' : fmt(e.c, 3)}${e.logM === null ? '' : `, d = ${fmt(e.logM, 3)}`}, σ = ${fmt(e.sigma, 3)}`;
  const notes = [e.intervalReason, e.reason].filter((x) => x !== undefined);
  return notes.length > 0 ? `${head}\n  note: ${notes.join('; ')}` : head;
}

/** The human summary of a sweep result. */
export function formatScaleSummary(r: ScaleResult): string {
  const lines: string[] = [];
  lines.push(
    `rhm scale: learner ${r.learner}, sampler ${r.config.sampler}, v = ${r.config.vocab}, s = ${r.config.s}, ${r.config.seeds}×${r.config.trainSeeds} replicate(s) per cell, target ${r.config.threshold}·chance`,
  );
  lines.push('');
  lines.push(
    `${'n_c'.padStart(4)} ${'m'.padStart(3)} ${'L'.padStart(3)} ${'n_c·m^L'.padStart(9)} ${'P*'.padStart(9)} ${'interval'.padStart(19)} ${'P*/n_c·m^L'.padStart(11)} ${'cens'.padStart(4)} ${'excl'.padStart(4)} ${'sat'.padStart(3)}  status`,
  );
  for (const c of r.cells) lines.push(cellLine(c));
  lines.push('');
  lines.push(exponentLine('exponent', r.exponent));
  lines.push(exponentLine('with log m', r.exponentWithLogM));
  lines.push(`verdict: ${r.verdict} (${r.verdictReason})`);
  const cl = r.collapse;
  lines.push(
    `collapse under P/(n_c·m^L): score ${fmt(cl.score, 3)} (against P: ${fmt(cl.rawScore, 3)}; 0 = perfect), spread of log10(P* / n_c·m^L) ${fmt(cl.crossingSpread, 3)}${cl.reason ? ` — ${cl.reason}` : ''}`,
  );
  const ds = r.depthSeparation;
  if (r.comparison) {
    const cmp = r.comparison;
    lines.push(
      `compared with ${cmp.against}: ${cmp.cells.map((c) => `m=${c.m} L=${c.L}: P* ratio ${fmt(c.ratio, 2)} (P_max/n_c·m^L = ${c.separation.toPrecision(3)})`).join('; ')}`,
    );
    lines.push(
      `  slope of log ratio vs log(P_max/n_c·m^L): ${fmt(cmp.slopeVsSeparation, 3)} (1 = the full shallow-to-deep gap of [C], 0 = no gap)${cmp.reason ? ` — ${cmp.reason}` : ''}`,
    );
  }
  lines.push(
    `depth separation: P* follows ${ds.follows} (slope vs log P_max ${fmt(ds.slopeVsPMax, 3)}, vs log n_c·m^L ${fmt(ds.slopeVsNcMToL, 3)}; rms ${fmt(ds.rmsVsPMax, 3)} vs ${fmt(ds.rmsVsNcMToL, 3)})${ds.reason ? ` — ${ds.reason}` : ''}`,
  );
  lines.push(
    `ran ${r.execution.cellsRun} cell(s), resumed ${r.execution.cellsResumed}, ${r.execution.workers} worker(s), ${r.execution.wallSeconds.toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}
