import fc from 'fast-check';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar } from '../../src/grammar/grammar';
import { makeParser } from '../../src/grammar/parse';
import { decodeIndex, drawDistinctIndices, pMax, trainTestSplit } from '../../src/sampling/enumerate';
import { Rng } from '../../src/util/rng';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';

describe('index enumeration', () => {
  test('[enumeration-bijection] v = n_c = 4, m = 2, s = 2, L = 3 gives 512 distinct inputs, each parsing to its label', () => {
    for (const sampler of ['cagnetta', 'uniform-first-token'] as const) {
      const g = compileGrammar(generateGrammar({ sampler, classes: 4, vocab: 4, m: 2, s: 2, L: 3, seed: 11 }));
      expect(pMax(g)).toBe(512n);
      const parse = makeParser(g);
      const seen = new Set<string>();
      for (let i = 0n; i < 512n; i++) {
        const d = decodeIndex(g, i);
        expect(d.label).toBe(Number(i / 128n));
        seen.add(d.tokens.join(','));
        expect(parse(d.tokens)).toEqual({ status: 'parsed', label: d.label, latent: d.latent });
      }
      expect(seen.size).toBe(512);
    }
  });

  test('[enumeration-bijection] decoding is injective on random small grammars', () => {
    fc.assert(
      fc.property(anyGeneratorParams({ maxVocab: 4, maxM: 2, maxL: 3, maxS: 2 }), (p) => {
        const g = compileGrammar(generateGrammar(p));
        const total = pMax(g);
        fc.pre(total <= 4096n);
        const seen = new Set<string>();
        for (let i = 0n; i < total; i++) seen.add(decodeIndex(g, i).tokens.join(','));
        expect(BigInt(seen.size)).toBe(total);
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('P_max beyond 2^53 is exact and its last index decodes', () => {
    const g = compileGrammar(
      generateGrammar({ sampler: 'cagnetta', classes: 32, vocab: 32, m: 8, s: 2, L: 6, seed: 1 }),
    );
    expect(pMax(g)).toBe(32n * 8n ** 63n);
    const last = decodeIndex(g, pMax(g) - 1n);
    expect(last.label).toBe(31);
    expect(makeParser(g)(last.tokens)).toMatchObject({ status: 'parsed', label: 31 });
    expect(() => decodeIndex(g, pMax(g))).toThrow(/outside/);
  });

  test('distinct indices are distinct and in range, dense and sparse, number and BigInt', () => {
    const rng = Rng.fromSeed(3).stream('split');
    for (const [total, n] of [
      [100n, 100],
      [100n, 30],
      [10n ** 12n, 500],
      [10n ** 30n, 200],
    ] as const) {
      const idx = drawDistinctIndices(rng, total, n);
      expect(new Set(idx.map(String)).size).toBe(n);
      expect(idx.every((i) => i >= 0n && i < total)).toBe(true);
    }
    expect(() => drawDistinctIndices(rng, 10n, 11)).toThrow(/only P_max = 10/);
  });

  test('train/test split is disjoint and refuses non-enumerable grammars', () => {
    const file = generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 2 });
    const g = compileGrammar(file);
    const { train, test: held } = trainTestSplit(g, 20, 12, Rng.fromSeed(1).stream('split'));
    const key = (b: typeof train, i: number) => Array.from(b.tokens.subarray(i * b.d, (i + 1) * b.d)).join(',');
    const trainKeys = new Set(Array.from({ length: train.n }, (_, i) => key(train, i)));
    expect(trainKeys.size).toBe(20);
    for (let i = 0; i < held.n; i++) expect(trainKeys.has(key(held, i))).toBe(false);
    file.labelPrior = [1, 2, 3, 4];
    expect(() => trainTestSplit(compileGrammar(file), 2, 2, Rng.fromSeed(1))).toThrow(/uniform rules and prior/);
  });
});
