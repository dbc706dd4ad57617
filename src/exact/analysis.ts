import type { Grammar } from '../grammar/grammar';
import { buildPatchTable } from '../grammar/patches';
import { type LevelGap, nodeGap, nodePosteriors } from './gaps';
import { levelKappa, type LevelKappa } from './kappa';
import { type JointMode, jointMode, walkPositions } from './positions';

/** Everything exact the assumption checks need about one level l (1 ≤ l ≤ L). */
export interface LevelAnalysis {
  /** l: the level of the patch tokens; parents at level l−1. */
  readonly level: number;
  /** ρ̂^(l) at the paper's first patch. */
  readonly firstGap: LevelGap;
  /** min over every patch position (null when positions = 'first'). */
  readonly allGap: LevelGap | null;
  /** κ̂^(l) at the first patch. */
  readonly kappa: LevelKappa;
  /** π_{l−1} at the first level-(l−1) node. */
  readonly parentMarginal: Float64Array;
  /** q_ν^(l) for every parent ν at the first patch (null when π_{l−1}(ν) = 0). */
  readonly q: readonly (Float64Array | null)[];
}

/** The exact analysis of a grammar: one walk over the positions, shared by every check. */
export interface ExactAnalysis {
  /** How the joints were represented ('counts': exact integer path counts). */
  readonly mode: JointMode;
  /** 'first' or 'all' patch positions examined. */
  readonly positions: 'first' | 'all';
  /** Index l−1 holds level l. */
  readonly levels: readonly LevelAnalysis[];
  /** Whether rules R_l (level-(l+1) patches) have a patch with two parents, index l. */
  readonly ambiguousLevels: readonly boolean[];
}

/**
 * Compute ρ̂^(l) (first patch and, with positions = 'all', the minimum over
 * every position), κ̂^(l) and the q-vectors of every level in one depth-first
 * walk that shares prefix products ([R] §2, Assumption 6; theory.md §2–3).
 * No sampling: float64 products of the transition matrices (exact integer
 * path counts when the grammar allows, see {@link jointMode}).
 *
 * @param positions - 'first' (the paper's first patch) or 'all'.
 * @example
 * const a = analyseGrammar(compileGrammar(file), 'all');
 * a.levels[1]!.firstGap.gap; // ρ̂^(2)
 */
export function analyseGrammar(g: Grammar, positions: 'first' | 'all'): ExactAnalysis {
  const ambiguousLevels = g.levels.map((r) => buildPatchTable(r, g.s).ambiguous.length > 0);
  const first = new Array<Omit<LevelAnalysis, 'allGap'> | undefined>(g.L);
  const all = new Array<LevelGap | undefined>(g.L);
  walkPositions(g, g.L - 1, positions === 'first', (joint) => {
    const k = joint.path.length;
    const post = nodePosteriors(joint);
    const gap = nodeGap(joint, post);
    const here: LevelGap = { level: k + 1, gap, path: joint.path, positions: 1 };
    if (joint.path.every((c) => c === 0)) {
      first[k] = {
        level: k + 1,
        firstGap: here,
        kappa: levelKappa(g, joint, ambiguousLevels[k] as boolean, post),
        parentMarginal: post.parentMarginal,
        q: post.q,
      };
    }
    const prev = all[k];
    if (!prev) all[k] = here;
    else {
      const better = gap.status === 'measured' && (prev.gap.status === 'no-pairs' || gap.gap < prev.gap.gap);
      all[k] = better ? { ...here, positions: prev.positions + 1 } : { ...prev, positions: prev.positions + 1 };
    }
  });
  const levels = first.map((f, k) => ({
    ...(f as Omit<LevelAnalysis, 'allGap'>),
    allGap: positions === 'all' ? (all[k] as LevelGap) : null,
  }));
  return { mode: jointMode(g), positions, levels, ambiguousLevels };
}
