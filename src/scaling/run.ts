import { ScaleResultSchema, type CellResult, type ScaleResult, type SweepConfig } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { getLearner } from '../learners/registry';
import { InternalError } from '../errors';
import { measurePerLevel } from './per-level';
import { fitLevelExponents } from './per-level-fit';
import { analyseSweep, type ExecutionRecord } from './analysis';
import { invalid } from '../errors';
import { openLedger, type LedgerWriter } from './ledger';
import { lockSweep } from './lock';
import { planSweep, type PlannedCell } from './plan';
import type { CellExecutor } from './pool';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Where cells run. */
  readonly executor: CellExecutor;
  /** The JSON Lines ledger file. */
  readonly ledgerPath: string;
  /** Continue a sweep whose ledger exists (finished cells are not redone). */
  readonly resume: boolean;
  /** Stops the sweep: unfinished cells are dropped, finished ones stay in the ledger. */
  readonly signal?: AbortSignal;
  /** Called after each finished cell (progress). */
  readonly onCell?: (
    done: number,
    total: number,
    cell: { m: number; L: number; classes: number; wallSeconds: number; pStar: number | null },
  ) => void;
}

/** The tagged outcome of a sweep. */
export type SweepOutcome =
  | { readonly status: 'completed'; readonly result: ScaleResult }
  | { readonly status: 'aborted'; readonly reason: string; readonly cellsDone: number; readonly cellsTotal: number };

/** A cell the sweep runs. */
type RunCell = Extract<PlannedCell, { kind: 'run' }>;

/** Finished cells so far, by key: their results and wall times. */
interface Finished {
  readonly results: Map<string, CellResult>;
  readonly seconds: Map<string, number>;
}

/** The cells of `runnable` already in the ledger (resumed). */
function resumedCells(runnable: readonly RunCell[], ledger: LedgerWriter): Finished {
  const results = new Map<string, CellResult>();
  const seconds = new Map<string, number>();
  for (const p of runnable) {
    const line = ledger.existing.byKey.get(p.key);
    if (line) {
      results.set(p.key, line.result);
      seconds.set(p.key, line.wallSeconds);
    }
  }
  return { results, seconds };
}

/**
 * A resumed ledger must come from the same configuration: every cell it holds is one the
 * plan would run (same spec, so the same key). Otherwise the resume would silently mix two
 * sweeps or ignore finished work.
 * @throws InvalidInputError naming `--resume` and the first cell that differs.
 */
function assertLedgerMatchesPlan(ledger: LedgerWriter, runnable: readonly RunCell[]): void {
  const planned = new Set(runnable.map((p) => p.key));
  const foreign = ledger.existing.lines.filter((l) => !planned.has(l.key));
  if (foreign.length === 0) return;
  const first = foreign[0];
  const g = first?.spec.grammar;
  const where =
    first === undefined || g === undefined || g.kind !== 'generated'
      ? ''
      : ` (e.g. learner ${first.spec.learner}, ${g.sampler}, m = ${g.m}, L = ${g.L}, n_c = ${g.classes})`;
  invalid(
    'rhm scale',
    '--resume',
    `the ledger ${ledger.path} holds ${foreign.length} cell(s) that this configuration does not plan${where}: it was written by a sweep with other settings`,
    'resume with the flags of the original sweep (its scale.json or report records them), or choose another --out',
    'ledger-config-mismatch',
  );
}

/** The sweep's result with the per-level measurement and exponents (`--per-level`), checked against `rhm-scale/1`. */
async function withPerLevel(
  config: SweepConfig,
  plan: readonly PlannedCell[],
  result: ScaleResult,
  options: RunSweepOptions,
): Promise<{ status: 'completed'; result: ScaleResult } | { status: 'stopped'; reason: string }> {
  const signal = options.signal;
  const outcome = await measurePerLevel(config, plan, getLearner(config.learner), {
    shouldStop: () => (signal?.aborted === true ? String(signal.reason) : null),
  });
  if (outcome.status === 'stopped') return outcome;
  const out: ScaleResult = {
    ...result,
    levelExponents: fitLevelExponents(config, outcome.cells),
    perLevelCells: outcome.cells,
  };
  const violations = schemaViolations(ScaleResultSchema, out);
  if (violations.length > 0)
    throw new InternalError(
      `the per-level rhm-scale/1 object does not match its schema: ${JSON.stringify(violations.slice(0, 5))}`,
    );
  return { status: 'completed', result: out };
}

/**
 * Run a sweep: plan the grid, skip cells already in the ledger (with
 * `resume`), run the rest on the executor, append each finished cell to the
 * ledger, then analyse. The results do not depend on the executor or the
 * number of workers.
 * @throws InvalidInputError when the ledger exists without `resume`, is corrupted, or a job rejects its spec.
 */
export async function runSweep(config: SweepConfig, options: RunSweepOptions): Promise<SweepOutcome> {
  const t0 = performance.now();
  const plan = planSweep(config);
  const runnable = plan.filter((p): p is RunCell => p.kind === 'run');
  const unlock = lockSweep(options.ledgerPath);
  let ledger: LedgerWriter;
  try {
    ledger = openLedger(options.ledgerPath, options.resume);
    assertLedgerMatchesPlan(ledger, runnable);
  } catch (e) {
    unlock();
    throw e;
  }
  try {
    const { results, seconds } = resumedCells(runnable, ledger);
    const resumed = results.size;
    // Largest cells first, so the pool's tail is short.
    const todo = runnable
      .filter((p) => !results.has(p.key))
      .sort((a, b) => b.budget - a.budget || a.key.localeCompare(b.key));
    const outcome = await options.executor.run(
      todo.map((p) => p.spec),
      (index, result, wallSeconds) => {
        const p = todo[index] as RunCell;
        ledger.append({ key: p.key, spec: p.spec, result, wallSeconds, finishedAt: new Date().toISOString() });
        results.set(p.key, result);
        seconds.set(p.key, wallSeconds);
        options.onCell?.(results.size, runnable.length, {
          m: p.m,
          L: p.L,
          classes: p.classes,
          wallSeconds,
          pStar: result.pStar,
        });
      },
      options.signal,
    );
    if (outcome.status === 'aborted')
      return { status: 'aborted', reason: outcome.reason, cellsDone: results.size, cellsTotal: runnable.length };
    const execution: ExecutionRecord = {
      workers: options.executor.workers,
      wallSeconds: (performance.now() - t0) / 1000,
      cellsRun: results.size - resumed,
      cellsResumed: resumed,
      cellSeconds: runnable.map((p) => ({ key: p.key, wallSeconds: seconds.get(p.key) ?? 0 })),
    };
    const result = analyseSweep(config, plan, results, execution);
    if (config.perLevel !== true) return { status: 'completed', result };
    const levels = await withPerLevel(config, plan, result, options);
    return levels.status === 'stopped'
      ? { status: 'aborted', reason: levels.reason, cellsDone: results.size, cellsTotal: runnable.length }
      : { status: 'completed', result: levels.result };
  } finally {
    ledger.close();
    unlock();
  }
}
