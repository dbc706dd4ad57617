import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The package as a user installs it: `npm pack` (of the built dist/, scripts not rerun), the
 * tarball installed into a scratch project in the OS temporary directory (npm's cache first,
 * the registry only for what it lacks), a TypeScript learner written there compiled against
 * the installed types (exports and `rhm-harness/testing` resolved as Node 16+ resolves them),
 * then jest in that project runs `learnerProperties` on it and a `runSweep` whose cells run on
 * the worker pool, which loads the learner's module. Nothing is written in the repository.
 */

const ROOT = join(__dirname, '..', '..');
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

function run(cmd: string, args: readonly string[], cwd: string, timeout = 300_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, RHM_NO_REPORT: '1' } });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited ${String(r.status)}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`,
    );
  return r;
}

const LEARNER_TS = `import { layerwiseCluster, registerLearner, type Learner, type LearnRequest } from 'rhm-harness';

/** A user's learner: the built-in layerwise clustering under another name (any Learner works). */
export const myLearner: Learner = {
  ...layerwiseCluster,
  name: 'my-cluster',
  description: 'layerwise clustering, wrapped by a user',
  async run(request: LearnRequest) {
    const out = await layerwiseCluster.run(request);
    return { ...out, learner: 'my-cluster' };
  },
};

// Registered with its module, so the worker threads of runSweep load it too.
registerLearner(myLearner, { module: __filename });
`;

const TEST_TS = `import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThreadPoolExecutor, resolveSweepConfig, runSweep } from 'rhm-harness';
import { generatorParams, learnerProperties } from 'rhm-harness/testing';
import { myLearner } from './learner';

learnerProperties(myLearner, { numRuns: 2, zeroGap: false, budget: (p) => 16 * p.classes * p.m ** p.L });

test('the arbitraries are usable', () => {
  expect(typeof generatorParams('cagnetta').generate).toBe('function');
});

test('runSweep runs the user learner on the worker pool', async () => {
  const config = resolveSweepConfig({ learner: 'my-cluster', classes: [6], vocab: 6, m: [3], L: [2], seeds: 2, trainSeeds: 1, bootstrapResamples: 100 });
  const ledgerPath = join(mkdtempSync(join(tmpdir(), 'rhm-sweep-')), 'ledger.jsonl');
  const out = await runSweep(config, { executor: new ThreadPoolExecutor(2), ledgerPath, resume: false });
  expect(out.status).toBe('completed');
  if (out.status !== 'completed') return;
  expect(out.result.learner).toBe('my-cluster');
  expect(out.result.cells[0]?.pStar).toBeGreaterThan(0);
});
`;

describe('the packed package, installed into a scratch project', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rhm-pack-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('[library-packed] npm pack ships dist, bin, schemas and docs only; a user learner passes learnerProperties and runs on the worker pool', () => {
    const packed = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch, ...NPM_FLAGS], ROOT).stdout,
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]?.files.map((f) => f.path) ?? [];
    expect(files.filter((f) => /\.test\.|^properties\/|^bench\/|^src\/|\.map$/.test(f))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/rhm.js',
        'dist/src/index.js',
        'dist/src/testing/index.d.ts',
        'spec/schemas/rhm-grammar-1.schema.json',
        'docs/theory.md',
      ]),
    );
    const fastCheck = (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', 'fast-check', 'package.json'), 'utf8')) as { version: string }
    ).version;
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, version: '0.0.0' }));
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--omit=optional',
        '--ignore-scripts',
        ...NPM_FLAGS,
        `./${packed[0]?.filename ?? ''}`,
        `fast-check@${fastCheck}`,
      ],
      scratch,
    );
    writeFileSync(join(scratch, 'learner.ts'), LEARNER_TS);
    writeFileSync(join(scratch, 'learner.test.ts'), TEST_TS);
    const types = join(ROOT, 'node_modules', '@types');
    run(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--target',
        'es2022',
        '--skipLibCheck',
        '--typeRoots',
        types,
        '--types',
        'node,jest',
        'learner.ts',
        'learner.test.ts',
      ],
      scratch,
    );
    const config = JSON.stringify({ testEnvironment: 'node', testMatch: ['<rootDir>/*.test.js'], rootDir: scratch });
    const jest = run(
      process.execPath,
      [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', config, '--ci', '--watchman=false'],
      scratch,
    );
    expect(jest.stderr).toMatch(/Tests:\s+5 passed, 5 total/);
  }, 600_000);
});
