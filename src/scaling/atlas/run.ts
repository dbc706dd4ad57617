import {
  ATLAS_FORMAT,
  AtlasResultSchema,
  type AtlasCell,
  type AtlasCellSpec,
  type AtlasResult,
} from '../../../spec/atlas';
import type { SamplerName } from '../../../spec/generator';
import { schemaViolations } from '../../../spec/validate';
import { InternalError, invalid } from '../../errors';
import { VERSION } from '../../version';
import { runTasksOnThreads } from '../pool';
import { runAtlasCell } from './cell';
import { conclusions } from './conclusions';

/** The grid of an atlas and how it runs. */
export interface AtlasConfig {
  readonly samplers: readonly SamplerName[];
  /** v values. */
  readonly vocab: readonly number[];
  /** n_c/v values: n_c = ratio·v (must be a whole number ≥ 2). */
  readonly ratio: readonly number[];
  readonly m: readonly number[];
  readonly s: readonly number[];
  readonly L: readonly number[];
  /** K: grammar seeds per cell (seed, seed+1, …, seed+K−1). */
  readonly seeds: number;
  /** First grammar seed. */
  readonly seed: number;
  /** Coverage of every Wilson interval. */
  readonly confidence: number;
  /** Worker threads (0: in this thread). */
  readonly workers: number;
}

/** Defaults of {@link AtlasConfig}: 30 cells at s = 2, L = 3, 40 seeds, 95% intervals. */
export const ATLAS_DEFAULTS: AtlasConfig = Object.freeze({
  samplers: ['cagnetta', 'uniform-first-token'] as const,
  vocab: [4, 8, 16],
  ratio: [1],
  m: [2, 3, 4, 6, 8],
  s: [2],
  L: [3],
  seeds: 40,
  seed: 0,
  confidence: 0.95,
  workers: 2,
});

/** The cells of a grid, in report order (sampler, ratio, v, m, s, L). */
export function planAtlas(c: AtlasConfig): AtlasCellSpec[] {
  const out: AtlasCellSpec[] = [];
  for (const sampler of c.samplers)
    for (const ratio of c.ratio)
      for (const vocab of c.vocab) {
        const classes = ratio * vocab;
        if (!Number.isInteger(classes) || classes < 2)
          invalid(
            'rhm atlas',
            '--ratio',
            `n_c = ratio·v = ${ratio}·${vocab} = ${classes} is not a whole number ≥ 2`,
            'choose --ratio and --vocab so that ratio·v is a whole number ≥ 2 (e.g. --ratio 1 or 0.5 with even v)',
          );
        for (const m of c.m)
          for (const s of c.s)
            for (const L of c.L)
              out.push({ sampler, vocab, classes, m, s, L, seeds: c.seeds, seed: c.seed, confidence: c.confidence });
      }
  return out;
}

/** Tagged outcome of an atlas run. */
export type AtlasOutcome =
  | { readonly status: 'completed'; readonly result: AtlasResult }
  | { readonly status: 'aborted'; readonly reason: string; readonly cellsDone: number; readonly cellsTotal: number };

/**
 * Run an atlas: every cell of the grid ({@link planAtlas}) on a pool of worker
 * threads (or in this thread with workers = 0). Cells are independent and pure
 * functions of their spec, so the result does not depend on the number of workers
 * (apart from wall times).
 *
 * @param onCell - progress: cells done, cells in all.
 * @returns the validated `rhm-atlas/1` result, or 'aborted' when `signal` fired.
 * @throws InvalidInputError for an impossible ratio; InternalError when the result fails its schema (a bug).
 */
export async function runAtlas(
  config: AtlasConfig,
  onCell?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<AtlasOutcome> {
  const t0 = performance.now();
  const specs = planAtlas(config);
  const cells: (AtlasCell | undefined)[] = new Array<AtlasCell | undefined>(specs.length).fill(undefined);
  let done = 0;
  const record = (i: number, cell: AtlasCell): void => {
    cells[i] = cell;
    onCell?.(++done, specs.length);
  };
  if (config.workers === 0) {
    for (let i = 0; i < specs.length; i++) {
      if (signal?.aborted)
        return { status: 'aborted', reason: String(signal.reason), cellsDone: done, cellsTotal: specs.length };
      record(i, runAtlasCell(specs[i] as AtlasCellSpec));
    }
  } else {
    const outcome = await runTasksOnThreads(
      'atlas-cell',
      specs,
      Math.min(config.workers, Math.max(1, specs.length)),
      (i, cell) => record(i, cell),
      signal,
    );
    if (outcome.status === 'aborted')
      return { status: 'aborted', reason: outcome.reason, cellsDone: done, cellsTotal: specs.length };
  }
  const finished = cells.filter((c): c is AtlasCell => c !== undefined);
  const result: AtlasResult = {
    format: ATLAS_FORMAT,
    harnessVersion: VERSION,
    config: {
      samplers: config.samplers.slice(),
      vocab: config.vocab.slice(),
      ratio: config.ratio.slice(),
      m: config.m.slice(),
      s: config.s.slice(),
      L: config.L.slice(),
      seeds: config.seeds,
      seed: config.seed,
      confidence: config.confidence,
      workers: config.workers,
    },
    cells: finished,
    conclusions: conclusions(config.samplers, finished),
    seconds: (performance.now() - t0) / 1000,
  };
  const bad = schemaViolations(AtlasResultSchema, result);
  if (bad.length > 0)
    throw new InternalError(`the ${ATLAS_FORMAT} result does not match its schema: ${JSON.stringify(bad.slice(0, 5))}`);
  return { status: 'completed', result };
}
