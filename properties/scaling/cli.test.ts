import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCALE_CELL_FORMAT, ScaleResultSchema, type CellSpec, type ScaleResult } from '../../spec/scale';
import { schemaViolations } from '../../spec/validate';
import { getLearner } from '../../src/learners/registry';
import { runCell } from '../../src/scaling/job';
import { planSweep, resolveSweepConfig } from '../../src/scaling/sweep';
import { rhm, tempDir } from '../support/cli';

/** `rhm scale` as a user runs it (in-process, --workers 0 so no build is needed), and the limits that skip cells. */

const TINY = ['--m', '2,3', '--L', '2', '--seeds', '2', '--workers', '0'];

describe('rhm scale CLI', () => {
  test('--json prints one rhm-scale/1 object with the documented fields; scale.json and the ledger are written', async () => {
    const out = join(tempDir(), 'sweep');
    const r = await rhm(['scale', ...TINY, '--out', out, '--json']);
    expect([0, 1]).toContain(r.code);
    const result = JSON.parse(r.stdout) as ScaleResult;
    expect(schemaViolations(ScaleResultSchema, result)).toEqual([]);
    expect(result.format).toBe('rhm-scale/1');
    expect(result.learner).toBe('layerwise-cluster');
    expect(result.cells.map((c) => [c.m, c.L])).toEqual([
      [2, 2],
      [3, 2],
    ]);
    for (const c of result.cells)
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['m', 'L', 'classes', 'vocab', 'pStar', 'pStarLow', 'pStarHigh']),
      );
    expect(Object.keys(result.exponent)).toEqual(expect.arrayContaining(['b', 'low', 'high']));
    expect(['consistent', 'inconsistent', 'undetermined']).toContain(result.verdict);
    expect(r.code).toBe(result.verdict === 'consistent' ? 0 : 1);
    expect(JSON.parse(readFileSync(join(out, 'scale.json'), 'utf8'))).toEqual(result);
    expect(readFileSync(join(out, 'ledger.jsonl'), 'utf8').trim().split('\n').length).toBe(2);
    // A second run into the same directory is refused; --resume reuses every cell.
    const again = await rhm(['scale', ...TINY, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--out: a ledger already exists.*Fix: add --resume/);
    const resumed = await rhm(['scale', ...TINY, '--out', out, '--resume']);
    expect(resumed.stdout).toMatch(/ran 0 cell\(s\), resumed 2/);
  });

  test('bad flags: exit 2 naming each flag, nothing written', async () => {
    const out = join(tempDir(), 'never');
    const r = await rhm([
      'scale',
      '--learner',
      'nope',
      '--m',
      '2,x',
      '--band',
      '1.3',
      '--threshold',
      '2',
      '--resume',
      '--workers=-1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--learner must be one of/);
    expect(r.stderr).toMatch(/--m must be a comma-separated list/);
    expect(r.stderr).toMatch(/--band must be two numbers/);
    expect(r.stderr).toMatch(/--threshold must be/);
    expect(r.stderr).toMatch(/--out: --resume needs the directory/);
    const empty = await rhm(['scale', '--band', '1.3,0.8', '--out', out]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--band: the band \[1.3, 0.8\] is empty/);
    expect(existsSync(out)).toBe(false);
    const notScale = join(tempDir(), 'x.json');
    writeFileSync(notScale, '{"format": "rhm-grammar/1"}');
    const cmp = await rhm(['scale', ...TINY, '--compare', notScale, '--out', out]);
    expect(cmp.code).toBe(2);
    expect(cmp.stderr).toMatch(/--compare .*expected an rhm-scale\/1 result/);
    // A learner option the learner rejects: exit 2 with the learner's message, and no ledger left behind.
    const opt = await rhm(['scale', ...TINY, '--option', 'restarts=0', '--out', out]);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/restarts/);
    expect(existsSync(join(out, 'ledger.jsonl'))).toBe(false);
  });
});

describe('limits: cells are skipped with the reason, never silently', () => {
  test('impossible parameters, budgets beyond --max-samples and memory beyond the limit are skipped and say why', () => {
    const plan = planSweep(resolveSweepConfig({ m: [2, 9], L: [2, 3], maxSamples: 4000, maxMemoryBytes: 2 ** 18 }));
    const why = Object.fromEntries(plan.map((p) => [`${p.m},${p.L}`, p.kind === 'skipped' ? p.reason : 'run']));
    expect(why['9,2']).toMatch(/impossible grammar parameters: m = 9 exceeds v\^\(s−1\) = 8/);
    expect(why['2,2']).toMatch(/estimated memory .* exceeds the limit 0.25 MiB/);
    expect(why['2,3']).toMatch(/budget 64·n_c·m\^L = 4096 exceeds the limit --max-samples 4000/);
    const budget = planSweep(resolveSweepConfig({ m: [4], L: [3], maxSamples: 4000 }));
    expect(budget[0]).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/budget 64·n_c·m\^L = 32768 exceeds the limit --max-samples 4000/) as unknown,
    });
  });

  test('the per-cell time limit stops a cell as timed-out with the reason (injected clock)', async () => {
    const spec: CellSpec = {
      format: SCALE_CELL_FORMAT,
      grammar: { kind: 'generated', sampler: 'cagnetta', classes: 8, vocab: 8, m: 2, s: 2, L: 2 },
      replicates: [{ grammarSeed: 1, trainSeed: 1 }],
      learner: 'layerwise-cluster',
      learnerOptions: {},
      threshold: 0.1,
      testSamples: 200,
      search: { start: 2, ratio: 2, stride: 1, maxSamples: 4096 },
      bootstrap: { resamples: 10, confidence: 0.95, seed: 0 },
      limits: { maxSeconds: 2.5 },
    };
    let t = 0;
    const r = await runCell(spec, getLearner, () => t++);
    expect(r.status).toBe('timed-out');
    expect(r.pStar).toBeNull();
    expect(r.reason).toMatch(/time limit of 2.5 s/);
    expect(r.replicates[0]?.points.length).toBeGreaterThanOrEqual(1);
  });
});
