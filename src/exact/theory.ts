import { classCount, type Grammar } from '../grammar/grammar';
import { pMax } from '../grammar/count';
import { analyseGrammar, type ExactAnalysis } from './analysis';
import {
  DEFAULT_DELTA,
  largestVocabulary,
  ncMToL,
  ridgeLambda,
  ridgeStepSize,
  theoremBandwidth,
  theoremBudgets,
  THEOREM_CONSTANT_C,
  theoremSteps,
} from './budgets';
import { isZeroGap, kRhoQuantity, type LevelGap } from './gaps';
import { type LevelKappa, overallKappa } from './kappa';
import type { JointMode } from './positions';
import { productionProbabilities } from './posteriors';
import { type Quantity, undefinedQuantity, value } from './quantity';

/** What the theory layer is asked for. */
export interface TheoryOptions {
  /** 'first' (the paper's first patch) or 'all' (also the minimum gap over every patch position). */
  readonly positions: 'first' | 'all';
  /** The absolute constant C of Theorem 7's bounds. */
  readonly C: number;
  /** The failure probability δ of Theorem 7. */
  readonly delta: number;
}

/** Defaults of {@link TheoryOptions}: first patch only, C = 1, δ = 0.01. */
export const THEORY_DEFAULTS: TheoryOptions = Object.freeze({
  positions: 'first',
  C: THEOREM_CONSTANT_C,
  delta: DEFAULT_DELTA,
});

/** The hyper-parameters and budgets Theorem 7 of [R] prescribes for stage l, with the paper's constants. */
export interface Theorem7Level {
  /** l. */
  readonly level: number;
  /** |P_l|, the number of distinct level-l patches (ambiguous patches counted once). */
  readonly patchCount: number;
  /** N^(l) = 20C·κV²m²sL·log²(Vmκ/δ)·K_ρ^(−2)·m^l fresh samples. */
  readonly samples: Quantity;
  /** ε_*^(l) = K_ρ m^(−l/2)/√(C V²m²sL log m), the accuracy stage l must reach. */
  readonly epsilon: Quantity;
  /** T = ⌈|P_l|·log(100|P_l|κ√|V_0|/ε_*^(l))⌉ gradient-descent steps. */
  readonly steps: Quantity;
  /** The separation of the stage's input clusters: √2 for one-hot inputs (l = L), else ρ̂^(l+1). */
  readonly inputSeparation: Quantity;
  /** σ = ρ_in/√(2 log(1200|P_l|²κ√|V_0|/ε_*^(l))). */
  readonly sigma: Quantity;
  /** λ = 1/|P_l|. */
  readonly lambda: number;
  /** Step size 2|P_l|/(|P_l|+1). */
  readonly stepSize: number;
}

/** Everything exact about level l (1 ≤ l ≤ L) of a grammar. */
export interface LevelTheory {
  /** l: the level of the patch tokens; their parents sit at level l−1. */
  readonly level: number;
  /** |P_l|. */
  readonly patchCount: number;
  /** κ̂^(l) at the first patch, with the least likely patch as witness. */
  readonly kappa: LevelKappa;
  /** ρ̂^(l) at the first patch, with the witness pair of parents. */
  readonly gap: LevelGap;
  /** The minimum gap over every patch position (null when positions = 'first'). */
  readonly gapAllPositions: LevelGap | null;
  /** ρ̂^(l) as a number, undefined (with the reason) when fewer than two parents occur. */
  readonly rho: Quantity;
  /** Whether ρ̂^(l) is zero (exactly in `counts` mode; within the one float tolerance otherwise). */
  readonly zeroGap: boolean;
  /** q_ν^(l) for every parent ν at the first patch, null when π_{l−1}(ν) = 0 ([R] eq. 4). */
  readonly q: readonly (Float64Array | null)[];
  /** π_{l−1}, the law of the first level-(l−1) node. */
  readonly parentMarginal: Float64Array;
  /**
   * The patch law at the first patch: p_µ^(l) = π_{l−1}(ν)·Q_{l−1}(ν, µ) for every
   * production µ of level l−1 (indexed as in `RuleLevel`; = π/m for uniform rules).
   */
  readonly patchProbability: Float64Array;
  /** Theorem 7's prescription for stage l. */
  readonly theorem7: Theorem7Level;
}

/** The exact theory of a grammar: every quantity of [R] that the harness reports, computed once. */
export interface GrammarTheory {
  /** How the joints were represented ('counts': exact integer path counts). */
  readonly mode: JointMode;
  /** The position walk everything above was read from (gaps, κ̂ and q-vectors per level). */
  readonly analysis: ExactAnalysis;
  /** The options it was computed with. */
  readonly options: TheoryOptions;
  /** Index l−1 holds level l. */
  readonly levels: readonly LevelTheory[];
  /** Whether rules R_l have a patch with two parents, index l. */
  readonly ambiguousLevels: readonly boolean[];
  /** κ̂ = max_l κ̂^(l); undefined when some patch never occurs (κ̂ = ∞). */
  readonly kappa: Quantity;
  /** The level attaining κ̂ (or the first infinite one). */
  readonly kappaLevel: LevelKappa | null;
  /** K̂_ρ = min_l ρ̂^(l)·m^(l/2). */
  readonly kRho: Quantity;
  /** m, or null when the grammar is not (V,m)-uniform. */
  readonly m: number | null;
  /** V = max_l |V_l|. */
  readonly V: number;
  /** n_c = |V_0|. */
  readonly classes: number;
  /** P_max, exact. */
  readonly pMax: bigint;
  /** The [C] heuristic n_c·m^L, exact; null when m is undefined. */
  readonly ncMToL: bigint | null;
  /** Σ_l N^(l). */
  readonly theoremBudget: Quantity;
}

function rhoOf(gap: LevelGap): Quantity {
  if (gap.gap.status === 'measured') return value(gap.gap.gap);
  const l = gap.level;
  return undefinedQuantity(
    `fewer than two level-${l - 1} symbols occur at the first level-${l - 1} node: no non-synonym pairs`,
  );
}

function kappaQuantity(worst: LevelKappa | null): Quantity {
  if (worst === null) return undefinedQuantity('the grammar has no levels');
  if (worst.status === 'infinite') {
    return undefinedQuantity(
      `level-${worst.level - 1} symbol ${worst.witness.parent} never occurs at the first level-${worst.level - 1} node (κ̂^(${worst.level}) = ∞)`,
    );
  }
  return value(worst.kappa);
}

/**
 * The exact theory of a grammar ([R] §2–4; theory.md §2–4): per level ρ̂^(l) (first
 * patch and, with positions = 'all', every position, with witnesses), κ̂^(l)
 * (ambiguous patches merged), the q-vectors and the patch law, and Theorem 7's
 * N^(l), ε_*^(l), T, σ, λ and step; overall κ̂, K̂_ρ, P_max, n_c·m^L and Σ N^(l).
 * Every other part of the harness (the assumption checks, the learners, the
 * sweeps and the reports) reads these quantities from here. Cached per grammar
 * and options (grammars are immutable).
 *
 * @param options - partial; see {@link THEORY_DEFAULTS}.
 * @example
 * const t = grammarTheory(compileGrammar(file));
 * t.levels[1]!.rho; // ρ̂^(2), or why it is undefined
 * t.levels[0]!.theorem7.epsilon; // ε_*^(1)
 * @see [R] Assumption 6, Theorem 7.
 */
export function grammarTheory(g: Grammar, options: Partial<TheoryOptions> = {}): GrammarTheory {
  const o: TheoryOptions = Object.freeze({ ...THEORY_DEFAULTS, ...options });
  const key = `${o.positions}|${o.C}|${o.delta}`;
  let perGrammar = cache.get(g);
  if (!perGrammar) {
    perGrammar = new Map();
    cache.set(g, perGrammar);
  }
  const hit = perGrammar.get(key);
  if (hit) return hit;
  const t = computeTheory(g, o);
  perGrammar.set(key, t);
  return t;
}

const cache = new WeakMap<Grammar, Map<string, GrammarTheory>>();

function computeTheory(g: Grammar, o: TheoryOptions): GrammarTheory {
  const a = analyseGrammar(g, o.positions);
  const m = g.m;
  const V = largestVocabulary(g);
  const classes = classCount(g);
  const kappaLevel = overallKappa(a.levels.map((l) => l.kappa));
  const kappa = kappaQuantity(kappaLevel);
  const kRho = kRhoQuantity(
    a.levels.map((l) => l.firstGap),
    m,
  );
  const kappaNumber = kappa.status === 'value' ? kappa.value : Infinity;
  const budgets = theoremBudgets({
    m,
    V,
    s: g.s,
    L: g.L,
    kappa: kappaNumber,
    kRho: kRho.status === 'value' ? kRho.value : null,
    C: o.C,
    delta: o.delta,
  });
  const rhos = a.levels.map((la) => rhoOf(la.firstGap));
  const levels = a.levels.map((la, i): LevelTheory => {
    const patchCount = la.kappa.patchCount;
    const rules = g.levels[la.level - 1];
    const b = budgets.levels[i];
    const epsilon = b?.epsilon ?? undefinedQuantity('no budget');
    const inputSeparation = la.level === g.L ? value(Math.SQRT2) : (rhos[i + 1] ?? undefinedQuantity('no level'));
    return {
      level: la.level,
      patchCount,
      kappa: la.kappa,
      gap: la.firstGap,
      gapAllPositions: la.allGap,
      rho: rhos[i] ?? undefinedQuantity('no level'),
      zeroGap: isZeroGap(la.firstGap.gap),
      q: la.q,
      parentMarginal: la.parentMarginal,
      patchProbability: rules ? productionProbabilities(rules, la.parentMarginal) : new Float64Array(0),
      theorem7: {
        level: la.level,
        patchCount,
        samples: b?.samples ?? undefinedQuantity('no budget'),
        epsilon,
        steps: theoremSteps(patchCount, kappaNumber, classes, epsilon),
        inputSeparation,
        sigma: theoremBandwidth(inputSeparation, patchCount, kappaNumber, classes, epsilon),
        lambda: ridgeLambda(patchCount),
        stepSize: ridgeStepSize(patchCount),
      },
    };
  });
  return Object.freeze({
    mode: a.mode,
    analysis: a,
    options: o,
    levels,
    ambiguousLevels: a.ambiguousLevels,
    kappa,
    kappaLevel,
    kRho,
    m,
    V,
    classes,
    pMax: pMax(g),
    ncMToL: ncMToL(g),
    theoremBudget: budgets.theoremBudget,
  });
}
