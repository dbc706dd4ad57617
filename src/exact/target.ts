/**
 * The success target of [C]: a learner has learned when its test error is at most a
 * fraction (10% by default) of chance error 1 − 1/n_c (theory.md §5). `rhm learn`,
 * `rhm scale` and `rhm verify` all read it from here, so a configurable fraction means
 * the same thing everywhere.
 */

/** The default fraction of chance error that counts as learned ([C]: 10%). */
export const DEFAULT_TARGET_FRACTION = 0.1;

/** Chance error 1 − 1/n_c of a uniform-prior n_c-class problem. */
export function chanceError(nClasses: number): number {
  return 1 - 1 / nClasses;
}

/**
 * The success threshold ε ≤ fraction·(1 − 1/n_c) ([C]; theory.md §5).
 * @param nClasses - n_c.
 * @param fraction - share of chance error, in (0, 1]; default {@link DEFAULT_TARGET_FRACTION}.
 */
export function targetError(nClasses: number, fraction: number = DEFAULT_TARGET_FRACTION): number {
  return fraction * chanceError(nClasses);
}

/** 'learned' when the test error is at most {@link targetError}, else 'not-learned'. */
export function statusFor(
  testError: number,
  nClasses: number,
  fraction: number = DEFAULT_TARGET_FRACTION,
): 'learned' | 'not-learned' {
  return testError <= targetError(nClasses, fraction) ? 'learned' : 'not-learned';
}
