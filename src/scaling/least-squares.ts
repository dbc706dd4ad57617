/** Ordinary least squares for the small designs of the sweep (at most a few columns). */

/** A least-squares fit of log P* on the design columns. */
export interface LeastSquares {
  /** Intercept a. */
  readonly a: number;
  /** Coefficients, one per design column. */
  readonly coef: readonly number[];
  /** Root mean square residual. */
  readonly rms: number;
}

/** Relative tolerance below which a centred design is treated as rank-deficient (float64 round-off on log values of magnitude ≤ 100). */
const RANK_TOLERANCE = 1e-9;

/**
 * Ordinary least squares y ≈ a + Σ_j coef_j·x_j by centred normal equations
 * (Gauss–Jordan with partial pivoting; the designs here have at most 2 columns).
 * @returns the fit, or null when the centred design is rank-deficient.
 */
export function leastSquares(columns: readonly (readonly number[])[], y: readonly number[]): LeastSquares | null {
  const n = y.length;
  const k = columns.length;
  if (n < k + 1) return null;
  const meanOf = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / n;
  const my = meanOf(y);
  const mx = columns.map(meanOf);
  const xc = columns.map((c, j) => c.map((x) => x - (mx[j] as number)));
  const yc = y.map((v) => v - my);
  const A: number[][] = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => dot(xc[i] as number[], xc[j] as number[])),
    dot(xc[i] as number[], yc),
  ]);
  const scale = Math.max(1e-300, ...A.map((row, i) => Math.abs(row[i] as number)));
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs((A[r] as number[])[col] as number) > Math.abs((A[piv] as number[])[col] as number)) piv = r;
    if (Math.abs((A[piv] as number[])[col] as number) <= RANK_TOLERANCE * scale) return null;
    [A[col], A[piv]] = [A[piv] as number[], A[col] as number[]];
    const p = A[col] as number[];
    const d = p[col] as number;
    for (let j = col; j <= k; j++) p[j] = (p[j] as number) / d;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const row = A[r] as number[];
      const f = row[col] as number;
      for (let j = col; j <= k; j++) row[j] = (row[j] as number) - f * (p[j] as number);
    }
  }
  const coef = A.map((row) => row[k] as number);
  const a = my - coef.reduce((s, c, j) => s + c * (mx[j] as number), 0);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    let pred = a;
    for (let j = 0; j < k; j++) pred += (coef[j] as number) * ((columns[j] as number[])[i] as number);
    ss += ((y[i] as number) - pred) ** 2;
  }
  return { a, coef, rms: Math.sqrt(ss / n) };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * Solve A·z = rhs by Gaussian elimination with partial pivoting (A small and square).
 * @returns z, or null when A is singular to within {@link RANK_TOLERANCE} of its largest pivot.
 */
export function solveLinear(A: readonly (readonly number[])[], rhs: readonly number[]): number[] | null {
  const n = rhs.length;
  const M = A.map((row, i) => [...row, rhs[i] as number]);
  const scale = Math.max(1e-300, ...M.map((row, i) => Math.abs(row[i] as number)));
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((M[r] as number[])[col] as number) > Math.abs((M[piv] as number[])[col] as number)) piv = r;
    if (Math.abs((M[piv] as number[])[col] as number) <= RANK_TOLERANCE * scale) return null;
    [M[col], M[piv]] = [M[piv] as number[], M[col] as number[]];
    const p = M[col] as number[];
    const d = p[col] as number;
    for (let j = col; j <= n; j++) p[j] = (p[j] as number) / d;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = M[r] as number[];
      const f = row[col] as number;
      if (f !== 0) for (let j = col; j <= n; j++) row[j] = (row[j] as number) - f * (p[j] as number);
    }
  }
  return M.map((row) => row[n] as number);
}
