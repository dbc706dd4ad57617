import type { Grammar } from '../grammar/grammar';
import { nodePosteriors } from './gaps';
import { walkPositions } from './positions';
import type { GrammarTheory } from './theory';

/** Most parent positions enumerated per level for the positional-feature gap. */
export const MAX_DIAGNOSIS_PATHS = 1024;

/**
 * The exact separation of the parents of one level, in the two senses a learner
 * can use: the paper's first-patch gap ρ̂^(l), and the gap of the positional
 * label-statistics features that a frequency learner such as `layerwise-cluster`
 * estimates. Used to explain a failed recovery ("parents 3 and 5 have identical
 * label posteriors"). Computed from the grammar, never from samples.
 */
export interface ExactLevelGap {
  /** l: the level of the patch tokens (parents are level l−1). */
  readonly level: number;
  /** ρ̂^(l) at the first patch (Infinity with fewer than two parents occurring there). */
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

type Posteriors = readonly (Float64Array | null)[];

function featureDistance2(qs: readonly Posteriors[], a: number, b: number, prior: Float64Array): number {
  let s2 = 0;
  for (const q of qs) {
    const qa = q[a] ?? null;
    const qb = q[b] ?? null;
    if (!qa && !qb) continue;
    for (let z = 0; z < prior.length; z++) {
      const fa = qa ? (qa[z] as number) - (prior[z] as number) : 0;
      const fb = qb ? (qb[z] as number) - (prior[z] as number) : 0;
      s2 += (fa - fb) * (fa - fb);
    }
  }
  return s2;
}

/** Smallest distance between two occurring parents' positional features (see {@link ExactLevelGap}). */
function minFeatureGap(
  qs: readonly Posteriors[],
  count: number,
  prior: Float64Array,
): { gap: number; witness: [number, number] | null } {
  let best = Infinity;
  let witness: [number, number] | null = null;
  const occurs = (nu: number): boolean => qs.some((q) => (q[nu] ?? null) !== null);
  const occurring = Array.from({ length: count }, (_, nu) => nu).filter(occurs);
  for (let i = 0; i < occurring.length; i++) {
    for (let j = i + 1; j < occurring.length; j++) {
      const a = occurring[i] as number;
      const b = occurring[j] as number;
      const d2 = featureDistance2(qs, a, b, prior);
      if (d2 < best) {
        best = d2;
        witness = [a, b];
      }
    }
  }
  return { gap: Math.sqrt(best), witness };
}

/**
 * The exact gaps of every level l = 1..L: the first-patch ρ̂^(l) read from the
 * theory layer, and the positional-feature gap over every position (levels with at
 * most {@link MAX_DIAGNOSIS_PATHS} positions).
 * @param theory - the grammar's exact theory ({@link grammarTheory}).
 * @returns one entry per level, in order.
 */
export function exactLevelGaps(g: Grammar, theory: GrammarTheory): ExactLevelGap[] {
  let deepest = 0;
  while (deepest + 1 <= g.L - 1 && g.s ** (deepest + 1) <= MAX_DIAGNOSIS_PATHS) deepest++;
  const byLevel: Posteriors[][] = Array.from({ length: g.L }, () => []);
  walkPositions(g, Math.min(deepest, g.L - 1), false, (joint) => {
    byLevel[joint.path.length]?.push(nodePosteriors(joint).q);
  });
  return theory.levels.map((lt) => {
    const k = lt.level - 1;
    const fg = lt.gap.gap;
    const all = k <= deepest ? minFeatureGap(byLevel[k] ?? [], g.vocabulary[k] as number, g.labelPrior) : null;
    return {
      level: lt.level,
      firstPatchGap: fg.status === 'measured' ? fg.gap : Infinity,
      firstPatchWitness: fg.status === 'measured' ? fg.parents : null,
      allPositionsGap: all?.gap ?? null,
      allPositionsWitness: all?.witness ?? null,
    };
  });
}
