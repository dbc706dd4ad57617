import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSamples } from '../../src/sampling/binary';
import { childEnv, rhm, tempDir } from '../support/cli';

/**
 * `rhm sample --format int32 -o -` through a real pipe (a shell pipeline between two
 * processes), and `rhm parse` checking the labels given with its inputs.
 */

const BIN = join(__dirname, '..', '..', 'bin', 'rhm.js');
const GEN = ['generate', '--sampler', 'cagnetta', '--classes', '4', '--vocab', '4', '--m', '2', '--s', '2', '--L', '3'];

function sh(script: string, cwd: string): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('sh', ['-c', script], {
    cwd,
    env: { ...childEnv(), RHM: `${process.execPath} ${BIN}` },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe('Python interop: pipes and labels', () => {
  const dir = tempDir();
  const g = join(dir, 'g.json');
  beforeAll(async () => {
    expect((await rhm([...GEN, '--seed', '3', '-o', g])).code).toBe(0);
  });

  test('rhm sample --format int32 -o - streams through a pipe the same bytes as -o FILE', async () => {
    // 40 000 samples × 9 int32 = 1.4 MB: several chunks, more than a pipe buffer holds.
    const flags = ['--n', '40000', '--seed', '5', '--latent', '--format', 'int32'];
    expect((await rhm(['sample', g, ...flags, '-o', join(dir, 'file.bin')])).code).toBe(0);
    const piped = sh(`$RHM sample g.json ${flags.join(' ')} -o - | cat > piped.bin`, dir);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    const a = readFileSync(join(dir, 'file.bin'));
    expect(readFileSync(join(dir, 'piped.bin')).equals(a)).toBe(true);
    expect(decodeSamples(a).header.n).toBe(40000);
  });

  test('a reader that stops early ends the binary stream with 141 (SIGPIPE convention), quietly', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `${process.execPath} ${BIN} sample g.json --n 200000 --format int32 -o - | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { cwd: dir, env: childEnv(), timeout: 60_000, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('141');
  });

  test('jsonl -o - writes standard output; binary without -o is still refused', async () => {
    const a = await rhm(['sample', g, '--n', '3', '--seed', '1', '-o', '-']);
    const b = await rhm(['sample', g, '--n', '3', '--seed', '1']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const r = await rhm(['sample', g, '--n', '3', '--format', 'int32']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format.*-o - to stream it to standard output/);
  });

  test('rhm parse checks a label given with the input: a mismatch is named, counted, and exits 1', async () => {
    const s = await rhm(['sample', g, '--n', '4', '--seed', '2']);
    const lines = s.stdout.trim().split('\n');
    const ok = await rhm(['parse', g, '--json'], s.stdout);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    for (const [i, l] of ok.stdout.trim().split('\n').entries()) {
      const given = (JSON.parse(lines[i] ?? '') as { label: number }).label;
      expect(JSON.parse(l)).toEqual({
        format: 'rhm-parse/1',
        line: i + 1,
        status: 'parsed',
        label: given,
        givenLabel: given,
      });
    }
    const first = JSON.parse(lines[0] ?? '') as { label: number; tokens: number[] };
    const wrong = (first.label + 1) % 4;
    const bad = `${lines.join('\n')}\n${JSON.stringify({ label: wrong, tokens: first.tokens })}\n`;
    const text = await rhm(['parse', g], bad);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`line 5: label ${first.label}, but the input gives label ${wrong} (label mismatch)`);
    expect(text.stderr).toContain('1 input(s) parse to a label other than the one given with them');
    const json = await rhm(['parse', g, '--json'], bad);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout.trim().split('\n')[4] ?? '')).toEqual({
      format: 'rhm-parse/1',
      line: 5,
      status: 'label-mismatch',
      label: first.label,
      givenLabel: wrong,
    });
  });

  test('a label that is not a non-negative integer is a malformed line (exit 2, named)', async () => {
    const s = await rhm(['sample', g, '--n', '1', '--seed', '2']);
    const x = JSON.parse(s.stdout) as { tokens: number[] };
    writeFileSync(join(dir, 'in.jsonl'), `${JSON.stringify({ label: 'a', tokens: x.tokens })}\n`);
    const r = await rhm(['parse', g, '--input', join(dir, 'in.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1.*non-negative integer "label"/);
  });
});
