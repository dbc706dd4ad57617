import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CellResult, CellSpec } from '../../spec/scale';
import { InvalidInputError } from '../../src/errors';
import { resolveSweepConfig } from '../../src/scaling/config';
import { cellKey } from '../../src/scaling/job';
import { readLedger } from '../../src/scaling/ledger';
import { LOCK_FILE, lockSweep } from '../../src/scaling/lock';
import type { CellExecutor } from '../../src/scaling/pool';
import { runSweep } from '../../src/scaling/run';
import { tempDir } from '../support/cli';

/** An executor that never runs a cell (the guards act before any cell would). */
const NEVER: CellExecutor = {
  workers: 0,
  run: () => Promise.reject(new Error('no cell should run')),
};

/** An executor that answers every cell with a fixed, valid result. */
function fake(): CellExecutor {
  return {
    workers: 0,
    run: (specs: readonly CellSpec[], onResult: (i: number, r: CellResult, s: number) => void) => {
      specs.forEach((spec, i) => {
        const g = spec.grammar.kind === 'generated' ? spec.grammar : null;
        const m = g?.m ?? 2;
        const L = g?.L ?? 2;
        onResult(
          i,
          {
            grammarName: 'g',
            m,
            L,
            s: 2,
            classes: 8,
            vocab: 8,
            ncMToL: 8 * m ** L,
            pMax: String(8 * m ** (2 ** L - 1)),
            target: 0.0875,
            status: 'measured',
            pStar: 100,
            pStarLow: 100,
            pStarHigh: 100,
            replicates: [],
          },
          0.01,
        );
      });
      return Promise.resolve({ status: 'completed' as const });
    },
  };
}

function violationCodes(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InvalidInputError) return e.violations.map((v) => `${v.path}:${v.code}`);
    throw e;
  }
  return [];
}

describe('sweep guards (issue: reliability)', () => {
  test('a grid value listed twice is refused naming the flag (it would count twice in the fit)', () => {
    expect(violationCodes(() => resolveSweepConfig({ m: [2, 2, 3], L: [2, 3] }))).toEqual(['--m:duplicate-value']);
    expect(violationCodes(() => resolveSweepConfig({ L: [3, 3] }))).toEqual(['--L:duplicate-value']);
    expect(violationCodes(() => resolveSweepConfig({ m: [2, 3], L: [2, 3] }))).toEqual([]);
  });

  test('a second sweep on a locked directory is refused naming the owner; a stale lock (dead pid) is taken over', async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, 'ledger.jsonl');
    const release = lockSweep(ledgerPath);
    await expect(runSweep(resolveSweepConfig({}), { executor: NEVER, ledgerPath, resume: false })).rejects.toThrow(
      new RegExp(`in use by process ${process.pid} on `),
    );
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // A lock whose owner died (SIGKILL) is stale: a child process that has exited leaves its pid free.
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid ?? 0;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: 'then' }));
    const again = lockSweep(ledgerPath);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    again();
  });

  test('--resume with another configuration than the ledger’s is refused, naming a cell that differs', async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, 'ledger.jsonl');
    const first = await runSweep(resolveSweepConfig({ m: [3, 4], L: [3], seeds: 1, includeFailing: true }), {
      executor: fake(),
      ledgerPath,
      resume: false,
    });
    expect(first.status).toBe('completed');
    await expect(
      runSweep(resolveSweepConfig({ m: [3, 6], L: [3], seeds: 1, includeFailing: true }), {
        executor: NEVER,
        ledgerPath,
        resume: true,
      }),
    ).rejects.toThrow(
      /holds 1 cell\(s\) that this configuration does not plan \(e\.g\. learner layerwise-cluster, cagnetta, m = 4, L = 3/,
    );
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  test('a ledger line whose key is not the hash of its spec is refused as corrupted', async () => {
    const dir = tempDir();
    const ledgerPath = join(dir, 'ledger.jsonl');
    await runSweep(resolveSweepConfig({ m: [3], L: [3], seeds: 1, includeFailing: true }), {
      executor: fake(),
      ledgerPath,
      resume: false,
    });
    const line = JSON.parse(readFileSync(ledgerPath, 'utf8')) as { key: string; spec: CellSpec };
    expect(line.key).toBe(cellKey(line.spec));
    writeFileSync(
      ledgerPath,
      `${JSON.stringify({ ...line, spec: { ...line.spec, testSamples: line.spec.testSamples + 1 } })}\n`,
    );
    expect(() => readLedger(ledgerPath)).toThrow(/is not the SHA-256 of its cell spec/);
  });
});
