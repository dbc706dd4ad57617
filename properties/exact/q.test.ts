import fc from 'fast-check';
import { analyseGrammar } from '../../src/exact/analysis';
import { nodePosteriors } from '../../src/exact/gaps';
import { jointAt, walkPositions } from '../../src/exact/positions';
import { patchPosteriors } from '../../src/exact/posteriors';
import { compileGrammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { FC_SEED } from '../support/arbitraries';
import { close, TOLERANCE } from '../support/tolerance';
import { enumerableParams, enumerateData, enumerateNode, grammarOf, pathsOfLength, ratios } from './brute-force';
import { at, defined } from '../support/checked';

const SAMPLERS = ['cagnetta', 'uniform-first-token'] as const;

describe('exact q-vectors', () => {
  for (const sampler of SAMPLERS) {
    test(`[weak-identifiability] q equals brute-force enumeration bitwise at every position, and synonyms share it exactly (${sampler})`, () => {
      fc.assert(
        fc.property(enumerableParams(sampler), (p) => {
          const g = grammarOf(p);
          const data = enumerateData(g);
          for (let k = 0; k < g.L; k++) {
            for (const path of pathsOfLength(k, g.s)) {
              const post = nodePosteriors(jointAt(g, path));
              const bf = enumerateNode(g, path, data);
              // q per parent: the integer path counts make both sides one correctly rounded division of the same rational.
              for (const [nu, counts] of bf.byParent)
                expect(Array.from(post.q[nu] as Float64Array)).toEqual(ratios(counts));
              for (let nu = 0; nu < post.q.length; nu++) if (!bf.byParent.has(nu)) expect(post.q[nu]).toBeNull();
              // Synonyms: every patch's own posterior (counted per patch) is its parent's q, bit for bit.
              for (const { parent, counts } of bf.byPatch.values())
                expect(ratios(counts)).toEqual(Array.from(post.q[parent] as Float64Array));
            }
          }
        }),
        { seed: FC_SEED, numRuns: 25 },
      );
    });
  }

  test('every q is a probability vector (all positions, both samplers, weighted rules too)', () => {
    const arb = fc.oneof(enumerableParams('cagnetta'), enumerableParams('uniform-first-token'));
    fc.assert(
      fc.property(arb, fc.boolean(), (p, weighted) => {
        const file = generateGrammar(p);
        if (weighted) {
          // Non-uniform production weights and prior: the float64 ('probabilities') path.
          file.ruleWeights = file.rules.map((lvl) => lvl.map((prods) => prods.map((_, j) => j + 1)));
          file.labelPrior = Array.from({ length: p.classes }, (_, z) => z + 1);
        }
        const g = compileGrammar(file);
        walkPositions(g, g.L - 1, false, (joint) => {
          for (const q of nodePosteriors(joint).q) {
            if (!q) continue;
            let sum = 0;
            for (const x of q) {
              expect(x).toBeGreaterThanOrEqual(0);
              sum += x;
            }
            // Σ_ζ q(ζ) = 1 up to n_c roundings of size 2^−53 (TOLERANCE.exactFloat).
            expect(close(sum, 1, TOLERANCE.exactFloat)).toBe(true);
          }
        });
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('the position walk agrees with patchPosteriors (J_{l−1} = diag(D_0)·Π F) on weighted grammars', () => {
    const file = generateGrammar({ sampler: 'cagnetta', classes: 3, vocab: 4, m: 3, s: 2, L: 3, seed: 5 });
    file.ruleWeights = file.rules.map((lvl) => lvl.map((prods) => prods.map((_, j) => 1 + 2 * j)));
    file.labelPrior = [0.5, 0.3, 0.2];
    const g = compileGrammar(file);
    for (let l = 1; l <= g.L; l++) {
      for (const path of pathsOfLength(l - 1, g.s)) {
        const ref = patchPosteriors(g, l, path);
        const mine = nodePosteriors(jointAt(g, path));
        ref.q.forEach((q, nu) => {
          if (!q) {
            expect(mine.q[nu]).toBeNull();
            return;
          }
          // Same products, different summation order (per production vs aggregated F): TOLERANCE.exactFloat.
          q.forEach((x, z) =>
            expect(close(x, (mine.q[nu] as Float64Array)[z] as number, TOLERANCE.exactFloat)).toBe(true),
          );
        });
      }
    }
  });

  test('exact q matches Monte Carlo label frequencies (Hoeffding + Bonferroni, family-wise confidence 1 − 10^−3)', () => {
    // Fixed grammars and seeds. For every level l and parent ν seen ≥ 200 times at the first
    // level-(l−1) node, every entry satisfies |p̂(ζ) − q_ν(ζ)| ≤ sqrt(ln(2K/α)/(2 n_ν)) with
    // α = 10^−3 and K the number of entries tested: the chance that any of them fails for a
    // correct q and sampler is at most α.
    const alpha = 1e-3;
    for (const params of [
      { sampler: 'cagnetta' as const, classes: 4, vocab: 6, m: 3, s: 2, L: 3, seed: 11 },
      { sampler: 'uniform-first-token' as const, classes: 6, vocab: 6, m: 2, s: 3, L: 2, seed: 12 },
    ]) {
      const g = grammarOf(params);
      const batch = sampleIid(g, 40000, Rng.fromSeed(params.seed).stream('sample'), { latent: true });
      const a = analyseGrammar(g, 'first');
      const checks: { n: number; diff: number }[] = [];
      for (const la of a.levels) {
        const k = la.level - 1;
        const counts = new Map<number, number[]>();
        const width = g.s ** k;
        for (let i = 0; i < batch.n; i++) {
          const nu = (defined(batch.latent)[k] as Int32Array)[i * width] as number;
          let row = counts.get(nu);
          if (!row) counts.set(nu, (row = new Array<number>(params.classes).fill(0)));
          row[batch.labels[i] as number] = at(row, batch.labels[i] as number) + 1;
        }
        for (const [nu, row] of counts) {
          const n = row.reduce((x, y) => x + y, 0);
          if (n < 200) continue;
          const q = la.q[nu] as Float64Array;
          row.forEach((c, z) => checks.push({ n, diff: Math.abs(c / n - (q[z] as number)) }));
        }
      }
      expect(checks.length).toBeGreaterThan(10);
      const K = checks.length;
      for (const { n, diff } of checks)
        expect(diff).toBeLessThanOrEqual(Math.sqrt(Math.log((2 * K) / alpha) / (2 * n)));
    }
  });
});
