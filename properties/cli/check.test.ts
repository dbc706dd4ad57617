import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckResultSchema, type CheckResult } from '../../spec/check';
import { schemaViolations } from '../../spec/validate';
import { zeroGapGrammar, neverFirstGrammar } from '../assumptions/support/planted';
import { rhm, tempDir } from '../support/cli';
import { at } from '../support/checked';

const UFT = [
  'generate',
  '--sampler',
  'uniform-first-token',
  '--classes',
  '8',
  '--vocab',
  '8',
  '--m',
  '4',
  '--s',
  '2',
  '--L',
  '3',
  '--seed',
  '1',
];

async function grammarFile(args: string[] | object): Promise<string> {
  const dir = tempDir();
  const path = join(dir, 'g.json');
  if (Array.isArray(args)) expect((await rhm([...(args as string[]), '-o', path])).code).toBe(0);
  else writeFileSync(path, JSON.stringify(args));
  return path;
}

describe('rhm check', () => {
  test('[weak-identifiability] --json prints one rhm-check/1 object: every assumption holds on a uniform-first-token grammar, exit 0', async () => {
    const path = await grammarFile(UFT);
    const r = await rhm(['check', path, '--json', '--samples', '5000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as CheckResult;
    expect(schemaViolations(CheckResultSchema, out)).toEqual([]);
    expect(out.format).toBe('rhm-check/1');
    expect(out.verdict).toBe('pass');
    expect(out.assumptions.map((a) => a.id)).toEqual([
      'rule-structure',
      'non-degeneracy',
      'weak-identifiability',
      'clean-signal',
    ]);
    expect(out.levels.map((l) => l.level)).toEqual([1, 2, 3]);
    expect(at(out.levels, 0).minGap).toBe(Math.SQRT2);
    expect(out.kappa).toBe(1);
    expect(out.pMax).toBe(String(8n * 4n ** 7n));
    expect(out.predicted.ncMToL).toBe('512');
    expect(out.options).toMatchObject({ samples: 5000, seed: 0, positions: 'all', minGap: 0, signalLevel: 2 });
    expect(out.levels.every((l) => l.minGapAllPositions !== null && l.minGapAllPositions <= (l.minGap as number))).toBe(
      true,
    );
  });

  test('[weak-identifiability] a zero-gap grammar fails with exit 1; human output names the witness; --q prints q-vectors', async () => {
    const path = await grammarFile(zeroGapGrammar());
    const r = await rhm(['check', path, '--q', '--samples', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.stdout).toMatch(/weak-identifiability\s+FAILS\s+min ρ̂ = 0\s+> 0\s+level 2: parents \[0,1\]/);
    expect(r.stdout).toMatch(/q-vectors of the first patches/);
    expect(r.stdout).toMatch(/ν = 0 {2}π = 0\.25 {2}q = \[1, 0\]/);
    const j = JSON.parse((await rhm(['check', path, '--json', '--samples', '0', '--q'])).stdout) as CheckResult;
    expect(j.verdict).toBe('fail');
    expect(j.kRho).toBe(0);
    expect(j.predicted.theoremBudget).toBeNull();
    expect(j.predicted.theoremBudgetReason).toMatch(/K̂_ρ = 0/);
    expect(j.q?.[1]?.parents[0]?.q).toEqual([1, 0]);
  });

  test('[non-degeneracy] κ̂ = ∞ is written as null with a reason, never as invalid JSON', async () => {
    const path = await grammarFile(neverFirstGrammar());
    const r = await rhm(['check', path, '--json', '--samples', '0', '--positions', 'first']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as CheckResult;
    expect(j.kappa).toBeNull();
    expect(j.kappaReason).toMatch(/never occurs/);
    expect(at(j.levels, 1).kappa).toBeNull();
    expect(at(j.levels, 1).minGapAllPositions).toBeNull();
    expect(at(j.levels, 1).minGapAllPositionsReason).toMatch(/positions = first/);
  });

  test('--min-gap raises the bar (exit 1 when a level falls below it)', async () => {
    const path = await grammarFile(UFT);
    expect((await rhm(['check', path, '--min-gap', '0.1', '--samples', '0'])).code).toBe(0);
    expect((await rhm(['check', path, '--min-gap', '0.2', '--samples', '0'])).code).toBe(1);
  });

  test('bad input: exit 2 with the flag and the fix, nothing on stdout', async () => {
    const path = await grammarFile(UFT);
    for (const [args, pattern] of [
      [['check'], /GRAMMAR: no grammar file given/],
      [['check', '/nonexistent/g.json'], /g\.json/],
      [['check', path, '--positions', 'some'], /--positions must be one of first, all/],
      [['check', path, '--min-gap', '-1'], /--min-gap/],
      [['check', path, '--samples', 'many'], /--samples must be a whole number/],
      [['check', path, '--signal-level', '9'], /--signal-level: the tested level must be in \[1, L = 3\]/],
      [['check', path, '--samples', '999999999'], /--samples: .* more than the limit/],
      [['check', path, '--bogus'], /Unknown option/],
    ] as const) {
      const r = await rhm([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(pattern);
    }
  });

  test('sizes that would exhaust time or memory are refused up front with the field and the fix (exit 2)', async () => {
    // s = 64, L = 40: P_max has ~10^70 bits; the refusal names /depth before any allocation.
    const deep = await grammarFile({
      format: 'rhm-grammar/1',
      branching: 64,
      depth: 40,
      vocabulary: new Array<number>(41).fill(2),
      rules: new Array(40).fill([
        [new Array<number>(64).fill(0), new Array<number>(64).fill(1)],
        [new Array<number>(64).fill(1), new Array<number>(64).fill(0)],
      ]),
    });
    const r = await rhm(['check', deep, '--positions', 'first', '--samples', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/depth: P_max .* bits, more than the limit/);
  });

  test('the default all-positions walk falls back to the first patch, with the reason, when too costly; asked for explicitly it is refused (exit 2)', async () => {
    // s = 4, L = 11: 4^10 ≈ 10^6 level-10 positions.
    const path = await grammarFile([
      'generate',
      '--sampler',
      'uniform-first-token',
      '--classes',
      '16',
      '--vocab',
      '16',
      '--m',
      '2',
      '--s',
      '4',
      '--L',
      '11',
      '--seed',
      '1',
    ]);
    const r = await rhm(['check', path, '--json', '--samples', '0']);
    const j = JSON.parse(r.stdout) as CheckResult;
    expect(j.options.positions).toBe('first');
    expect(at(j.levels, 10).minGapAllPositions).toBeNull();
    expect(at(j.levels, 10).minGapAllPositionsReason).toMatch(
      /not computed: checking all 1,048,576 level-10 positions/,
    );
    const explicit = await rhm(['check', path, '--samples', '0', '--positions', 'all']);
    expect(explicit.code).toBe(2);
    expect(explicit.stderr).toMatch(/--positions: .* Fix: use positions 'first'/);
  });

  test('--help documents the flags and exit codes', async () => {
    const r = await rhm(['check', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--json',
      '--min-gap',
      '--positions',
      '--q',
      '--samples',
      '--seed',
      '--signal-level',
      'Exit codes',
    ])
      expect(r.stdout).toContain(flag);
  });
});

describe('rhm check: quantities without a value', () => {
  test('say why, never "= undefined" (cagnetta n_c = 2, v = 4, m = 1, L = 2: κ̂ = ∞)', async () => {
    const dir = tempDir();
    const g = join(dir, 'g.json');
    const gen = ['generate', '--sampler', 'cagnetta', '--classes', '2', '--vocab', '4', '--m', '1', '--s', '2'];
    expect((await rhm([...gen, '--L', '2', '--seed', '1', '-o', g])).code).toBe(0);
    const r = await rhm(['check', g, '--samples', '0']);
    expect(r.stdout).not.toMatch(/= undefined/);
    expect(r.stdout).toMatch(/Theorem 7 budget .* has no value for this grammar: κ̂ = ∞/);
  });
});
