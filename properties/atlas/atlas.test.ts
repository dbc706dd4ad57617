import { AtlasResultSchema, type AtlasResult } from '../../spec/atlas';
import { schemaViolations } from '../../spec/validate';
import { runCheck } from '../../src/assumptions/check';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar } from '../../src/grammar/grammar';
import { runAtlasCell } from '../../src/scaling/atlas/cell';
import { runAtlas, ATLAS_DEFAULTS } from '../../src/scaling/atlas/run';
import { wilsonInterval } from '../../src/util/proportion';
import { rhm, rhmProcess } from '../support/cli';

/**
 * `rhm atlas`: the grid (v ∈ {4, 8}, n_c = v, m ∈ {2, 3, 4}, s = 2, L = 3,
 * 40 seeds, both samplers) through the CLI on the worker pool; every share is
 * the count of `rhm check` verdicts over the cell's seeds, with its Wilson interval.
 */

const ARGS = ['atlas', '--vocab', '4,8', '--m', '2,3,4', '--s', '2', '--L', '3', '--seeds', '40', '--workers', '2'];

let atlas: AtlasResult;
beforeAll(async () => {
  const r = await rhm([...ARGS, '--json', '--no-report']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  atlas = JSON.parse(r.stdout) as AtlasResult;
}, 120_000);

describe('[assumption-atlas] rhm atlas', () => {
  test('[assumption-atlas] the issue grid: 12 cells, rhm-atlas/1, every share in [0, 1] inside its Wilson interval', () => {
    expect(schemaViolations(AtlasResultSchema, atlas)).toEqual([]);
    expect(atlas.cells).toHaveLength(12);
    for (const c of atlas.cells) {
      expect(c.status).toBe('measured');
      expect(c.seeds).toBe(40);
      expect(c.classes).toBe(c.vocab);
      const holds: Record<string, number> = c.holds ?? {};
      const intervals = c.intervals ?? {};
      for (const [id, share] of Object.entries(holds)) {
        const iv = (intervals as Record<string, { count: number; of: number; low: number; high: number } | undefined>)[
          id
        ];
        if (iv === undefined) throw new Error(`no interval for ${id}`);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
        expect(share).toBe(iv.count / iv.of);
        expect(iv).toEqual({ count: iv.count, of: 40, ...wilsonInterval(iv.count, 40, 0.95) });
        expect(iv.low).toBeLessThanOrEqual(share);
        expect(iv.high).toBeGreaterThanOrEqual(share);
      }
      // `all` is the conjunction: never above any of its parts.
      expect(c.holds?.all ?? 1).toBeLessThanOrEqual(
        Math.min(
          c.holds?.['rule-structure'] ?? 1,
          c.holds?.['non-degeneracy'] ?? 1,
          c.holds?.['weak-identifiability'] ?? 1,
        ),
      );
      expect(c.prop19 === null).toBe(c.sampler === 'cagnetta');
    }
    expect(atlas.conclusions.map((c) => c.sampler)).toEqual(['cagnetta', 'uniform-first-token']);
  });

  test('[assumption-atlas] a cell counts exactly the verdicts of rhm check on its seeds', () => {
    const cell = atlas.cells.find((c) => c.sampler === 'cagnetta' && c.vocab === 8 && c.m === 2);
    if (!cell) throw new Error('cell missing');
    let all = 0;
    let weak = 0;
    for (let k = 0; k < 40; k++) {
      const g = compileGrammar(
        generateGrammar({ sampler: 'cagnetta', classes: 8, vocab: 8, m: 2, s: 2, L: 3, seed: k }),
      );
      const r = runCheck(g, { samples: 0 });
      const holds = (id: string): boolean => r.assumptions.find((a) => a.id === id)?.holds === true;
      if (holds('weak-identifiability')) weak++;
      if (holds('rule-structure') && holds('non-degeneracy') && holds('weak-identifiability')) all++;
    }
    expect(cell.intervals?.['weak-identifiability'].count).toBe(weak);
    expect(cell.intervals?.all.count).toBe(all);
  });

  test('[assumption-atlas] the result does not depend on the number of workers', async () => {
    const config = { ...ATLAS_DEFAULTS, vocab: [4], m: [2, 3], seeds: 10 };
    const strip = (r: AtlasResult) => r.cells.map(({ seconds: _s, ...c }) => c);
    const inThread = await runAtlas({ ...config, workers: 0 });
    const pooled = await runAtlas({ ...config, workers: 2 });
    if (inThread.status !== 'completed' || pooled.status !== 'completed') throw new Error('aborted');
    expect(strip(pooled.result)).toEqual(strip(inThread.result));
  }, 60_000);

  test('[assumption-atlas] impossible parameters are listed, not thrown; the correlation-free family never has a gap', () => {
    const impossible = runAtlasCell({
      sampler: 'cagnetta',
      vocab: 4,
      classes: 4,
      m: 6,
      s: 2,
      L: 3,
      seeds: 3,
      seed: 0,
      confidence: 0.95,
    });
    expect(impossible.status).toBe('impossible');
    expect(impossible.reason).toMatch(/m = 6 exceeds v\^\(s−1\) = 4/);
    const free = runAtlasCell({
      sampler: 'correlation-free',
      vocab: 4,
      classes: 4,
      m: 4,
      s: 2,
      L: 3,
      seeds: 10,
      seed: 0,
      confidence: 0.95,
    });
    expect(free.holds?.['weak-identifiability']).toBe(0);
    expect(free.holds?.['rule-structure']).toBe(1);
  });

  test('[assumption-atlas] bad flags exit 2 naming the flag', () => {
    const r = rhmProcess(['atlas', '--m', '2,2', '--seeds', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--m/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const ratio = rhmProcess(['atlas', '--ratio', '0.3', '--vocab', '4', '--seeds', '1', '--workers', '0']);
    expect(ratio.code).toBe(2);
    expect(ratio.stderr).toMatch(/--ratio/);
  });
});
