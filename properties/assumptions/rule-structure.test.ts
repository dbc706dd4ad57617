import fc from 'fast-check';
import { runCheck } from '../../src/assumptions/check';
import { checkRuleStructure, ruleStructure } from '../../src/assumptions/rule-structure';
import { AssumptionViolationError } from '../../src/assumptions/types';
import { compileGrammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { GRAMMAR_FORMAT, type GrammarFile } from '../../spec/grammar';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { ambiguousGrammar, cleanGrammar, missingProductionGrammar, unreachableGrammar } from './support/planted';
import { at } from '../support/checked';

describe('rule-structure', () => {
  test('[rule-structure] generated grammars hold: (V,m)-uniform with their m, non-ambiguous, bounds, reachable', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), (p) => {
        const v = checkRuleStructure(compileGrammar(generateGrammar(p)));
        // Reachability is not guaranteed by the samplers (a symbol may never be drawn); the rest is.
        expect(v.details.uniform).toMatchObject({ holds: true, m: p.m });
        expect(v.details.nonAmbiguous.holds).toBe(true);
        expect(v.details.bounds.holds).toBe(true);
        expect(v.holds).toBe(v.details.reachable.holds);
      }),
      { seed: FC_SEED, numRuns: 60 },
    );
  });

  test('[rule-structure] a patch duplicated under two parents is detected with the patch and both parents', () => {
    const v = checkRuleStructure(compileGrammar(ambiguousGrammar()));
    expect(v.holds).toBe(false);
    expect(v.witness).toEqual({ check: 'non-ambiguous', detail: { level: 0, patch: [1, 2], parents: [0, 1] } });
    expect(v.violations).toEqual([expect.objectContaining({ code: 'ambiguous-patch', path: '/rules/0' })]);
  });

  test('[rule-structure] a symbol with m − 1 productions is detected with its count; m becomes undefined', () => {
    const v = checkRuleStructure(compileGrammar(missingProductionGrammar()));
    expect(v.holds).toBe(false);
    expect(v.details.uniform).toMatchObject({
      holds: false,
      m: null,
      modalCount: 2,
      nonUniform: [{ level: 1, symbol: 2, productions: 1 }],
    });
    expect(v.witness).toEqual({ check: 'uniform', detail: { level: 1, symbol: 2, productions: 1, m: 2 } });
    expect(v.violations[0]).toMatchObject({ code: 'not-uniform', path: '/rules/1/2' });
  });

  test('[rule-structure] an unreachable symbol is detected', () => {
    const v = checkRuleStructure(compileGrammar(unreachableGrammar()));
    expect(v.holds).toBe(false);
    expect(v.details.reachable.unreachable).toEqual([{ level: 2, symbol: 4 }]);
    expect(v.violations[0]).toMatchObject({ code: 'unreachable-symbol', path: '/vocabulary/2' });
  });

  test('[rule-structure] the counting bound n_c·m ≤ v^s fails (with ambiguity) when the root needs more patches than exist', () => {
    // n_c = 5 classes, one production each, over v = 2, s = 2: 5 > 4 patches.
    const file = {
      format: GRAMMAR_FORMAT,
      branching: 2,
      depth: 1,
      vocabulary: [5, 2],
      rules: [[[[0, 0]], [[0, 1]], [[1, 0]], [[1, 1]], [[0, 0]]]],
    } as const;
    const v = checkRuleStructure(compileGrammar(JSON.parse(JSON.stringify(file)) as GrammarFile));
    expect(v.details.bounds.holds).toBe(false);
    expect(v.details.bounds.levels[0]).toMatchObject({ productions: 5, patchSpace: '4', holds: false });
    expect(v.details.nonAmbiguous.holds).toBe(false);
    expect(v.value).toBe(2);
  });

  test('[rule-structure] the other checks still compute what they can on an ambiguous, non-uniform grammar', () => {
    const r = runCheck(compileGrammar(missingProductionGrammar()), { samples: 2000 });
    expect(r.verdict).toBe('fail');
    expect(r.levels.every((l) => l.minGap !== null && l.kappa !== null)).toBe(true);
    expect(at(r.levels, 1).normalizedGap).toBeNull();
    expect(r.predicted.ncMToL).toBeNull();
    expect(r.predicted.ncMToLReason).toMatch(/not \(V,m\)-uniform/);
    const amb = runCheck(compileGrammar(ambiguousGrammar()), { samples: 2000 });
    expect(at(amb.assumptions, 0).holds).toBe(false);
    expect(at(amb.levels, 0).minGap).toBe(Math.SQRT2);
    // κ̂ merges the ambiguous patch [1,2] of both classes: 3 distinct patches with p = 1/4, 1/2, 1/4.
    expect(at(amb.levels, 0).patchCount).toBe(3);
    expect(at(amb.levels, 0).kappa).toBeCloseTo(4 / 3, 12);
  });

  test('[rule-structure] the three ways to ask', () => {
    expect(ruleStructure.holds(compileGrammar(cleanGrammar()))).toBe(true);
    expect(ruleStructure.violations(compileGrammar(cleanGrammar()))).toEqual([]);
    const bad = compileGrammar(ambiguousGrammar());
    expect(ruleStructure.holds(bad)).toBe(false);
    expect(() => ruleStructure.assert(bad)).toThrow(AssumptionViolationError);
  });
});
