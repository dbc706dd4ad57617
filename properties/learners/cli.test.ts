import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { LearnResultSchema } from '../../spec/learn';
import { schemaViolations } from '../../spec/validate';
import { toGrammarFile } from '../../src/grammar/grammar';
import { rhm, tempDir } from '../support/cli';
import { smallGrammar } from './support';

function grammarPath(): string {
  const dir = tempDir();
  const path = join(dir, 'g.json');
  writeFileSync(path, JSON.stringify(toGrammarFile(smallGrammar('uniform-first-token', 2, 2))));
  return path;
}

describe('rhm learn', () => {
  test('--json prints a valid rhm-learn/1 object and -o writes the same result atomically', async () => {
    const g = grammarPath();
    const dir = tempDir();
    const out = join(dir, 'r.json');
    const r = await rhm([
      'learn',
      g,
      '--learner',
      'layerwise-cluster',
      '--samples',
      '512',
      '--seed',
      '3',
      '--test-samples',
      '500',
      '--json',
      '-o',
      out,
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(schemaViolations(LearnResultSchema, doc)).toEqual([]);
    expect(doc.format).toBe('rhm-learn/1');
    expect(doc.learner).toBe('layerwise-cluster');
    expect(doc.samples).toBe(512);
    expect((doc.levels as { level: number }[]).map((x) => x.level)).toEqual([1, 2]);
    const file = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect({ ...file, seconds: 0, provenance: null }).toEqual({ ...doc, seconds: 0, provenance: null });
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  test('[report-provenance] human output lists every level and the test error; one JSON per run, inside its run report (nothing under reports/learn)', async () => {
    const g = grammarPath();
    const cwd = tempDir();
    const argv = ['learn', g, '--learner', 'layerwise-rf', '--samples', '512', '--test-samples', '300'];
    const learn = () => rhm([...argv, '--option', 'features=128', '--report-dir', join(cwd, 'reports')], '', cwd);
    const a = await learn();
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/test error 0 /);
    // Every level has a row (recovered in the paper's sense or not, then max‖h − q‖, ρ̂/2 and the nearest-q rate),
    // and a learned run says on its status line which levels are recovered.
    expect(a.stdout).toMatch(/^ {4}1 {2}(yes|no) +\S+ +\S+ +1 /m);
    expect(a.stdout).toMatch(/^ {4}2 {2}(yes|no) +\S+ +\S+ +1 /m);
    expect(a.stdout).toMatch(/learned; levels recovered \(max‖h − q‖ < ρ̂\/2\): 1 (yes|no), 2 (yes|no)/);
    // layerwise-rf runs in plain typed-array loops: no TensorFlow.js backend to report.
    expect(a.stdout).not.toMatch(/backend/);
    await learn();
    const runs = readdirSync(join(cwd, 'reports')).filter((d) => d.includes('-learn-'));
    expect(runs).toHaveLength(2);
    expect(existsSync(join(cwd, 'reports', 'learn'))).toBe(false);
    for (const run of runs) {
      const report = JSON.parse(readFileSync(join(cwd, 'reports', run, 'report.json'), 'utf8')) as {
        results: { schema: string };
        provenance: { inputs: { path: string; sha256: string }[]; reproduce: string };
      };
      expect(report.results.schema).toBe('rhm-learn/1');
      expect(report.provenance.inputs.map((f) => f.path)).toEqual([g]);
      expect(report.provenance.inputs[0]?.sha256).toBe(createHash('sha256').update(readFileSync(g)).digest('hex'));
      expect(report.provenance.reproduce).toMatch(/npx rhm learn .*--learner layerwise-rf/);
    }
    expect(a.stdout).toMatch(/result written to .*report\.json \(results\.value\)/);
  });

  test('bad flags, unknown learners and options, and budgets beyond memory: exit 2 naming the flag, nothing written', async () => {
    const g = grammarPath();
    const dir = tempDir();
    const out = join(dir, 'r.json');
    const bad = await rhm(['learn', g, '--learner', 'nope', '--samples', 'x', '-o', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--learner must be one of/);
    expect(bad.stderr).toMatch(/--samples must be a whole number/);
    const opt = await rhm([
      'learn',
      g,
      '--learner',
      'layerwise-cluster',
      '--samples',
      '10',
      '--option',
      'restarts=0',
      '-o',
      out,
    ]);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/--option restarts/);
    const huge = await rhm(['learn', g, '--learner', 'layerwise-cluster', '--samples', String(2 ** 40), '-o', out]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/--samples: .* more than the limit/);
    const oracle = await rhm([
      'learn',
      g,
      '--learner',
      'layerwise-rf',
      '--samples',
      '100',
      '--option',
      'sigma=oracle',
      '-o',
      out,
    ]);
    expect(oracle.code).toBe(2);
    expect(oracle.stderr).toMatch(/--oracle/);
    expect(existsSync(out)).toBe(false);
  });

  test('a run that does not learn exits 1 and says why', async () => {
    const g = grammarPath();
    const dir = tempDir();
    const r = await rhm([
      'learn',
      g,
      '--learner',
      'layerwise-cluster',
      '--samples',
      '4',
      '--test-samples',
      '300',
      '--json',
      '-o',
      join(dir, 'r.json'),
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { status: string; reason: string };
    expect(doc.status).toBe('not-learned');
    expect(doc.reason).toMatch(/^level \d not recovered/);
  });
});
