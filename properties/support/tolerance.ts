/**
 * Named float tolerances for tests, each with its justification.
 * Compare floats only through {@link close}.
 */
export const TOLERANCE = Object.freeze({
  /** Sums and products of a few dozen float64 probabilities: rounding error ~ n·2^−53 ≈ 1e-14; 1e-12 leaves margin. */
  exactFloat: 1e-12,
  /** Special-function approximations (Lanczos log-gamma, incomplete gamma): accurate to ~1e-10 relative. */
  specialFunction: 1e-9,
});

/** |a − b| ≤ tol·max(1, |a|, |b|). */
export function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}
