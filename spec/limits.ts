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
  /**
   * Most arrays and objects in one JSON input file, counted before parsing: a
   * grammar needs about one per production, and V8 spends about 100 bytes on each
   * (8M: under 1 GiB parsed and compiled).
   */
  maxJsonContainers: 1 << 23,
  /** Most values (numbers, strings, …) in one JSON input file, counted before parsing. */
  maxJsonValues: 1 << 25,
  /** Most keys in one JSON object (a grammar's objects have fewer than ten). */
  maxJsonKeysPerObject: 1 << 16,
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
  /** Most productions a generated grammar may have in all (n_c·m + (L−1)·v·m); about 100 bytes each in memory. */
  maxProductionsTotal: 1 << 22,
  /** Longest decimal number printed in full (e.g. P_max); longer ones are printed as a power and a digit count. */
  maxPrintedDigits: 4096,
  /** Largest number of tokens materialised by one sampling call (n·d). */
  maxTokensInMemory: 1 << 29,
});
