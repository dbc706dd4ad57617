import { join } from 'node:path';
import type { CheckResult } from '../../spec/check';
import type { LearnResult } from '../../spec/learn';
import { rhm, tempDir } from '../support/cli';

/**
 * The theory layer is the one source of ρ̂, κ̂, K̂_ρ and Theorem 7's budgets:
 * `rhm check` and `rhm learn` must report the same ε_*^(l), N^(l) and ρ̂^(l),
 * defined or not, with the same reason when not.
 */
async function both(gen: string[], samples: number): Promise<{ check: CheckResult; learn: LearnResult }> {
  const dir = tempDir();
  const g = join(dir, 'g.json');
  expect((await rhm(['generate', ...gen, '-o', g])).code).toBe(0);
  const c = await rhm(['check', g, '--json', '--samples', '0']);
  const l = await rhm([
    'learn',
    g,
    '--quiet',
    '--learner',
    'layerwise-rf',
    '--samples',
    String(samples),
    '--test-samples',
    '200',
    '--option',
    'features=32',
    '--json',
    '-o',
    join(dir, 'learn.json'),
  ]);
  expect(c.stderr).toBe('');
  expect(l.stderr).toBe('');
  return { check: JSON.parse(c.stdout) as CheckResult, learn: JSON.parse(l.stdout) as LearnResult };
}

function compare(check: CheckResult, learn: LearnResult): void {
  for (const cl of check.levels) {
    const ll = learn.levels.find((x) => x.level === cl.level);
    if (ll?.kind !== 'layerwise-rf') throw new Error(`level ${cl.level} has no layerwise-rf measurements`);
    expect(ll.epsilonStar).toBe(cl.epsilon);
    expect(ll.stage.theory.epsilonStar).toBe(cl.epsilon);
    expect(ll.stage.theory.samples).toBe(cl.samples);
    expect(ll.exactGap).toBe(cl.minGap);
    if (cl.epsilon === null) {
      expect(ll.epsilonStarReason).toBe(cl.epsilonReason);
      expect(ll.withinEpsilonStar).toBeNull();
    }
  }
  expect(learn.levels[0]?.kind === 'layerwise-rf' ? learn.levels[0].stage.theory.kappa : 'none').toBe(check.kappa);
  expect(learn.levels[0]?.kind === 'layerwise-rf' ? learn.levels[0].stage.theory.kRho : 'none').toBe(check.kRho);
}

describe('theory layer: rhm check and rhm learn agree', () => {
  test('[theory-single-source] cagnetta n_c = 2, v = 4, m = 1, L = 2, seed 1: ε_* undefined (κ̂ = ∞) in both', async () => {
    const { check, learn } = await both(
      ['--sampler', 'cagnetta', '--classes', '2', '--vocab', '4', '--m', '1', '--s', '2', '--L', '2', '--seed', '1'],
      256,
    );
    expect(check.kappa).toBeNull();
    expect(check.levels.every((l) => l.epsilon === null)).toBe(true);
    compare(check, learn);
  });

  test('[theory-single-source] uniform-first-token v = n_c = 8, m = 2, L = 2: the same defined ε_*, N^(l) and ρ̂ in both', async () => {
    const { check, learn } = await both(
      [
        '--sampler',
        'uniform-first-token',
        '--classes',
        '8',
        '--vocab',
        '8',
        '--m',
        '2',
        '--s',
        '2',
        '--L',
        '2',
        '--seed',
        '1',
      ],
      512,
    );
    expect(check.levels.every((l) => l.epsilon !== null && l.epsilon > 0)).toBe(true);
    compare(check, learn);
  });
});
