import type { Grammar } from '../../../src/grammar/grammar';
import type { SampleBatch } from '../../../src/sampling/iid';
import type { Rng } from '../../../src/util/rng';
import { at } from '../../support/checked';

/**
 * A deliberately WRONG sampler, for the power check of the clean-signal test
 * only: it plants a label leak. Every node at level ≥ `level` inside the
 * subtree of the first level-`level` patch chooses production (ζ mod #prods)
 * with probability `strength` (ζ = the label) instead of uniformly. The patch
 * itself keeps its exact law, so q_µ is unchanged, but its realisation now
 * depends on the label given the patch — exactly what clean signal forbids.
 * Uniform label; rule weights ignored (use uniform grammars).
 */
export function sampleWithLabelLeak(
  g: Grammar,
  n: number,
  rng: Rng,
  leak: { level: number; strength: number },
): SampleBatch {
  const { s, L } = g;
  const d = s ** L;
  const nc = g.vocabulary[0] as number;
  const latent: Int32Array[] = Array.from({ length: L + 1 }, (_, k) => new Int32Array(n * s ** k));
  for (let i = 0; i < n; i++) {
    const label = rng.int(nc);
    (latent[0] as Int32Array)[i] = label;
    for (let k = 0; k < L; k++) {
      const r = at(g.levels, k);
      const width = s ** k;
      const here = latent[k] as Int32Array;
      const next = latent[k + 1] as Int32Array;
      const leaking = k >= leak.level ? s ** (k - leak.level + 1) : 0;
      for (let j = 0; j < width; j++) {
        const nu = here[i * width + j] as number;
        const lo = r.offsets[nu] as number;
        const count = (r.offsets[nu + 1] as number) - lo;
        const choice = j < leaking && rng.nextFloat() < leak.strength ? label % count : rng.int(count);
        const p = lo + choice;
        for (let c = 0; c < s; c++) next[(i * width + j) * s + c] = r.children[p * s + c] as number;
      }
    }
  }
  return { n, d, tokens: latent[L] as Int32Array, labels: latent[0] as Int32Array, latent };
}
