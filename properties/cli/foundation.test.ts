import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrammarFileSchema } from '../../spec/grammar';
import { schemaViolations } from '../../spec/validate';
import { COMMANDS } from '../../src/cli/main';
import { rhm, rhmProcess, tempDir } from '../support/cli';
import { at } from '../support/checked';

const GEN = [
  'generate',
  '--sampler',
  'cagnetta',
  '--classes',
  '4',
  '--vocab',
  '4',
  '--m',
  '2',
  '--s',
  '2',
  '--L',
  '3',
  '--seed',
  '3',
];

describe('rhm CLI: foundation commands', () => {
  test('generate writes a valid grammar to stdout or atomically to -o', async () => {
    const r = await rhm(GEN);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout) as unknown;
    expect(schemaViolations(GrammarFileSchema, g)).toEqual([]);
    const dir = tempDir();
    const out = join(dir, 'g.json');
    expect((await rhm([...GEN, '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(readdirSync(dir)).toEqual(['g.json']);
  });

  test('impossible parameters: exit 2, the failing bound and the flag named, nothing written', async () => {
    const dir = tempDir();
    const out = join(dir, 'g.json');
    const r = await rhm([
      'generate',
      '--sampler',
      'cagnetta',
      '--classes',
      '4',
      '--vocab',
      '4',
      '--m',
      '9',
      '--s',
      '2',
      '--L',
      '3',
      '-o',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--m: m = 9 exceeds v\^\(s−1\) = 4/);
    expect(existsSync(out)).toBe(false);
    const flags = await rhm([
      'generate',
      '--sampler',
      'nope',
      '--classes',
      'x',
      '--vocab',
      '4',
      '--m',
      '2',
      '--s',
      '2',
    ]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(/--sampler must be one of cagnetta, uniform-first-token/);
    expect(flags.stderr).toMatch(/--classes must be a whole number/);
    expect(flags.stderr).toMatch(/--L is required/);
  });

  test('validate lists every error with its pointer; --json is machine-readable', async () => {
    const dir = tempDir();
    const path = join(dir, 'bad.json');
    const g = JSON.parse((await rhm(GEN)).stdout) as { rules: number[][][][]; vocabulary: number[] };
    at(at(at(g.rules, 0), 0), 0)[0] = 99;
    at(at(g.rules, 1), 1)[0] = [1];
    writeFileSync(path, JSON.stringify(g));
    const r = await rhm(['validate', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/rules\/0\/0\/0\/0: symbol 99 is not in level 1/);
    expect(r.stderr).toMatch(/\/rules\/1\/1\/0: production has 1 symbols but branching is 2/);
    const j = await rhm(['validate', path, '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: false });
    writeFileSync(path, '{"format": "rhm-grammar/1",');
    const broken = await rhm(['validate', path]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect((await rhm(['validate', join(dir, 'missing.json')])).stderr).toMatch(/cannot be read/);
  });

  test('sample → parse round trip; JSON Lines with --latent; exit 1 for inputs outside the language', async () => {
    const dir = tempDir();
    const gpath = join(dir, 'g.json');
    await rhm([...GEN, '-o', gpath]);
    const s = await rhm(['sample', gpath, '--n', '50', '--seed', '4', '--latent']);
    expect(s.code).toBe(0);
    const lines = s.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: number; tokens: number[]; latent: number[][] });
    expect(lines).toHaveLength(50);
    expect(at(lines, 0).latent[0]).toEqual([at(lines, 0).label]);
    expect(at(lines, 0).latent[3]).toEqual(at(lines, 0).tokens);
    const p = await rhm(['parse', gpath, '--json'], s.stdout);
    expect(p.code).toBe(0);
    const parsed = p.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: number });
    expect(parsed.map((x) => x.label)).toEqual(lines.map((x) => x.label));
    const bad = await rhm(['parse', gpath], '[0,0,0,0,0,0,0,0]\n[1,2]\n');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/line 2: malformed input/);
    const garbage = await rhm(['parse', gpath], 'hello\n');
    expect(garbage.code).toBe(2);
  });

  test('every command has --help; the top level lists them; unknown commands exit 2', async () => {
    for (const entry of COMMANDS) {
      const c = entry.load();
      expect(c.name).toBe(entry.name);
      expect(c.summary).toBe(entry.summary);
      const r = await rhm([c.name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: rhm /);
    }
    const top = await rhm(['--help']);
    for (const c of COMMANDS) expect(top.stdout).toContain(c.name);
    expect((await rhm(['frobnicate'])).code).toBe(2);
    expect((await rhm(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('as a process: bad input exits 2 with a message and no stack trace', () => {
    const dir = tempDir();
    const path = join(dir, 'deep.json');
    writeFileSync(path, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    for (const argv of [
      ['validate', path],
      ['sample', path, '--n', '3'],
      ['generate', '--sampler', 'cagnetta'],
      ['sample', join(dir, 'nope.json'), '--n', '1'],
    ]) {
      const r = rhmProcess(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error/);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    }
  });
});
