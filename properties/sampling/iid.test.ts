import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar, type Grammar } from '../../src/grammar/grammar';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { chiSquareGoodnessOfFit } from '../../src/util/stats';
import { at, defined } from '../support/checked';

/**
 * Statistical checks of the sampler. Each is a chi-square goodness-of-fit test
 * at significance α = 1e-3 with a fixed seed: a correct sampler fails a given
 * test with probability 1e-3; the seeds are fixed, so the outcome is
 * reproducible and never retried.
 */
const ALPHA = 1e-3;

function productionCounts(
  g: Grammar,
  latent: readonly Int32Array[],
  n: number,
  l: number,
): { observed: number[]; expected: number[] } {
  // Count, for every level-l node, which production it used (identified by its children tuple).
  const r = at(g.levels, l);
  const observed = new Array<number>(r.weights.length).fill(0);
  const parents = at(latent, l);
  const children = at(latent, l + 1);
  const width = parents.length / n;
  const index = new Map<string, number>();
  for (let p = 0; p < r.weights.length; p++)
    index.set(Array.from(r.children.subarray(p * g.s, p * g.s + g.s)).join(','), p);
  const parentCounts = new Array<number>(r.parentCount).fill(0);
  for (let k = 0; k < n * width; k++) {
    const p = defined(index.get(Array.from(children.subarray(k * g.s, k * g.s + g.s)).join(',')));
    observed[p] = at(observed, p) + 1;
    parentCounts[at(parents, k)] = at(parentCounts, at(parents, k)) + 1;
  }
  // Expected share of production p among all level-l nodes: P(parent) · Q(parent, p), with P(parent) from its empirical count
  // (the test is of Q given the parent; the parent marginal is tested through the label and the level above).
  const expected = new Array<number>(r.weights.length).fill(0);
  const total = n * width;
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = at(r.offsets, nu); p < at(r.offsets, nu + 1); p++)
      expected[p] = (at(parentCounts, nu) / total) * at(r.weights, p);
  }
  return { observed, expected };
}

describe('i.i.d. sampler frequencies', () => {
  const uniform = compileGrammar(
    generateGrammar({ sampler: 'cagnetta', classes: 6, vocab: 6, m: 3, s: 2, L: 3, seed: 4 }),
  );
  const weightedFile = generateGrammar({
    sampler: 'uniform-first-token',
    classes: 4,
    vocab: 4,
    m: 3,
    s: 2,
    L: 2,
    seed: 9,
  });
  weightedFile.labelPrior = [0.1, 0.2, 0.3, 0.4];
  weightedFile.ruleWeights = weightedFile.rules.map((level) => level.map((prods) => prods.map((_, j) => 1 + 2 * j)));
  const weighted = compileGrammar(weightedFile);

  test.each([
    ['uniform rules and prior', uniform, 7],
    ['weighted rules and prior (alias tables)', weighted, 8],
  ])('[sampler-frequencies] %s: label and production counts fit at α = 1e-3', (_name, g, seed) => {
    const n = 40_000;
    const batch = sampleIid(g, n, Rng.fromSeed(seed).stream('sample'), { latent: true });
    const labelCounts = new Array<number>(g.labelPrior.length).fill(0);
    for (const z of batch.labels) labelCounts[z] = at(labelCounts, z) + 1;
    const labelFit = chiSquareGoodnessOfFit(labelCounts, g.labelPrior);
    expect(labelFit.pValue).toBeGreaterThan(ALPHA);
    for (let l = 0; l < g.L; l++) {
      const { observed, expected } = productionCounts(g, defined(batch.latent), n, l);
      const fit = chiSquareGoodnessOfFit(observed, expected);
      expect(fit.impossibleCount).toBe(0);
      // df is reduced by the estimated parent marginals; using cells − 1 makes the test conservative.
      expect(fit.pValue).toBeGreaterThan(ALPHA);
    }
  });

  test('[sampler-frequencies] power check: a sampler with a skewed rule is rejected', () => {
    // Sample from weighted rules but test against uniform ones: the test must notice.
    const n = 40_000;
    const batch = sampleIid(weighted, n, Rng.fromSeed(12).stream('sample'), { latent: true });
    const { ruleWeights: _weights, ...uniformFile } = weightedFile;
    const { observed, expected } = productionCounts(compileGrammar(uniformFile), defined(batch.latent), n, 1);
    expect(chiSquareGoodnessOfFit(observed, expected).pValue).toBeLessThan(ALPHA);
  });

  test('the same stream state gives the same batch; the stream advances', () => {
    const a = sampleIid(uniform, 100, Rng.fromSeed(1).stream('sample'));
    const b = sampleIid(uniform, 100, Rng.fromSeed(1).stream('sample'));
    expect(Buffer.from(a.tokens.buffer).equals(Buffer.from(b.tokens.buffer))).toBe(true);
    const rng = Rng.fromSeed(1).stream('sample');
    const first = sampleIid(uniform, 100, rng);
    const second = sampleIid(uniform, 100, rng);
    expect(Buffer.from(first.tokens.buffer).equals(Buffer.from(second.tokens.buffer))).toBe(false);
  });

  test('refuses batches beyond the memory limit, naming --n', () => {
    expect(() => sampleIid(uniform, 1e9, Rng.fromSeed(1))).toThrow(/--n/);
  });
});
