import type { InvariantInfo } from '../../spec/invariant';
import type { Grammar } from '../grammar/grammar';
import { checkCleanSignal } from './clean-signal';
import { checkNonDegeneracy } from './non-degeneracy';
import { checkRuleStructure } from './rule-structure';
import type { AssumptionId, AssumptionVerdict } from './types';
import { checkWeakIdentifiability } from './weak-identifiability';

/** A registered assumption: its catalogue entry and its check. */
export interface AssumptionDefinition {
  /** Catalogue entry (id, statement in the paper's notation, reference, property files, notes). */
  readonly info: InvariantInfo & { readonly id: AssumptionId; readonly kind: 'assumption' };
  /** The check on its own (each computes what it needs; `runCheck` shares the work between them). */
  readonly check: (g: Grammar) => AssumptionVerdict;
}

/**
 * Measured failure rates of Assumption 6(b) on random grammars (printed in the
 * invariants catalogue). Produced by `npm run bench -- weak-identifiability-region`
 * (bench/check.ts, seeds 0…199 per cell, run 2026-11-23); rerun it after
 * changing a rule sampler and update these numbers.
 */
const WEAK_IDENTIFIABILITY_NOTES =
  'Assumption 6(b) is not implied by the rule structure: random grammars with an exact zero gap (two level-(l−1) parents whose label posteriors coincide, certified with integer arithmetic) exist for both samplers; fast-check refutes "random grammars satisfy weak identifiability" within a few runs and shrinks it to n_c = v = m = s = L = 2 (pinned in properties/fixtures/weak-identifiability-*.json). ' +
  'Measured failure rates (first patch, 200 seeds per cell, s = 2, L = 3; `npm run bench -- weak-identifiability-region`): ' +
  'cagnetta — n_c = 2, v = 8, m = 2: 93%; n_c = 4, v = 8, m = 2: 80%; n_c = 4, v = 16, m = 4: 100%; versus n_c = v: v = 2, m = 2: 90.5%; v = 8, m = 2: 33.5%; v = 16, m = 4: 7%; v = 32, m = 8: 0%. ' +
  'uniform-first-token — n_c = 4 < v = 8, m = 2: 100% (each level-1 symbol starts exactly one root production, so the v one-hot posteriors over n_c < v labels must repeat); n_c = v = 2, m = 2: 88%; v = 4, m = 2: 52%; v = 8, m = 4: 9.5%; v = 16, m = 4: 2.5%. ' +
  'So 6(b) fails most of the time when n_c < v (several level-1 symbols are first tokens of one class only and share its one-hot posterior) and for small v; it becomes rare as n_c = v and m grow. Every failure measured was an exact zero gap, at level 2 or 3. Always run `rhm check` rather than assume it.';

/**
 * The assumptions of [R] that `rhm check` verifies, in report order. Each
 * property file holds tests whose titles start with `[id]`.
 */
export const ASSUMPTIONS: readonly AssumptionDefinition[] = Object.freeze([
  {
    info: {
      id: 'rule-structure',
      kind: 'assumption',
      title: 'Rule structure: CFG-induced, (V,m)-uniform, non-ambiguous, all symbols reachable',
      statement:
        'The rules R_0 … R_{L−1} form a level-indexed CFG; every ν ∈ V_l has exactly m distinct productions; every patch µ ∈ V_{l+1}^s has at most one parent; hence m·|V_l| ≤ |V_{l+1}|^s (m ≤ v^(s−1), n_c·m ≤ v^s); every symbol of every level is generated from the root with positive probability.',
      reference: '[R] §2, Definitions 3–4; theory.md §1',
      properties: ['properties/assumptions/rule-structure.test.ts'],
    },
    check: (g) => checkRuleStructure(g),
  },
  {
    info: {
      id: 'non-degeneracy',
      kind: 'assumption',
      title: 'Non-degeneracy: every first patch is likely enough (κ̂ < ∞)',
      statement:
        'P(first level-l patch = µ) ≥ 1/(κ·|P_l|) for all l and µ ∈ P_l; reported as κ̂ = max_l max_µ 1/(|P_l|·p_µ^(l)) (∞ when a symbol never occurs at a first position).',
      reference: '[R] Assumption 6(a)',
      properties: ['properties/assumptions/non-degeneracy.test.ts', 'properties/exact/kappa.test.ts'],
    },
    check: (g) => checkNonDegeneracy(g),
  },
  {
    info: {
      id: 'weak-identifiability',
      kind: 'assumption',
      title: 'Weak identifiability: non-synonyms have distinct label posteriors (ρ̂^(l) > 0)',
      statement:
        '‖q_µ^(l) − q_µ′^(l)‖₂ ≥ ρ^(l) := K_ρ·m^(−l/2) for all l and non-synonyms µ, µ′ ∈ P_l, with K_ρ at least inverse-polynomial; reported as ρ̂^(l) (first patch, and min over all positions), K̂_ρ = min_l ρ̂^(l)·m^(l/2), ρ̂^(l)·m^((l−1)/2) and the Prop. 19 reference (20m)^(−(l−1)/2).',
      reference: '[R] Assumption 6(b), Proposition 19',
      properties: ['properties/assumptions/weak-identifiability.test.ts', 'properties/exact/gaps.test.ts'],
      notes: WEAK_IDENTIFIABILITY_NOTES,
    },
    check: (g) => checkWeakIdentifiability(g),
  },
  {
    info: {
      id: 'clean-signal',
      kind: 'assumption',
      title: 'Clean signal: the label law given a patch does not depend on its realisation',
      statement:
        'P(ζ | first level-l patch = µ, subtree below µ) = q_µ^(l) for every realisation of the subtree: certified by the tree-Markov property of every CFG-induced RHM, and tested on sampled data by Pearson’s chi-square at significance α (default 10^−3, fixed seed).',
      reference: '[R] §3, shallow-to-deep chaining, condition (ii); theory.md §3',
      properties: ['properties/assumptions/clean-signal.test.ts'],
    },
    check: (g) => checkCleanSignal(g),
  },
]);

/** The catalogue entries of the registered assumptions. */
export function assumptionInfos(): InvariantInfo[] {
  return ASSUMPTIONS.map((a) => ({ ...a.info, properties: a.info.properties.slice() }));
}

/** The registered assumption with this id. */
export function assumptionById(id: AssumptionId): AssumptionDefinition {
  const a = ASSUMPTIONS.find((x) => x.info.id === id);
  if (!a) throw new RangeError(`no assumption '${id}'`);
  return a;
}
