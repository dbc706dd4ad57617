import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { learnMemoryEstimate } from '../../src/learners/memory';
import { defaultMemoryLimit, formatBytes, parseBytes } from '../../src/util/memory';
import { childEnv, rhm, tempDir } from '../support/cli';

const BIN = join(__dirname, '..', '..', 'bin', 'rhm.js');

/** Spawn the built CLI with a hard timeout; the refusal must come well before it. */
function timed(argv: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stderr: string; seconds: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...childEnv(), ...env },
  });
  return { code: r.status, stderr: r.stderr, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** A (V,m)-uniform shape: n_c classes, vocabulary v at every level below, m productions per symbol. */
function shape(nc: number, v: number, m: number, s: number, L: number) {
  return {
    s,
    L,
    vocabulary: [nc, ...new Array<number>(L).fill(v)],
    productions: [nc * m, ...new Array<number>(L - 1).fill(v * m)],
  };
}

// Each refusal is a child process that must exit 2 within this many seconds (node start-up and
// module loading included; the old behaviour ran for minutes and reached gigabytes).
const QUICK_SECONDS = 20;

describe('memory estimates refuse a run before it allocates (exit 2, the estimate and the limit)', () => {
  test('sizes parse and print; the default limit is 2 GiB or a quarter of the machine', () => {
    expect(parseBytes('8G')).toBe(8 * 2 ** 30);
    expect(parseBytes('512MiB')).toBe(512 * 2 ** 20);
    expect(parseBytes('1.5k')).toBe(1536);
    expect(parseBytes('lots')).toBeNull();
    expect(parseBytes('0')).toBeNull();
    expect(formatBytes(2 * 2 ** 30)).toBe('2.00 GiB');
    expect(defaultMemoryLimit()).toBeLessThanOrEqual(2 * 2 ** 30);
  });

  test('layerwise-cluster with vocabularies of 2^14 … 2^20: every estimate is above 2 GiB (the k × k matching)', () => {
    for (let e = 14; e <= 20; e++) {
      const est = learnMemoryEstimate('layerwise-cluster', shape(2, 2 ** e, 2, 2, 2), {
        samples: 10_000,
        testSamples: 4096,
      });
      expect(est.bytes).toBeGreaterThan(2 * 2 ** 30);
      expect(est.terms[0]?.what).toMatch(/recovery matching/);
    }
  });

  test('as a process: layerwise-cluster on a valid grammar with v = 2^14 is refused in seconds', async () => {
    const dir = tempDir();
    const g = join(dir, 'v14.json');
    const gen = ['generate', '--sampler', 'cagnetta', '--classes', '2', '--vocab', '16384', '--m', '2'];
    expect((await rhm([...gen, '--s', '2', '--L', '2', '--seed', '1', '-o', g])).code).toBe(0);
    const r = timed(['learn', g, '--learner', 'layerwise-cluster', '--samples', '100000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GRAMMAR: the run needs an estimated 4\.\d\d GiB of memory, more than the limit/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.seconds).toBeLessThan(QUICK_SECONDS);
  });

  test('as a process: fcn with 6·10^7 samples is refused in seconds, naming --samples', async () => {
    const dir = tempDir();
    const g = join(dir, 'g.json');
    const gen = ['generate', '--sampler', 'cagnetta', '--classes', '4', '--vocab', '8', '--m', '2'];
    expect((await rhm([...gen, '--s', '2', '--L', '3', '--seed', '1', '-o', g])).code).toBe(0);
    const r = timed(['learn', g, '--learner', 'fcn', '--samples', '60000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--samples: the run needs an estimated 2\.\d\d GiB of memory, more than the limit/);
    expect(r.stderr).toMatch(/training samples \(60000000 × d = 8/);
    expect(r.seconds).toBeLessThan(QUICK_SECONDS);
    // The limit is the user's to raise or lower: --memory-limit and RHM_MEMORY_LIMIT.
    const tiny = timed(['learn', g, '--learner', 'layerwise-cluster', '--samples', '1000', '--memory-limit', '64K']);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(/more than the limit 64\.0 KiB/);
    const env = timed(['learn', g, '--learner', 'layerwise-cluster', '--samples', '1000'], { RHM_MEMORY_LIMIT: '64K' });
    expect(env.stderr).toMatch(/more than the limit 64\.0 KiB/);
    const bad = timed(['learn', g, '--learner', 'layerwise-cluster', '--samples', '1000'], {
      RHM_MEMORY_LIMIT: 'lots',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/RHM_MEMORY_LIMIT: 'lots' is not a size/);
  });
});
