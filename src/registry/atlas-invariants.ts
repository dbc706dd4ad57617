import type { InvariantInfo } from '../../spec/invariant';

/**
 * Invariants of the assumption atlas, Proposition 19, [C]'s correlation-free
 * control and the sensitivity record of the P* search (issue 16). Joined into
 * the catalogue by {@link allInvariants}.
 */
export const ATLAS_INVARIANTS: readonly InvariantInfo[] = Object.freeze([
  {
    id: 'assumption-atlas',
    kind: 'invariant',
    title: 'The atlas counts the verdicts of rhm check, with Wilson intervals',
    statement:
      'For every cell (sampler, v, n_c, m, s, L) and grammar seeds seed..seed+K−1, the share of an assumption is (#grammars on which runCheck says it holds)/K, with the Wilson score interval at the stated confidence; all = rule-structure ∧ non-degeneracy ∧ weak-identifiability; the result does not depend on the number of workers.',
    reference: '[R] Assumption 6, Theorem 7; issue 16',
    properties: ['properties/atlas/atlas.test.ts'],
  },
  {
    id: 'proposition-19',
    kind: 'invariant',
    title: 'Proposition 19: uniform-first-token gaps stay above (20m)^(−(l−1)/2)',
    statement:
      'For uniform-first-token rules with m, V = Θ(log d), w.h.p. ρ̂^(l) ≥ (20m)^(−(l−1)/2) at every level l. Tested on 40 fixed seeds per cell at (V, m, L) = (16, 8, 4), (32, 8, 4), (32, 16, 3), (64, 16, 3): every seed holds (rejects a failure rate ≥ 7.2% at α = 0.05). Outside m ≥ 8, V ≥ 16 failures are reported with their cause and not called violations.',
    reference: '[R] Proposition 19',
    properties: ['properties/exact/proposition19.test.ts'],
    notes:
      'Measured on seeds 0..39 (s = 2): 40/40 in every regime cell above; at (8, 4, 3), (8, 4, 4), (16, 4, 4) some grammars fail, every failure an exact zero gap (two parents with identical label posteriors), none a positive gap below the bound.',
  },
  {
    id: 'correlation-free-zero-gap',
    kind: 'invariant',
    title: 'The correlation-free family keeps the hierarchy and removes every label–patch correlation',
    statement:
      'A correlation-free grammar is (V,m)-uniform and non-ambiguous (the label is a function of the input) and, for every level l ≥ 2 and every patch position, q_µ^(l) = (1/n_c, …, 1/n_c) exactly: every level-l tuple is equally likely in every class, ρ̂^(l) = 0 (exact). With m = v every level is a Latin square and the label is independent of any d − 1 input tokens.',
    reference: '[C] §V (correlations are necessary); src/grammar/samplers/correlation-free.ts',
    properties: ['properties/atlas/correlation-free.test.ts'],
  },
  {
    id: 'cnn-needs-correlations',
    kind: 'invariant',
    title: '[C]\u2019s control: the deep CNN learns the RHM but not its correlation-free counterpart',
    statement:
      'On a fixed correlation-free grammar with m = v = n_c (no correlation of any order below d) the cnn keeps at least half of chance error at a training-set size (8·n_c·m^L) where it reaches the target on the matched RHM ([C]-style rules, same v, n_c, m, s, L), with fixed seeds.',
    reference: '[C] §V',
    properties: ['properties/atlas/correlation-free.test.ts'],
    notes:
      'Measured (v = n_c = m = 3, s = 2, L = 3, P_max = 6561, training seed 1): matched RHM 0.057 test error at 324 samples and 0–0.0005 at 648; correlation-free 0.656 at 324, 0.658 at 648 and 0.577 at 1640 = P_max/4 (chance 0.667; a memoriser at chance on unseen inputs: 0.52). With only the root decorrelated (v = 8, n_c = m = 4, L = 3) the cnn learned the control at 4096 = P_max/16 (test error 0): removing the correlations of single level-1 subtrees is not enough at that size.',
  },
  {
    id: 'pstar-records-sensitivity',
    kind: 'invariant',
    title: 'Every point of a network’s P* search carries its synonymic sensitivity',
    statement:
      'For cnn and fcn, every (P, test error) point of the P* search records S_{k,l} for every hidden layer k and level l, and the scale report plots it against P/P*; other learners record none.',
    reference: '[C] §V (synonymic sensitivity falls near P*)',
    properties: ['properties/atlas/pstar-sensitivity.test.ts'],
  },
]);
