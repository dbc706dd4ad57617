import type { InvariantInfo } from '../../spec/invariant';
import { LIBRARY_INVARIANTS } from './library';
import { ATLAS_INVARIANTS } from './atlas-invariants';

/**
 * Invariants of the foundation (grammar, sampling, parsing). Assumptions of
 * [R] are registered by src/assumptions; {@link allInvariants} joins them.
 */
export const FOUNDATION_INVARIANTS: readonly InvariantInfo[] = Object.freeze([
  {
    id: 'theory-single-source',
    kind: 'invariant',
    title: 'Every command reads the paper’s quantities from one theory layer',
    statement:
      'For every grammar, rhm check and rhm learn report the same ρ̂^(l), κ̂, K̂_ρ, N^(l) and ε_*^(l) (src/exact/theory.ts), defined or undefined with the same reason.',
    reference: '[R] Assumption 6, Theorem 7; theory.md §2–4',
    properties: ['properties/exact/theory-consistency.test.ts', 'properties/exact/theory.test.ts'],
  },
  {
    id: 'report-provenance',
    kind: 'invariant',
    title: 'Every run report says exactly what produced it and how to cite it',
    statement:
      'report.json records the harness version and the commit of the harness’s own installation (not the working directory), a sha256 of every input grammar, the working directory and a command that reruns the computation; report.md and report.html carry BibTeX for the harness, [R] and [C].',
    reference: 'house rule (citable, reproducible runs)',
    properties: [
      'properties/report/commands.test.ts',
      'properties/learners/cli.test.ts',
      'properties/docs/citation.test.ts',
    ],
  },
  {
    id: 'report-plots',
    kind: 'invariant',
    title: 'Every plot draws its marks and gives each series its own colour',
    statement:
      'For every plot kind, the Vega-Lite spec renders to SVG with drawn marks; within a plot no two series (measured or reference) share a colour; labels write exponents as Unicode superscripts; report.html loads in Chromium with every plot rendered and no table wider than the page at 1400 px.',
    reference: 'house rule (paper-grade reports)',
    properties: ['properties/report/plots.test.ts', 'properties/report/html-chromium.test.ts'],
  },
  {
    id: 'generator-deterministic',
    kind: 'invariant',
    title: 'Generators are deterministic in their seed',
    statement:
      'generate(params, seed) = generate(params, seed) byte for byte; the sample stream never changes the grammar.',
    reference: 'house rule (seeded named streams)',
    properties: ['properties/grammar/generate.test.ts'],
  },
  {
    id: 'generator-rule-structure',
    kind: 'invariant',
    title: 'Generated grammars are (V,m)-uniform and non-ambiguous',
    statement:
      'For both samplers, every symbol ν ∈ V_l has exactly m distinct productions and every patch µ ∈ V_{l+1}^s has at most one parent.',
    reference: '[R] Definition 4; [C] §II; theory.md §1',
    properties: ['properties/grammar/generate.test.ts'],
  },
  {
    id: 'uniform-first-token-marginal',
    kind: 'invariant',
    title: 'uniform-first-token rules keep the first-token marginal uniform',
    statement:
      'For the [R] Appendix B sampler, every level-(l+1) symbol is the first token of exactly n_{l}·m/|V_{l+1}| productions of level l.',
    reference: '[R] Appendix B',
    properties: ['properties/grammar/generate.test.ts'],
  },
  {
    id: 'grammar-file-roundtrip',
    kind: 'invariant',
    title: 'Grammar files convert losslessly to memory and back',
    statement:
      'toGrammarFile(compileGrammar(f)) = f for every valid file f with uniform weights; every generated file validates against rhm-grammar/1.',
    reference: 'house rule (one conversion each way)',
    properties: ['properties/grammar/validate.test.ts'],
  },
  {
    id: 'malformed-grammar-rejected',
    kind: 'invariant',
    title: 'Malformed grammars are rejected with field-level violations, never a crash',
    statement:
      'For any JSON value x, grammarViolations(x) returns (never throws), and is empty only when x is a valid rhm-grammar/1 grammar; each violation names a JSON pointer and a fix.',
    reference: 'house rule (validation at every boundary)',
    properties: ['properties/grammar/validate.test.ts'],
  },
  {
    id: 'sample-parses-back',
    kind: 'invariant',
    title: 'Every sample parses back to its own label and latent tree',
    statement: 'For a non-ambiguous grammar, parse(x) = (ζ, latent tree) for every sampled (x, ζ, tree).',
    reference: '[R] §2 (non-ambiguity makes every latent symbol a function of the input)',
    properties: ['properties/grammar/parse.test.ts'],
  },
  {
    id: 'enumeration-bijection',
    kind: 'invariant',
    title: 'Index enumeration is a bijection onto the P_max inputs',
    statement:
      'For a non-ambiguous (V,m)-uniform grammar, i ↦ x(i) is injective on [0, P_max) with P_max = n_c·m^((s^L−1)/(s−1)), and every x(i) parses to label i div (P_max/n_c).',
    reference: '[C] §II; theory.md §1',
    properties: ['properties/sampling/enumerate.test.ts'],
  },
  {
    id: 'sampler-frequencies',
    kind: 'invariant',
    title: 'Empirical label and production frequencies match their probabilities',
    statement:
      'Label counts ~ D_0 and production counts ~ Q_l(ν,·) (chi-square goodness of fit at significance 10^−3, fixed seeds).',
    reference: '[R] Definitions 3–4',
    properties: ['properties/sampling/iid.test.ts'],
  },
  // The library and Python-interop invariants (src/registry/library.ts).
  ...LIBRARY_INVARIANTS,
  ...ATLAS_INVARIANTS,
  {
    id: 'external-learner-protocol',
    kind: 'invariant',
    title: 'An external learner sees only what a learner may see, and every failure of it is reported, never a hang',
    statement:
      'For any command given to --learner-command, the task directory holds the training set with its labels and the held-out and probe inputs with the label column −1 and no latent trees; the harness reads back predictions (int32, one class in [0, n_c) per input) and representations (float32, n × s^(l−1) × dim per level l), and a non-zero exit, a timeout (the whole process group killed), a missing or malformed result or a file of the wrong size ends the run with exit 2 naming the field and the program’s stderr tail.',
    reference: 'house rule (validation at every boundary); docs/external-learners.md',
    properties: ['properties/external/protocol.test.ts', 'properties/external/pytorch.test.ts'],
  },
  {
    id: 'representation-scoring',
    kind: 'invariant',
    title:
      'Representations are recovered only when they identify the parent, across held-out inputs and unseen synonyms',
    statement:
      'For level-l vectors scored against the true level-(l−1) parents: vectors equal to a one-hot code of the parent are recovered (nearest-centroid accuracy 1 on held-out input halves and on synonym halves); noise drawn per patch, and a code of the patch itself, are not (synonym-halves accuracy near 1/|V_{l−1}|); ε̃_S and ρ̃ are Assumption 9’s distances over the scored vectors.',
    reference: '[R] Assumption 9, Lemma 11; [C] §V (synonymic sensitivity); theory.md §6',
    properties: ['properties/external/score.test.ts', 'properties/external/pytorch.test.ts'],
  },
]);
