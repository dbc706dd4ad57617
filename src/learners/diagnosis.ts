import type { Grammar } from '../grammar/grammar';
import { diag, l2Distance, matmul, type Matrix } from '../exact/matrix';
import { patchPosteriors, posteriorsFromJoint, type NodePath } from '../exact/posteriors';
import { allTransitions } from '../exact/transitions';

/**
 * Exact separation of the parents of each level, used to explain a failed
 * recovery ("level 2: parents 3 and 5 have identical label posteriors").
 * Computed from the grammar (theory.md §2), never from samples.
 */
export interface ExactLevelGap {
  /** l: the level of the patch tokens (parents are level l−1). */
  readonly level: number;
  /** ρ̂^(l) = min over distinct parents of ‖q_ν − q_ν′‖₂ at the first patch (Infinity with fewer than two parents occurring there). */
  readonly firstPatchGap: number;
  /** The two parents attaining {@link ExactLevelGap.firstPatchGap}. */
  readonly firstPatchWitness: readonly [number, number] | null;
  /**
   * min over distinct parents of (Σ_k ‖f_ν^(k) − f_ν′^(k)‖²)^(1/2) over every parent
   * position k, with f_ν^(k) = q_ν^(k) − D_0 where ν occurs at k and 0 where it never
   * does: zero means no learner that reads label-given-patch frequencies position by
   * position can separate the two parents' patches.
   * null when there are more positions than {@link MAX_DIAGNOSIS_PATHS}.
   */
  readonly allPositionsGap: number | null;
  /** The two parents attaining {@link ExactLevelGap.allPositionsGap}. */
  readonly allPositionsWitness: readonly [number, number] | null;
}

/** Most parent positions enumerated per level for {@link ExactLevelGap.allPositionsGap}. */
export const MAX_DIAGNOSIS_PATHS = 1024;

/**
 * Smallest distance between two parents' label-statistics features. Each parent's
 * feature at position k is q_ν^(k) − D_0 (its label posterior's deviation from the
 * prior) where ν occurs, and 0 where it never occurs (no deviation is ever seen
 * there): the statistic a positional frequency learner such as `layerwise-cluster`
 * estimates.
 */
function minPairGap(
  qs: readonly (readonly (Float64Array | null)[])[],
  count: number,
  prior: Float64Array,
): { gap: number; witness: [number, number] | null } {
  let gap = Infinity;
  let witness: [number, number] | null = null;
  const nc = prior.length;
  const occurs = (nu: number): boolean => qs.some((q) => q[nu] !== null && q[nu] !== undefined);
  for (let a = 0; a < count; a++) {
    if (!occurs(a)) continue;
    for (let b = a + 1; b < count; b++) {
      if (!occurs(b)) continue;
      let s2 = 0;
      for (const q of qs) {
        const qa = q[a];
        const qb = q[b];
        if (!qa && !qb) continue;
        for (let z = 0; z < nc; z++) {
          const fa = qa ? (qa[z] as number) - (prior[z] as number) : 0;
          const fb = qb ? (qb[z] as number) - (prior[z] as number) : 0;
          s2 += (fa - fb) * (fa - fb);
        }
      }
      const d = Math.sqrt(s2);
      if (d < gap) {
        gap = d;
        witness = [a, b];
      }
    }
  }
  return { gap, witness };
}

/**
 * Exact gaps of every level l = 1..L (first patch and all positions).
 * @param g - the grammar.
 * @returns one entry per level, in order.
 */
export function exactLevelGaps(g: Grammar): ExactLevelGap[] {
  const F = allTransitions(g);
  const out: ExactLevelGap[] = [];
  for (let l = 1; l <= g.L; l++) {
    const parents = g.vocabulary[l - 1] as number;
    const first = patchPosteriors(g, l);
    const fp = firstPatchGap(first.q, parents);
    let all: { gap: number; witness: [number, number] | null } | null = null;
    if (g.s ** (l - 1) <= MAX_DIAGNOSIS_PATHS) {
      const qs: (Float64Array | null)[][] = [];
      const walk = (path: number[], joint: Matrix): void => {
        if (path.length === l - 1) {
          qs.push(posteriorsFromJoint(g, l, path as NodePath, joint).q.slice());
          return;
        }
        const level = path.length;
        for (let c = 0; c < g.s; c++) walk([...path, c], matmul(joint, (F[level] as Matrix[])[c] as Matrix));
      };
      walk([], diag(g.labelPrior));
      all = minPairGap(qs, parents, g.labelPrior);
    }
    out.push({
      level: l,
      firstPatchGap: fp.gap,
      firstPatchWitness: fp.witness,
      allPositionsGap: all?.gap ?? null,
      allPositionsWitness: all?.witness ?? null,
    });
  }
  return out;
}

/** ρ̂^(l): min over pairs of parents occurring at the first patch of ‖q_ν − q_ν′‖₂. */
function firstPatchGap(
  q: readonly (Float64Array | null)[],
  count: number,
): { gap: number; witness: [number, number] | null } {
  let gap = Infinity;
  let witness: [number, number] | null = null;
  for (let a = 0; a < count; a++) {
    const qa = q[a];
    if (!qa) continue;
    for (let b = a + 1; b < count; b++) {
      const qb = q[b];
      if (!qb) continue;
      const d = l2Distance(qa, qb);
      if (d < gap) {
        gap = d;
        witness = [a, b];
      }
    }
  }
  return { gap, witness };
}

/** Gaps below this are treated as exactly zero (float round-off of q-vectors summing ≤ 2^L products). */
export const ZERO_GAP_TOLERANCE = 1e-12;
