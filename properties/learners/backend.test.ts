import { InvalidInputError } from '../../src/errors';
import { BACKEND_NAMES, ensureBackend, liveTensors } from '../../src/learners/backend';
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
      await expect(ensureBackend('tensorflow')).rejects.toThrow(/--backend/);
    }
    expect((await ensureBackend('wasm')).name).toBe('wasm');
  });

  test('the cpu and wasm backends give the same learner outcome up to float32 round-off (same seed)', async () => {
    const g = smallGrammar('uniform-first-token', 2, 2);
    const before = liveTensors();
    const a = await layerwiseRf.run({
      grammar: g,
      samples: 512,
      seed: 2,
      testSamples: 300,
      options: { features: 64 },
      backend: 'cpu',
    });
    const b = await layerwiseRf.run({
      grammar: g,
      samples: 512,
      seed: 2,
      testSamples: 300,
      options: { features: 64 },
      backend: 'wasm',
    });
    expect(a.backend?.name).toBe('cpu');
    expect(b.backend?.name).toBe('wasm');
    expect(a.testError).toBe(b.testError);
    expect(a.levels.map((x) => x.recoveryRate)).toEqual(b.levels.map((x) => x.recoveryRate));
    expect(liveTensors()).toBe(before);
  });
});
