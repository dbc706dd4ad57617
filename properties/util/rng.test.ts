import { Rng, sampleDistinct } from '../../src/util/rng';
import { chiSquareGoodnessOfFit } from '../../src/util/stats';
import { at } from '../support/checked';

describe('seeded random streams', () => {
  test('same seed and path give the same numbers; streams are independent of each other', () => {
    const draw = (r: Rng) => Array.from({ length: 8 }, () => r.nextUint32());
    expect(draw(Rng.fromSeed(42).stream('grammar'))).toEqual(draw(Rng.fromSeed(42).stream('grammar')));
    const root = Rng.fromSeed(42);
    const sample = root.stream('sample');
    draw(sample);
    draw(sample);
    expect(draw(root.stream('grammar'))).toEqual(draw(Rng.fromSeed(42).stream('grammar')));
    expect(draw(root.stream('grammar'))).not.toEqual(draw(root.stream('sample')));
    expect(draw(Rng.fromSeed(42))).not.toEqual(draw(Rng.fromSeed(43)));
    expect(draw(Rng.fromSeed(2 ** 32 - 1).stream('a'))).not.toEqual(draw(Rng.fromSeed(2 ** 32 - 2).stream('a')));
    // Issue 15 item 9: the derivation hashes to 32 bits, so seeds ≥ 2^32 are refused rather than colliding.
    expect(() => Rng.fromSeed(2 ** 32)).toThrow(/2\^32/);
  });

  test('int(n) is uniform (chi-square at α = 1e-3, fixed seed) for small and large n', () => {
    for (const n of [3, 7, 10, 3_000_001]) {
      const rng = Rng.fromSeed(n).stream('test');
      const bins = 10;
      const counts = new Array<number>(bins).fill(0);
      let max = 0;
      for (let i = 0; i < 50_000; i++) {
        const x = rng.int(n);
        max = Math.max(max, x);
        counts[Math.floor((x * bins) / n)] = at(counts, Math.floor((x * bins) / n)) + 1;
      }
      expect(max).toBeLessThan(n);
      const probs = Array.from(
        { length: bins },
        (_, b) => (Math.ceil(((b + 1) * n) / bins) - Math.ceil((b * n) / bins)) / n,
      );
      expect(chiSquareGoodnessOfFit(counts, probs).pValue).toBeGreaterThan(1e-3);
    }
  });

  test('bigBelow, intBelow and sampleDistinct stay in range; bad seeds are refused', () => {
    const rng = Rng.fromSeed(9);
    for (let i = 0; i < 200; i++) {
      const b = rng.bigBelow(10n ** 25n + 7n);
      expect(b >= 0n && b < 10n ** 25n + 7n).toBe(true);
      expect(rng.intBelow(2 ** 40 + 3)).toBeLessThan(2 ** 40 + 3);
    }
    expect(new Set(sampleDistinct(rng, 50, 50)).size).toBe(50);
    expect(new Set(sampleDistinct(rng, 2 ** 30, 1000)).size).toBe(1000);
    expect(() => Rng.fromSeed(-1)).toThrow(RangeError);
    expect(() => Rng.fromSeed(1.5)).toThrow(RangeError);
  });

  test('normal() has mean 0 and variance 1 within 4.5 standard errors (fixed seed)', () => {
    const rng = Rng.fromSeed(5).stream('features');
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      s2 += x * x;
    }
    // SE(mean) = 1/√n; SE(variance) = √(2/n) for a normal. 4.5 SE ⇒ two-sided false-positive rate < 1e-5.
    expect(Math.abs(s / n)).toBeLessThan(4.5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4.5 * Math.sqrt(2 / n));
  });
});
