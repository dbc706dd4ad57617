import fc from 'fast-check';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar } from '../../src/grammar/grammar';
import { makeParser } from '../../src/grammar/parse';
import { sampleAt, sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { at, defined } from '../support/checked';

describe('bottom-up parser', () => {
  test('[sample-parses-back] every sample parses back to its own label and latent tree', () => {
    fc.assert(
      fc.property(anyGeneratorParams(), fc.integer({ min: 0, max: 1e6 }), (p, sampleSeed) => {
        const g = compileGrammar(generateGrammar(p));
        const batch = sampleIid(g, 20, Rng.fromSeed(sampleSeed).stream('sample'), { latent: true });
        const parse = makeParser(g);
        for (let i = 0; i < batch.n; i++) {
          const { label, tokens, latent } = sampleAt(batch, i);
          const r = parse(tokens);
          expect(r).toEqual({ status: 'parsed', label, latent });
        }
      }),
      { seed: FC_SEED, numRuns: 100 },
    );
  });

  test('an input outside the language names the level and position of the orphan patch', () => {
    const g = compileGrammar(generateGrammar({ sampler: 'cagnetta', classes: 2, vocab: 4, m: 1, s: 2, L: 2, seed: 3 }));
    const parse = makeParser(g);
    const x = sampleAt(sampleIid(g, 1, Rng.fromSeed(0).stream('sample')), 0).tokens;
    // With m = 1 and v = 4 only 4 of the 16 level-2 patches exist: find one that does not.
    const table = new Set(
      Array.from(
        { length: 4 },
        (_, nu) => `${at(g.levels, 1).children[nu * 2]},${at(g.levels, 1).children[nu * 2 + 1]}`,
      ),
    );
    const orphan = defined(
      [0, 1, 2, 3].flatMap((a) => [0, 1, 2, 3].map((b) => [a, b])).find(([a, b]) => !table.has(`${a},${b}`)),
    );
    const bad = [at(x, 0), at(x, 1), at(orphan, 0), at(orphan, 1)];
    expect(parse(bad)).toEqual({ status: 'no-parent', level: 2, position: 1, patch: orphan });
    expect(parse([0, 1, 2])).toMatchObject({ status: 'malformed' });
    expect(parse([0, 1, 2, 9])).toMatchObject({ status: 'malformed' });
  });

  test('an ambiguous patch is refused with its parents', () => {
    const file = generateGrammar({ sampler: 'cagnetta', classes: 2, vocab: 4, m: 2, s: 2, L: 1, seed: 3 });
    const shared = at(at(at(file.rules, 0), 0), 0);
    at(at(file.rules, 0), 1)[0] = shared.slice();
    const r = makeParser(compileGrammar(file))(shared);
    expect(r).toEqual({ status: 'ambiguous', level: 1, position: 0, patch: shared, parents: [0, 1] });
  });
});
