import fc from 'fast-check';
import { compileGrammar, inputLength, type Grammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { PatchIndex, DENSE_PATCH_CODES } from '../../src/learners/patch-index';
import { alignedChunkSamples, forEachSampleChunk } from '../../src/learners/layerwise-cluster/sample-chunks';
import { clustersOf, idsAbove, sampleLevelIds } from '../../src/learners/layerwise-cluster/level-ids';
import type { GeneratorParams } from '../../spec/generator';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';

/**
 * `layerwise-cluster` draws its training samples chunk by chunk and keeps patch
 * ids instead of tokens (the L = 8, P = 10^6 memory bound). These properties pin
 * that to the plain path: the chunks are `sampleIid`'s samples bit for bit, and the
 * ids are those a {@link PatchIndex} gives the materialised tokens.
 */

/** The grammar of p, with rule weights j + 1 and a non-uniform prior when `weighted` (the sampler's alias path). */
function grammarOf(p: GeneratorParams, weighted: boolean): Grammar {
  const f = generateGrammar(p);
  if (weighted) {
    f.ruleWeights = f.rules.map((level) => level.map((prods) => prods.map((_, j) => j + 1)));
    f.labelPrior = Array.from({ length: p.classes }, (_, z) => z + 1);
  }
  return compileGrammar(f);
}

/** Index of the first difference of two equally long arrays, −1 when equal (jest's toEqual is slow on millions of elements). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Chunked draws against one call: same labels, same tokens, same final stream state. */
function expectSameAsOneCall(g: Grammar, n: number, seed: number, minTokens: number): void {
  const one = Rng.fromSeed(seed).stream('sample');
  const whole = sampleIid(g, n, one);
  const chunked = Rng.fromSeed(seed).stream('sample');
  const d = inputLength(g);
  const labels = new Int32Array(n);
  const tokens = new Int32Array(n * d);
  let chunks = 0;
  forEachSampleChunk(
    g,
    n,
    chunked,
    (c, start) => {
      labels.set(c.labels, start);
      tokens.set(c.tokens, start * d);
      chunks++;
    },
    minTokens,
  );
  expect(chunks).toBe(Math.ceil(n / alignedChunkSamples(g, minTokens)));
  expect(firstDifference(labels, whole.labels)).toBe(-1);
  expect(firstDifference(tokens, whole.tokens)).toBe(-1);
  expect(chunked.getState()).toEqual(one.getState());
}

describe('layerwise-cluster sampling in chunks', () => {
  test('chunks of aligned size reproduce one sampleIid call (labels, tokens, stream state)', () => {
    fc.assert(
      fc.property(
        anyGeneratorParams(),
        fc.boolean(),
        fc.integer({ min: 1, max: 2 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, weighted, whole, frac) => {
          const g = grammarOf(p, weighted);
          const align = alignedChunkSamples(g, 1);
          const n = whole * align + Math.floor(frac * align);
          expectSameAsOneCall(g, n, p.seed, 1);
        },
      ),
      { seed: FC_SEED, numRuns: 12 },
    );
  });

  test.each([
    { m: 2, L: 10, weighted: false },
    { m: 3, L: 9, weighted: false },
    { m: 4, L: 10, weighted: true },
  ])('deep inputs (blocks of few samples): m=$m L=$L weighted=$weighted', ({ m, L, weighted }) => {
    const g = grammarOf({ sampler: 'cagnetta', classes: 4, vocab: 6, m, s: 2, L, seed: 3 }, weighted);
    const align = alignedChunkSamples(g, 1);
    expectSameAsOneCall(g, 2 * align + 17, 9, 1);
    expectSameAsOneCall(g, 5 * align, 9, 3 * align * inputLength(g));
  });
});

describe('layerwise-cluster patch ids', () => {
  test('level-L ids and the ids above are those of a PatchIndex over the materialised tokens', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), fc.integer({ min: 1, max: 400 }), (p, n) => {
        const g = grammarOf(p, false);
        const { s, L } = g;
        const labels = new Int32Array(n);
        const level = sampleLevelIds(g, Rng.fromSeed(p.seed).stream('sample'), labels);
        const batch = sampleIid(g, n, Rng.fromSeed(p.seed).stream('sample'));
        expect(labels).toEqual(batch.labels);
        const ref = new PatchIndex(g.vocabulary[L] as number, s);
        const refIds = Array.from({ length: n * level.K }, (_, j) => ref.add(batch.tokens, j * s));
        expect(Array.from(level.ids)).toEqual(refIds);
        expect(level.index.size).toBe(ref.size);
        // Any map of ids to the level above: a pseudo-random clustering.
        const k = g.vocabulary[L - 1] as number;
        const clusterOf = Int32Array.from({ length: level.index.size }, (_, id) => (id * 7 + 3) % k);
        const tokensAbove = clustersOf(level, clusterOf);
        if (L === 1) {
          expect(tokensAbove.length).toBe(n);
          return;
        }
        const above = idsAbove(level, clusterOf, k, s);
        const refAbove = new PatchIndex(k, s);
        const refAboveIds = Array.from({ length: n * above.K }, (_, j) => refAbove.add(tokensAbove, j * s));
        expect(Array.from(above.ids)).toEqual(refAboveIds);
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('dense, Map and string-keyed indexes give the same ids in order of first appearance', () => {
    const rng = Rng.fromSeed(4).stream('tokens');
    const dense = new PatchIndex(2048, 2);
    const mapped = new PatchIndex(2049, 2);
    const keyed = new PatchIndex(2 ** 20, 4);
    expect(2048 ** 2).toBeLessThanOrEqual(DENSE_PATCH_CODES);
    expect(2049 ** 2).toBeGreaterThan(DENSE_PATCH_CODES);
    const tokens = Int32Array.from({ length: 8000 }, () => rng.int(40));
    tokens[101] = -1;
    for (let j = 0; j + 4 <= tokens.length; j += 4) {
      for (const off of [j, j + 2]) expect(mapped.add(tokens, off)).toBe(dense.add(tokens, off));
      const id = keyed.add(tokens, j);
      expect(keyed.get(tokens, j)).toBe(id);
    }
    expect(mapped.size).toBe(dense.size);
    expect(dense.add(tokens, 100)).toBe(-1);
    expect(keyed.add(tokens, 100)).toBe(-1);
    expect(dense.get(Int32Array.from([39, 38]), 0)).toBe(mapped.get(Int32Array.from([39, 38]), 0));
    expect(dense.get(Int32Array.from([2047, 2047]), 0)).toBe(-1);
  });
});
