import fc from 'fast-check';
import { checkNonDegeneracy, nonDegeneracy } from '../../src/assumptions/non-degeneracy';
import { AssumptionViolationError } from '../../src/assumptions/types';
import { compileGrammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { FC_SEED, generatorParams } from '../support/arbitraries';
import { cleanGrammar, neverFirstGrammar } from './support/planted';

describe('non-degeneracy', () => {
  test('[non-degeneracy] uniform-first-token grammars hold with κ̂ = 1 exactly', () => {
    fc.assert(
      fc.property(generatorParams('uniform-first-token'), (p) => {
        const v = checkNonDegeneracy(compileGrammar(generateGrammar(p)));
        expect(v.holds).toBe(true);
        expect(v.value).toBe(1);
        expect(v.details.levels.every((l) => l.kappa === 1)).toBe(true);
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('[non-degeneracy] a symbol that never occurs at a first position fails with κ̂ = ∞ (null + reason) and that symbol as witness', () => {
    const v = checkNonDegeneracy(compileGrammar(neverFirstGrammar()));
    expect(v.holds).toBe(false);
    expect(v.value).toBeNull();
    expect(v.valueReason).toMatch(/symbol 3 never occurs/);
    expect(v.witness).toMatchObject({ level: 2, parent: 3, probability: 0 });
    expect(v.violations[0]).toMatchObject({ code: 'patch-never-first', path: '/rules/1/3' });
  });

  test('[non-degeneracy] the three ways to ask', () => {
    const bad = compileGrammar(neverFirstGrammar());
    expect(nonDegeneracy.holds(bad)).toBe(false);
    expect(nonDegeneracy.violations(bad).map((x) => x.code)).toEqual(['patch-never-first']);
    expect(() => nonDegeneracy.assert(bad)).toThrow(AssumptionViolationError);
    expect(nonDegeneracy.holds(compileGrammar(cleanGrammar()))).toBe(true);
  });
});
