import { checkWeakIdentifiability } from '../../src/assumptions/weak-identifiability';
import { compileGrammar } from '../../src/grammar/grammar';
import { layerwiseRf } from '../../src/learners/layerwise-rf';
import { realisationGeometry } from '../../src/learners/rf/realisations';
import { zeroGapGrammar } from '../assumptions/support/planted';
import { levelOf, smallGrammar, ZERO_GAP_FILE } from './support';

describe('layerwise-rf: recovery in the paper’s sense (theory.md §6)', () => {
  test('realisation geometry: ε̃_S is the largest within-parent distance, ρ̃ the smallest across parents (hand example)', () => {
    // Parent 0 at (0,0) and (3,4) (a repeat of (0,0) counts once); parent 1 at (3,0).
    const out = Float32Array.from([0, 0, 3, 4, 0, 0, 3, 0]);
    const truth = Int32Array.from([0, 0, 0, 1]);
    const g = realisationGeometry(out, truth, 4, 2);
    expect(g.realisations).toBe(3);
    expect(g.complete).toBe(true);
    expect(g.intraDiameter).toBe(5);
    expect(g.interDistance).toBe(3);
  });

  test('recovered ⇔ max‖h − q_µ‖ < ρ̂/2, stated per level with its criterion; the weak nearest-q rate is kept beside it', async () => {
    const g = smallGrammar('uniform-first-token', 2, 2);
    const out = await layerwiseRf.run({
      grammar: g,
      samples: 2048,
      seed: 3,
      testSamples: 500,
      options: { features: 128 },
    });
    for (const l of [1, 2]) {
      const m = levelOf(out, l, 'layerwise-rf');
      expect(m.halfGap).toBe((m.exactGap ?? NaN) / 2);
      expect(m.recovered).toBe(m.maxDistanceToQ !== null && m.halfGap !== null && m.maxDistanceToQ < m.halfGap);
      expect(m.recoveryCriterion).toContain(`ρ̂^(${l})/2`);
      // P_max = 8·2^3 = 64: the maximum is taken over the whole support, which contains every held-out input.
      expect(m.maxDistanceScope).toBe('support');
      expect(m.maxDistanceToQ as number).toBeGreaterThanOrEqual(m.maxErrorToQ as number);
      expect(m.recoveryCriterion).toContain('every input of the grammar');
      expect(m.assumption9).toBe(m.interDistance !== null && m.intraDiameter < m.interDistance);
    }
    const unrecovered = out.levels.filter((m) => m.kind === 'layerwise-rf' && !m.recovered).map((m) => m.level);
    if (unrecovered.length > 0) expect(out.reason).toMatch(/not recovered in the paper's sense/);
    else expect(out.reason).toBeUndefined();
  });

  test('beyond 10^5 inputs the criterion is taken over the held-out patches', async () => {
    const g = smallGrammar('uniform-first-token', 2, 3); // P_max = 8·2^7 = 1024
    const big = smallGrammar('uniform-first-token', 4, 3); // P_max = 8·4^7 = 131072 > 10^5
    const small = await layerwiseRf.run({
      grammar: g,
      samples: 1024,
      seed: 2,
      testSamples: 200,
      options: { features: 64 },
    });
    const large = await layerwiseRf.run({
      grammar: big,
      samples: 4096,
      seed: 2,
      testSamples: 200,
      options: { features: 64 },
    });
    expect(levelOf(small, 1, 'layerwise-rf').maxDistanceScope).toBe('support');
    const l1 = levelOf(large, 1, 'layerwise-rf');
    expect(l1.maxDistanceScope).toBe('held-out');
    expect(l1.maxDistanceToQ).toBe(l1.maxErrorToQ);
  });

  test('a zero first-patch gap is never recovered in the paper’s sense, whatever the nearest-q rate', async () => {
    const out = await layerwiseRf.run({
      grammar: compileGrammar(ZERO_GAP_FILE),
      samples: 4096,
      seed: 1,
      testSamples: 1000,
      options: { features: 128 },
    });
    const l2 = levelOf(out, 2, 'layerwise-rf');
    expect(l2.exactGap).toBe(0);
    expect(l2.halfGap).toBe(0);
    expect(l2.recovered).toBe(false);
    expect(out.reason).toMatch(/^level 2 not recovered in the paper's sense.*zero gap/);
  });

  test('rhm check on a zero first-patch gap names the all-positions gap instead of claiming no learner can separate the parents', () => {
    const v = checkWeakIdentifiability(compileGrammar(zeroGapGrammar()), { positions: 'all' });
    const zero = v.violations.find((x) => x.code === 'zero-gap');
    expect(zero?.message).toMatch(/minGapAllPositions/);
    expect(zero?.message).not.toMatch(/no learner/);
  });
});
