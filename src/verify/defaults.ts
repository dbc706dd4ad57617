import type { GeneratorParams } from '../../spec/generator';

/** A named grammar of the built-in verification set. */
export interface DefaultGrammar {
  /** Stable name used in reports. */
  readonly name: string;
  /** Why it is in the set. */
  readonly purpose: string;
  /** How to generate it. */
  readonly params: GeneratorParams;
}

/**
 * The built-in grammars of `rhm verify` (`npm start`): both samplers, a few
 * sizes. Fixed seeds, so every run verifies the same grammars.
 */
export const DEFAULT_GRAMMARS: readonly DefaultGrammar[] = Object.freeze([
  { name: 'cagnetta-v8-m2-L3', purpose: '[C]-style rules, small', params: { sampler: 'cagnetta', classes: 8, vocab: 8, m: 2, s: 2, L: 3, seed: 1 } },
  { name: 'cagnetta-v8-m4-L3', purpose: '[C]-style rules, the benchmark size', params: { sampler: 'cagnetta', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 1 } },
  { name: 'uft-v8-m4-L3', purpose: '[R] Appendix B rules (κ = 1)', params: { sampler: 'uniform-first-token', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 1 } },
  { name: 'uft-v16-m4-s3-L2', purpose: '[R] Appendix B rules, branching 3', params: { sampler: 'uniform-first-token', classes: 16, vocab: 16, m: 4, s: 3, L: 2, seed: 1 } },
]);
