import type { GrammarTheory, LevelTheory } from '../../exact/theory';
import { classCount, type Grammar } from '../../grammar/grammar';
import { batchFromIndices } from '../../sampling/enumerate';
import { representations, type Stage } from './features';
import { maxDistanceToQ } from './measure';

/**
 * Recovery over the whole support (theory.md §6): when the grammar has at most
 * {@link MAX_SUPPORT} inputs and can be enumerated, every input is pushed through
 * the trained network and max‖h − q_µ‖ is taken over every patch of every input,
 * not only over the held-out samples.
 */

/** Largest P_max evaluated exhaustively. */
export const MAX_SUPPORT = 100_000;

/** Whether the support of `g` is small and enumerable ([C]'s index decoding needs uniform rules and prior). */
function enumerableSupport(g: Grammar, theory: GrammarTheory): boolean {
  return (
    theory.pMax <= BigInt(MAX_SUPPORT) && g.m !== null && g.uniformPrior && g.levels.every((r) => r.uniformWeights)
  );
}

/**
 * max‖h − q_µ^(l)‖ over the whole support, per level l, or null when the support is too
 * large or not enumerable (the held-out maximum is used then).
 */
export function supportMaxDistances(
  g: Grammar,
  theory: GrammarTheory,
  stages: readonly Stage[],
): Map<number, number> | null {
  if (!enumerableSupport(g, theory)) return null;
  const n = Number(theory.pMax);
  const batch = batchFromIndices(
    g,
    Array.from({ length: n }, (_, i) => BigInt(i)),
  );
  const out = new Map<number, number>();
  representations(g, batch.tokens, n, g.s ** g.L, stages, (st, reps, rows) => {
    const lt = theory.levels[st.level - 1] as LevelTheory;
    const truth = batch.latent?.[st.level - 1];
    if (!truth) return;
    const o = {
      outputs: reps,
      truth,
      perSample: rows / n,
      samples: n,
      classes: classCount(g),
      parents: g.vocabulary[st.level - 1] as number,
    };
    out.set(st.level, maxDistanceToQ(o, lt.q));
  });
  return out;
}
