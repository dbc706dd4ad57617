import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CellResult, CellSpec } from '../../spec/scale';
import { InvalidInputError } from '../../src/errors';
import { planSweep, resolveSweepConfig } from '../../src/scaling/sweep';
import { classifyTask, parseScontrolJobs } from '../../src/scaling/slurm/classify';
import { slurmMegabytes, slurmMinutes } from '../../src/scaling/slurm/commands';
import { SlurmExecutor } from '../../src/scaling/slurm/executor';
import { expandTaskId } from '../../src/scaling/slurm/poll';
import { packTasks } from '../../src/scaling/slurm/sbatch';
import { rhm, tempDir } from '../support/cli';

/**
 * The Slurm executor's logic against a fake cluster: shell scripts named
 * sbatch, squeue, scontrol and scancel in a temporary directory first on PATH.
 * The fake sbatch runs every task of the array at once (with the real batch
 * script, so the real `rhm scale-cell` from dist/) and logs its arguments;
 * squeue then lists nothing, and scontrol reports the state written in
 * $FAKE/state (FAILED by default) for a task that left no result.
 */

jest.setTimeout(120_000);

function fakeCluster(maxArraySize = 1001): string {
  const dir = tempDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const script = (name: string, body: string): void => {
    writeFileSync(join(bin, name), `#!/bin/bash\nFAKE=${dir}\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script(
    'sbatch',
    `echo "$@" >> "$FAKE/sbatch.log"
n=$(( $(cat "$FAKE/next" 2>/dev/null || echo 100) + 1 )); echo $n > "$FAKE/next"
range=""; for a in "$@"; do case "$a" in --array=*) range=\${a#--array=}; range=\${range%%%*};; esac; done
args=("$@"); file=\${args[-1]}; script=\${args[-2]}
for ((i=\${range%-*}; i<=\${range#*-}; i++)); do SLURM_ARRAY_TASK_ID=$i bash "$script" "$file" >> "$FAKE/tasks.log" 2>&1; done
echo "$n"`,
  );
  script('squeue', 'exit 0');
  script('scancel', 'echo "$@" >> "$FAKE/scancel.log"');
  script(
    'scontrol',
    `if [ "$2" = config ]; then echo "MaxArraySize            = ${maxArraySize}"; exit 0; fi
echo "JobId=1 ArrayTaskId=0 $(cat "$FAKE/state" 2>/dev/null || echo 'JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0') StdOut=$FAKE/log"
[ -f "$FAKE/state.next" ] && mv "$FAKE/state.next" "$FAKE/state"; exit 0`,
  );
  return dir;
}

const SPECS: CellSpec[] = planSweep(
  resolveSweepConfig({ m: [2, 3], L: [2], classes: [4], vocab: 4, seeds: 1, trainSeeds: 1, seed: 3 }),
).flatMap((p) => (p.kind === 'run' ? [p.spec] : []));

async function runFake(
  fake: string,
  specs: readonly CellSpec[],
  nodeCmd = '',
  extra: Partial<ConstructorParameters<typeof SlurmExecutor>[0]> = {},
): Promise<Map<number, CellResult>> {
  const saved = process.env.PATH;
  process.env.PATH = `${join(fake, 'bin')}:${saved ?? ''}`;
  try {
    const got = new Map<number, CellResult>();
    const ex = new SlurmExecutor({
      dir: join(fake, 'sweep'),
      resources: { sbatchArgs: [], nodeCmd },
      pollSeconds: 0.05,
      ...extra,
    });
    const outcome = await ex.run(specs, (i, r) => got.set(i, r));
    expect(outcome.status).toBe('completed');
    return got;
  } finally {
    process.env.PATH = saved;
  }
}

const sbatchCalls = (fake: string): string[] => readFileSync(join(fake, 'sbatch.log'), 'utf8').trim().split('\n');

/** Fails the first task that runs (the marker file makes it once only). */
const failOnce = (fake: string): string => `[ -e ${fake}/failed ] || { touch ${fake}/failed; exit 1; }`;

describe('Slurm executor parts', () => {
  test('scontrol records parse and classify (no slurmdbd)', () => {
    const [r] = parseScontrolJobs(
      'JobId=12 ArrayJobId=11 ArrayTaskId=1 JobName=x JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:125 StdOut=/d/l.log\n',
    );
    expect(r?.get('JobState')).toBe('OUT_OF_MEMORY');
    expect(r?.get('StdOut')).toBe('/d/l.log');
    expect(classifyTask(r).kind).toBe('out-of-memory');
    const kind = (s: string): string => classifyTask(new Map([['JobState', s]])).kind;
    expect([kind('PREEMPTED'), kind('NODE_FAIL'), kind('TIMEOUT'), kind('FAILED'), kind('COMPLETED')]).toEqual([
      'requeue',
      'requeue',
      'timeout',
      'failed',
      'failed',
    ]);
    expect([kind('PENDING'), kind('RUNNING')]).toEqual(['running', 'running']);
    expect(classifyTask(undefined).kind).toBe('failed');
  });

  test('squeue ids, Slurm times and sizes', () => {
    expect(expandTaskId('7_[0-2,5%2]')).toEqual(['7_0', '7_1', '7_2', '7_5']);
    expect(expandTaskId('7_3')).toEqual(['7_3']);
    expect([slurmMinutes('90'), slurmMinutes('1:30:00'), slurmMinutes('1-00'), slurmMinutes('2:30')]).toEqual([
      90, 90, 1440, 2.5,
    ]);
    expect(slurmMinutes('soon')).toBeUndefined();
    expect([slurmMegabytes('4G'), slurmMegabytes('512'), slurmMegabytes('512M')]).toEqual([4096, 512, 512]);
  });

  test('packing: large cells run alone, small ones share, at most maxPerTask per task', () => {
    const spec = (maxSamples: number): CellSpec => ({
      ...(SPECS[0] as CellSpec),
      search: { ...(SPECS[0] as CellSpec).search, maxSamples },
    });
    const specs = [1000, 100, 100, 100, 100, 100].map(spec);
    expect(packTasks(specs, 64, 8)).toEqual([[0], [1, 2, 3, 4, 5]]);
    expect(packTasks(specs, 64, 2)).toEqual([[0], [1, 2], [3, 4], [5]]);
    expect(packTasks(specs, 4, 8).length).toBeGreaterThanOrEqual(2);
  });
});

describe('Slurm executor against a fake sbatch/squeue/scontrol', () => {
  test('every cell comes back once; arrays split at MaxArraySize', async () => {
    const fake = fakeCluster(1);
    const got = await runFake(fake, SPECS, '', { maxCellsPerTask: 1 });
    expect([...got.keys()].sort()).toEqual(SPECS.map((_, i) => i));
    expect(sbatchCalls(fake)).toHaveLength(SPECS.length);
    expect(sbatchCalls(fake).every((c) => c.includes('--array=0-0'))).toBe(true);
  });

  test('a task that ends without a result is resubmitted', async () => {
    const fake = fakeCluster();
    const got = await runFake(fake, SPECS, failOnce(fake));
    expect(got.size).toBe(SPECS.length);
    expect(sbatchCalls(fake)).toHaveLength(2);
  });

  test('out of memory: retried once with doubled --mem', async () => {
    const fake = fakeCluster();
    writeFileSync(join(fake, 'state'), 'JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:125');
    const got = await runFake(fake, SPECS, failOnce(fake), {
      resources: { sbatchArgs: [], nodeCmd: failOnce(fake), memMb: 1000 },
    });
    expect(got.size).toBe(SPECS.length);
    const calls = sbatchCalls(fake);
    expect(calls[0]).toContain('--mem=1000M');
    expect(calls[1]).toContain('--mem=2000M');
  });

  test('a task that keeps failing is reported with its log after --max-retries', async () => {
    const fake = fakeCluster();
    await expect(runFake(fake, SPECS, 'exit 1', { maxRetries: 1 })).rejects.toThrow(
      /ended without a result 2 times.*log/s,
    );
    expect(sbatchCalls(fake)).toHaveLength(2);
  });

  test('invalid input aborts the sweep and cancels the arrays', async () => {
    const fake = fakeCluster();
    const bad = { ...(SPECS[0] as CellSpec), learner: 'no-such-learner' };
    const err = await runFake(fake, [bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).violations[0]?.code).toBe('unknown-learner');
    expect(existsSync(join(fake, 'scancel.log'))).toBe(true);
  });
});

describe('rhm scale-cell', () => {
  test('writes the result, exits 0 at once when it is there, and exit 2 writes the error beside it', async () => {
    const dir = tempDir();
    const spec = join(dir, 'cell.json');
    const out = join(dir, 'out.json');
    writeFileSync(spec, JSON.stringify(SPECS[0]));
    const first = await rhm(['scale-cell', spec, '-o', out]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/computed in/);
    const again = await rhm(['scale-cell', spec, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already has a result/);
    writeFileSync(spec, JSON.stringify({ ...SPECS[0], testSamples: -1 }));
    const bad = await rhm(['scale-cell', spec, '-o', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'bad.error.json'))).toBe(true);
  });
});
