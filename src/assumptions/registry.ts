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
  readonly check: (g: Grammar) => AssumptionVerdict<unknown>;
}

/**
 * Measured failure rates of Assumption 6(b) on random grammars (printed in the
 * invariants catalogue). Produced by `npm run bench -- weak-identifiability-region`
 * (bench/check.ts), seeds 0…199 per cell; see that benchmark's output for
 * the full table.
 */
const WEAK_IDENTIFIABILITY_NOTES =
  'Assumption 6(b) is not implied by the rule structure: small random grammars with an exact zero gap (two level-(l−1) parents whose label posteriors coincide) exist for both samplers, and fast-check finds and shrinks them (pinned in properties/fixtures/). ' +
  'Measured over 200 seeds per cell (s = 2, L = 3, `npm run bench -- weak-identifiability-region`): ' +
  'cagnetta, n_c = 2, v = 8, m = 2: fails in 52% of grammars; n_c = 4, v = 8, m = 2: 45%; n_c = 8, v = 8, m = 2: 10%; n_c = 4, v = 16, m = 4: 98%; n_c = 16, v = 16, m = 4: 0%. ' +
  'uniform-first-token (n_c = v): v = 2, m = 2: 44%; v = 4, m = 2: 19%; v = 8, m = 4: 0%. ' +
  'The failures concentrate where n_c < v (several level-1 symbols are first tokens of one class only, so their posteriors are the same one-hot vector) and at tiny v with m ≥ 2; for n_c = v ≥ 8 no failure was seen.';

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
      statement: 'P(first level-l patch = µ) ≥ 1/(κ·|P_l|) for all l and µ ∈ P_l; reported as κ̂ = max_l max_µ 1/(|P_l|·p_µ^(l)) (∞ when a symbol never occurs at a first position).',
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
