import fc from 'fast-check';
import type { GrammarFile } from '../../spec/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar, toGrammarFile } from '../../src/grammar/grammar';
import { grammarViolations, isGrammarFile } from '../../src/grammar/validate';
import { parseJsonText } from '../../src/io/json-file';
import { InvalidInputError } from '../../src/errors';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { at } from '../support/checked';

const base = (): GrammarFile =>
  generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 5 });
const clone = (g: GrammarFile): GrammarFile => JSON.parse(JSON.stringify(g)) as GrammarFile;

describe('grammar validation', () => {
  test('[grammar-file-roundtrip] file → memory → file is the identity for generated grammars', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), (p) => {
        const file = generateGrammar(p);
        expect(toGrammarFile(compileGrammar(file))).toEqual(file);
      }),
      { seed: FC_SEED, numRuns: 100 },
    );
  });

  test('[grammar-file-roundtrip] weights and prior survive the round trip (normalised)', () => {
    const f = clone(base());
    f.ruleWeights = f.rules.map((level) => level.map((prods) => prods.map((_, j) => j + 1)));
    f.labelPrior = [1, 2, 3, 4];
    expect(grammarViolations(f)).toEqual([]);
    const back = toGrammarFile(compileGrammar(f));
    expect(back.labelPrior?.map((x) => x * 10)).toEqual([1, 2, 3, 4]);
    expect(back.ruleWeights?.[0]?.[0]).toEqual([1 / 3, 2 / 3]);
  });

  test('[malformed-grammar-rejected] arbitrary JSON never crashes the validator and is rejected', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        const v = grammarViolations(doc);
        expect(v.length).toBeGreaterThan(0);
        for (const x of v) {
          expect(typeof x.path).toBe('string');
          expect(x.fix.length).toBeGreaterThan(0);
        }
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  test('[malformed-grammar-rejected] random mutations of a valid grammar never crash the validator', () => {
    const valid = base();
    // Replace one value anywhere in the document by an arbitrary JSON value.
    const paths: (string | number)[][] = [];
    const walk = (x: unknown, path: (string | number)[]): void => {
      paths.push(path);
      if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i]));
      else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...path, k]);
    };
    walk(valid, []);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: paths.length - 1 }), fc.jsonValue(), (i, value) => {
        const doc = clone(valid) as unknown as Record<string, unknown>;
        const path = at(paths, i);
        let target: Record<string | number, unknown> = doc;
        for (const k of path.slice(0, -1)) target = target[k] as Record<string | number, unknown>;
        target[at(path, path.length - 1)] = value;
        const v = grammarViolations(doc);
        // Either still valid (the mutation happened to be harmless) or rejected with a pointer.
        if (v.length === 0) expect(isGrammarFile(doc)).toBe(true);
        else expect(v.every((x) => x.path.startsWith('/'))).toBe(true);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  test.each<[string, (g: GrammarFile) => void, string, string]>([
    [
      'wrong format tag',
      (g) => ((g as unknown as Record<string, unknown>).format = 'rhm-grammar/2'),
      '/format',
      'wrong-value',
    ],
    ['missing rules', (g) => delete (g as Partial<GrammarFile>).rules, '/rules', 'missing-field'],
    ['unknown field', (g) => ((g as unknown as Record<string, unknown>).extra = 1), '/extra', 'unknown-field'],
    ['vocabulary not matching depth', (g) => g.vocabulary.push(4), '/vocabulary', 'size-mismatch'],
    ['rules not matching depth', (g) => g.rules.pop(), '/rules', 'size-mismatch'],
    ['symbol out of range', (g) => (at(at(at(g.rules, 1), 2), 0)[1] = 4), '/rules/1/2/0/1', 'symbol-out-of-range'],
    ['tuple of wrong length', (g) => at(at(at(g.rules, 0), 1), 1).push(0), '/rules/0/1/1', 'wrong-arity'],
    [
      'repeated production',
      (g) => (at(at(g.rules, 0), 0)[1] = at(at(at(g.rules, 0), 0), 0).slice()),
      '/rules/0/0/1',
      'repeated-production',
    ],
    ['negative symbol', (g) => (at(at(at(g.rules, 0), 0), 0)[0] = -1), '/rules/0/0/0/0', 'out-of-range'],
    ['fractional symbol', (g) => (at(at(at(g.rules, 0), 0), 0)[0] = 0.5), '/rules/0/0/0/0', 'wrong-type'],
    [
      'negative weight',
      (g) => (g.ruleWeights = g.rules.map((l) => l.map((p) => p.map(() => -1)))),
      '/ruleWeights/0/0/0',
      'out-of-range',
    ],
    [
      'zero weights',
      (g) => (g.ruleWeights = g.rules.map((l) => l.map((p) => p.map(() => 0)))),
      '/ruleWeights/0/0',
      'invalid-weights',
    ],
    [
      'weights of wrong shape',
      (g) => (g.ruleWeights = g.rules.map((l) => l.map(() => [1]))),
      '/ruleWeights/0/0',
      'size-mismatch',
    ],
    ['prior of wrong length', (g) => (g.labelPrior = [1, 1]), '/labelPrior', 'size-mismatch'],
    ['vocabulary of 10^12', (g) => (g.vocabulary[1] = 1e12), '/vocabulary/1', 'out-of-range'],
    ['branching 1', (g) => (g.branching = 1), '/branching', 'out-of-range'],
  ])('[malformed-grammar-rejected] %s is reported at its JSON pointer', (_name, mutate, path, code) => {
    const g = clone(base());
    mutate(g);
    const v = grammarViolations(g);
    expect(v.map((x) => [x.path, x.code])).toContainEqual([path, code]);
  });

  test('ambiguous grammars and unequal production counts are valid files', () => {
    const g = clone(base());
    at(at(g.rules, 0), 1)[0] = at(at(at(g.rules, 0), 0), 0).slice(); // a patch under two parents
    at(at(g.rules, 1), 0).pop(); // one symbol with m − 1 productions
    expect(grammarViolations(g)).toEqual([]);
    expect(compileGrammar(g).m).toBeNull();
  });

  test('[malformed-grammar-rejected] deeply nested JSON is refused before parsing', () => {
    const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(() => parseJsonText(text, 'grammar')).toThrow(InvalidInputError);
    expect(() => parseJsonText('{"a": [1, 2', 'grammar')).toThrow(/not valid JSON/);
  });
});
