import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScoreResultSchema, type ScoreResult } from '../../spec/external-score';
import { schemaViolations } from '../../spec/validate';
import { binaryHeader, encodeHeader, encodeRecords } from '../../src/sampling/binary';
import { sampleIid } from '../../src/sampling/iid';
import { scoreRepresentations, type Representation } from '../../src/learners/score';
import { Rng } from '../../src/util/rng';
import { rhm, tempDir } from '../support/cli';
import { smallGrammarFile } from './support';

/**
 * Scoring of representations: vectors that identify the parent are recovered,
 * noise and vectors that identify only the patch are not (the planted violations
 * the scorer must find), and `rhm score` reads the same files as the external path.
 */

const { path, grammar } = smallGrammarFile();
const n = 512;
const batch = sampleIid(grammar, n, Rng.fromSeed(3).stream('test'), { latent: true });
const latent = batch.latent ?? [];

/** Level-l vectors: one-hot of `code(row)` in `dim` components, plus seeded Gaussian noise of scale `noise`. */
function vectors(
  level: number,
  dim: number,
  code: (row: number) => number,
  noise: number,
  seed: number,
): Representation {
  const rows = n * grammar.s ** (level - 1);
  const rng = Rng.fromSeed(seed).stream('noise');
  const v = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    for (let z = 0; z < dim; z++) v[r * dim + z] = noise * rng.normal();
    if (noise < 1) v[r * dim + code(r)] = (v[r * dim + code(r)] as number) + 1;
  }
  return { vectors: v, dim };
}
const parentOf = (level: number) => (r: number) => (latent[level - 1] as Int32Array)[r] as number;
/** A code of the patch itself: its s tokens as one number (distinct for distinct patches). */
const patchOf = (level: number) => (r: number) => {
  const c = latent[level] as Int32Array;
  return (c[r * 2] as number) * 4 + (c[r * 2 + 1] as number);
};

describe('[representation-scoring] per-level scores of representations', () => {
  const score = (reps: Map<number, Representation>) =>
    scoreRepresentations({ grammar, n, latent, representations: reps, threshold: 0.9, rng: Rng.fromSeed(0) });

  test('the one-hot parent (plus small noise) is recovered at every level; pure noise is not', () => {
    const good = score(new Map([1, 2].map((l) => [l, vectors(l, 8, parentOf(l), 0.05, l)])));
    for (const m of good) {
      expect(m.recovered).toBe(true);
      expect(m.recoveryRate).toBe(1);
      expect(m.synonymHalvesRate).toBe(1);
      expect(m.clusteringRate).toBe(1);
    }
    const noisy = score(new Map([[2, vectors(2, 8, parentOf(2), 1, 9)]]));
    const level2 = noisy[1];
    expect(level2?.recovered).toBe(false);
    // Chance is 1/4; 1024 noise rows keep the nearest-centroid rate within 0.25 ± 0.1 (a binomial 5σ band).
    expect(level2?.recoveryRate).toBeLessThan(0.35);
    expect(noisy[0]?.represented).toBe(false);
  });

  test('a code of the patch (not its parent) separates seen patches but not unseen synonyms: not recovered', () => {
    const [, m] = score(new Map([[2, vectors(2, 16, patchOf(2), 0, 1)]]));
    expect(m?.recoveryRate).toBeGreaterThan(0.9);
    expect(m?.synonymHalvesRate).toBeLessThan(0.5);
    expect(m?.recovered).toBe(false);
    expect(m?.assumption9).toBe(false);
  });
});

describe('[representation-scoring] rhm score', () => {
  const dir = tempDir();
  const inputs = join(dir, 'test.bin');
  writeFileSync(inputs, Buffer.concat([encodeHeader(binaryHeader(n, 2, 2, false, 3)), encodeRecords(batch, false)]));
  const write = (name: string, reps: [number, Representation][], predictions: boolean) => {
    const out = join(dir, name);
    mkdirSync(out);
    const list = reps.map(([level, r]) => {
      writeFileSync(join(out, `l${level}.f32`), Buffer.from(r.vectors.buffer));
      return { level, file: `l${level}.f32`, dim: r.dim };
    });
    if (predictions) writeFileSync(join(out, 'pred.i32'), Buffer.from(batch.labels.slice().buffer));
    const set = { ...(predictions ? { predictions: 'pred.i32' } : {}), representations: list };
    writeFileSync(
      join(out, 'result.json'),
      JSON.stringify({ format: 'rhm-external-result/1', outputs: { 'held-out': set } }),
    );
    return out;
  };

  test('parent codes: exit 0, every level recovered, test error 0, rhm-score/1 valid; the latent trees come from the parse', async () => {
    const reps = write(
      'good',
      [1, 2].map((l) => [l, vectors(l, 8, parentOf(l), 0.05, l)] as [number, Representation]),
      true,
    );
    const r = await rhm(['score', path, '--inputs', inputs, '--representations', reps, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ScoreResult;
    expect(schemaViolations(ScoreResultSchema, out)).toEqual([]);
    expect(out.latentFrom).toBe('parse');
    expect(out.testError).toBe(0);
    expect(out.levels.every((m) => m.recovered)).toBe(true);
  });

  test('a noise level: exit 1 naming it not recovered; a file of the wrong size: exit 2 naming the entry', async () => {
    const noisy = write(
      'noisy',
      [
        [1, vectors(1, 8, parentOf(1), 0.05, 1)],
        [2, vectors(2, 8, parentOf(2), 1, 2)],
      ],
      false,
    );
    const r = await rhm(['score', path, '--inputs', inputs, '--representations', noisy]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n\s+2\s+no\s/);
    const bad = write('bad', [[1, { vectors: new Float32Array(7), dim: 8 }]], false);
    const b = await rhm(['score', path, '--inputs', inputs, '--representations', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/outputs\/held-out\/representations\/0.*bytes, expected 16384/);
    const none = await rhm(['score', path]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--inputs is required/);
  });
});
