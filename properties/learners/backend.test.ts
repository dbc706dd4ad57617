import { InvalidInputError } from '../../src/errors';
import { BACKEND_NAMES, ensureBackend, liveTensors } from '../../src/learners/backend';
import { cnn } from '../../src/learners/cnn';
import { layerwiseRf } from '../../src/learners/layerwise-rf';
import { smallGrammar } from './support';

function nativeLoads(): boolean {
  try {
    // A probe of the optional native backend: it must not be a static import, which would fail without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('TensorFlow.js backend choice', () => {
  test('automatic choice prefers tfjs-node, then wasm, then cpu; the result records name, threads and version', async () => {
    const info = await ensureBackend();
    expect(BACKEND_NAMES).toContain(info.name);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    if (nativeLoads()) expect(info.name).toBe('tensorflow');
    else expect(info.name).toBe('wasm');
    if (info.name === 'wasm') expect(info.threads).toBeGreaterThanOrEqual(1);
  });

  test('--backend overrides; an unavailable backend is refused naming --backend', async () => {
    expect((await ensureBackend('cpu')).name).toBe('cpu');
    expect((await ensureBackend('cpu')).threads).toBe(1);
    if (!nativeLoads()) {
      await expect(ensureBackend('tensorflow')).rejects.toThrow(InvalidInputError);
      await expect(ensureBackend('tensorflow')).rejects.toThrow(/- backend: /);
    }
    expect((await ensureBackend('wasm')).name).toBe('wasm');
  });

  test('a TensorFlow.js learner records the backend it ran on; layerwise-rf (plain loops) records none and gives the same bytes whatever --backend says', async () => {
    const g = smallGrammar('uniform-first-token', 2, 2);
    const before = liveTensors();
    const net = { width: 16, maxEpochs: 1, sensitivitySamples: 0 };
    const c = await cnn.run({ grammar: g, samples: 128, seed: 2, testSamples: 100, options: net, backend: 'cpu' });
    const w = await cnn.run({ grammar: g, samples: 128, seed: 2, testSamples: 100, options: net, backend: 'wasm' });
    expect(c.backend?.name).toBe('cpu');
    expect(w.backend?.name).toBe('wasm');
    const opts = { features: 64 };
    const a = await layerwiseRf.run({
      grammar: g,
      samples: 512,
      seed: 2,
      testSamples: 300,
      options: opts,
      backend: 'cpu',
    });
    const b = await layerwiseRf.run({
      grammar: g,
      samples: 512,
      seed: 2,
      testSamples: 300,
      options: opts,
      backend: 'wasm',
    });
    expect(a.backend).toBeNull();
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
    expect(liveTensors()).toBe(before);
  });
});
