import fc from 'fast-check';
import { analyseGrammar } from '../../src/exact/analysis';
import { firstPatchKappa, overallKappa } from '../../src/exact/kappa';
import { compileGrammar } from '../../src/grammar/grammar';
import { FC_SEED, generatorParams } from '../support/arbitraries';
import { close, TOLERANCE } from '../support/tolerance';
import { enumerableParams, enumerateData, enumerateNode, grammarOf } from './brute-force';
import { neverFirstGrammar } from '../assumptions/support/planted';
import { at } from '../support/checked';

describe('exact κ̂', () => {
  test('[non-degeneracy] uniform-first-token grammars have κ̂^(l) = 1 exactly at every level', () => {
    fc.assert(
      fc.property(generatorParams('uniform-first-token', { maxVocab: 8, maxL: 4 }), (p) => {
        const a = analyseGrammar(grammarOf(p), 'first');
        for (const la of a.levels) {
          expect(la.kappa.status).toBe('finite');
          if (la.kappa.status === 'finite') expect(la.kappa.kappa).toBe(1);
        }
      }),
      { seed: FC_SEED, numRuns: 60 },
    );
  });

  test('[non-degeneracy] κ̂^(l) equals max_µ 1/(|P_l| p_µ) counted over every derivation, and is ≥ 1', () => {
    fc.assert(
      fc.property(fc.oneof(enumerableParams('cagnetta'), enumerableParams('uniform-first-token')), (p) => {
        const g = grammarOf(p);
        const data = enumerateData(g);
        for (let l = 1; l <= g.L; l++) {
          const bf = enumerateNode(g, new Array<number>(l - 1).fill(0), data);
          const patchCount = at(g.vocabulary, l - 1) * p.m;
          const kappa = firstPatchKappa(g, l, false);
          if (bf.byPatch.size < patchCount) {
            expect(kappa.status).toBe('infinite');
            continue;
          }
          let minCount = Infinity;
          for (const e of bf.byPatch.values())
            minCount = Math.min(
              minCount,
              e.counts.reduce((x, y) => x + y, 0),
            );
          const expected = bf.total / (patchCount * minCount);
          expect(kappa.status).toBe('finite');
          if (kappa.status === 'finite') {
            expect(close(kappa.kappa, expected, TOLERANCE.exactFloat)).toBe(true);
            expect(kappa.kappa).toBeGreaterThanOrEqual(1);
            expect(kappa.patchCount).toBe(patchCount);
          }
        }
      }),
      { seed: FC_SEED, numRuns: 30 },
    );
  });

  test('[non-degeneracy] a symbol that never occurs first gives κ̂ = ∞ with that symbol as witness', () => {
    const g = compileGrammar(neverFirstGrammar());
    const a = analyseGrammar(g, 'first');
    const k2 = at(a.levels, 1).kappa;
    expect(k2.status).toBe('infinite');
    expect(k2.witness.parent).toBe(3);
    expect(overallKappa(a.levels.map((l) => l.kappa))?.status).toBe('infinite');
  });
});
