import type { AssumptionDetailsById, AssumptionWitnessById } from '../../spec/check-details';
import type { Violation } from '../../spec/violation';
import { InvalidInputError } from '../errors';
import type { Grammar } from '../grammar/grammar';

/** Stable ids of the assumptions of [R] that `rhm check` verifies. */
export const ASSUMPTION_IDS = ['rule-structure', 'non-degeneracy', 'weak-identifiability', 'clean-signal'] as const;
/** Id of a registered assumption. */
export type AssumptionId = (typeof ASSUMPTION_IDS)[number];

/**
 * The typed verdict of assumption `I` on one grammar: whether it holds, the
 * measured value against the threshold, a witness of the worst case (or of
 * the failure) and the assumption's own details, both typed by `I` (their
 * schemas are in spec/check-details.ts). Values that are not finite are null
 * with a reason.
 */
export interface VerdictOf<I extends AssumptionId> {
  /** The assumption. */
  readonly id: I;
  /** True when the assumption holds on the grammar. */
  readonly holds: boolean;
  /** The measured value (e.g. κ̂, min_l ρ̂^(l)); null when not finite or undefined. */
  readonly value: number | null;
  /** Why `value` is null. */
  readonly valueReason?: string;
  /** The threshold the value is compared with; null when there is none. */
  readonly threshold: number | null;
  /** Why `threshold` is null, or how it was chosen. */
  readonly thresholdReason?: string;
  /** How value and threshold are compared, e.g. 'value > threshold'. */
  readonly comparison: string;
  /** value − threshold (or threshold − value for upper bounds) when both are finite. */
  readonly margin: number | null;
  /** The worst case or the failure (two parents with the smallest gap, the least likely patch, …). */
  readonly witness: AssumptionWitnessById[I] | null;
  /** One line for humans. */
  readonly summary: string;
  /** Every way the grammar fails the assumption (empty when it holds). */
  readonly violations: readonly Violation[];
  /** Assumption-specific detail (sub-checks, per-level values, test statistics). */
  readonly details: AssumptionDetailsById[I];
}

/**
 * The verdict of assumption `I`; with the default, the union over every
 * assumption, discriminated by `id` (narrowing on `id` types the details).
 */
export type AssumptionVerdict<I extends AssumptionId = AssumptionId> = I extends AssumptionId ? VerdictOf<I> : never;

/**
 * Raised by the `assert…` form of an assumption check when the assumption
 * fails on a grammar. Carries every violation (one shape everywhere).
 */
export class AssumptionViolationError extends Error {
  override readonly name = 'AssumptionViolationError';
  constructor(
    /** The failing assumption. */
    readonly id: AssumptionId,
    /** Every violation found (never empty). */
    readonly violations: readonly Violation[],
  ) {
    super(`assumption '${id}' fails:\n${violations.map((v) => `  - ${v.path}: ${v.message}`).join('\n')}`);
  }
}

/** The three ways to ask whether an assumption holds. */
export interface AssumptionAskers<O> {
  /** Boolean guard: true when the assumption holds. Throws only on invalid input. */
  holds(g: Grammar, options?: Partial<O>): boolean;
  /** Every violation; never throws (invalid input becomes violations too). */
  violations(g: Grammar, options?: Partial<O>): Violation[];
  /**
   * Assert that the assumption holds.
   * @throws AssumptionViolationError carrying the violations when it does not.
   */
  assert(g: Grammar, options?: Partial<O>): void;
}

/** Build the three askers from a check that returns a verdict. */
export function askers<O>(
  id: AssumptionId,
  check: (g: Grammar, options?: Partial<O>) => AssumptionVerdict,
): AssumptionAskers<O> {
  return {
    holds: (g, o) => check(g, o).holds,
    violations: (g, o) => {
      try {
        return check(g, o).violations.slice();
      } catch (e) {
        if (e instanceof InvalidInputError) return e.violations.slice();
        return [
          {
            code: 'check-failed',
            path: '/',
            message: `the ${id} check could not run: ${e instanceof Error ? e.message : String(e)}`,
            fix: 'report this as a bug with the grammar',
          },
        ];
      }
    },
    assert: (g, o) => {
      const v = check(g, o);
      if (!v.holds)
        throw new AssumptionViolationError(
          id,
          v.violations.length > 0 ? v.violations : [{ code: id, path: '/', message: v.summary, fix: 'see rhm check' }],
        );
    },
  };
}
