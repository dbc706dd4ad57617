import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ScaleResult } from '../../spec/scale';
import type { Violation } from '../../spec/violation';
import { collectOptionFlags, optionValue } from '../../src/cli/args';
import { toGrammarFile } from '../../src/grammar/grammar';
import { FC_SEED } from '../support/arbitraries';
import { rhm, tempDir } from '../support/cli';
import { smallGrammar } from '../learners/support';

/** One `--option KEY=VALUE` parser for every command: `rhm learn` and `rhm scale` accept and refuse the same strings. */

describe('optionValue: the value rule of --option', () => {
  test.each([
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['2.5E-3', 0.0025],
    ['-2', -2],
    ['+2', 2],
    ['true', true],
    ['false', false],
    ['null', null],
    ['"pooled"', 'pooled'],
    ['[1,2]', [1, 2]],
    ['{"a":1}', { a: 1 }],
    ['pooled', 'pooled'],
    ['oracle', 'oracle'],
    ['', ''],
    ['1e999', undefined],
  ])('%j → %j', (raw, value) => {
    expect(optionValue(raw)).toEqual(value);
  });

  test('a finite number written by String() is read back as that number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(optionValue(String(x))).toBe(x === 0 ? 0 : x);
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  test('a JSON text is read back as its value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(optionValue(text)).toEqual(JSON.parse(text));
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  test('malformed strings, repeated keys and infinite numbers are violations naming --option and the fix', () => {
    const violations: Violation[] = [];
    const bag = collectOptionFlags(['restarts', '=3', 'a=1', 'a=2', 'b=1e999', '__proto__=1'], violations);
    expect(bag).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(bag)).toBe(Object.prototype);
    expect(violations).toHaveLength(5); // __proto__ is refused, not silently ignored (issue 15 item 9)
    expect(violations.at(-1)?.message).toMatch(/__proto__ is not an option name/);
    for (const v of violations) {
      expect(v.path).toBe('--option');
      expect(v.fix).toMatch(/--option|number/);
    }
  });
});

describe('rhm learn and rhm scale read --option alike', () => {
  const dir = tempDir();
  const grammar = join(dir, 'g.json');
  writeFileSync(grammar, JSON.stringify(toGrammarFile(smallGrammar('uniform-first-token', 2, 2))));
  const learn = (options: string[]) =>
    rhm([
      'learn',
      grammar,
      '--quiet',
      '--learner',
      'layerwise-cluster',
      '--samples',
      '256',
      '--test-samples',
      '200',
      '--json',
      '--no-report',
      '-o',
      join(tempDir(), 'r.json'),
      ...options.flatMap((o) => ['--option', o]),
    ]);
  // Every cell is skipped (budget beyond --max-samples 1), so only the configuration is read.
  const scale = (options: string[]) =>
    rhm([
      'scale',
      '--learner',
      'layerwise-cluster',
      '--m',
      '2',
      '--L',
      '2',
      '--max-samples',
      '1',
      '--workers',
      '0',
      '--json',
      '--no-report',
      '--out',
      join(tempDir(), 'sweep'),
      ...options.flatMap((o) => ['--option', o]),
    ]);

  test.each([
    ['mergeThreshold=.5', 'mergeThreshold', 0.5],
    ['mergeThreshold=5.', 'mergeThreshold', 5],
    ['mergeThreshold=1e-1', 'mergeThreshold', 0.1],
    ['restarts=+3', 'restarts', 3],
    ['features=pooled', 'features', 'pooled'],
    ['features="pooled"', 'features', 'pooled'],
  ])('%s is accepted by both with the same value', async (option, key, value) => {
    const l = await learn([option]);
    expect([0, 1]).toContain(l.code);
    expect(l.stderr).toBe('');
    const resolved = (JSON.parse(l.stdout) as { resolvedOptions: Record<string, unknown> }).resolvedOptions;
    expect(resolved[key]).toEqual(value);
    const s = await scale([option]);
    expect(s.code).toBe(1);
    const config = (JSON.parse(s.stdout) as ScaleResult).config;
    expect(config.learnerOptions).toEqual({ [key]: value });
  });

  test.each([[['restarts']], [['=3']], [['=']], [['restarts=1e999']], [['restarts=2', 'restarts=3']]])(
    '%j is refused by both with the same violation',
    async (options) => {
      const l = await learn(options);
      const s = await scale(options);
      expect(l.code).toBe(2);
      expect(s.code).toBe(2);
      const lines = (text: string) => text.split('\n').filter((line) => line.includes('--option'));
      expect(lines(l.stderr).length).toBeGreaterThan(0);
      expect(lines(s.stderr)).toEqual(lines(l.stderr));
    },
  );
});
