/**
 * Hard limits that keep absurd inputs from exhausting memory. Every limit is
 * checked before the allocation it protects, and each names the field it
 * applies to in its error message.
 */
export const LIMITS = Object.freeze({
  /** Largest grammar file read, in bytes. */
  maxGrammarFileBytes: 256 * 1024 * 1024,
  /** Deepest JSON nesting accepted in any input file (a grammar needs 5). */
  maxJsonDepth: 64,
  /** Largest vocabulary size |V_l| (and number of classes n_c). */
  maxVocabulary: 1 << 20,
  /** Largest branching factor s. */
  maxBranching: 64,
  /** Largest depth L. */
  maxDepth: 40,
  /** Largest number of productions of one symbol. */
  maxProductionsPerSymbol: 1 << 20,
  /** Largest total number of productions in one level. */
  maxProductionsPerLevel: 1 << 24,
  /** Largest input length d = s^L that the sampler and parser accept. */
  maxInputLength: 1 << 24,
  /** Largest number of tokens materialised by one sampling call (n·d). */
  maxTokensInMemory: 1 << 29,
});
