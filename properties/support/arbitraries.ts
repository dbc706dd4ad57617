import fc from 'fast-check';
import type { GeneratorParams, SamplerName } from '../../spec/generator';
import { generatorViolations } from '../../src/grammar/generate';

/** Bounds of the random grammars the property suites draw (small, so suites stay fast). */
export interface ParamBounds {
  readonly maxVocab: number;
  readonly maxS: number;
  readonly maxL: number;
  readonly maxM: number;
}

const DEFAULT_BOUNDS: ParamBounds = { maxVocab: 8, maxS: 3, maxL: 4, maxM: 4 };

/**
 * Valid generator parameters for one sampler: v, s, L, then m ≤ v^(s−1) and
 * n_c with n_c·m ≤ v^s (and v | n_c·m for uniform-first-token). Shrinks
 * towards small grammars. Input length s^L is kept ≤ 81.
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

/** Valid parameters for either sampler. */
export function anyGeneratorParams(bounds: Partial<ParamBounds> = {}): fc.Arbitrary<GeneratorParams> {
  return fc.oneof(generatorParams('cagnetta', bounds), generatorParams('uniform-first-token', bounds));
}

/** Fixed seed for every fast-check run of the suites (CI is reproducible; a failure prints it anyway). */
export const FC_SEED = 20261123;
