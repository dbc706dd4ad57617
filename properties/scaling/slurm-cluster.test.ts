import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellSpec, LedgerLine, SweepConfig } from '../../spec/scale';
import { InvalidInputError } from '../../src/errors';
import { getLearner } from '../../src/learners/registry';
import { InProcessExecutor, type CellExecutor } from '../../src/scaling/pool';
import { SlurmExecutor } from '../../src/scaling/slurm/executor';
import { SlurmLayout } from '../../src/scaling/slurm/layout';
import { planSweep, resolveSweepConfig, runSweep } from '../../src/scaling/sweep';
import { childEnv, tempDir } from '../support/cli';

/**
 * `rhm scale --executor slurm` on the real one-node cluster that
 * scripts/start-local-slurm.sh brings up (.ci/run calls it). When the cluster
 * is not up, every test here is skipped and the script's reason is printed.
 */

jest.setTimeout(300_000);

const STATUS_FILE = process.env.RHM_SLURM_STATUS ?? '/tmp/rhm-local-slurm/status';

function clusterStatus(): { up: boolean; reason: string } {
  const sinfo = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 });
  const state = sinfo.status === 0 ? sinfo.stdout.trim() : '';
  if (/^(idle|mix|alloc)/.test(state)) return { up: true, reason: '' };
  const recorded = existsSync(STATUS_FILE) ? readFileSync(STATUS_FILE, 'utf8').trim() : '';
  const why = recorded.startsWith('down:')
    ? `scripts/start-local-slurm.sh: ${recorded.slice(5).trim()}`
    : sinfo.error
      ? 'sinfo not found: run scripts/start-local-slurm.sh (as root) first'
      : `sinfo reports '${state || sinfo.stderr.trim()}': run scripts/start-local-slurm.sh`;
  return { up: false, reason: why };
}

const STATUS = clusterStatus();
if (!STATUS.up)
  process.stdout.write(`slurm-cluster.test: skipped: the local Slurm cluster is not up (${STATUS.reason})\n`);
const maybe = STATUS.up ? test : test.skip;

const RHM = join(__dirname, '..', '..', 'bin', 'rhm.js');
// Six cells, about 8 s of work in all on one core.
const GRID = ['--m', '2,3,4', '--L', '2,3', '--classes', '8', '--vocab', '8', '--seeds', '2', '--train-seeds', '1'];
const CONFIG: SweepConfig = resolveSweepConfig({
  m: [2, 3, 4],
  L: [2, 3],
  classes: [8],
  vocab: 8,
  seeds: 2,
  trainSeeds: 1,
});

/** Ledger lines without their timing fields, as canonical text sorted by key. */
function ledgerScience(dir: string): string[] {
  return readFileSync(join(dir, 'ledger.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const { wallSeconds: _w, finishedAt: _f, ...rest } = JSON.parse(l) as LedgerLine;
      return JSON.stringify(rest);
    })
    .sort();
}

async function sweep(executor: CellExecutor, dir: string): Promise<number> {
  const t0 = performance.now();
  const o = await runSweep(CONFIG, { executor, ledgerPath: join(dir, 'ledger.jsonl'), resume: false });
  expect(o.status).toBe('completed');
  return (performance.now() - t0) / 1000;
}

const slurm = (dir: string, nodeCmd = '', extra = {}): SlurmExecutor =>
  new SlurmExecutor({ dir, resources: { sbatchArgs: [], nodeCmd }, pollSeconds: 0.5, ...extra });

/** How often each cell was computed (not skipped as already done), from the task logs. */
function computedCounts(dir: string): Map<string, number> {
  const logs = new SlurmLayout(dir).logs;
  const counts = new Map<string, number>();
  for (const f of readdirSync(logs))
    for (const m of readFileSync(join(logs, f), 'utf8').matchAll(/scale-cell: ([0-9a-f]{64}) computed/g))
      counts.set(m[1] ?? '', (counts.get(m[1] ?? '') ?? 0) + 1);
  return counts;
}

const squeueCount = (name: string): number =>
  spawnSync('squeue', ['-h', '-r', '-n', name], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => l.trim()).length;

describe('rhm scale on the local Slurm cluster', () => {
  maybe('a small sweep gives the same ledger as in-process (timing fields aside)', async () => {
    const local = tempDir();
    const onSlurm = tempDir();
    const tLocal = await sweep(new InProcessExecutor(getLearner), local);
    const tSlurm = await sweep(slurm(onSlurm), onSlurm);
    process.stdout.write(
      `slurm-cluster.test: 6-cell sweep: in-process ${tLocal.toFixed(1)} s, Slurm ${tSlurm.toFixed(1)} s; ledgers identical\n`,
    );
    expect(ledgerScience(onSlurm)).toEqual(ledgerScience(local));
    expect(ledgerScience(onSlurm)).toHaveLength(6);
  });

  maybe('an injected failing task is resubmitted and the sweep completes', async () => {
    const dir = tempDir();
    const logs: string[] = [];
    await sweep(
      slurm(dir, `[ -e ${dir}/failed ] || { touch ${dir}/failed; exit 1; }`, { log: (l: string) => logs.push(l) }),
      dir,
    );
    expect(existsSync(join(dir, 'failed'))).toBe(true);
    expect(logs.some((l) => /ended without a result/.test(l))).toBe(true);
    expect(ledgerScience(dir)).toHaveLength(6);
  });

  maybe('a requeued task and a killed driver, then --resume: nothing lost, duplicated or redone', async () => {
    const dir = tempDir();
    const args = [
      RHM,
      'scale',
      ...GRID,
      '--executor',
      'slurm',
      '--cells-per-task',
      '1',
      '--max-concurrent',
      '1',
      '--poll-seconds',
      '0.5',
      '--out',
      dir,
    ];
    const driver = spawn(process.execPath, args, { stdio: 'ignore', env: childEnv() });
    const layout = new SlurmLayout(dir);
    const running = (): string | undefined =>
      spawnSync('squeue', ['-h', '-r', '-n', layout.jobName, '-t', 'RUNNING', '-o', '%i'], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .find((l) => l !== '');
    // Wait until one result is in and a later task runs, then requeue that task and kill the driver. The task id is
    // read and requeued in one step, and a task that finished between the two (a race under load) is replaced by the
    // next running one, so the test always requeues a task that was running.
    let requeued: string | undefined;
    for (let i = 0; i < 600 && requeued === undefined; i++) {
      const task = existsSync(layout.results) && readdirSync(layout.results).length >= 1 ? running() : undefined;
      if (task !== undefined && spawnSync('scontrol', ['requeue', task]).status === 0) requeued = task;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(requeued).toBeDefined();
    driver.kill('SIGKILL');
    await new Promise((r) => driver.once('exit', r));
    expect(squeueCount(layout.jobName)).toBeGreaterThan(0);
    const resumed = spawnSync(process.execPath, [...args, '--resume'], {
      encoding: 'utf8',
      timeout: 280_000,
      env: childEnv(),
    });
    expect(resumed.stderr).toMatch(/already queued or running/);
    expect([0, 1]).toContain(resumed.status);
    const lines = readFileSync(join(dir, 'ledger.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const keys = lines.map((l) => (JSON.parse(l) as LedgerLine).key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(6);
    const counts = computedCounts(dir);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(counts.size).toBe(6);
  });

  maybe('invalid input aborts the sweep and leaves no job behind', async () => {
    const dir = tempDir();
    const spec = planSweep(CONFIG).find((p) => p.kind === 'run');
    const bad = { ...(spec?.kind === 'run' ? spec.spec : ({} as CellSpec)), learner: 'no-such-learner' };
    const ex = slurm(dir);
    await expect(ex.run([bad], () => undefined)).rejects.toBeInstanceOf(InvalidInputError);
    expect(readdirSync(new SlurmLayout(dir).results).some((f) => f.endsWith('.error.json'))).toBe(true);
    expect(squeueCount(new SlurmLayout(dir).jobName)).toBe(0);
  });
});
