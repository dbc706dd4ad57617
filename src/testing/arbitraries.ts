import fc from 'fast-check';
import type { GeneratorParams, SamplerName } from '../../spec/generator';
import type { GrammarFile } from '../../spec/grammar';
import { generateGrammar, generatorViolations } from '../grammar/generate';

/** Bounds of the random grammars drawn (small by default, so property suites stay fast). */
export interface ParamBounds {
  /** Largest vocabulary size v and number of classes n_c. */
  readonly maxVocab: number;
  /** Largest branching factor s. */
  readonly maxS: number;
  /** Largest depth L. */
  readonly maxL: number;
  /** Largest number of productions per symbol m. */
  readonly maxM: number;
}

/** The bounds {@link generatorParams} uses where none are given: v, n_c ≤ 8, s ≤ 3, L ≤ 4, m ≤ 4. */
export const DEFAULT_BOUNDS: ParamBounds = Object.freeze({ maxVocab: 8, maxS: 3, maxL: 4, maxM: 4 });

/**
 * Valid generator parameters for one sampler: v, s, L, then m ≤ v^(s−1) and n_c with
 * n_c·m ≤ v^s (and v | n_c·m for uniform-first-token). Shrinks towards small grammars.
 * The input length s^L is kept ≤ 81.
 * @param sampler - 'cagnetta' ([C]) or 'uniform-first-token' ([R] Appendix B).
 * @param bounds - upper bounds of v, s, L, m (defaults: {@link DEFAULT_BOUNDS}).
 * @returns a fast-check arbitrary of {@link GeneratorParams} (with a seed).
 * @example
 * fc.assert(fc.property(generatorParams('cagnetta', { maxL: 3 }), (p) => generateGrammar(p).depth === p.L));
 */
export function generatorParams(
  sampler: SamplerName,
  bounds: Partial<ParamBounds> = {},
): fc.Arbitrary<GeneratorParams> {
  const b = { ...DEFAULT_BOUNDS, ...bounds };
  return fc
    .record({
      vocab: fc.integer({ min: 2, max: b.maxVocab }),
      s: fc.integer({ min: 2, max: b.maxS }),
      L: fc.integer({ min: 1, max: b.maxL }),
      mRaw: fc.integer({ min: 1, max: b.maxM }),
      ncRaw: fc.integer({ min: 2, max: b.maxVocab }),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
    })
    .filter((r) => r.s ** r.L <= 81)
    .map(({ vocab, s, L, mRaw, ncRaw, seed }) => {
      const m = Math.min(mRaw, vocab ** (s - 1));
      let classes = Math.min(ncRaw, Math.floor(vocab ** s / m));
      if (sampler === 'uniform-first-token') {
        // Smallest n_c ≥ 2 such that v | n_c·m, at most ncRaw steps away.
        while ((classes * m) % vocab !== 0) classes++;
      }
      return { sampler, classes, vocab, m, s, L, seed };
    })
    .filter((p) => p.classes >= 2 && generatorViolations(p).length === 0);
}

/**
 * Valid parameters for either sampler.
 * @param bounds - upper bounds of v, s, L, m.
 * @returns an arbitrary of {@link GeneratorParams}.
 */
export function anyGeneratorParams(bounds: Partial<ParamBounds> = {}): fc.Arbitrary<GeneratorParams> {
  return fc.oneof(generatorParams('cagnetta', bounds), generatorParams('uniform-first-token', bounds));
}

/**
 * Random grammar files (`rhm-grammar/1`) of either sampler, with their parameters: the
 * grammar shrinks with its parameters, so a failing property reports the smallest one.
 * @param bounds - upper bounds of v, s, L, m.
 * @returns an arbitrary of `{ params, grammar }`.
 */
export function grammarFiles(
  bounds: Partial<ParamBounds> = {},
): fc.Arbitrary<{ readonly params: GeneratorParams; readonly grammar: GrammarFile }> {
  return anyGeneratorParams(bounds).map((params) => ({ params, grammar: generateGrammar(params) }));
}

/** Fixed seed for every fast-check run of the harness's suites (CI is reproducible; a failure prints it anyway). */
export const FC_SEED = 20261123;
