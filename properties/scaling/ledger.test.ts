import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCALE_CELL_FORMAT, type CellResult, type CellSpec } from '../../spec/scale';
import { InvalidInputError } from '../../src/errors';
import { canonicalJson, cellKey } from '../../src/scaling/job';
import { openLedger, readLedger } from '../../src/scaling/ledger';
import { tempDir } from '../support/cli';

/** Ledger mechanics on hand-made lines (no learner runs). */

function spec(m: number): CellSpec {
  return {
    format: SCALE_CELL_FORMAT,
    grammar: { kind: 'generated', sampler: 'cagnetta', classes: 8, vocab: 8, m, s: 2, L: 2 },
    replicates: [{ grammarSeed: 1, trainSeed: 2 }],
    learner: 'layerwise-cluster',
    learnerOptions: {},
    threshold: 0.1,
    testSamples: 100,
    search: { start: 4, ratio: 2, stride: 1, maxSamples: 64 },
    bootstrap: { resamples: 10, confidence: 0.95, seed: 0 },
    limits: { maxSeconds: null },
  };
}

const RESULT: CellResult = {
  grammarName: 'g',
  m: 2,
  L: 2,
  s: 2,
  classes: 8,
  vocab: 8,
  ncMToL: 32,
  pMax: '64',
  target: 0.0875,
  status: 'measured',
  pStar: 16,
  pStarLow: 16,
  pStarHigh: 16,
  replicates: [
    {
      grammarSeed: 1,
      trainSeed: 2,
      status: 'reached',
      pStar: 16,
      pStarLowerBound: null,
      points: [{ P: 16, samples: 16, testError: 0, passed: true, learnerStatus: 'learned' }],
      precheck: { failed: [] },
    },
  ],
};

function line(m: number) {
  const s = spec(m);
  return { key: cellKey(s), spec: s, result: { ...RESULT, m }, wallSeconds: 1, finishedAt: '2026-01-01T00:00:00.000Z' };
}

describe('sweep ledger (append-only JSON Lines)', () => {
  test('keys are SHA-256 of the canonical JSON: independent of key order, different for different specs', () => {
    const s = spec(2);
    const reordered = Object.fromEntries(Object.entries(s).reverse()) as unknown as CellSpec;
    expect(Object.keys(reordered)[0]).toBe('limits');
    expect(canonicalJson(reordered)).toBe(canonicalJson(s));
    expect(cellKey(reordered)).toBe(cellKey(s));
    expect(cellKey(spec(3))).not.toBe(cellKey(s));
    expect(cellKey(s)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a torn last line (kill mid-write) is ignored on read and cut off on resume', () => {
    const path = join(tempDir(), 'ledger.jsonl');
    const w = openLedger(path, false);
    w.append(line(2));
    w.append(line(3));
    w.close();
    const full = readFileSync(path, 'utf8');
    const secondStart = full.indexOf('\n') + 1;
    writeFileSync(path, full.slice(0, secondStart + 40));
    const torn = readLedger(path);
    expect(torn.lines.length).toBe(1);
    expect(torn.tornBytes).toBe(40);
    const resumed = openLedger(path, true);
    expect(resumed.existing.byKey.has(line(2).key)).toBe(true);
    resumed.append(line(3));
    resumed.close();
    expect(readFileSync(path, 'utf8')).toBe(full);
  });

  test('an existing ledger is never appended to without --resume', () => {
    const path = join(tempDir(), 'ledger.jsonl');
    const first = openLedger(path, false);
    first.close();
    expect(existsSync(path)).toBe(false); // nothing is written before the first finished cell
    const w = openLedger(path, false);
    w.append(line(2));
    w.close();
    expect(() => openLedger(path, false)).toThrow(InvalidInputError);
    try {
      openLedger(path, false);
    } catch (e) {
      expect((e as InvalidInputError).violations[0]).toMatchObject({ code: 'ledger-exists', path: '--out' });
    }
  });

  test('a corrupted complete line is refused with its line number', () => {
    const path = join(tempDir(), 'ledger.jsonl');
    const w = openLedger(path, false);
    w.append(line(2));
    w.close();
    appendFileSync(path, '{"not": "a ledger line"}\n');
    expect(() => readLedger(path)).toThrow(/line 2/);
    writeFileSync(path, 'garbage\n');
    expect(() => readLedger(path)).toThrow(/line 1.*not valid JSON/s);
  });
});
