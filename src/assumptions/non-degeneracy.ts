import type { NonDegeneracyDetails, NonDegeneracyWitness } from '../../spec/check-details';
import type { Violation } from '../../spec/violation';
import { analyseGrammar, type ExactAnalysis } from '../exact/analysis';
import { type LevelKappa, overallKappa } from '../exact/kappa';
import type { Grammar } from '../grammar/grammar';
import { type AssumptionVerdict, askers } from './types';

export type { NonDegeneracyDetails, NonDegeneracyWitness };

/** Verdict of `non-degeneracy`. */
export type NonDegeneracyVerdict = AssumptionVerdict<'non-degeneracy'>;

/**
 * `non-degeneracy` ([R] Assumption 6(a)): P(first level-l patch = µ) ≥
 * 1/(κ·|P_l|) for every level l and patch µ ∈ P_l, for some finite κ. Reports
 * κ̂ = max_l max_µ 1/(|P_l|·p_µ^(l)) (≥ 1; = 1 exactly when every first patch
 * is equally likely) and κ̂^(l) per level in `details.levels`; ∞ (value null)
 * when a symbol never occurs at a first position, with that symbol as witness.
 *
 * @param analysis - the exact analysis (computed when omitted).
 * @see [R] Assumption 6(a); theory.md §3.
 */
export function evaluateNonDegeneracy(
  g: Grammar,
  analysis: ExactAnalysis = analyseGrammar(g, 'first'),
): NonDegeneracyVerdict {
  const levels = analysis.levels.map((l) => l.kappa);
  const worst = overallKappa(levels) as LevelKappa;
  const witness: NonDegeneracyWitness = {
    level: worst.level,
    patch: worst.witness.patch.slice(),
    parent: worst.witness.parent,
    probability: worst.witness.probability,
    patchCount: worst.patchCount,
  };
  const perLevel: NonDegeneracyDetails['levels'] = levels.map((k) => ({
    level: k.level,
    kappa: k.status === 'finite' ? k.kappa : null,
    ...(k.status === 'infinite'
      ? {
          kappaReason: `∞: level-${k.level - 1} symbol ${k.witness.parent} never occurs at the first level-${k.level - 1} node`,
        }
      : {}),
    patchCount: k.patchCount,
  }));
  if (worst.status === 'infinite') {
    const violations: Violation[] = levels
      .filter((k): k is Extract<LevelKappa, { status: 'infinite' }> => k.status === 'infinite')
      .map((k) => ({
        code: 'patch-never-first',
        path: `/rules/${k.level - 1}/${k.witness.parent}`,
        message: `patch [${k.witness.patch.join(',')}] of level-${k.level - 1} symbol ${k.witness.parent} never occurs as the first level-${k.level} patch (probability 0), so κ̂^(${k.level}) = ∞`,
        fix: `make symbol ${k.witness.parent} occur at the first position of level ${k.level - 1} (as the first token of some production of level ${k.level - 2}, or with positive weight)`,
      }));
    return {
      id: 'non-degeneracy',
      holds: false,
      value: null,
      valueReason: `κ̂ = ∞: level-${worst.level - 1} symbol ${worst.witness.parent} never occurs at the first level-${worst.level - 1} node`,
      threshold: null,
      thresholdReason: 'Assumption 6(a) asks for a finite κ (the budgets grow polynomially in κ)',
      comparison: 'value < ∞',
      margin: null,
      witness,
      summary: `κ̂ = ∞ at level ${worst.level}: patch [${worst.witness.patch.join(',')}] (parent ${worst.witness.parent}) never occurs first`,
      violations,
      details: { levels: perLevel },
    };
  }
  return {
    id: 'non-degeneracy',
    holds: true,
    value: worst.kappa,
    threshold: null,
    thresholdReason: 'Assumption 6(a) asks for a finite κ (the budgets grow polynomially in κ)',
    comparison: 'value < ∞',
    margin: null,
    witness,
    summary: `κ̂ = ${worst.kappa.toPrecision(6)} (level ${worst.level}, least likely first patch [${worst.witness.patch.join(',')}] with p = ${worst.witness.probability.toPrecision(4)}, |P_l| = ${worst.patchCount})`,
    violations: [],
    details: { levels: perLevel },
  };
}

/** `non-degeneracy` on a grammar (computes the first-patch analysis). */
export function checkNonDegeneracy(g: Grammar): NonDegeneracyVerdict {
  return evaluateNonDegeneracy(g, analyseGrammar(g, 'first'));
}

/** Guard, violation list and assertion forms of {@link checkNonDegeneracy}. */
export const nonDegeneracy = askers<Record<string, never>>('non-degeneracy', (g) => checkNonDegeneracy(g));
