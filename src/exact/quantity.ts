/**
 * A number of the theory that may be undefined for a given grammar, with the reason
 * (κ̂ = ∞, K̂_ρ = 0, m undefined, …). Every quantity the harness reports is one of these,
 * so a reader never meets a bare `null` or `Infinity` without knowing why.
 */
export type Quantity =
  { readonly status: 'value'; readonly value: number } | { readonly status: 'undefined'; readonly reason: string };

/** A quantity with a value; a non-finite `x` becomes undefined with the reason "not finite". */
export function value(x: number): Quantity {
  return Number.isFinite(x) ? { status: 'value', value: x } : { status: 'undefined', reason: `not finite (${x})` };
}

/** A quantity without a value, and why. */
export function undefinedQuantity(reason: string): Quantity {
  return { status: 'undefined', reason };
}

/** The value of a quantity, or null when it is undefined (for JSON documents, with the reason beside it). */
export function valueOrNull(q: Quantity): number | null {
  return q.status === 'value' ? q.value : null;
}

/** The reason a quantity is undefined, or undefined when it has a value. */
export function reasonOf(q: Quantity): string | undefined {
  return q.status === 'undefined' ? q.reason : undefined;
}
