import type { InvariantInfo } from '../../spec/invariant';

/**
 * Invariants of the harness as a library and of its Python interop: the NumPy rule
 * import, the reusable learner property suite (`rhm-harness/testing`) and the packed
 * package. {@link allInvariants} joins them.
 */
export const LIBRARY_INVARIANTS: readonly InvariantInfo[] = Object.freeze([
  {
    id: 'npy-import-exact',
    kind: 'invariant',
    title: 'Rule tensors saved by NumPy import exactly',
    statement:
      'For rule tensors rules[l] of shape (|V_l|, m, s) (the dict the reference sample_rules returns), rhm import-rules on np.save files (one per level) or an np.savez / np.savez_compressed archive gives rules[l].tolist() for every l, as the README Python snippet does; any integer dtype and byte order reads to the same values.',
    reference: 'reference implementation (sample_rules); .npy format 1.0–3.0; zip with zip64',
    properties: ['properties/interop/npy.test.ts', 'properties/interop/python.test.ts'],
  },
  {
    id: 'npy-import-strict',
    kind: 'invariant',
    title: 'The .npy/.npz reader refuses what it does not read, naming the field',
    statement:
      'Floats, booleans, structured and object dtypes (pickles are never loaded), Fortran order, missing levels, and damaged files (truncated, any byte changed) are refused with exit 2 and the file and header field named; no other error escapes the reader.',
    reference: 'house rule (bad input: exit 2, field named, no stack trace)',
    properties: ['properties/interop/npy.test.ts'],
  },
  {
    id: 'learner-same-seed',
    kind: 'invariant',
    title: 'learnerProperties: same seed, same result',
    statement:
      'For random grammars and seeds, two runs of the learner with the same grammar, budget and seed give the same outcome apart from wall time.',
    reference: 'house rule (seeded named streams)',
    properties: ['properties/library/learner-properties.test.ts'],
  },
  {
    id: 'learner-recovers-levels',
    kind: 'invariant',
    title: 'learnerProperties: every level recovered where the assumptions hold',
    statement:
      'On random grammars that pass the exact pre-check (rule structure, non-degeneracy, weak identifiability), every level l = 1..L is recovered at the budget the user states (default 16·n_c·m^L; recovered: layerwise-rf’s paper sense, otherwise the matched recovery rate ≥ 0.95).',
    reference: '[R] Theorem 7; [C] layerwise clustering',
    properties: ['properties/library/learner-properties.test.ts'],
  },
  {
    id: 'learner-zero-gap',
    kind: 'invariant',
    title: 'learnerProperties: a level with a zero first-patch gap is not recovered',
    statement:
      'On grammars with ρ̂^(l) = 0 at the first patch, level l is not reported recovered (for learners that, as Theorem 7’s, read the first patch). layerwise-cluster, which reads every position, breaks it: the test pins its shrunk counterexample.',
    reference: '[R] Assumption 6(b), Lemma 11',
    properties: ['properties/library/learner-properties.test.ts'],
  },
  {
    id: 'learner-pstar-scale',
    kind: 'invariant',
    title: 'learnerProperties: P* within a factor of n_c·m^L',
    statement:
      'On a small grid of (m, L) with v = n_c, P* (10% of chance error) lies in [n_c·m^L/F, F·n_c·m^L] (default F = 16; grammars failing the pre-check skipped).',
    reference: '[C] P* ≈ n_c·m^L; [R] Theorem 7',
    properties: ['properties/library/learner-properties.test.ts'],
  },
  {
    id: 'library-packed',
    kind: 'invariant',
    title: 'The packed package installs and runs a user’s learner',
    statement:
      'npm pack ships dist/src, dist/spec, bin, spec/schemas and docs (no tests, sources or maps); installed into a scratch project, a TypeScript learner compiles against its types (rhm-harness and rhm-harness/testing), passes learnerProperties under jest, and runs in runSweep on the worker pool, which loads the learner’s module.',
    reference: 'issue 12 (installable library)',
    properties: ['properties/library/packed.test.ts'],
  },
]);
