import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from './limits';

/** The format tag of grammar files. */
export const GRAMMAR_FORMAT = 'rhm-grammar/1';

const Symbol = Type.Integer({
  minimum: 0,
  maximum: LIMITS.maxVocabulary - 1,
  description: 'a symbol of the next level',
});
// Arity (= branching) is checked semantically, with a message that names s.
const Production = Type.Array(Symbol, {
  maxItems: LIMITS.maxBranching,
  description: 'one production: an s-tuple ("patch") of level-(l+1) symbols',
});
const Weight = Type.Number({ minimum: 0, description: 'relative probability of a production' });

/** Where a grammar came from: the generator, its parameters and seed, the harness version. */
export const GrammarProvenanceSchema = Type.Object(
  {
    generator: Type.String({
      description: "name of the rule sampler, e.g. 'cagnetta', 'uniform-first-token', 'hand-written'",
    }),
    parameters: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()]), {
        description: 'generator parameters (classes, vocab, m, s, L, …)',
      }),
    ),
    seed: Type.Optional(Type.Integer({ minimum: 0, description: 'root seed of the run that generated the grammar' })),
    harnessVersion: Type.Optional(Type.String({ description: 'rhm-harness version that wrote the file' })),
  },
  { additionalProperties: true },
);

/**
 * `rhm-grammar/1`: a Random Hierarchy Model grammar on disk.
 *
 * Levels are numbered as in [R]: level 0 is the label, level L the input.
 * `rules[l][ν]` lists the productions of level-l symbol ν, each an s-tuple of
 * level-(l+1) symbols: the reference implementation's `[parents][m][s]` rule
 * tensor layout dumped as nested lists.
 */
export const GrammarFileSchema = Type.Object(
  {
    format: Type.Literal(GRAMMAR_FORMAT),
    branching: Type.Integer({ minimum: 2, maximum: LIMITS.maxBranching, description: 'branching factor s' }),
    depth: Type.Integer({ minimum: 1, maximum: LIMITS.maxDepth, description: 'depth L' }),
    vocabulary: Type.Array(Type.Integer({ minimum: 1, maximum: LIMITS.maxVocabulary }), {
      minItems: 2,
      maxItems: LIMITS.maxDepth + 1,
      description: 'L+1 sizes: vocabulary[0] = n_c (classes), vocabulary[l] = |V_l|',
    }),
    rules: Type.Array(
      Type.Array(Type.Array(Production, { minItems: 1, maxItems: LIMITS.maxProductionsPerSymbol }), {
        minItems: 1,
        maxItems: LIMITS.maxVocabulary,
      }),
      { minItems: 1, maxItems: LIMITS.maxDepth, description: 'rules[l][ν] = productions of level-l symbol ν' },
    ),
    ruleWeights: Type.Optional(
      Type.Array(
        Type.Array(Type.Array(Weight, { minItems: 1, maxItems: LIMITS.maxProductionsPerSymbol }), {
          maxItems: LIMITS.maxVocabulary,
        }),
        {
          maxItems: LIMITS.maxDepth,
          description: 'same shape as rules without the tuple level; uniform when absent',
        },
      ),
    ),
    labelPrior: Type.Optional(
      Type.Array(Weight, {
        minItems: 1,
        maxItems: LIMITS.maxVocabulary,
        description: 'D_0, length n_c; uniform when absent',
      }),
    ),
    provenance: Type.Optional(GrammarProvenanceSchema),
  },
  { $id: 'rhm-grammar-1', additionalProperties: false, title: 'rhm-grammar/1' },
);

/** A grammar file as read from disk (validated against {@link GrammarFileSchema}). */
export type GrammarFile = Static<typeof GrammarFileSchema>;
/** Provenance block of a grammar file. */
export type GrammarProvenance = Static<typeof GrammarProvenanceSchema>;
