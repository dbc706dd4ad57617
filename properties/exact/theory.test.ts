import fc from 'fast-check';
import { ridgeLambda, ridgeStepSize, theoremBudgets } from '../../src/exact/budgets';
import { levelGaps } from '../../src/exact/gaps';
import { overallKappa } from '../../src/exact/kappa';
import { patchPosteriors } from '../../src/exact/posteriors';
import { valueOrNull } from '../../src/exact/quantity';
import { grammarTheory } from '../../src/exact/theory';
import { compileGrammar } from '../../src/grammar/grammar';
import { pMax } from '../../src/grammar/count';
import { missingProductionGrammar } from '../assumptions/support/planted';
import { FC_SEED, anyGeneratorParams } from '../support/arbitraries';
import { close, TOLERANCE } from '../support/tolerance';
import { grammarOf } from './brute-force';

describe('the theory layer (src/exact/theory.ts)', () => {
  test('[theory-single-source] its quantities are the exact functions’ values: q, patch law, ρ̂, κ̂, N^(l), ε_*^(l), λ, step', () => {
    fc.assert(
      fc.property(anyGeneratorParams({ maxL: 3 }), (p) => {
        const g = grammarOf(p);
        const t = grammarTheory(g);
        expect(grammarTheory(g)).toBe(t);
        expect(t.pMax).toBe(pMax(g));
        const gaps = levelGaps(g, 'first');
        const kappa = overallKappa(t.levels.map((l) => l.kappa));
        expect(valueOrNull(t.kappa)).toBe(kappa?.status === 'finite' ? kappa.kappa : null);
        const budgets = theoremBudgets({
          m: g.m,
          V: t.V,
          s: g.s,
          L: g.L,
          kappa: valueOrNull(t.kappa) ?? Infinity,
          kRho: valueOrNull(t.kRho),
          C: t.options.C,
          delta: t.options.delta,
        });
        for (const lt of t.levels) {
          const post = patchPosteriors(g, lt.level);
          let total = 0;
          lt.patchProbability.forEach((x, i) => {
            expect(close(x, post.patchProbability[i] as number, TOLERANCE.exactFloat)).toBe(true);
            total += x;
          });
          expect(close(total, 1, TOLERANCE.exactFloat)).toBe(true);
          lt.q.forEach((q, nu) => {
            const ref = post.q[nu] ?? null;
            expect(q === null).toBe(ref === null);
            if (q && ref) q.forEach((x, z) => expect(close(x, ref[z] as number, TOLERANCE.exactFloat)).toBe(true));
          });
          const gap = gaps[lt.level - 1]?.gap;
          expect(valueOrNull(lt.rho)).toBe(gap?.status === 'measured' ? gap.gap : null);
          const b = budgets.levels[lt.level - 1];
          expect(lt.theorem7.samples).toEqual(b?.samples);
          expect(lt.theorem7.epsilon).toEqual(b?.epsilon);
          expect(lt.theorem7.lambda).toBe(ridgeLambda(lt.patchCount));
          expect(lt.theorem7.stepSize).toBe(ridgeStepSize(lt.patchCount));
          // σ of stage l is tied to the separation of its inputs: √2 at the input level, ρ̂^(l+1) above.
          const sep = valueOrNull(lt.theorem7.inputSeparation);
          expect(sep).toBe(lt.level === g.L ? Math.SQRT2 : valueOrNull(t.levels[lt.level]?.rho ?? lt.rho));
        }
      }),
      { seed: FC_SEED, numRuns: 40 },
    );
  });

  test('[theory-single-source] undefined quantities say why, and what depends on them inherits the reason', () => {
    const g = compileGrammar(missingProductionGrammar());
    const t = grammarTheory(g);
    expect(t.m).toBeNull();
    expect(t.kRho.status === 'undefined' && t.kRho.reason).toMatch(/not \(V,m\)-uniform/);
    for (const lt of t.levels) {
      expect(lt.theorem7.epsilon.status).toBe('undefined');
      expect(lt.theorem7.steps.status === 'undefined' && lt.theorem7.steps.reason).toMatch(/ε_\* is undefined/);
      expect(lt.theorem7.sigma.status).toBe('undefined');
    }
  });
});
