import { classCount, type Grammar } from '../grammar/grammar';
import { pMax } from '../grammar/count';
import { type Quantity, undefinedQuantity, value } from './quantity';

export { type Quantity, undefinedQuantity, value } from './quantity';

/**
 * The absolute constant C of [R] Theorem 7's per-level bounds. The paper
 * proves them for "a sufficiently large absolute constant C" and never
 * evaluates it, so the harness reports them with C = 1: every N^(l) and the
 * total scale linearly in C and every ε_*^(l) as C^(−1/2), so a user with
 * another value multiplies. The value used is recorded in every result.
 */
export const THEOREM_CONSTANT_C = 1;

/** Default failure probability δ of Theorem 7 used in the reported budgets. */
export const DEFAULT_DELTA = 0.01;

/** Inputs of the [R] budgets. */
export interface BudgetInputs {
  /** m, or null when the grammar is not (V,m)-uniform. */
  readonly m: number | null;
  /** V: the largest vocabulary size max_l |V_l| ([R] has one V for all levels). */
  readonly V: number;
  /** s. */
  readonly s: number;
  /** L. */
  readonly L: number;
  /** κ̂ (Infinity when a patch never occurs). */
  readonly kappa: number;
  /** K̂_ρ, or null when undefined. */
  readonly kRho: number | null;
  /** C (default {@link THEOREM_CONSTANT_C}). */
  readonly C: number;
  /** δ (default {@link DEFAULT_DELTA}). */
  readonly delta: number;
}

/** Per-level budget of [R] Theorem 7. */
export interface LevelBudget {
  /** l. */
  readonly level: number;
  /** N^(l) = 20C·κV²m²sL·log²(Vmκ/δ)·K_ρ^(−2)·m^l. */
  readonly samples: Quantity;
  /** ε_*^(l) = K_ρ·m^(−l/2)/√(C·V²m²sL·log m). */
  readonly epsilon: Quantity;
}

/** The budgets of [R] Theorem 7 (per level and total) and the [C] heuristic. */
export interface Budgets {
  readonly inputs: BudgetInputs;
  /** l = 1 … L. */
  readonly levels: readonly LevelBudget[];
  /** Σ_l N^(l): the total number of fresh samples the layerwise learner draws. */
  readonly theoremBudget: Quantity;
}

function why(inp: BudgetInputs): string | null {
  if (inp.m === null) return 'the grammar is not (V,m)-uniform, so m is undefined';
  if (!Number.isFinite(inp.kappa)) return 'κ̂ = ∞ (non-degeneracy fails)';
  if (inp.kRho === null) return 'K̂_ρ is undefined (no level has two occurring parents)';
  if (inp.kRho === 0) return 'K̂_ρ = 0 (weak identifiability fails), so K_ρ^(−2) = ∞';
  return null;
}

/**
 * [R] Theorem 7 budgets with the paper's constants (theory.md §4):
 * ε_*^(l) = K_ρ m^(−l/2)/√(C V² m² s L log m) and
 * N^(l) = 20C·κV²m²sL·log²(Vmκ/δ)·K_ρ^(−2)·m^l, total Σ_l N^(l).
 * Natural logarithms. Undefined (with the reason) when m, κ̂ or K̂_ρ is.
 */
export function theoremBudgets(inp: BudgetInputs): Budgets {
  const reason = why(inp);
  const levels: LevelBudget[] = [];
  let total = 0;
  for (let l = 1; l <= inp.L; l++) {
    if (reason !== null || inp.m === null || inp.kRho === null) {
      const r = reason ?? 'undefined';
      levels.push({ level: l, samples: undefinedQuantity(r), epsilon: undefinedQuantity(r) });
      continue;
    }
    const { V, s, L, kappa, C, delta, m } = inp;
    const K = inp.kRho;
    const base = V * V * m * m * s * L;
    const logTerm = Math.log((V * m * kappa) / delta);
    const N = 20 * C * kappa * base * logTerm * logTerm * K ** -2 * m ** l;
    total += N;
    const eps =
      m > 1
        ? value((K * m ** (-l / 2)) / Math.sqrt(C * base * Math.log(m)))
        : undefinedQuantity('m = 1, so log m = 0 and ε_* = K_ρ/0');
    levels.push({ level: l, samples: value(N), epsilon: eps });
  }
  return { inputs: inp, levels, theoremBudget: reason !== null ? undefinedQuantity(reason) : value(total) };
}

/** The ridge penalty λ = 1/|P_l| of stage l ([R] Theorem 7). */
export function ridgeLambda(patchCount: number): number {
  return 1 / patchCount;
}

/** The gradient-descent step 2|P_l|/(|P_l|+1) of stage l ([R] Theorem 7). */
export function ridgeStepSize(patchCount: number): number {
  return (2 * patchCount) / (patchCount + 1);
}

/**
 * T ≥ |P_l|·log(100|P_l|κ√|V_0|/ε): the gradient-descent steps of stage l ([R]
 * Theorem 7), rounded up. Undefined when κ or ε is.
 */
export function theoremSteps(patchCount: number, kappa: number, classes: number, epsilon: Quantity): Quantity {
  if (!Number.isFinite(kappa)) return undefinedQuantity('κ̂ = ∞ (non-degeneracy fails)');
  if (epsilon.status === 'undefined') return undefinedQuantity(`ε_* is undefined: ${epsilon.reason}`);
  return value(Math.ceil(patchCount * Math.log((100 * patchCount * kappa * Math.sqrt(classes)) / epsilon.value)));
}

/**
 * σ = ρ_in / √(2 log(1200|P_l|²κ√|V_0|/ε)): the RBF bandwidth of stage l tied to
 * the separation ρ_in of its input clusters (ρ^(l+1), or √2 for one-hot inputs at
 * l = L) ([R] Theorem 7).
 */
export function theoremBandwidth(
  separation: Quantity,
  patchCount: number,
  kappa: number,
  classes: number,
  epsilon: Quantity,
): Quantity {
  if (separation.status === 'undefined')
    return undefinedQuantity(`the input separation is undefined: ${separation.reason}`);
  if (!Number.isFinite(kappa)) return undefinedQuantity('κ̂ = ∞ (non-degeneracy fails)');
  if (epsilon.status === 'undefined') return undefinedQuantity(`ε_* is undefined: ${epsilon.reason}`);
  const log = Math.log((1200 * patchCount * patchCount * kappa * Math.sqrt(classes)) / epsilon.value);
  return value(separation.value / Math.sqrt(2 * log));
}

/** The [C] heuristic sample complexity n_c·m^L, exact; null when m is undefined. */
export function ncMToL(g: Grammar): bigint | null {
  if (g.m === null) return null;
  return BigInt(classCount(g)) * BigInt(g.m) ** BigInt(g.L);
}

/** P_max, the number of derivations (= distinct inputs when non-ambiguous), exact. */
export function pMaxExact(g: Grammar): bigint {
  return pMax(g);
}

/** V = max_l |V_l|, the single vocabulary size of [R]'s bounds. */
export function largestVocabulary(g: Grammar): number {
  return Math.max(...g.vocabulary);
}
