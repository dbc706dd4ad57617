import { GRAMMAR_FORMAT, type GrammarFile } from '../../../spec/grammar';
import { at } from '../../support/checked';

/**
 * Hand-built grammars that plant one violation each, for the power checks of
 * the assumption suites. n_c = 2, v = 4, m = 2, s = 2, L = 2 unless stated.
 */
function file(vocabulary: number[], rules: number[][][][]): GrammarFile {
  return {
    format: GRAMMAR_FORMAT,
    branching: 2,
    depth: rules.length,
    vocabulary,
    rules,
    provenance: { generator: 'hand-written' },
  };
}

/** Level-1 rules shared by the small planted grammars: 4 symbols, 2 distinct productions each, non-ambiguous. */
const LEVEL1 = [
  [
    [0, 1],
    [1, 0],
  ],
  [
    [2, 3],
    [3, 2],
  ],
  [
    [0, 0],
    [1, 1],
  ],
  [
    [2, 2],
    [3, 3],
  ],
];

/** A clean grammar (n_c = v = 2): every assumption holds (κ̂ = 1, ρ̂^(2) = √2). */
export function cleanGrammar(): GrammarFile {
  return file(
    [2, 2, 2],
    [
      [
        [
          [0, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [1, 1],
        ],
      ],
      [
        [
          [0, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [1, 1],
        ],
      ],
    ],
  );
}

/** The patch [1,2] is produced by both classes 0 and 1 (ambiguous). */
export function ambiguousGrammar(): GrammarFile {
  return file(
    [2, 4, 4],
    [
      [
        [
          [0, 1],
          [1, 2],
        ],
        [
          [1, 2],
          [3, 0],
        ],
      ],
      LEVEL1,
    ],
  );
}

/** Level-1 symbol 2 has m − 1 = 1 production. */
export function missingProductionGrammar(): GrammarFile {
  return file(
    [2, 4, 4],
    [
      [
        [
          [0, 1],
          [1, 2],
        ],
        [
          [2, 3],
          [3, 0],
        ],
      ],
      [at(LEVEL1, 0), at(LEVEL1, 1), [[0, 0]], at(LEVEL1, 3)],
    ],
  );
}

/** Level-2 symbol 4 (vocabulary enlarged to 5) is never produced. */
export function unreachableGrammar(): GrammarFile {
  return file(
    [2, 4, 5],
    [
      [
        [
          [0, 1],
          [1, 2],
        ],
        [
          [2, 3],
          [3, 0],
        ],
      ],
      LEVEL1,
    ],
  );
}

/**
 * Classes 0 and 1 start with {0, 1} and {2, 3}: level-1 symbols 0 and 1 have
 * the same posterior e_0 (and 2, 3 the same e_1) at the first level-1 node,
 * so ρ̂^(2) = 0 exactly with witness parents (0, 1).
 */
export function zeroGapGrammar(): GrammarFile {
  return file(
    [2, 4, 4],
    [
      [
        [
          [0, 2],
          [1, 3],
        ],
        [
          [2, 0],
          [3, 1],
        ],
      ],
      LEVEL1,
    ],
  );
}

/** Level-1 symbol 3 is never a first token at the root: κ̂^(2) = ∞ with witness symbol 3. */
export function neverFirstGrammar(): GrammarFile {
  return file(
    [2, 4, 4],
    [
      [
        [
          [0, 3],
          [1, 3],
        ],
        [
          [2, 3],
          [0, 2],
        ],
      ],
      LEVEL1,
    ],
  );
}
