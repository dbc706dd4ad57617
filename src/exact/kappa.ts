import type { Grammar } from '../grammar/grammar';
import { type NodePosteriors, nodePosteriors } from './gaps';
import { jointAt, type PositionJoint } from './positions';
import { firstPath } from './posteriors';

/** κ̂^(l) of one level: the smallest κ with P(first level-l patch = µ) ≥ 1/(κ|P_l|) for all µ ∈ P_l. */
export type LevelKappa =
  | {
      readonly status: 'finite';
      /** l (1 ≤ l ≤ L). */
      readonly level: number;
      /** κ̂^(l) = max_µ 1/(|P_l|·p_µ^(l)) ≥ 1. */
      readonly kappa: number;
      /** |P_l|: number of distinct level-l patches. */
      readonly patchCount: number;
      /** The least likely patch µ (the witness of the maximum), its parent ν(µ) at level l−1 and p_µ. */
      readonly witness: { readonly patch: readonly number[]; readonly parent: number; readonly probability: number };
    }
  | {
      /** A patch never occurs at the first position: κ̂ = ∞. */
      readonly status: 'infinite';
      readonly level: number;
      readonly patchCount: number;
      /** A level-(l−1) symbol that never occurs at the first level-(l−1) node (π_{l−1}(ν) = 0), with one of its patches; or a zero-weight production. */
      readonly witness: { readonly patch: readonly number[]; readonly parent: number; readonly probability: 0 };
    };

/**
 * κ̂^(l) from the posteriors at the first level-(l−1) node ([R] Assumption 6(a);
 * theory.md §3). Patches are the distinct s-tuples produced by level-(l−1)
 * symbols; an ambiguous patch (two parents) gets the sum of its parents'
 * probabilities. In `counts` mode for a non-ambiguous grammar the value is
 * the exact ratio n_c·m^(l−1) / (|V_{l−1}|·S_min) of two integers, correctly
 * rounded: 1 exactly when the first-token marginal is uniform.
 *
 * @param joint - the joint at the first level-(l−1) node.
 * @param ambiguous - whether some patch of rules R_{l−1} has two parents.
 */
export function levelKappa(
  g: Grammar,
  joint: PositionJoint,
  ambiguous: boolean,
  post: NodePosteriors = nodePosteriors(joint),
): LevelKappa {
  const k = joint.path.length;
  const level = k + 1;
  const r = g.levels[k];
  if (!r) throw new RangeError(`no level-${level} patches in a grammar with L = ${g.L}`);
  const s = g.s;
  const tuple = (p: number): number[] => Array.from(r.children.subarray(p * s, p * s + s));
  // Patch probabilities, merged over parents when the grammar is ambiguous.
  const prob = new Map<string, { p: number; parent: number; production: number }>();
  let zero: { parent: number; production: number } | null = null;
  for (let nu = 0; nu < r.parentCount; nu++) {
    const pi = post.parentMarginal[nu] as number;
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const pr = pi * (r.weights[p] as number);
      const key = ambiguous ? tuple(p).join(',') : String(p);
      const prev = prob.get(key);
      if (prev) prev.p += pr;
      else prob.set(key, { p: pr, parent: nu, production: p });
    }
  }
  const patchCount = prob.size;
  let worst: { p: number; parent: number; production: number } | null = null;
  for (const e of prob.values()) {
    if (!(e.p > 0)) {
      zero ??= { parent: e.parent, production: e.production };
    } else if (!worst || e.p < worst.p) worst = e;
  }
  if (zero || !worst) {
    const z = zero ?? { parent: 0, production: r.offsets[0] as number };
    return {
      status: 'infinite',
      level,
      patchCount,
      witness: { patch: tuple(z.production), parent: z.parent, probability: 0 },
    };
  }
  let kappa: number;
  if (joint.mode === 'counts' && !ambiguous) {
    const S = post.columnSums[worst.parent] as number;
    kappa = joint.denominator / (r.parentCount * S);
  } else {
    kappa = 1 / (patchCount * worst.p);
  }
  return {
    status: 'finite',
    level,
    kappa,
    patchCount,
    witness: { patch: tuple(worst.production), parent: worst.parent, probability: worst.p },
  };
}

/**
 * κ̂^(l) of the paper's first patch at one level (computes the joint; for all
 * levels at once use the exact analysis, which shares the products).
 */
export function firstPatchKappa(g: Grammar, level: number, ambiguous: boolean): LevelKappa {
  return levelKappa(g, jointAt(g, firstPath(level - 1)), ambiguous);
}

/** κ̂ = max_l κ̂^(l), or the first infinite level. */
export function overallKappa(levels: readonly LevelKappa[]): LevelKappa | null {
  let best: Extract<LevelKappa, { status: 'finite' }> | null = null;
  for (const k of levels) {
    if (k.status === 'infinite') return k;
    if (!best || k.kappa > best.kappa) best = k;
  }
  return best;
}
