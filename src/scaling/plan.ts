import { CellSpecSchema, SCALE_CELL_FORMAT, type CellSpec, type SweepConfig } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { InternalError } from '../errors';
import { generatorViolations } from '../grammar/generate';
import { getLearner } from '../learners/registry';
import { learnMemoryEstimate, type GrammarShape } from '../learners/memory';
import { Rng } from '../util/rng';
import { cellKey } from './job';
import { uniformPMax as uniformPMaxCount } from '../grammar/count';

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

/** Where a cell sits in the grid, with its exact P_max. */
interface CellAt {
  readonly classes: number;
  readonly m: number;
  readonly L: number;
  readonly pMax: string;
}

/** A planned cell: runnable with its spec and key, or skipped with the reason. */
export type PlannedCell =
  | (CellAt & { readonly kind: 'run'; readonly spec: CellSpec; readonly key: string; readonly budget: number })
  | (CellAt & { readonly kind: 'skipped'; readonly reason: string; readonly budget: number });

/** P_max = n_c·m^((s^L−1)/(s−1)) of a (V,m)-uniform grammar, exact, as a decimal string. */
export function uniformPMax(classes: number, m: number, s: number, L: number): string {
  return uniformPMaxCount(classes, m, s, L).toString();
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

/** The rule-sampler parameters of a cell (without the seed). */
function cellParams(config: SweepConfig, at: CellAt) {
  return { sampler: config.sampler, classes: at.classes, vocab: config.vocab, m: at.m, s: config.s, L: at.L };
}

/**
 * The largest training-set size a cell's search may try: searchFactor·n_c·m^L,
 * raised for a shallow learner to {@link SHALLOW_PMAX_FACTOR}·P_max (within `maxSamples`).
 */
function shallowBudget(config: SweepConfig, at: CellAt, budget: number): number {
  if (!getLearner(config.learner).shallow) return budget;
  return Math.max(budget, Math.min(config.maxSamples, Math.ceil(SHALLOW_PMAX_FACTOR * Number(at.pMax))));
}

/** The job spec of a runnable cell, checked against `rhm-scale-cell/1`. */
function cellSpec(config: SweepConfig, at: CellAt, budget: number): CellSpec {
  const ncMToL = at.classes * at.m ** at.L;
  const spec: CellSpec = {
    format: SCALE_CELL_FORMAT,
    grammar: { kind: 'generated', ...cellParams(config, at) },
    replicates: cellSeeds(config, at.classes, at.m, at.L),
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
  return spec;
}

/** The shape of a cell's generated grammar: n_c·m root productions, v·m per lower level. */
function cellShape(config: SweepConfig, at: CellAt): GrammarShape {
  return {
    s: config.s,
    L: at.L,
    vocabulary: [at.classes, ...new Array<number>(at.L).fill(config.vocab)],
    productions: [at.classes * at.m, ...new Array<number>(at.L - 1).fill(config.vocab * at.m)],
  };
}

/** Plan one cell of the grid (see {@link planSweep}). */
function planCell(config: SweepConfig, at: CellAt): PlannedCell {
  const bad = generatorViolations({ ...cellParams(config, at), seed: 0 });
  if (bad.length > 0)
    return {
      kind: 'skipped',
      ...at,
      budget: 0,
      reason: `impossible grammar parameters: ${bad.map((v) => v.message).join('; ')}`,
    };
  const searched = Math.ceil(config.searchFactor * at.classes * at.m ** at.L);
  if (searched > config.maxSamples)
    return {
      kind: 'skipped',
      ...at,
      budget: searched,
      reason: `budget ${config.searchFactor}·n_c·m^L = ${searched} exceeds the limit --max-samples ${config.maxSamples}`,
    };
  const budget = shallowBudget(config, at, searched);
  const d = config.s ** at.L;
  const bytes = Math.max(
    (budget + config.testSamples) * d * bytesPerSampleToken(config.vocab),
    learnMemoryEstimate(config.learner, cellShape(config, at), {
      samples: budget,
      testSamples: config.testSamples,
      options: config.learnerOptions,
    }).bytes,
  );
  if (bytes > config.maxMemoryBytes)
    return {
      kind: 'skipped',
      ...at,
      budget,
      reason: `estimated memory ${mib(bytes)} MiB for the largest P tried (${budget}) × d = ${d} exceeds the limit ${mib(config.maxMemoryBytes)} MiB`,
    };
  const spec = cellSpec(config, at, budget);
  return { kind: 'run', ...at, spec, key: cellKey(spec), budget };
}

/**
 * Plan the grid: one cell per (n_c, L, m), each a job spec, or skipped with its
 * reason when the parameters are impossible for the sampler, when the budget
 * searchFactor·n_c·m^L exceeds `maxSamples`, or when the estimated memory
 * (budget + test samples)·d·{@link bytesPerSampleToken}(v) exceeds `maxMemoryBytes`.
 * A shallow learner (`Learner.shallow`) gets a budget up to {@link SHALLOW_PMAX_FACTOR}·P_max.
 * Never skips silently.
 * @throws InvalidInputError when no learner has the configured name.
 */
export function planSweep(config: SweepConfig): PlannedCell[] {
  const out: PlannedCell[] = [];
  for (const classes of config.classes)
    for (const L of config.L)
      for (const m of config.m)
        out.push(planCell(config, { classes, m, L, pMax: uniformPMax(classes, m, config.s, L) }));
  return out;
}
