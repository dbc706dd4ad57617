import {
  SCALE_FORMAT,
  ScaleResultSchema,
  type CellResult,
  type ReplicateResult,
  type ScaleCell,
  type ScaleResult,
  type SweepConfig,
} from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { InternalError } from '../errors';
import { Rng } from '../util/rng';
import { VERSION } from '../version';
import { collapseScore } from './collapse';
import { depthSeparation } from './depth-separation';
import { exponentVerdict, fitExponent, type FitCell } from './fit';
import type { PlannedCell } from './plan';
import { bootstrapMedianInterval, median } from './stats';
import { chanceError, targetError } from '../exact/target';

/** How the sweep ran (recorded apart from the science). */
export interface ExecutionRecord {
  readonly workers: number;
  readonly wallSeconds: number;
  readonly cellsRun: number;
  readonly cellsResumed: number;
  readonly cellSeconds: readonly { readonly key: string; readonly wallSeconds: number }[];
}

/** A cell saturates when a replicate's P* (or, censored, its lower bound) reaches this share of P_max. */
export const SATURATION_FRACTION = 0.5;

/** A skipped cell as reported: no P*, no replicates, the target it would have had. */
function skippedCell(config: SweepConfig, p: Extract<PlannedCell, { kind: 'skipped' }>): ScaleCell {
  return {
    m: p.m,
    L: p.L,
    classes: p.classes,
    pMax: p.pMax,
    budget: p.budget,
    ncMToL: p.classes * p.m ** p.L,
    s: config.s,
    vocab: config.vocab,
    status: 'skipped',
    pStar: null,
    pStarLow: null,
    pStarHigh: null,
    reason: p.reason,
    target: targetError(p.classes, config.threshold),
    key: null,
    replicates: [],
    censored: 0,
    excluded: [],
    failing: 0,
    saturated: false,
    inFit: false,
    fitNote: `skipped: ${p.reason}`,
  };
}

/** The grammars of a cell that fail a pre-checked assumption, one entry per (grammar seed, assumption). */
function excludedEntries(replicates: readonly ReplicateResult[]): ScaleCell['excluded'] {
  const out: ScaleCell['excluded'] = [];
  const seen = new Set<number>();
  for (const r of replicates) {
    if (seen.has(r.grammarSeed) || r.precheck.failed.length === 0) continue;
    seen.add(r.grammarSeed);
    const n = replicates.filter((x) => x.grammarSeed === r.grammarSeed).length;
    for (const f of r.precheck.failed)
      out.push({ grammarSeed: r.grammarSeed, assumption: f.assumption, summary: f.summary, replicates: n });
  }
  return out;
}

/** The largest P* or censoring bound of the included replicates. */
function largestKnown(replicates: readonly ReplicateResult[]): number {
  return Math.max(0, ...replicates.map((r) => r.pStar ?? r.pStarLowerBound ?? 0));
}

/** The median P* of the included replicates and its bootstrap interval; null when the median is censored. */
function medianOf(config: SweepConfig, included: readonly ReplicateResult[]) {
  if (included.length === 0) return { pStar: null, pStarLow: null, pStarHigh: null };
  const values = included.map((r) => r.pStar ?? Infinity);
  const ci = bootstrapMedianInterval(
    values,
    Rng.fromSeed(config.seed).stream('bootstrap'),
    config.bootstrapResamples,
    config.confidence,
  );
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { pStar: finite(median(values)), pStarLow: finite(ci.low), pStarHigh: finite(ci.high) };
}

/** The reason of a measured cell: censoring and exclusions, said in words. */
function measuredReason(
  result: CellResult,
  included: readonly ReplicateResult[],
  censored: number,
  excluded: number,
  pStar: number | null,
): string | undefined {
  if (result.status === 'timed-out') return result.reason;
  const notes: string[] = [];
  if (included.length === 0) notes.push('every replicate was excluded (its grammar fails a pre-checked assumption)');
  else if (pStar === null)
    notes.push(
      `P* not reached: the median replicate is censored (${censored} of ${included.length} did not reach the target error ${result.target.toFixed(4)} within the budget)`,
    );
  else if (censored > 0) notes.push(`${censored} of ${included.length} replicate(s) censored (P* > budget)`);
  if (excluded > 0) notes.push(`${excluded} replicate(s) excluded: their grammar fails a pre-checked assumption`);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** A run cell as reported, from its job's result: exclusions, censoring, saturation, the median over what is kept. */
function measuredCell(
  config: SweepConfig,
  p: Extract<PlannedCell, { kind: 'run' }>,
  result: CellResult | undefined,
): ScaleCell {
  if (!result) throw new InternalError(`no result for cell ${p.key}`);
  const failingReps = result.replicates.filter((r) => r.precheck.failed.length > 0);
  const included = config.includeFailing
    ? result.replicates
    : result.replicates.filter((r) => r.precheck.failed.length === 0);
  const censored = included.filter((r) => r.status !== 'reached').length;
  const half = SATURATION_FRACTION * Number(result.pMax);
  const saturated = included.length > 0 && largestKnown(included) >= half;
  const med = medianOf(config, included);
  const reason = measuredReason(result, included, censored, result.replicates.length - included.length, med.pStar);
  const fitNote =
    result.status === 'timed-out'
      ? 'timed out: not in the fit'
      : included.length === 0
        ? 'every replicate excluded by the pre-check'
        : saturated
          ? `saturated: a replicate's P* (or lower bound) ${largestKnown(included)} reaches P_max/2 = ${half}, where n_c·m^L cannot be told from P_max`
          : undefined;
  return {
    m: p.m,
    L: p.L,
    classes: p.classes,
    pMax: result.pMax,
    budget: p.budget,
    ncMToL: p.classes * p.m ** p.L,
    s: result.s,
    vocab: result.vocab,
    status: result.status,
    ...med,
    ...(reason !== undefined ? { reason } : {}),
    target: result.target,
    key: p.key,
    replicates: result.replicates,
    censored,
    excluded: config.includeFailing ? [] : excludedEntries(result.replicates),
    failing: failingReps.length,
    saturated,
    inFit: fitNote === undefined,
    ...(fitNote !== undefined ? { fitNote } : {}),
  };
}

/** The fit's view of the cells it uses: included replicates only. */
function fitCells(config: SweepConfig, cells: readonly ScaleCell[]): FitCell[] {
  return cells
    .filter((c) => c.inFit)
    .map((c) => ({
      m: c.m,
      L: c.L,
      classes: c.classes,
      replicates: c.replicates
        .filter((r) => config.includeFailing || r.precheck.failed.length === 0)
        .map((r) => ({ grammarSeed: r.grammarSeed, pStar: r.pStar, lowerBound: r.pStarLowerBound })),
    }));
}

/** Both exponent fits (without and with the log m term), each with its own named bootstrap stream. */
function exponentsOf(config: SweepConfig, cells: readonly ScaleCell[]) {
  const fc = fitCells(config, cells);
  const options = (name: string) => ({
    rng: Rng.fromSeed(config.seed).stream(name),
    resamples: config.bootstrapResamples,
    confidence: config.confidence,
  });
  const left = cells.filter((c) => !c.inFit).map((c) => `n_c=${c.classes} m=${c.m} L=${c.L} (${c.fitNote ?? ''})`);
  const note = left.length > 0 ? `not in the fit: ${left.join('; ')}` : '';
  const withNote = (e: ScaleResult['exponent']): ScaleResult['exponent'] =>
    note === '' ? e : { ...e, reason: e.reason !== undefined ? `${e.reason}; ${note}` : note };
  return {
    exponent: withNote(fitExponent(fc, options('bootstrap/exponent'))),
    exponentWithLogM: withNote(fitExponent(fc, { ...options('bootstrap/exponent-with-log-m'), withLogM: true })),
  };
}

/** The collapse score of the measured cells' error curves under P/(n_c·m^L). */
function collapseOf(measured: readonly ScaleCell[]): ScaleResult['collapse'] {
  return collapseScore(
    measured.map((c) => ({
      ncMToL: c.ncMToL,
      chanceError: chanceError(c.classes),
      pStar: c.pStar,
      points: c.replicates.flatMap((r) => r.points),
    })),
  );
}

/**
 * The `rhm-scale/1` object from the plan and the finished cells. Per cell: the
 * replicates whose grammar fails a pre-checked assumption are excluded (unless
 * `includeFailing`), censored replicates counted, saturation (a P* or bound at
 * P_max/2) flagged; then the two censored-likelihood exponent fits with their
 * bootstrap intervals over grammar seeds, the verdict, the collapse score and the
 * depth-separation comparison. Pure: the same plan and results give the same
 * object (apart from `execution`).
 * @throws InternalError when a run cell has no result or the object does not match its schema.
 */
export function analyseSweep(
  config: SweepConfig,
  plan: readonly PlannedCell[],
  results: ReadonlyMap<string, CellResult>,
  execution: ExecutionRecord,
): ScaleResult {
  const cells = plan.map((p) =>
    p.kind === 'run' ? measuredCell(config, p, results.get(p.key)) : skippedCell(config, p),
  );
  const measured = cells.filter((c) => c.status === 'measured');
  const { exponent, exponentWithLogM } = exponentsOf(config, cells);
  const v = exponentVerdict(exponent, config.band);
  const separation = depthSeparation(
    measured.map((c) => ({ m: c.m, L: c.L, classes: c.classes, pStar: c.pStar, pMax: c.pMax, ncMToL: c.ncMToL })),
  );
  const out: ScaleResult = {
    format: SCALE_FORMAT,
    harnessVersion: VERSION,
    learner: config.learner,
    config,
    cells,
    exponent,
    exponentWithLogM,
    verdict: v.verdict,
    verdictReason: v.reason,
    collapse: collapseOf(measured),
    depthSeparation: separation,
    execution: { ...execution, cellSeconds: execution.cellSeconds.slice() },
  };
  const violations = schemaViolations(ScaleResultSchema, out);
  if (violations.length > 0)
    throw new InternalError(
      `the rhm-scale/1 object does not match its schema: ${JSON.stringify(violations.slice(0, 5))}`,
    );
  return out;
}
