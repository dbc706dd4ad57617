import fc from 'fast-check';
import { GrammarFileSchema } from '../../spec/grammar';
import { schemaViolations } from '../../spec/validate';
import { InvalidInputError } from '../../src/errors';
import { generateGrammar, generatorViolations } from '../../src/grammar/generate';
import { compileGrammar, productionCount } from '../../src/grammar/grammar';
import { buildPatchTables } from '../../src/grammar/patches';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { FC_SEED, anyGeneratorParams, generatorParams } from '../support/arbitraries';
import { at } from '../support/checked';

describe('grammar generators', () => {
  test('[generator-deterministic] same parameters and seed give the same grammar, byte for byte', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), (p) => {
        expect(JSON.stringify(generateGrammar(p))).toBe(JSON.stringify(generateGrammar({ ...p })));
      }),
      { seed: FC_SEED, numRuns: 100 },
    );
  });

  test('[generator-deterministic] sampling, with any sample seed, never changes the grammar', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), fc.integer({ min: 0, max: 1000 }), (p, sampleSeed) => {
        const file = generateGrammar(p);
        const before = JSON.stringify(file);
        sampleIid(compileGrammar(file), 5, Rng.fromSeed(sampleSeed).stream('sample'), { latent: true });
        expect(JSON.stringify(file)).toBe(before);
        expect(JSON.stringify(generateGrammar(p))).toBe(before);
      }),
      { seed: FC_SEED, numRuns: 50 },
    );
  });

  test('[generator-deterministic] different seeds give different grammars (when the rule space allows)', () => {
    const a = generateGrammar({ sampler: 'cagnetta', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 1 });
    const b = generateGrammar({ sampler: 'cagnetta', classes: 8, vocab: 8, m: 4, s: 2, L: 3, seed: 2 });
    expect(JSON.stringify(a.rules)).not.toBe(JSON.stringify(b.rules));
  });

  test('[generator-rule-structure] every generated grammar validates and is (V,m)-uniform and non-ambiguous', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), (p) => {
        const file = generateGrammar(p);
        expect(schemaViolations(GrammarFileSchema, file)).toEqual([]);
        expect(file.vocabulary).toEqual([p.classes, ...new Array<number>(p.L).fill(p.vocab)]);
        const g = compileGrammar(file);
        expect(g.m).toBe(p.m);
        for (const r of g.levels) for (let nu = 0; nu < r.parentCount; nu++) expect(productionCount(r, nu)).toBe(p.m);
        for (const t of buildPatchTables(g)) expect(t.ambiguous).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: 150 },
    );
  });

  test('[uniform-first-token-marginal] every child symbol starts the same number of productions', () => {
    fc.assert(
      fc.property(generatorParams('uniform-first-token'), (p) => {
        const g = compileGrammar(generateGrammar(p));
        for (const r of g.levels) {
          const firsts = new Array<number>(r.childCount).fill(0);
          for (let q = 0; q < r.children.length / g.s; q++)
            firsts[r.children[q * g.s] as number] = at(firsts, r.children[q * g.s] as number) + 1;
          const expected = (r.parentCount * p.m) / r.childCount;
          expect(firsts).toEqual(new Array(r.childCount).fill(expected));
        }
      }),
      { seed: FC_SEED, numRuns: 100 },
    );
  });

  test('impossible parameters are refused, naming the failing bound', () => {
    const base = { sampler: 'cagnetta' as const, classes: 4, vocab: 4, s: 2, L: 3, seed: 0 };
    const tooManyM = generatorViolations({ ...base, m: 5 });
    expect(tooManyM.map((v) => v.code)).toContain('bound-m');
    expect(tooManyM[0]?.message).toMatch(/v\^\(s−1\)/);
    expect(generatorViolations({ ...base, classes: 9, m: 2 }).map((v) => v.code)).toContain('bound-root');
    expect(
      generatorViolations({ ...base, sampler: 'uniform-first-token', classes: 3, m: 1 }).map((v) => v.code),
    ).toContain('bound-first-token');
    expect(generatorViolations({ ...base, m: 0 })[0]?.path).toBe('m');
    expect(generatorViolations({ ...base, m: 1.5 })[0]?.path).toBe('m');
    expect(generatorViolations({ ...base, s: 1, m: 1 })[0]?.path).toBe('s');
    expect(() => generateGrammar({ ...base, m: 5 })).toThrow(InvalidInputError);
  });

  test('a depth-1 grammar only needs the root bound', () => {
    // With L = 1 there is no lower level, so m may exceed v^(s−1) as long as n_c·m ≤ v^s.
    expect(generatorViolations({ sampler: 'cagnetta', classes: 2, vocab: 3, m: 4, s: 2, L: 1, seed: 0 })).toEqual([]);
  });
});
