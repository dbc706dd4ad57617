import fc from 'fast-check';
import { jointAlongPath } from '../../src/exact/posteriors';
import { jointAt, jointMode, positionWork, walkPositions } from '../../src/exact/positions';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { close, TOLERANCE } from '../support/tolerance';
import { grammarOf } from './brute-force';

describe('position walk', () => {
  test('visits s^k nodes at level k (one with firstOnly), each joint equal to the direct product J_k = diag(D_0)·Π F', () => {
    fc.assert(
      fc.property(anyGeneratorParams({ maxL: 3 }), (p) => {
        const g = grammarOf(p);
        for (const firstOnly of [false, true]) {
          const seen = new Array<number>(g.L).fill(0);
          walkPositions(g, g.L - 1, firstOnly, (j) => {
            const k = j.path.length;
            seen[k] = (seen[k] as number) + 1;
            const direct = jointAlongPath(g, j.path);
            // counts mode: M_k / (n_c·m^k) is the probability joint up to one rounding per entry.
            j.matrix.data.forEach((x, i) =>
              expect(close(x / j.denominator, direct.data[i] as number, TOLERANCE.exactFloat)).toBe(true),
            );
          });
          seen.forEach((n, k) => expect(n).toBe(firstOnly ? 1 : g.s ** k));
        }
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('generated grammars use exact integer path counts; the counts are integers', () => {
    const g = grammarOf({ sampler: 'cagnetta', classes: 4, vocab: 6, m: 3, s: 2, L: 3, seed: 2 });
    expect(jointMode(g)).toBe('counts');
    const j = jointAt(g, [1, 0]);
    expect(j.denominator).toBe(4 * 9);
    expect(j.matrix.data.every((x) => Number.isInteger(x))).toBe(true);
  });

  test('the a-priori cost grows with the number of positions and bounds the joint size', () => {
    const g = grammarOf({ sampler: 'cagnetta', classes: 4, vocab: 6, m: 3, s: 2, L: 4, seed: 2 });
    const first = positionWork(g, g.L - 1, true);
    const all = positionWork(g, g.L - 1);
    expect(all.multiplyAdds).toBeGreaterThan(first.multiplyAdds);
    // Joint stack plus stored posteriors: 2·(4·4 + 4·6·3)·8 bytes for vocabulary [4, 6, 6, 6] up to level 3.
    expect(first.memoryBytes).toBe(2 * (4 * 4 + 4 * 6 * 3) * 8);
  });
});
