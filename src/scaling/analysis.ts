import {
  SCALE_FORMAT,
  ScaleResultSchema,
  type CellResult,
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
import { exponentVerdict, fitExponent } from './fit';
import type { PlannedCell } from './plan';
import { chanceError, targetError } from '../exact/target';

/** How the sweep ran (recorded apart from the science). */
export interface ExecutionRecord {
  readonly workers: number;
  readonly wallSeconds: number;
  readonly cellsRun: number;
  readonly cellsResumed: number;
  readonly cellSeconds: readonly { readonly key: string; readonly wallSeconds: number }[];
}

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
  };
}

/** A run cell as reported, from its job's result. */
function measuredCell(p: Extract<PlannedCell, { kind: 'run' }>, result: CellResult | undefined): ScaleCell {
  if (!result) throw new InternalError(`no result for cell ${p.key}`);
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
    pStar: result.pStar,
    pStarLow: result.pStarLow,
    pStarHigh: result.pStarHigh,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    target: result.target,
    key: p.key,
    replicates: result.replicates,
  };
}

/** The exponent fit of the measured cells, with its bootstrap interval. */
function exponentOf(config: SweepConfig, measured: readonly ScaleCell[]): ScaleResult['exponent'] {
  return fitExponent(
    measured.map((c) => ({
      m: c.m,
      L: c.L,
      classes: c.classes,
      replicatePStars: c.replicates.map((r) => r.pStar ?? Infinity),
    })),
    {
      rng: Rng.fromSeed(config.seed).stream('bootstrap/exponent'),
      resamples: config.bootstrapResamples,
      confidence: config.confidence,
    },
  );
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
 * The `rhm-scale/1` object from the plan and the finished cells: the exponent
 * fit with its bootstrap interval and verdict, the collapse score and the
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
  const cells = plan.map((p) => (p.kind === 'run' ? measuredCell(p, results.get(p.key)) : skippedCell(config, p)));
  const measured = cells.filter((c) => c.status === 'measured');
  const exponent = exponentOf(config, measured);
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
