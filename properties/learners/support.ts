import { compileGrammar, type Grammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import type { GrammarFile } from '../../spec/grammar';
import type { LearnLevel } from '../../spec/learn';

/** A generated grammar with v = n_c = 8, s = 2 (the sizes the issue suggests for learner properties). */
export function smallGrammar(sampler: 'cagnetta' | 'uniform-first-token', m: number, L: number, seed = 1): Grammar {
  return compileGrammar(generateGrammar({ sampler, classes: 8, vocab: 8, m, s: 2, L, seed }));
}

/**
 * A hand-built grammar with a zero-gap level: level-1 symbols 0 and 1 appear
 * symmetrically in the root productions (class 0 → (0,2),(1,2),(0,3),(1,3);
 * class 1 → (0,4),(1,4),(0,5),(1,5)), so their label posteriors are identical at
 * every position: the level-2 patches of 0 and of 1 cannot be told apart from
 * the label, while the label itself stays determined by the second token.
 */
export const ZERO_GAP_FILE: GrammarFile = {
  format: 'rhm-grammar/1',
  branching: 2,
  depth: 2,
  vocabulary: [2, 6, 6],
  rules: [
    [
      [
        [0, 2],
        [1, 2],
        [0, 3],
        [1, 3],
      ],
      [
        [0, 4],
        [1, 4],
        [0, 5],
        [1, 5],
      ],
    ],
    Array.from({ length: 6 }, (_, k) => [0, 1, 2, 3].map((j) => [k, j])),
  ],
  provenance: { generator: 'hand-written' },
};

/** The measurements of level l, narrowed to one learner family; throws (failing the test) when absent or of another kind. */
export function levelOf<K extends LearnLevel['kind']>(
  out: { readonly levels: readonly LearnLevel[] },
  level: number,
  kind: K,
): Extract<LearnLevel, { kind: K }> {
  const found = out.levels.find((x) => x.level === level);
  if (!found || found.kind !== kind)
    throw new Error(`level ${level}: expected ${kind} measurements, got ${found?.kind}`);
  return found as Extract<LearnLevel, { kind: K }>;
}
