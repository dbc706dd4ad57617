import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES } from '../../src/cli/command';
import { COMMANDS } from '../../src/cli/main';
import { closest, editDistance } from '../../src/cli/suggest';
import { HELP_COLUMNS } from '../../src/cli/text';
import { VERSION } from '../../src/version';
import { rhm, rhmProcess, tempDir } from '../support/cli';

const GEN = ['generate', '--sampler', 'cagnetta', '--classes', '4', '--vocab', '8', '--m', '2', '--s', '2', '--L', '2'];

/** Every help text: the top level and each command's. */
async function helpTexts(): Promise<[string, string][]> {
  const top = (await rhm(['--help'])).stdout;
  return [['rhm', top], ...COMMANDS.map((c): [string, string] => [c.name, c.load().help])];
}

/** What is wrong with one help text: long lines, trailing blanks, words run together, stray one-word lines. */
function helpDefects(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: '${line}'`;
    if (Array.from(line.replace(/\p{M}/gu, '')).length > HELP_COLUMNS)
      out.push(`${where} is longer than ${HELP_COLUMNS} columns`);
    if (/\s$/.test(line)) out.push(`${where} ends in a blank`);
    // An upper-case placeholder run into the next word, as in "--report-dir DIRwrite".
    if (/\b[A-Z]{2,}[a-z]{2,}/.test(line)) out.push(`${where} runs a placeholder into a word`);
    // A line of one short word that is not a heading ("it" left over from a join).
    if (/^\s*[a-z]{1,4}\s*$/.test(line)) out.push(`${where} is a stray word`);
    if (/\$\{|undefined|NaN|\[object /.test(line)) out.push(`${where} has an unrendered value`);
  });
  return out;
}

/** Option lines of a help text ("  --flag ARG   description") start their descriptions in one column per block. */
function misalignedOptions(text: string): string[] {
  const block = /\nOptions:\n((?: {2}-.*\n| {4,}.*\n)+)/.exec(text);
  if (!block) return [];
  const starts = new Set<number>();
  for (const line of (block[1] ?? '').split('\n')) {
    const m = /^ {2}(-\S*(?: [^\s-][^ ]*)*(?:,? -\S+(?: [^\s-][^ ]*)*)*) {2,}(\S)/.exec(line);
    if (m) starts.add(line.indexOf(m[2] ?? '', 2 + (m[1] ?? '').length));
  }
  return starts.size > 2 ? [`option descriptions start in ${starts.size} columns: ${[...starts].join(', ')}`] : [];
}

describe('rhm CLI conventions (help, version, usage errors, suggestions, exit codes, standard input)', () => {
  test('every help text renders within 100 columns, without run-together or stray words', async () => {
    const defects = (await helpTexts()).flatMap(([name, text]) =>
      [...helpDefects(text), ...misalignedOptions(text)].map((d) => `${name}: ${d}`),
    );
    expect(defects).toEqual([]);
  });

  test('rhm help CMD prints that command help; rhm CMD --version prints the version', async () => {
    for (const c of COMMANDS) {
      const help = await rhm(['help', c.name]);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(`${c.load().help}\n`);
      const v = await rhm([c.name, '--version']);
      expect(v).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
    expect((await rhm(['help'])).stdout).toMatch(/^Usage: rhm /);
    expect((await rhm(['help', 'lern'])).stderr).toMatch(/did you mean 'learn'/i);
  });

  test('bare rhm prints the usage on stderr and exits 2, as a process', () => {
    const r = rhmProcess([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: rhm /);
  });

  test('did you mean: commands and flags within a small edit distance; nothing for far words', async () => {
    expect(editDistance('lern', 'learn')).toBe(1);
    expect(editDistance('smaple', 'sample')).toBe(1);
    expect(
      closest(
        'xyzzy',
        COMMANDS.map((c) => c.name),
      ),
    ).toBeUndefined();
    const cmd = await rhm(['smaple']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command 'smaple'\. Did you mean 'sample'\?/);
    const flag = await rhm(['learn', 'g.json', '--sampels', '3']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--sampels' \(did you mean '--samples'\?\)/);
    expect((await rhm(['validate', 'g.json', '--zzzzzz'])).stderr).not.toMatch(/did you mean/);
  });

  test('the README exit-code table is the table in code, row for row', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('| code | meaning |');
    expect(start).toBeGreaterThan(0);
    const rows = readme
      .slice(start)
      .split('\n')
      .slice(2)
      .filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')))
      .map((l) => /^\| (\d+) \| (.*) \|$/.exec(l))
      .map((m) => ({ code: Number(m?.[1]), meaning: (m?.[2] ?? '').replace(/\\\|/g, '|') }));
    expect(rows).toEqual(EXIT_CODES.map((e) => ({ code: e.code, meaning: e.meaning })));
    for (const code of [130, 141]) expect(EXIT_CODES.map((e) => e.code)).toContain(code);
  });

  test("'-' reads standard input: a grammar for validate, check and sample; --input for parse", async () => {
    const grammar = (await rhm([...GEN, '--seed', '1'])).stdout;
    expect([0, 1]).toContain(rhmProcess(['check', '-', '--samples', '0', '--no-report'], grammar).code);
    const v = rhmProcess(['validate', '-', '--json'], grammar);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ format: 'rhm-validate/1', valid: true });
    const s = rhmProcess(['sample', '-', '--n', '3', '--seed', '2'], grammar);
    expect(s.code).toBe(0);
    const dir = tempDir();
    const g = join(dir, 'g.json');
    writeFileSync(g, grammar);
    const p = rhmProcess(['parse', g, '--input', '-', '--json'], s.stdout);
    expect(p.code).toBe(0);
    expect(p.stdout.trim().split('\n')).toHaveLength(3);
    expect(rhmProcess(['parse', '-', '--input', '-'], grammar).stderr).toMatch(/both read standard input/);
  });

  test('every --json output carries its format', async () => {
    const dir = tempDir();
    const g = join(dir, 'g.json');
    writeFileSync(g, (await rhm([...GEN, '--seed', '1'])).stdout);
    writeFileSync(join(dir, 'bad.json'), '{"format": "rhm-grammar/1"}');
    const outputs = [
      (await rhm(['validate', g, '--json'])).stdout,
      (await rhm(['validate', join(dir, 'bad.json'), '--json'])).stdout,
      (await rhm(['validate', join(dir, 'missing.json'), '--json'])).stdout,
      (await rhm(['check', g, '--json', '--samples', '0', '--no-report'])).stdout,
      (await rhm(['parse', g, '--json'], '[0,0,0,0]\n')).stdout,
      (await rhm(['learn', g, '--learner', 'layerwise-cluster', '--samples', '200', '--json', '--no-report'])).stdout,
    ];
    for (const text of outputs) {
      for (const line of text.trim().split('\n')) {
        expect(JSON.parse(line)).toMatchObject({ format: expect.stringMatching(/^rhm-[a-z-]+\/\d+$/) as unknown });
      }
    }
  });

  test('library errors name the field; the CLI shows the flag', async () => {
    const { generatorViolations } = await import('../../src/grammar/generate');
    const paths = generatorViolations({ sampler: 'cagnetta', classes: 4, vocab: 8, m: 2, s: 2, L: 2 }).map(
      (v) => v.path,
    );
    expect(paths).toEqual(['seed']);
    const r = await rhm([...GEN, '--m', '9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ {2}- --m: /);
  });
});

describe('progress on stderr', () => {
  test('without a terminal, one line per stage (learn) or per cell (scale, with an ETA); none under --quiet', async () => {
    const dir = tempDir();
    const g = join(dir, 'g.json');
    writeFileSync(g, (await rhm([...GEN, '--seed', '1'])).stdout);
    const learn = ['learn', g, '--learner', 'layerwise-cluster', '--samples', '300', '--no-report'];
    const loud = await rhm(learn);
    expect(loud.stderr).toMatch(/^rhm learn: {3}0% sampling \(0 s elapsed\)\n/);
    expect(loud.stderr).toMatch(/^rhm learn: +\d+% level 1 \(/m);
    expect((await rhm([...learn, '--quiet'])).stderr).toBe('');
    const scale = await rhm([
      'scale',
      '--m',
      '2',
      '--L',
      '2',
      '--classes',
      '4',
      '--vocab',
      '8',
      '--seeds',
      '1',
      '--train-seeds',
      '1',
      '--workers',
      '0',
      '--out',
      join(dir, 'sweep'),
      '--no-report',
    ]);
    expect(scale.stderr).toMatch(/^rhm scale: 1\/1 cells done \(n_c=4 m=2 L=2, P\*=.*elapsed/m);
  });

  test('the ETA extrapolates the fraction done; nothing while too little is done', async () => {
    const { etaText, formatSeconds } = await import('../../src/cli/progress');
    expect(etaText(10, 0.25)).toBe('ETA 30 s');
    expect(etaText(10, 0.001)).toBe('');
    expect(formatSeconds(185)).toBe('3m 05s');
  });
});
