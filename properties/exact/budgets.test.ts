import fc from 'fast-check';
import { ncMToL, pMaxExact, theoremBudgets, THEOREM_CONSTANT_C, DEFAULT_DELTA } from '../../src/exact/budgets';
import { compileGrammar } from '../../src/grammar/grammar';
import { pMax } from '../../src/sampling/enumerate';
import { missingProductionGrammar } from '../assumptions/support/planted';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { close, TOLERANCE } from '../support/tolerance';
import { grammarOf } from './brute-force';
import { at } from '../support/checked';

describe('budgets and counts', () => {
  test('P_max and n_c·m^L are exact BigInts (products of the parameters)', () => {
    fc.assert(
      fc.property(anyGeneratorParams({ maxL: 4 }), (p) => {
        const g = grammarOf(p);
        let internal = 0n;
        for (let l = 0; l < p.L; l++) internal += BigInt(p.s) ** BigInt(l);
        let expectedPMax = BigInt(p.classes);
        for (let i = 0n; i < internal; i++) expectedPMax *= BigInt(p.m);
        expect(pMaxExact(g)).toBe(expectedPMax);
        expect(pMaxExact(g)).toBe(pMax(g));
        let expectedC = BigInt(p.classes);
        for (let l = 0; l < p.L; l++) expectedC *= BigInt(p.m);
        expect(ncMToL(g)).toBe(expectedC);
      }),
      { seed: FC_SEED, numRuns: 50 },
    );
  });

  test('N^(l) grows geometrically by m and ε_*^(l) shrinks by √m; values match the formulas of [R] Theorem 7', () => {
    const inp = { m: 4, V: 8, s: 2, L: 3, kappa: 2, kRho: 0.5, C: THEOREM_CONSTANT_C, delta: DEFAULT_DELTA };
    const b = theoremBudgets(inp);
    const N = b.levels.map((l) => (l.samples.status === 'value' ? l.samples.value : NaN));
    const eps = b.levels.map((l) => (l.epsilon.status === 'value' ? l.epsilon.value : NaN));
    const base = 8 * 8 * 4 * 4 * 2 * 3;
    const expectedN1 = 20 * 1 * 2 * base * Math.log((8 * 4 * 2) / 0.01) ** 2 * 0.5 ** -2 * 4;
    expect(close(at(N, 0), expectedN1, TOLERANCE.exactFloat)).toBe(true);
    expect(close(at(eps, 0), (0.5 * 4 ** -0.5) / Math.sqrt(base * Math.log(4)), TOLERANCE.exactFloat)).toBe(true);
    expect(close(at(N, 1) / at(N, 0), 4, TOLERANCE.exactFloat)).toBe(true);
    expect(close(at(eps, 0) / at(eps, 1), 2, TOLERANCE.exactFloat)).toBe(true);
    expect(
      b.theoremBudget.status === 'value' &&
        close(b.theoremBudget.value, at(N, 0) + at(N, 1) + at(N, 2), TOLERANCE.exactFloat),
    ).toBe(true);
  });

  test('undefined budgets say why: m undefined, κ̂ = ∞, K̂_ρ = 0, m = 1', () => {
    const base = { m: 4, V: 8, s: 2, L: 2, kappa: 1, kRho: 1, C: 1, delta: 0.01 };
    const reasonOf = (over: Partial<typeof base> | { m: null } | { kRho: null }): string => {
      const b = theoremBudgets({ ...base, ...over });
      return b.theoremBudget.status === 'undefined' ? b.theoremBudget.reason : 'defined';
    };
    expect(reasonOf({ m: null })).toMatch(/not \(V,m\)-uniform/);
    expect(reasonOf({ kappa: Infinity })).toMatch(/κ̂ = ∞/);
    expect(reasonOf({ kRho: 0 })).toMatch(/K̂_ρ = 0/);
    const m1 = theoremBudgets({ ...base, m: 1 });
    const eps1 = at(m1.levels, 0).epsilon;
    expect(eps1.status === 'undefined' && eps1.reason).toMatch(/log m = 0/);
    expect(ncMToL(compileGrammar(missingProductionGrammar()))).toBeNull();
  });
});
