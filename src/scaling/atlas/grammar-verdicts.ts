import type { AtlasAssumption } from '../../../spec/atlas';
import { runCheck } from '../../assumptions/check';
import { isZeroGap } from '../../exact/gaps';
import { proposition19, type Prop19Verdict } from '../../exact/proposition19';
import { grammarTheory } from '../../exact/theory';
import type { Grammar } from '../../grammar/grammar';

/** What the atlas records of one grammar. */
export interface GrammarVerdicts {
  /** Whether each counted assumption holds; null for the all-positions gap when it was not computed. */
  readonly holds: Readonly<Record<AtlasAssumption, boolean | null>>;
  /** rule-structure, non-degeneracy and weak-identifiability (first patch) together. */
  readonly all: boolean;
  /** κ̂, null when κ̂ = ∞. */
  readonly kappa: number | null;
  /** K̂_ρ (0 with a zero gap), null when undefined (m undefined, no pairs). */
  readonly kRho: number | null;
  /** Proposition 19's bound on this grammar. */
  readonly prop19: Prop19Verdict;
}

/** Whether every level's gap over all patch positions is positive; null when not computed. */
function allPositionsHold(g: Grammar, positions: 'first' | 'all'): boolean | null {
  if (positions !== 'all') return null;
  const t = grammarTheory(g, { positions: 'all' });
  return t.levels.every(
    (lt) =>
      lt.gapAllPositions === null || lt.gapAllPositions.gap.status !== 'measured' || !isZeroGap(lt.gapAllPositions.gap),
  );
}

/**
 * The verdicts of one grammar, by the code of `rhm check` (`runCheck`, no
 * clean-signal samples; every position when that fits the check's work limit)
 * and the theory layer it reads (κ̂, K̂_ρ, the gaps over every position,
 * Proposition 19).
 */
export function grammarVerdicts(g: Grammar): GrammarVerdicts {
  const r = runCheck(g, { samples: 0 });
  const holdsOf = (id: string): boolean => r.assumptions.find((a) => a.id === id)?.holds ?? false;
  const ruleStructure = holdsOf('rule-structure');
  const nonDegeneracy = holdsOf('non-degeneracy');
  const weak = holdsOf('weak-identifiability');
  const theory = grammarTheory(g, { positions: r.options.positions, C: r.options.constantC, delta: r.options.delta });
  return {
    holds: {
      'rule-structure': ruleStructure,
      'non-degeneracy': nonDegeneracy,
      'weak-identifiability': weak,
      'weak-identifiability-all-positions': allPositionsHold(g, r.options.positions),
    },
    all: ruleStructure && nonDegeneracy && weak,
    kappa: r.kappa,
    kRho: r.kRho,
    prop19: proposition19(theory),
  };
}
