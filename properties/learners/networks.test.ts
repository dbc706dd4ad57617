import { makeParser } from '../../src/grammar/parse';
import { sampleIid } from '../../src/sampling/iid';
import { Rng } from '../../src/util/rng';
import { ensureBackend, liveTensors } from '../../src/learners/backend';
import { cnn } from '../../src/learners/cnn';
import { fcn } from '../../src/learners/fcn';
import { synonymExchange } from '../../src/learners/nn';
import { targetError } from '../../src/exact/target';
import { levelOf, smallGrammar } from './support';

/**
 * cnn on cagnetta v = n_c = 8, m = 2, s = 2, L = 2 (H = 256, Adam, lr 0.01).
 * Measured test error, seeds 1–5: C = 1: 0.27–0.41; C = 2: 0.10–0.19; C = 4: 0–0.036;
 * C = 8: 0–0.018 (all below the 10%-of-chance target 0.0875). Fixed seeds below.
 */
const C_CNN = 8;

describe('cnn and fcn baselines', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  test('synonym exchange at level l keeps every symbol of level l−1 (hence the label) and changes the input', () => {
    const g = smallGrammar('cagnetta', 4, 3);
    const parse = makeParser(g);
    const batch = sampleIid(g, 200, Rng.fromSeed(1).stream('sample'), { latent: true });
    for (let l = 1; l <= 3; l++) {
      const ex = synonymExchange(g, batch, l, Rng.fromSeed(1).stream(`x${l}`));
      let changed = 0;
      for (let i = 0; i < batch.n; i++) {
        const r = parse(ex.subarray(i * 8, i * 8 + 8));
        expect(r.status).toBe('parsed');
        if (r.status !== 'parsed') continue;
        const width = 2 ** (l - 1);
        expect(r.latent[l - 1]).toEqual(Array.from(batch.latent?.[l - 1]?.subarray(i * width, (i + 1) * width) ?? []));
        if (ex.subarray(i * 8, i * 8 + 8).some((t, k) => t !== batch.tokens[i * 8 + k])) changed++;
      }
      // With m = 4 a node keeps its production with probability 1/4: most inputs change.
      expect(changed).toBeGreaterThan(batch.n / 2);
    }
  });

  test('cnn with P = C·n_c·m^L (C = 8) reaches 10%-of-chance error; sensitivity per level and layer is reported; no tensor leaks', async () => {
    const g = smallGrammar('cagnetta', 2, 2);
    const before = liveTensors();
    const out = await cnn.run({
      grammar: g,
      samples: C_CNN * 8 * 4,
      seed: 1,
      testSamples: 1000,
      options: { sensitivitySamples: 256 },
    });
    expect(liveTensors()).toBe(before);
    expect(out.status).toBe('learned');
    expect(out.testError).toBeLessThanOrEqual(targetError(8));
    for (const lv of out.levels) {
      expect(lv.recoveryRate).toBeNull();
      const sens = levelOf(out, lv.level, 'network').synonymicSensitivity as number[];
      expect(sens).toHaveLength(2);
      for (const x of sens) expect(x).toBeGreaterThanOrEqual(0);
    }
    // The top layer of a trained network is nearly invariant to exchanging the input-level synonyms.
    expect((levelOf(out, 2, 'network').synonymicSensitivity as number[])[1] as number).toBeLessThan(0.5);
  });

  test('same seed, same result (seeded initialisation and shuffling); fcn trains with the same loop and leaks nothing', async () => {
    const g = smallGrammar('cagnetta', 2, 2);
    const opts = { width: 32, maxEpochs: 3, sensitivitySamples: 64 };
    const a = await cnn.run({ grammar: g, samples: 128, seed: 4, testSamples: 200, options: opts });
    const b = await cnn.run({ grammar: g, samples: 128, seed: 4, testSamples: 200, options: opts });
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
    const before = liveTensors();
    const f = await fcn.run({
      grammar: g,
      samples: 128,
      seed: 4,
      testSamples: 200,
      options: { ...opts, optimizer: 'sgd', learningRate: 1 },
    });
    expect(liveTensors()).toBe(before);
    expect([1, 2].map((l) => (levelOf(f, l, 'network').synonymicSensitivity as number[]).length)).toEqual([1, 1]);
    expect(f.backend).not.toBeNull();
  });
});

describe('cnn and fcn refuse sizes that would not fit', () => {
  test('a width whose parameters or activations exceed the limit is refused naming the option, before any allocation', async () => {
    const g = smallGrammar('cagnetta', 2, 2);
    await expect(
      cnn.run({ grammar: g, samples: 10, seed: 1, testSamples: 10, options: { width: 60000 } }),
    ).rejects.toThrow(/--option width/);
    await expect(
      fcn.run({ grammar: g, samples: 10, seed: 1, testSamples: 10, options: { width: 60000 } }),
    ).rejects.toThrow(/--option (width|batchSize)/);
  });
});
