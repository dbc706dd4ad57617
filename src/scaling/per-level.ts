import type { LearnLevel } from '../../spec/learn';
import type { SearchSpec, SweepConfig } from '../../spec/scale';
import type { PerLevelCell, PerLevelPoint, PerLevelReplicate } from '../../spec/scale-levels';
import { InternalError } from '../errors';
import { generateGrammar } from '../grammar/generate';
import { compileGrammar, type Grammar } from '../grammar/grammar';
import type { Learner } from '../learners/types';
import { SATURATION_FRACTION } from './analysis';
import { precheckGrammar } from './job';
import type { PlannedCell } from './plan';
import { searchPStar } from './pstar';
import { median } from './stats';

/**
 * `rhm scale --per-level`: the smallest stage-l budget N^(l) at which level l is
 * recovered, per level, with the stages below it trained on ample data ([R] Lemma 11:
 * stage l needs N^(l) ∝ (ρ^(l))^(−2) ∝ m^l samples once its inputs are clean).
 *
 * Levels as in [R]: level 0 is the label, level L the input. Stage l maps the level-l
 * patches (s-tuples of level-l tokens) to their level-(l−1) parents; training runs
 * stage L first, so "below l" means the stages L, …, l+1 that produce stage l's inputs.
 * Each (cell, replicate, level) is one search on a log grid scaled by n_c·m^l, the same
 * geometric search and bisection as the P* search ({@link searchPStar}); a level never
 * recovered within the budget is right-censored (N^(l) > the largest size tried).
 */

/** The learner's criterion for "level l recovered", in words (recorded per cell). */
export const RECOVERY_CRITERIA: Readonly<Record<string, string>> = Object.freeze({
  'layerwise-rf':
    "levels[].recovered: max‖h − q_µ^(l)‖ < ρ̂^(l)/2 (the paper's sense), over the support when P_max ≤ 10^5, else the held-out patches",
  'layerwise-cluster':
    'recoveryRate = 1: every held-out level-l patch is mapped to its true parent under the best one-to-one matching of clusters to symbols',
});

/** Whether a learner's level measurement says the level is recovered (by {@link RECOVERY_CRITERIA}). */
export function levelRecovered(m: LearnLevel | undefined): boolean {
  if (m === undefined) return false;
  if (m.kind === 'layerwise-rf') return m.recovered;
  if (m.kind === 'layerwise-cluster') return m.recoveryRate === 1;
  return false;
}

/** Where a per-level search runs: the cell's parameters. */
interface LevelAt {
  readonly classes: number;
  readonly m: number;
  readonly L: number;
  readonly level: number;
}

/** The log grid of level l: start and budget scaled by n_c·m^l, as the P* search scales by n_c·m^L. */
export function levelSearchSpec(config: SweepConfig, at: LevelAt): SearchSpec {
  const scale = at.classes * at.m ** at.level;
  const start = Math.max(1, Math.round(config.startFraction * scale));
  return {
    start,
    ratio: config.gridRatio,
    stride: config.gridStride,
    maxSamples: Math.max(start, Math.ceil(config.searchFactor * scale)),
  };
}

/**
 * The per-stage budgets (entry j−1 for stage j) of an evaluation of level l at stage-l
 * budget N: every stage below l gets its ample budget, stage l and the stages above it
 * (which do not affect level l's measurement) get N. `layerwise-rf` draws fresh samples
 * per stage, so stage j > l gets ⌈ampleFactor·n_c·m^j⌉; `layerwise-cluster`'s stages
 * share one sample set, each using a prefix of the one below, so every stage below l
 * gets ⌈ampleFactor·n_c·m^L⌉ (at least N).
 */
export function stageSamplesFor(learner: string, config: SweepConfig, at: LevelAt, N: number): number[] {
  const factor = config.ampleFactor ?? 16;
  const ample = (j: number) => Math.max(2, N, Math.ceil(factor * at.classes * at.m ** j));
  return Array.from({ length: at.L }, (_, i) => {
    const j = i + 1;
    if (j <= at.level) return N;
    return learner === 'layerwise-cluster' ? ample(at.L) : ample(j);
  });
}

/** Options of {@link measurePerLevel}. */
export interface PerLevelOptions {
  /** Polled between evaluations: a non-null reason stops the measurement. */
  readonly shouldStop?: () => string | null;
  /** Progress: (cell, level) pairs done and in all, and the one just finished. */
  readonly onLevel?: (done: number, total: number, cell: PerLevelCell) => void;
}

/** The tagged outcome of {@link measurePerLevel}. */
export type PerLevelOutcome =
  | { readonly status: 'completed'; readonly cells: PerLevelCell[] }
  | { readonly status: 'stopped'; readonly reason: string };

class Stopped extends Error {}

function grammarOf(config: SweepConfig, at: LevelAt, seed: number): Grammar {
  const { sampler, vocab, s } = config;
  return compileGrammar(generateGrammar({ sampler, classes: at.classes, vocab, m: at.m, s, L: at.L, seed }));
}

/** One replicate's search for N^(l). */
async function searchLevel(
  learner: Learner,
  config: SweepConfig,
  at: LevelAt,
  grammar: Grammar,
  seeds: { grammarSeed: number; trainSeed: number },
  shouldStop: () => string | null,
): Promise<Omit<PerLevelReplicate, 'excludedBy'>> {
  const points: PerLevelPoint[] = [];
  const r = await searchPStar(
    levelSearchSpec(config, at),
    async (N) => {
      const stageSamples = stageSamplesFor(learner.name, config, at, N);
      const out = await learner.run({
        grammar,
        samples: stageSamples.reduce((a, b) => a + b, 0),
        seed: seeds.trainSeed,
        testSamples: config.testSamples,
        options: { ...config.learnerOptions, stageSamples },
        targetFraction: config.threshold,
      });
      const mine = out.levels.find((x) => x.level === at.level);
      const recovered = out.status !== 'budget-exhausted' && levelRecovered(mine);
      const below = out.levels.filter((x) => x.level > at.level).every(levelRecovered);
      points.push({ N, recovered, recoveryRate: mine?.recoveryRate ?? null, belowRecovered: below });
      return { testError: out.testError, passed: recovered, samples: out.samples, learnerStatus: out.status };
    },
    shouldStop,
  );
  if (r.status === 'stopped') throw new Stopped(r.reason);
  const last = points[points.length - 1];
  const note =
    r.status === 'not-reached' && last !== undefined && !last.belowRecovered
      ? `; at the last size tried a level below ${at.level} was not recovered either: the ample budget was not ample`
      : '';
  return {
    ...seeds,
    status: r.status,
    nStar: r.pStar,
    nStarLowerBound: r.status === 'reached' ? null : r.lowerBound,
    ...(r.reason !== undefined ? { reason: `${r.reason}${note}` } : {}),
    points,
  };
}

/** A (cell, level) from its replicates: exclusions, censoring, saturation and the median. */
function levelCell(
  config: SweepConfig,
  at: LevelAt,
  pMax: string,
  replicates: PerLevelReplicate[],
  learner: string,
): PerLevelCell {
  const search = levelSearchSpec(config, at);
  const included = replicates.filter((r) => config.includeFailing || r.excludedBy.length === 0);
  const censored = included.filter((r) => r.status !== 'reached').length;
  const largest = Math.max(0, ...included.map((r) => r.nStar ?? r.nStarLowerBound ?? 0));
  const half = SATURATION_FRACTION * Number(pMax);
  const saturated = included.length > 0 && largest >= half;
  const med = included.length > 0 ? median(included.map((r) => r.nStar ?? Infinity)) : Infinity;
  const fitNote =
    included.length === 0
      ? 'every replicate excluded by the pre-check'
      : saturated
        ? `saturated: an N^(l) (or bound) ${largest} reaches P_max/2 = ${half}`
        : undefined;
  return {
    ...at,
    pMax,
    start: search.start,
    budget: search.maxSamples,
    ampleSamples: stageSamplesFor(learner, config, at, search.start).slice(at.level).reverse(),
    recoveryCriterion: RECOVERY_CRITERIA[learner] ?? 'none',
    nStar: Number.isFinite(med) ? med : null,
    censored,
    excluded: replicates.length - included.length,
    saturated,
    inFit: fitNote === undefined,
    ...(fitNote !== undefined ? { fitNote } : {}),
    replicates,
  };
}

/**
 * Measure N^(l) for every run cell of the plan, every replicate (the cell's grammar and
 * training seeds) and every level l = 1..L. Grammars are pre-checked exactly first (as in
 * the P* sweep); a replicate whose grammar fails a pre-checked assumption is still
 * measured but left out of the cell's median and the fit unless `includeFailing`. Runs in
 * this thread, cell after cell (not through the sweep's executor or ledger).
 * @throws InternalError when the learner has no recovery criterion for --per-level.
 */
export async function measurePerLevel(
  config: SweepConfig,
  plan: readonly PlannedCell[],
  learner: Learner,
  options: PerLevelOptions = {},
): Promise<PerLevelOutcome> {
  if (RECOVERY_CRITERIA[learner.name] === undefined)
    throw new InternalError(`--per-level has no recovery criterion for learner ${learner.name}`);
  const shouldStop = options.shouldStop ?? (() => null);
  const runs = plan.filter((p): p is Extract<PlannedCell, { kind: 'run' }> => p.kind === 'run');
  const total = runs.reduce((s, p) => s + p.L, 0);
  const cells: PerLevelCell[] = [];
  try {
    for (const p of runs) {
      const grammars = new Map<number, { grammar: Grammar; excludedBy: PerLevelReplicate['excludedBy'] }>();
      for (const { grammarSeed } of p.spec.replicates) {
        if (grammars.has(grammarSeed)) continue;
        const grammar = grammarOf(config, { ...p, level: p.L }, grammarSeed);
        grammars.set(grammarSeed, { grammar, excludedBy: precheckGrammar(grammar).failed.map((f) => f.assumption) });
      }
      for (let level = 1; level <= p.L; level++) {
        const at = { classes: p.classes, m: p.m, L: p.L, level };
        const replicates: PerLevelReplicate[] = [];
        for (const seeds of p.spec.replicates) {
          const g = grammars.get(seeds.grammarSeed);
          if (g === undefined) throw new InternalError('per-level: a grammar was not drawn');
          const r = await searchLevel(learner, config, at, g.grammar, seeds, shouldStop);
          replicates.push({ ...r, excludedBy: g.excludedBy });
        }
        const cell = levelCell(config, at, p.pMax, replicates, learner.name);
        cells.push(cell);
        options.onLevel?.(cells.length, total, cell);
      }
    }
  } catch (e) {
    if (e instanceof Stopped) return { status: 'stopped', reason: e.message };
    throw e;
  }
  return { status: 'completed', cells };
}
