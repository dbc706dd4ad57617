import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { GeneratorParams } from '../../spec/generator';
import type { GrammarFile } from '../../spec/grammar';
import { AssumptionViolationError } from '../../src/assumptions/types';
import { checkWeakIdentifiability, weakIdentifiability } from '../../src/assumptions/weak-identifiability';
import { compileGrammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { FC_SEED, generatorParams } from '../support/arbitraries';
import { ambiguousGrammar, cleanGrammar, missingProductionGrammar, zeroGapGrammar } from './support/planted';
import { at } from '../support/checked';

const SAMPLERS = ['cagnetta', 'uniform-first-token'] as const;

describe('weak-identifiability', () => {
  test('[weak-identifiability] a planted zero gap (two parents sharing a label posterior) is detected with its witness', () => {
    const v = checkWeakIdentifiability(compileGrammar(zeroGapGrammar()));
    expect(v.holds).toBe(false);
    expect(v.value).toBe(0);
    expect(v.witness).toMatchObject({
      level: 2,
      parents: [0, 1],
      gap: 0,
      exactZero: true,
      q: [
        [1, 0],
        [1, 0],
      ],
    });
    expect(v.violations[0]).toMatchObject({ code: 'zero-gap', path: '/rules/1' });
  });

  test('[weak-identifiability] a clean grammar holds, with margin = min gap − threshold', () => {
    const v = checkWeakIdentifiability(compileGrammar(cleanGrammar()));
    expect(v.holds).toBe(true);
    expect(v.value).toBe(Math.SQRT2);
    expect(v.margin).toBe(Math.SQRT2);
    expect(v.violations).toEqual([]);
  });

  test('[weak-identifiability] --min-gap demands more: a gap of 0.125 holds at 0.1 and fails at 0.2', () => {
    const g = compileGrammar(
      generateGrammar({ sampler: 'uniform-first-token', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 1 }),
    );
    expect(checkWeakIdentifiability(g).value).toBe(0.125);
    expect(checkWeakIdentifiability(g, { minGap: 0.1 }).holds).toBe(true);
    const strict = checkWeakIdentifiability(g, { minGap: 0.2 });
    expect(strict.holds).toBe(false);
    expect(strict.violations.map((x) => x.code)).toEqual(['small-gap']);
    expect(strict.margin).toBeCloseTo(-0.075, 12);
  });

  test('[weak-identifiability] on non-uniform and ambiguous grammars the gaps are still computed; m-dependent values are null with a reason', () => {
    const nonUniform = checkWeakIdentifiability(compileGrammar(missingProductionGrammar()));
    expect(nonUniform.value).not.toBeNull();
    expect(nonUniform.details.kRho).toBeNull();
    const lv = at(nonUniform.details.levels, 1);
    expect(lv.normalizedGap).toBeNull();
    expect(lv.normalizedGapReason).toMatch(/not \(V,m\)-uniform/);
    const ambiguous = checkWeakIdentifiability(compileGrammar(ambiguousGrammar()));
    expect(ambiguous.value).not.toBeNull();
  });

  test('[weak-identifiability] the three ways to ask agree; the assertion throws one error class carrying the violations', () => {
    const bad = compileGrammar(zeroGapGrammar());
    expect(weakIdentifiability.holds(bad)).toBe(false);
    const list = weakIdentifiability.violations(bad);
    expect(list.length).toBeGreaterThan(0);
    let thrown: unknown;
    try {
      weakIdentifiability.assert(bad);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AssumptionViolationError);
    expect((thrown as AssumptionViolationError).violations).toEqual(list);
    expect(() => weakIdentifiability.assert(compileGrammar(cleanGrammar()))).not.toThrow();
  });

  for (const sampler of SAMPLERS) {
    test(`[weak-identifiability] EXPECTED TO FAIL: "random ${sampler} grammars satisfy weak identifiability" — fast-check finds and shrinks a zero-gap grammar`, () => {
      // The property is false (theory.md §3): we require fast-check to refute it, and the shrunk
      // counterexample to be an exact zero gap. The smallest one is pinned in properties/fixtures/.
      const details = fc.check(
        fc.property(
          generatorParams(sampler),
          (p) => checkWeakIdentifiability(compileGrammar(generateGrammar(p)), { positions: 'first' }).holds,
        ),
        { seed: FC_SEED, numRuns: 200 },
      );
      expect(details.failed).toBe(true);
      const [params] = details.counterexample as [GeneratorParams];
      const v = checkWeakIdentifiability(compileGrammar(generateGrammar(params)));
      expect(v.value).toBe(0);
      expect(v.witness?.exactZero).toBe(true);
      const pinned = JSON.parse(
        readFileSync(join(__dirname, '..', 'fixtures', `weak-identifiability-${sampler}.json`), 'utf8'),
      ) as { params: GeneratorParams };
      // The shrunk counterexample is no larger than the pinned one.
      expect(params.classes * params.vocab * params.m * params.s * params.L).toBeLessThanOrEqual(
        pinned.params.classes * pinned.params.vocab * pinned.params.m * pinned.params.s * pinned.params.L,
      );
    });

    test(`[weak-identifiability] regression: the pinned smallest ${sampler} counterexample has gap exactly 0 with its witness`, () => {
      const fx = JSON.parse(
        readFileSync(join(__dirname, '..', 'fixtures', `weak-identifiability-${sampler}.json`), 'utf8'),
      ) as { params: GeneratorParams; grammar: GrammarFile; expectedWitness: Record<string, unknown> };
      const v = checkWeakIdentifiability(compileGrammar(fx.grammar));
      expect(v.holds).toBe(false);
      expect(v.value).toBe(0);
      expect(v.witness).toEqual(fx.expectedWitness);
      // The generator still produces the pinned grammar from the pinned parameters.
      expect(generateGrammar(fx.params).rules).toEqual(fx.grammar.rules);
    });
  }
});
