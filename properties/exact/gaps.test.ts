import fc from 'fast-check';
import { analyseGrammar } from '../../src/exact/analysis';
import {
  FLOAT_ZERO_GAP,
  kRhoHat,
  levelGaps,
  NEAR_ZERO_GAP,
  nodeGap,
  normalizedGap,
  prop19Reference,
} from '../../src/exact/gaps';
import { jointAt } from '../../src/exact/positions';
import { compileGrammar } from '../../src/grammar/grammar';
import { zeroGapGrammar } from '../assumptions/support/planted';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { close, TOLERANCE } from '../support/tolerance';
import { enumerableParams, enumerateData, enumerateNode, grammarOf, l2, pathsOfLength, ratios } from './brute-force';
import { at } from '../support/checked';

describe('exact gaps ρ̂^(l)', () => {
  test('[weak-identifiability] the level-1 gap is √2 exactly (one-hot posteriors of the root)', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), (p) => {
        const a = analyseGrammar(grammarOf(p), 'first');
        const g1 = at(a.levels, 0).firstGap.gap;
        expect(g1.status).toBe('measured');
        if (g1.status === 'measured') expect(g1.gap).toBe(Math.SQRT2);
      }),
      { seed: FC_SEED, numRuns: 60 },
    );
  });

  for (const sampler of ['cagnetta', 'uniform-first-token'] as const) {
    test(`[weak-identifiability] ρ̂ at every node equals the brute-force minimum over parent pairs (${sampler})`, () => {
      fc.assert(
        fc.property(enumerableParams(sampler), (p) => {
          const g = grammarOf(p);
          const data = enumerateData(g);
          for (let k = 0; k < g.L; k++) {
            for (const path of pathsOfLength(k, g.s)) {
              const bf = enumerateNode(g, path, data);
              const qs = [...bf.byParent.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => ratios(c));
              let best = Infinity;
              for (let i = 0; i < qs.length; i++)
                for (let j = i + 1; j < qs.length; j++) best = Math.min(best, l2(at(qs, i), at(qs, j)));
              const gap = nodeGap(jointAt(g, path));
              if (qs.length < 2) expect(gap.status).toBe('no-pairs');
              else {
                expect(gap.status).toBe('measured');
                // Same q bits, same summation order: equal up to the exact BigInt refinement of near-zero gaps.
                if (gap.status === 'measured') expect(close(gap.gap, best, TOLERANCE.exactFloat)).toBe(true);
                if (gap.status === 'measured' && best === 0) expect(gap.exactZero).toBe(true);
              }
            }
          }
        }),
        { seed: FC_SEED, numRuns: 25 },
      );
    });
  }

  test('[weak-identifiability] the all-positions minimum is ≤ the first-patch gap, and attained at a real node', () => {
    fc.assert(
      fc.property(anyGeneratorParams({ maxL: 4 }), (p) => {
        const g = grammarOf(p);
        const first = levelGaps(g, 'first');
        const all = levelGaps(g, 'all');
        all.forEach((lg, i) => {
          expect(lg.positions).toBe(g.s ** i);
          expect(lg.path.length).toBe(i);
          const f = at(first, i).gap;
          if (f.status === 'measured' && lg.gap.status === 'measured') expect(lg.gap.gap).toBeLessThanOrEqual(f.gap);
          if (lg.gap.status === 'measured') {
            const there = nodeGap(jointAt(g, lg.path));
            expect(there.status === 'measured' && there.gap).toBe(lg.gap.gap);
          }
        });
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('[weak-identifiability] K̂_ρ, the normalised gap and the Prop. 19 reference follow their formulas', () => {
    const g = grammarOf({ sampler: 'uniform-first-token', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 1 });
    const gaps = levelGaps(g, 'first');
    const values = gaps.map((lg) => (lg.gap.status === 'measured' ? lg.gap.gap : NaN));
    expect(kRhoHat(gaps, 4)).toBe(Math.min(...values.map((x, i) => x * 4 ** ((i + 1) / 2))));
    expect(normalizedGap(at(values, 2), 4, 3)).toBe(at(values, 2) * 4);
    expect(prop19Reference(4, 1)).toBe(1);
    expect(close(prop19Reference(4, 3), 1 / 80, TOLERANCE.exactFloat)).toBe(true);
  });

  test('[weak-identifiability] two parents with equal rational posteriors get a gap certified exactly 0 (BigInt)', () => {
    // Classes 0 and 1 start with {0, 1} and {2, 3}: q_0 = q_1 = e_0 at the first level-1 node.
    const g = compileGrammar(zeroGapGrammar());
    const gap = nodeGap(jointAt(g, [0]));
    expect(gap).toEqual({ status: 'measured', gap: 0, parents: [0, 1], exactZero: true, occurring: 4 });
    // And the same grammar with float64 weights (probabilities mode) reports a numerically zero gap, undecided exactly.
    const weighted = zeroGapGrammar();
    weighted.ruleWeights = weighted.rules.map((lvl) => lvl.map((prods) => prods.map(() => 0.5)));
    weighted.labelPrior = [0.3, 0.7];
    const gw = nodeGap(jointAt(compileGrammar(weighted), [0]));
    expect(gw.status === 'measured' && gw.gap <= FLOAT_ZERO_GAP && gw.exactZero === null).toBe(true);
    expect(NEAR_ZERO_GAP).toBeGreaterThan(FLOAT_ZERO_GAP);
  });

  test('[weak-identifiability] many parents with identical posteriors: the search stops at the first certified zero instead of re-measuring every near-zero pair', () => {
    // n_c = 2, v = 400: about 400²/4 pairs of level-1 symbols share a one-hot posterior at the first level-1 node.
    const g = grammarOf({ sampler: 'cagnetta', classes: 2, vocab: 400, m: 200, s: 2, L: 2, seed: 3 });
    const t0 = Date.now();
    const gap = nodeGap(jointAt(g, [0]));
    expect(gap.status === 'measured' && gap.gap === 0 && gap.exactZero).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
