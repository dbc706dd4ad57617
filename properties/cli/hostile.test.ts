import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LIMITS } from '../../spec/limits';
import { tempDir } from '../support/cli';

const BIN = join(__dirname, '..', '..', 'bin', 'rhm.js');
/** Heap limit of every child (MiB): a refusal must come before anything large is allocated. */
const HEAP_MIB = 256;
const TIMEOUT_MS = 30_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Run the built CLI in a child with a bounded heap and a timeout. */
function rhmBounded(argv: string[], stdin = '', heapMiB = HEAP_MIB): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMiB}`, BIN, ...argv], {
    input: stdin,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

function expectRefused(r: Run, field: RegExp | string): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(field) as string });
  expect(r.stderr).toMatch(/Fix: /);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
}

const dir = tempDir();
const GEN = ['generate', '--sampler', 'cagnetta', '--classes', '4', '--vocab', '8', '--m', '2', '--s', '2', '--L', '3'];
const valid = rhmBounded(GEN).stdout;
const g = join(dir, 'g.json');
writeFileSync(g, valid);

describe('issue 15 item 2: memory is estimated before it is allocated', () => {
  test(`a grammar file with more than ${LIMITS.maxJsonContainers} arrays is refused before JSON.parse (heap ${HEAP_MIB} MiB)`, () => {
    const big = join(dir, 'big.json');
    const n = LIMITS.maxJsonContainers + 10;
    const prods = '[0,0],'.repeat(n - 1);
    writeFileSync(
      big,
      `{"format":"rhm-grammar/1","depth":1,"branching":2,"vocabulary":[1,1],"rules":[[[${prods}[0,0]]]]}`,
    );
    const r = rhmBounded(['validate', big]);
    expectRefused(r, /rules\/0\/0.*more than \d+ arrays and objects/);
    expect(r.ms).toBeLessThan(15_000);
  });

  test('rhm generate refuses a grammar too large to write or read back, from its parameters (no allocation)', () => {
    const r = rhmBounded(
      [
        'generate',
        '--sampler',
        'cagnetta',
        '--classes',
        '1048576',
        '--vocab',
        '1048576',
        '--m',
        '16',
        '--s',
        '2',
        '--L',
        '2',
        '-o',
        join(dir, 'x'),
      ],
      '',
      64,
    );
    expectRefused(r, /productions .*more than the limit/);
    expect(r.ms).toBeLessThan(5_000);
  });

  test('rhm parse --input /dev/zero is refused at the first over-long line, in bounded memory', () => {
    const r = rhmBounded(['parse', g, '--input', '/dev/zero'], '', 64);
    expectRefused(r, /line 1: is longer than \d+ characters/);
  });

  test('rhm parse streams: 300 000 inputs through a 48 MiB heap, answered record by record', async () => {
    const sample = spawn(process.execPath, [BIN, 'sample', g, '--n', '300000'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const parse = spawn(process.execPath, ['--max-old-space-size=48', BIN, 'parse', g], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    sample.stdout.pipe(parse.stdin);
    let lines = 0;
    let firstBeforeEnd = false;
    let sampleDone = false;
    sample.on('exit', () => (sampleDone = true));
    parse.stdout.on('data', (d: Buffer) => {
      if (lines === 0 && !sampleDone) firstBeforeEnd = true;
      for (const b of d) if (b === 10) lines++;
    });
    const code = await new Promise<number | null>((resolve) => parse.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(lines).toBe(300_000);
    expect(firstBeforeEnd).toBe(true);
  }, 60_000);
});

describe('issue 15 item 3: huge counts are never materialised', () => {
  test('validate of the depth-40 grammar rhm generate writes prints P_max as a power with its digit count, fast', () => {
    const g40 = join(dir, 'g40.json');
    const gen = rhmBounded([
      'generate',
      '--sampler',
      'cagnetta',
      '--classes',
      '2',
      '--vocab',
      '2',
      '--m',
      '2',
      '--s',
      '2',
      '--L',
      '40',
      '-o',
      g40,
    ]);
    expect(gen.code).toBe(0);
    const r = rhmBounded(['validate', g40]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/derivations = 2·2\^1099511627775 \(≈ 10\^3\.30986e\+11, 330985980542 digits\)/);
    expect(r.ms).toBeLessThan(5_000);
  });

  test('a depth-40 grammar with unequal production counts: ≈ 10^x from a log-sum, fast', () => {
    const rules = Array.from({ length: 40 }, () => [
      [
        [0, 0],
        [0, 1],
      ],
      [[1, 1]],
    ]);
    const doc = { format: 'rhm-grammar/1', depth: 40, branching: 2, vocabulary: new Array(41).fill(2), rules };
    const path = join(dir, 'uneven40.json');
    writeFileSync(path, JSON.stringify(doc));
    const r = rhmBounded(['validate', path, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: { pMax: string } }).summary.pMax).toMatch(
      /^≈ 10\^[\d.]+ \(\d+ digits\)$/,
    );
    expect(r.ms).toBeLessThan(5_000);
  });
});

describe('issue 15 item 9: smaller refusals', () => {
  test.each([
    [['sample', g, '--n', '2', '--seed', '4294967296'], /--seed.*2\^32/s],
    [['generate', ...GEN.slice(1), '--seed', '7995362859'], /--seed.*2\^32/s],
    [['sample', g, '--n', '-1'], /--n must be in \[0, \d+\], got -1/],
    [['check', g, '--min-gap', '0x10'], /--min-gap.*not a decimal number/],
    [['check', g, '--min-gap', '1e309'], /--min-gap.*beyond the largest finite number/],
    [
      ['learn', g, '--learner', 'fcn', '--samples', '10', '--option', '__proto__=1'],
      /--option __proto__ is not an option name/,
    ],
  ])('rhm %j exits 2 naming the flag', (argv, why) => {
    expectRefused(rhmBounded(argv), why);
  });

  test('a duplicate key, a negative zero, 1e309 and __proto__ in a grammar are refused naming the field', () => {
    const cases: [string, RegExp][] = [
      [valid.replace('"depth":3', '"depth":3,"depth":3'), /\/depth: the key "depth" appears more than once/],
      [valid.replace('"depth":3', '"depth":-0'), /\/depth: the number -0 is a negative zero/],
      [
        valid.replace('"depth":3', '"depth":1e309'),
        /\/depth: 'depth' must be an integer, got Infinity \(a number literal beyond/,
      ],
      [valid.replace('{', '{"__proto__":{"depth":9},'), /\/__proto__: unknown field/],
    ];
    for (const [text, why] of cases) {
      const path = join(dir, 'hostile.json');
      writeFileSync(path, text);
      expectRefused(rhmBounded(['validate', path]), why);
    }
  });
});

/** One way to make a valid grammar text hostile, and the field the refusal must name. */
type Mutation = (text: string) => { text: string; field: RegExp };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('depth', 'branching').map((k): Mutation => (t) => ({
    text: t.replace(new RegExp(`"${k}":\\d+`), `"${k}":NaN`),
    field: new RegExp(`/${k}: 'NaN' is not a JSON value`),
  })),
  fc.constantFrom('depth', 'branching').map((k): Mutation => (t) => ({
    text: t.replace(new RegExp(`"${k}":\\d+`), `"${k}":-0`),
    field: new RegExp(`/${k}: the number -0`),
  })),
  fc.nat({ max: 5 }).map((j): Mutation => (t) => {
    let seen = -1;
    const text = t.replace(/\[(\d+),(\d+)\]/g, (m: string, _a: string, b: string) => (++seen === j ? `[-0,${b}]` : m));
    return { text, field: /\/rules(\/\d+){4}: the number -0/ };
  }),
  fc.integer({ min: LIMITS.maxJsonDepth, max: 4 * LIMITS.maxJsonDepth }).map((depth): Mutation => (t) => ({
    text: t.replace('"rules":', `"rules":${'['.repeat(depth)}0${']'.repeat(depth)},"x":`),
    field: /\/rules.*nests more than \d+ levels/,
  })),
  fc.integer({ min: 50, max: 5000 }).map((n): Mutation => (t) => ({
    text: t.replace(/"vocabulary":\[/, `"vocabulary":[${'2,'.repeat(n)}`),
    field: /\/vocabulary/,
  })),
  fc.constantFrom('format', 'depth', 'branching', 'vocabulary').map((k): Mutation => (t) => {
    const m = new RegExp(`"${k}":("[^"]*"|\\d+|\\[[^\\]]*\\])`).exec(t);
    return {
      text: t.replace('{', `{"${k}":${m?.[1] ?? '0'},`),
      field: new RegExp(`/${k}: the key "${k}" appears more than once`),
    };
  }),
  fc
    .constantFrom('{}', '{"depth":99}', '[]', 'null')
    .map((v): Mutation => (t) => ({ text: t.replace('{', `{"__proto__":${v},`), field: /\/__proto__: unknown field/ })),
);

describe('property: valid grammars mutated into hostile ones are refused with exit 2, a named field, bounded time and memory', () => {
  test('NaN, −0, deep nesting, huge arrays, duplicate keys, __proto__', () => {
    fc.assert(
      fc.property(mutation, (mutate) => {
        const { text, field } = mutate(valid);
        fc.pre(text !== valid);
        const path = join(dir, 'mutated.json');
        writeFileSync(path, text);
        const r = rhmBounded(['validate', path], '', 64);
        expectRefused(r, field);
        expect(r.ms).toBeLessThan(10_000);
      }),
      { numRuns: 24, seed: 15 },
    );
  }, 120_000);
});

describe('the hostile fixtures (properties/fixtures/hostile): each is refused naming its field', () => {
  const fixtures = join(__dirname, '..', 'fixtures', 'hostile');
  const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<string, string>;
  test.each(Object.entries(expected))('%s', (name, why) => {
    const r = rhmBounded(['validate', join(fixtures, name)], '', 64);
    expectRefused(r, why);
    expect(r.stderr).toContain(why);
  });
});
