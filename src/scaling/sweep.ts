import {
  CellSpecSchema,
  SCALE_CELL_FORMAT,
  SCALE_FORMAT,
  ScaleResultSchema,
  SweepConfigSchema,
  type CellResult,
  type CellSpec,
  type ScaleCell,
  type ScaleResult,
  type SweepConfig,
} from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { InternalError, InvalidInputError } from '../errors';
import { generatorViolations } from '../grammar/generate';
import { Rng } from '../util/rng';
import { VERSION } from '../version';
import { collapseScore } from './collapse';
import { depthSeparation } from './depth-separation';
import { exponentVerdict, fitExponent } from './fit';
import { cellKey } from './job';
import { openLedger } from './ledger';
import type { CellExecutor } from './pool';

/** Learners whose P* is expected to grow like P_max (their budget reaches up to a multiple of P_max). */
export const SHALLOW_LEARNERS: readonly string[] = ['fcn'];

/** Budget multiple of P_max for shallow learners (when P_max is below --max-samples). */
export const SHALLOW_PMAX_FACTOR = 4;

/**
 * Bytes per (sample × input token) assumed by the memory estimate, at least:
 * the int32 token itself, the latent tree (< 2 numbers per token for s ≥ 2),
 * and room for a learner's per-token features.
 */
export const BYTES_PER_SAMPLE_TOKEN = 32;

/**
 * Bytes per (sample × input token) of the memory estimate for vocabulary v:
 * the larger of {@link BYTES_PER_SAMPLE_TOKEN} and a float32 one-hot encoding
 * (4·v bytes, as the network learners feed their input) twice over
 * (input plus activations/gradients of the same size).
 */
export function bytesPerSampleToken(vocab: number): number {
  return Math.max(BYTES_PER_SAMPLE_TOKEN, 8 * vocab);
}

/**
 * The default sweep of `rhm scale` with no grid flags (layerwise-cluster,
 * [C]-style rules, v = n_c = 8, s = 2). Sized to finish in under 10 minutes on
 * 2 cores (measured by `npm run bench -- scale-default-sweep`).
 */
export const DEFAULT_SWEEP: SweepConfig = Object.freeze({
  learner: 'layerwise-cluster',
  learnerOptions: {},
  sampler: 'cagnetta',
  classes: [8],
  vocab: 8,
  m: [2, 3, 4, 6],
  L: [2, 3, 4],
  s: 2,
  seeds: 5,
  trainSeeds: 2,
  seed: 0,
  threshold: 0.1,
  band: [0.8, 1.3] as [number, number],
  testSamples: 2000,
  searchFactor: 64,
  startFraction: 0.125,
  gridRatio: 2 ** 0.125,
  gridStride: 8,
  maxSamples: 1 << 22,
  maxMemoryBytes: 2 ** 31,
  cellSeconds: null,
  bootstrapResamples: 2000,
  confidence: 0.95,
});

/**
 * Resolve a partial option bag into a frozen, complete sweep configuration
 * (every default applied); that object is what the result records.
 * @throws InvalidInputError naming every invalid field.
 */
export function resolveSweepConfig(partial: Partial<SweepConfig> = {}): SweepConfig {
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, v]) => v !== undefined),
  ) as Partial<SweepConfig>;
  const config: SweepConfig = { ...DEFAULT_SWEEP, ...defined };
  const violations = schemaViolations(SweepConfigSchema, config);
  if (config.band[0] >= config.band[1])
    violations.push({
      code: 'wrong-value',
      path: '--band',
      message: `the band [${config.band[0]}, ${config.band[1]}] is empty`,
      fix: 'give --band LOW,HIGH with LOW < HIGH',
    });
  if (violations.length > 0) throw new InvalidInputError('sweep configuration', violations);
  return Object.freeze({
    ...config,
    classes: [...config.classes],
    m: [...config.m],
    L: [...config.L],
    band: [config.band[0], config.band[1]] as [number, number],
  });
}

/** A planned cell: runnable with its spec and key, or skipped with the reason. */
export type PlannedCell =
  | {
      readonly kind: 'run';
      readonly classes: number;
      readonly m: number;
      readonly L: number;
      readonly spec: CellSpec;
      readonly key: string;
      readonly budget: number;
      readonly pMax: string;
    }
  | {
      readonly kind: 'skipped';
      readonly classes: number;
      readonly m: number;
      readonly L: number;
      readonly reason: string;
      readonly budget: number;
      readonly pMax: string;
    };

/** P_max = n_c·m^((s^L−1)/(s−1)) of a (V,m)-uniform grammar, exact, as a decimal string. */
export function uniformPMax(classes: number, m: number, s: number, L: number): string {
  const internal = (BigInt(s) ** BigInt(L) - 1n) / BigInt(s - 1);
  return (BigInt(classes) * BigInt(m) ** internal).toString();
}

function mib(bytes: number): string {
  const x = bytes / 2 ** 20;
  return x >= 10 ? x.toFixed(0) : x.toFixed(2);
}

function cellSeeds(config: SweepConfig, classes: number, m: number, L: number): CellSpec['replicates'] {
  const root = Rng.fromSeed(config.seed).stream(`cell/nc=${classes}/m=${m}/L=${L}`);
  const out: { grammarSeed: number; trainSeed: number }[] = [];
  for (let g = 0; g < config.seeds; g++) {
    const grammarSeed = root.stream(`grammar-${g}`).nextUint32();
    for (let t = 0; t < config.trainSeeds; t++)
      out.push({ grammarSeed, trainSeed: root.stream(`train-${g}-${t}`).nextUint32() });
  }
  return out;
}

/**
 * Plan the grid: one cell per (n_c, L, m), each a job spec, or skipped with its
 * reason when the parameters are impossible for the sampler, when the budget
 * searchFactor·n_c·m^L exceeds `maxSamples`, or when the estimated memory
 * (budget + test samples)·d·{@link bytesPerSampleToken}(v) exceeds `maxMemoryBytes`.
 * Never skips silently.
 */
export function planSweep(config: SweepConfig): PlannedCell[] {
  const out: PlannedCell[] = [];
  for (const classes of config.classes) {
    for (const L of config.L) {
      for (const m of config.m) {
        const ncMToL = classes * m ** L;
        const pMax = uniformPMax(classes, m, config.s, L);
        let budget = Math.ceil(config.searchFactor * ncMToL);
        const at = { classes, m, L, pMax };
        const params = { sampler: config.sampler, classes, vocab: config.vocab, m, s: config.s, L };
        const bad = generatorViolations({ ...params, seed: 0 });
        if (bad.length > 0) {
          out.push({
            kind: 'skipped',
            ...at,
            budget: 0,
            reason: `impossible grammar parameters: ${bad.map((v) => v.message).join('; ')}`,
          });
          continue;
        }
        if (budget > config.maxSamples) {
          out.push({
            kind: 'skipped',
            ...at,
            budget,
            reason: `budget ${config.searchFactor}·n_c·m^L = ${budget} exceeds the limit --max-samples ${config.maxSamples}`,
          });
          continue;
        }
        if (SHALLOW_LEARNERS.includes(config.learner)) {
          const pm = Number(pMax);
          budget = Math.max(budget, Math.min(config.maxSamples, Math.ceil(SHALLOW_PMAX_FACTOR * pm)));
        }
        const d = config.s ** L;
        const bytes = (budget + config.testSamples) * d * bytesPerSampleToken(config.vocab);
        if (bytes > config.maxMemoryBytes) {
          out.push({
            kind: 'skipped',
            ...at,
            budget,
            reason: `estimated memory ${mib(bytes)} MiB for the largest P tried (${budget}) × d = ${d} exceeds the limit ${mib(config.maxMemoryBytes)} MiB`,
          });
          continue;
        }
        const spec: CellSpec = {
          format: SCALE_CELL_FORMAT,
          grammar: { kind: 'generated', ...params },
          replicates: cellSeeds(config, classes, m, L),
          learner: config.learner,
          learnerOptions: config.learnerOptions,
          threshold: config.threshold,
          testSamples: config.testSamples,
          search: {
            start: Math.max(1, Math.round(config.startFraction * ncMToL)),
            ratio: config.gridRatio,
            stride: config.gridStride,
            maxSamples: budget,
          },
          bootstrap: { resamples: config.bootstrapResamples, confidence: config.confidence, seed: config.seed },
          limits: { maxSeconds: config.cellSeconds },
        };
        const v = schemaViolations(CellSpecSchema, spec);
        if (v.length > 0) throw new InternalError(`planned cell spec is invalid: ${JSON.stringify(v)}`);
        out.push({ kind: 'run', ...at, spec, key: cellKey(spec), budget });
      }
    }
  }
  return out;
}

/** How the sweep ran (recorded apart from the science). */
export interface ExecutionRecord {
  readonly workers: number;
  readonly wallSeconds: number;
  readonly cellsRun: number;
  readonly cellsResumed: number;
  readonly cellSeconds: readonly { readonly key: string; readonly wallSeconds: number }[];
}

function reportedCell(config: SweepConfig, p: PlannedCell, result: CellResult | undefined): ScaleCell {
  const base = { m: p.m, L: p.L, classes: p.classes, pMax: p.pMax, budget: p.budget, ncMToL: p.classes * p.m ** p.L };
  if (p.kind === 'skipped') {
    const target = config.threshold * (1 - 1 / p.classes);
    return {
      ...base,
      s: config.s,
      vocab: config.vocab,
      status: 'skipped',
      pStar: null,
      pStarLow: null,
      pStarHigh: null,
      reason: p.reason,
      target,
      key: null,
      replicates: [],
    };
  }
  if (!result) throw new InternalError(`no result for cell ${p.key}`);
  return {
    ...base,
    pMax: result.pMax,
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

/**
 * The `rhm-scale/1` object from the plan and the finished cells: the exponent
 * fit with its bootstrap interval and verdict, the collapse score and the
 * depth-separation comparison. Pure: the same plan and results give the same
 * object (apart from `execution`).
 */
export function analyseSweep(
  config: SweepConfig,
  plan: readonly PlannedCell[],
  results: ReadonlyMap<string, CellResult>,
  execution: ExecutionRecord,
): ScaleResult {
  const cells = plan.map((p) => reportedCell(config, p, p.kind === 'run' ? results.get(p.key) : undefined));
  const measured = cells.filter((c) => c.status === 'measured');
  const exponent = fitExponent(
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
  const v = exponentVerdict(exponent, config.band);
  const collapse = collapseScore(
    measured.map((c) => ({
      ncMToL: c.ncMToL,
      chanceError: 1 - 1 / c.classes,
      pStar: c.pStar,
      points: c.replicates.flatMap((r) => r.points),
    })),
  );
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
    collapse,
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
  const runnable = plan.filter((p): p is Extract<PlannedCell, { kind: 'run' }> => p.kind === 'run');
  const ledger = openLedger(options.ledgerPath, options.resume);
  try {
    const results = new Map<string, CellResult>();
    const seconds = new Map<string, number>();
    for (const p of runnable) {
      const line = ledger.existing.byKey.get(p.key);
      if (line) {
        results.set(p.key, line.result);
        seconds.set(p.key, line.wallSeconds);
      }
    }
    const resumed = results.size;
    // Largest cells first, so the pool's tail is short.
    const todo = runnable
      .filter((p) => !results.has(p.key))
      .sort((a, b) => b.budget - a.budget || a.key.localeCompare(b.key));
    const outcome = await options.executor.run(
      todo.map((p) => p.spec),
      (index, result, wallSeconds) => {
        const p = todo[index] as Extract<PlannedCell, { kind: 'run' }>;
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
    return { status: 'completed', result: analyseSweep(config, plan, results, execution) };
  } finally {
    ledger.close();
  }
}
