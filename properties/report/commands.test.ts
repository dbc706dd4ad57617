import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportSchema, type PlotData } from '../../spec/report';
import { isValid } from '../../spec/validate';
import { runCheck } from '../../src/assumptions/check';
import { compileGrammar } from '../../src/grammar/grammar';
import { generateGrammar } from '../../src/grammar/generate';
import { renderHtml } from '../../src/report/html';
import { renderMarkdown } from '../../src/report/markdown';
import { buildRunReport, InvalidReportError, writeRunReport } from '../../src/report/write';
import { composeViews } from '../../src/report/views';
import { checkView } from '../../src/report/views/check';
import { scaleView } from '../../src/report/views/scale';
import { readLatest } from '../../src/report/write';
import { rhm } from '../support/cli';
import { scaleResult } from './fixtures';

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rhm-report-cmd-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reports of rhm check', () => {
  const file = generateGrammar({ sampler: 'uniform-first-token', classes: 8, vocab: 8, m: 2, s: 2, L: 3, seed: 3 });
  const result = runCheck(compileGrammar(file), { samples: 2000, seed: 1, source: 'uft-v8-m2-L3.json' });

  test('embed the rhm-check/1 result, summarise each assumption and plot ρ̂^(l) against m^(−(l−1)/2)', () => {
    const report = buildRunReport(
      'check',
      { ...result.options },
      { 'clean-signal': result.options.seed },
      { schema: 'rhm-check/1', value: result },
    );
    expect(isValid(ReportSchema, report)).toBe(true);
    expect(report.summary.status).toBe(result.verdict === 'pass' ? 'ok' : 'negative');
    expect(report.summary.tables[0]?.rows.map((r) => r[0])).toEqual(result.assumptions.map((a) => a.id));
    const gap = report.plots.find((p): p is Extract<PlotData, { kind: 'gap-per-level' }> => p.kind === 'gap-per-level');
    expect(gap?.rows.map((r) => r.level)).toEqual(result.levels.filter((l) => l.minGap !== null).map((l) => l.level));
    // the legend names the grammar by m and L (the file name is in the caption), never by the file name alone
    expect(gap?.rows.every((r) => r.m === 2 && r.L === 3 && r.series === 'm = 2, L = 3')).toBe(true);
    expect(gap?.caption).toContain('uft-v8-m2-L3');
  });

  test('[report-provenance] provenance: the harness’s own commit, a sha256 per input, a reproduce line; every report says how to cite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rhm-prov-'));
    const g = join(dir, 'g.json');
    writeFileSync(g, JSON.stringify(file));
    const report = buildRunReport(
      'check',
      { ...result.options },
      { 'clean-signal': 1 },
      { schema: 'rhm-check/1', value: result },
      { argv: [g, '--json'], cwd: tmpdir(), inputs: [g] },
    );
    const p = report.provenance;
    expect(p.harnessCommitSource).toBe(join(__dirname, '..', '..'));
    expect(p.workingDirectory).toBe(tmpdir());
    expect(p.inputs).toEqual([
      { path: g, sha256: createHash('sha256').update(readFileSync(g)).digest('hex'), bytes: readFileSync(g).length },
    ]);
    expect(p.reproduce).toContain(`cd ${tmpdir()} && npx rhm check ${g} --json`);
    const md = renderMarkdown(report);
    expect(md).toContain('## How to cite');
    expect(md).toContain('@inproceedings{ren2026provable');
    expect(md).toContain(`sha256 ${p.inputs?.[0]?.sha256 ?? 'none'}`);
    expect(renderHtml(report, () => [])).toContain('@article{cagnetta2024deep');
    rmSync(dir, { recursive: true, force: true });
  });

  test('a check result that breaks its own schema is refused with the path inside the payload', () => {
    const broken = { ...result, pMax: 'many' };
    expect(() => buildRunReport('check', {}, {}, { schema: 'rhm-check/1', value: broken })).toThrow(InvalidReportError);
    try {
      buildRunReport('check', {}, {}, { schema: 'rhm-check/1', value: broken });
    } catch (e) {
      expect((e as InvalidReportError).violations.map((v) => v.path)).toContain('/results/value/pMax');
    }
  });
});

describe('rhm check writes its run report', () => {
  test('under --report-dir (path on stderr, stdout unchanged), none with --no-report or RHM_NO_REPORT=1', async () => {
    const dir = mkdtempSync(join(root, 'cli-'));
    const grammar = join(dir, 'g.json');
    writeFileSync(
      grammar,
      JSON.stringify(generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 5 })),
    );
    const plain = await rhm(['check', grammar, '--json', '--samples', '500', '--no-report'], '', dir);
    expect(plain.stderr).toBe('');
    expect(readdirSync(dir)).toEqual(['g.json']);
    expect(process.env.RHM_NO_REPORT).toBe('1'); // properties/report/setup-env.ts
    await rhm(['check', grammar, '--samples', '500'], '', dir);
    expect(existsSync(join(dir, 'reports'))).toBe(false);

    const r = await rhm(['check', grammar, '--json', '--samples', '500', '--report-dir', 'out'], '', dir);
    expect(r.stdout).toBe(plain.stdout);
    const m = /^report: (out\/\S+)\/report\.html\n$/.exec(r.stderr);
    expect(m).not.toBeNull();
    const runDir = join(dir, m?.[1] ?? '');
    const report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as ReturnType<typeof buildRunReport>;
    expect(report.results.value).toEqual(JSON.parse(plain.stdout));
    expect(report.provenance.argv).toEqual([grammar, '--json', '--samples', '500', '--report-dir', 'out']);
    expect(report.resolvedConfig).toMatchObject({ grammar, samples: 500 });
    expect(readLatest(join(dir, 'out'))).toBe(runDir.split('/').pop());
    expect((await rhm(['check', '--help'])).stdout).toContain('--no-report');
  });
});

describe('rhm learn writes its run report', () => {
  test('with the rhm-learn/1 result embedded, the backend in the provenance and per-level recovery plotted', async () => {
    const dir = mkdtempSync(join(root, 'learn-'));
    const grammar = join(dir, 'g.json');
    writeFileSync(
      grammar,
      JSON.stringify(
        generateGrammar({ sampler: 'uniform-first-token', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 2 }),
      ),
    );
    const r = await rhm(
      [
        'learn',
        grammar,
        '--learner',
        'layerwise-cluster',
        '--samples',
        '4000',
        '--test-samples',
        '500',
        '--json',
        '-o',
        join(dir, 'out.json'),
        '--report-dir',
        'rep',
      ],
      '',
      dir,
    );
    expect([0, 1]).toContain(r.code);
    const m = /report: (rep\/\S+)\/report\.html/.exec(r.stderr);
    expect(m).not.toBeNull();
    const report = JSON.parse(readFileSync(join(dir, m?.[1] ?? '', 'report.json'), 'utf8')) as ReturnType<
      typeof buildRunReport
    >;
    const result = JSON.parse(r.stdout) as {
      status: string;
      samples: number;
      levels: { level: number; recoveryRate: number | null }[];
      backend: unknown;
    };
    expect(report.results).toEqual({ schema: 'rhm-learn/1', value: result });
    expect(report.provenance.backend).toEqual(result.backend);
    expect(report.seeds).toEqual({ root: 0 });
    expect(report.summary.status).toBe(result.status === 'learned' ? 'ok' : 'negative');
    const plot = report.plots.find((p) => p.kind === 'recovery-vs-samples') as Extract<
      PlotData,
      { kind: 'recovery-vs-samples' }
    >;
    expect(plot.rows).toEqual(
      result.levels
        .filter((l) => l.recoveryRate !== null)
        .map((l) => ({
          series: `layerwise-cluster, ${result.samples} samples`,
          level: l.level,
          samples: result.samples,
          recovery: l.recoveryRate,
        })),
    );
  });
});

describe('reports of rhm scale', () => {
  test('error curves, their collapse and the P* fit with its interval are plotted and rendered', () => {
    const r = scaleResult();
    const dir = writeRunReport(
      'scale',
      { ...r.config },
      { root: r.config.seed },
      { schema: 'rhm-scale/1', value: r },
      { root },
    );
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReturnType<typeof buildRunReport>;
    expect(report.summary.status).toBe('ok');
    expect(report.plots.map((p) => p.kind)).toEqual([
      'error-curves',
      'error-collapse',
      'pstar-fit',
      'exponent-per-learner',
    ]);
    const curves = report.plots[0] as Extract<PlotData, { kind: 'error-curves' | 'error-collapse' }>;
    expect(new Set(curves.rows.map((x) => x.curve)).size).toBe(4);
    expect(curves.target).toBe(0.075);
    // mean over the two replicates at the first grid point of the first cell: (0.75 + 0.74) / 2, ± one standard error 0.005
    expect(curves.rows[0]?.testError).toBeCloseTo(0.745, 12);
    expect(curves.rows[0]?.lo).toBeCloseTo(0.74, 12);
    expect(curves.rows[0]?.hi).toBeCloseTo(0.75, 12);
    expect(curves.rows[0]?.n).toBe(2);
    expect(curves.replicates?.length).toBe(4 * 2 * 5);
    const fit = report.plots[2] as Extract<PlotData, { kind: 'pstar-fit' }>;
    // the line follows ln P* = a + b·(ln x − ln n_c) and the band contains it
    for (const p of fit.line) {
      expect(Math.log(p.fit)).toBeCloseTo(1.43 + 1.02 * (Math.log(p.x) - Math.log(4)), 9);
      expect(p.lo).toBeLessThanOrEqual(p.fit * (1 + 1e-12));
      expect(p.hi).toBeGreaterThanOrEqual(p.fit * (1 - 1e-12));
    }
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg[\s>]/g)?.length).toBe(4);
    expect(html).not.toContain('plot not rendered');
  });
});

describe('composed views (the shape rhm verify uses)', () => {
  test('tables and plots of every part in order, titles prefixed, the worst status wins', () => {
    const file = generateGrammar({ sampler: 'cagnetta', classes: 4, vocab: 4, m: 2, s: 2, L: 2, seed: 5 });
    const check = runCheck(compileGrammar(file), { samples: 0, source: 'small.json' });
    const scale = { ...scaleResult(), verdict: 'inconsistent' as const };
    const view = composeViews([
      { name: 'small', view: checkView(check) },
      { name: 'sweep', view: scaleView(scale) },
    ]);
    expect(view.status).toBe('negative');
    expect(view.plots.map((p) => p.kind)).toEqual([
      ...checkView(check).plots.map((p) => p.kind),
      'error-curves',
      'error-collapse',
      'pstar-fit',
      'exponent-per-learner',
    ]);
    expect(view.tables.every((t) => t.title.startsWith('small: ') || t.title.startsWith('sweep: '))).toBe(true);
    const report = buildRunReport(
      'verify',
      {},
      { root: 1 },
      { schema: 'rhm-scale/1', value: scale },
      { view, plots: ['pstar-fit'] },
    );
    expect(isValid(ReportSchema, report)).toBe(true);
    expect(report.summary.tables.length).toBe(view.tables.length);
    expect(report.plots.map((p) => p.title)).toEqual(['sweep: P* against n_c·mᴸ (log–log)']);
  });
});
