import { distinctRows, labelCounts } from './dedup';
import { symmetricApply } from './eigen';
import { embed, project } from './features';

/** Cholesky solve of A X = B for symmetric positive-definite A (n×n) and B (n×k), in float64. */
export function choleskySolve(A: Float64Array, n: number, B: Float64Array, k: number): Float64Array {
  const Lm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j] as number;
      for (let t = 0; t < j; t++) s -= (Lm[i * n + t] as number) * (Lm[j * n + t] as number);
      if (i === j) Lm[i * n + i] = Math.sqrt(Math.max(s, 1e-300));
      else Lm[i * n + j] = s / (Lm[j * n + j] as number);
    }
  }
  const X = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = B[i * k + c] as number;
      for (let t = 0; t < i; t++) s -= (Lm[i * n + t] as number) * (y[t] as number);
      y[i] = s / (Lm[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let t = i + 1; t < n; t++) s -= (Lm[t * n + i] as number) * (X[t * k + c] as number);
      X[i * k + c] = s / (Lm[i * n + i] as number);
    }
  }
  return X;
}

/** The spectral factor of T GD steps from zero with step η on the quadratic of curvature a: (1 − (1 − ηa)^T)/a. */
export function gdFactor(a: number, eta: number, T: number): number {
  return (1 - Math.pow(1 - eta * a, T)) / a;
}

/**
 * The T-step gradient-descent iterate from W = 0 on ½tr(WᵀAW) − tr(WᵀR), with
 * A = S + λI (S symmetric PSD, p × p) and step η, in closed form:
 * W_T = Σ_i (1 − (1 − ηa_i)^T)/a_i · v_i v_iᵀ R over the eigenpairs (a_i, v_i)
 * of A. Exact up to float64 round-off; R is p × k.
 */
export function gdIterate(
  S: Float64Array,
  p: number,
  lambda: number,
  R: Float64Array,
  k: number,
  eta: number,
  T: number,
): Float64Array {
  return symmetricApply(S, p, R, k, (s) => gdFactor(s + lambda, eta, T));
}

/** Solve (S + λI)W = R, or take the T-step GD iterate on it. */
function solve(S: Float64Array, p: number, lambda: number, R: Float64Array, k: number, s: RidgeSolver): Float64Array {
  if (s.solver === 'gd') return gdIterate(S, p, lambda, R, k, s.eta, s.T);
  const A = Float64Array.from(S);
  for (let i = 0; i < p; i++) A[i * p + i] = (A[i * p + i] as number) + lambda;
  return choleskySolve(A, p, R, k);
}

/** The optimiser of a stage: GD from W = 0 (step η, T steps, computed exactly) or the closed form. */
export type RidgeSolver =
  { readonly solver: 'gd'; readonly eta: number; readonly T: number } | { readonly solver: 'closed-form' };

/** Result of {@link ridgeStage}. */
export interface RidgeFit {
  /** Wᵀ (2M × n_c), float64. */
  readonly wT: Float64Array;
  /** ½Ê‖e_ζ − Wx‖² + (λ/2)‖W‖² at the solution. */
  readonly finalLoss: number;
  /** K, the distinct input rows among the n. */
  readonly distinctRows: number;
  /** 'dual' (K × K Gram matrix, K ≤ 2M) or 'primal' ((2M) × (2M) Σ̂). */
  readonly path: 'dual' | 'primal';
}

/** Dot products of row i with rows j..j+3 of x (dx columns), four at a time for speed. */
function dot4(x: Float64Array, dx: number, i: number, j: number, out: Float64Array): void {
  const oi = i * dx;
  const o0 = j * dx;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = 0; t < dx; t++) {
    const a = x[oi + t] as number;
    s0 += a * (x[o0 + t] as number);
    s1 += a * (x[o0 + dx + t] as number);
    s2 += a * (x[o0 + 2 * dx + t] as number);
    s3 += a * (x[o0 + 3 * dx + t] as number);
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** Weighted Gram matrix G = B Bᵀ of B_k = √w_k x_k (K × K). */
function gram(x: Float64Array, K: number, dx: number, w: Float64Array): Float64Array {
  const G = new Float64Array(K * K);
  const four = new Float64Array(4);
  const sw = w.map(Math.sqrt);
  const put = (i: number, j: number, s: number): void => {
    const v = s * (sw[i] as number) * (sw[j] as number);
    G[i * K + j] = v;
    G[j * K + i] = v;
  };
  for (let i = 0; i < K; i++) {
    let j = 0;
    for (; j + 3 <= i; j += 4) {
      dot4(x, dx, i, j, four);
      for (let q = 0; q < 4; q++) put(i, j + q, four[q] as number);
    }
    for (; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < dx; t++) s += (x[i * dx + t] as number) * (x[j * dx + t] as number);
      put(i, j, s);
    }
  }
  return G;
}

/** Weighted second moment Σ_k w_k x_k x_kᵀ (dx × dx). */
function moment(x: Float64Array, K: number, dx: number, w: Float64Array): Float64Array {
  const S = new Float64Array(dx * dx);
  for (let k = 0; k < K; k++) {
    const o = k * dx;
    const wk = w[k] as number;
    for (let a = 0; a < dx; a++) {
      const va = wk * (x[o + a] as number);
      for (let b = 0; b <= a; b++) S[a * dx + b] = (S[a * dx + b] as number) + va * (x[o + b] as number);
    }
  }
  for (let a = 0; a < dx; a++) for (let b = 0; b < a; b++) S[b * dx + a] = S[a * dx + b] as number;
  return S;
}

/** Wᵀ from the dual solution: Wᵀ = Σ_k √w_k x_k z_kᵀ (dx × nc). */
function fromDual(x: Float64Array, K: number, dx: number, w: Float64Array, Z: Float64Array, nc: number): Float64Array {
  const wT = new Float64Array(dx * nc);
  for (let k = 0; k < K; k++) {
    const sk = Math.sqrt(w[k] as number);
    for (let j = 0; j < dx; j++) {
      const v = sk * (x[k * dx + j] as number);
      for (let z = 0; z < nc; z++) wT[j * nc + z] = (wT[j * nc + z] as number) + v * (Z[k * nc + z] as number);
    }
  }
  return wT;
}

/**
 * Ridge regression of one-hot labels on embeddings, L(W) = ½Ê‖e_ζ − Wx‖² + (λ/2)‖W‖²,
 * from the moments Σ̂ = Ê[xxᵀ] and Ĉ = Ê[x e_ζᵀ] computed once per distinct input
 * row weighted by its count (exact: rows keyed by their float32 bytes). The
 * optimiser is GD from W = 0 with step η for T steps, computed exactly through
 * the eigendecomposition of Σ̂ + λI, or the closed form Ĉᵀ(Σ̂ + λI)^(−1). With K
 * distinct rows and K ≤ 2M both are computed in the K-dimensional dual
 * (f(BᵀB + λI)Bᵀ = Bᵀf(BBᵀ + λI) for B_k = √(c_k/n)·x_k), which is the same W.
 */
export function ridgeStage(
  inputs: Float32Array,
  labels: Int32Array,
  n: number,
  inDim: number,
  omega: Float32Array,
  M: number,
  nc: number,
  lambda: number,
  solver: RidgeSolver,
): RidgeFit {
  const dx = 2 * M;
  const d = distinctRows(inputs, n, inDim);
  const K = d.size;
  const x = embed(d.rows, K, inDim, omega, M);
  const y = labelCounts(d, labels, nc);
  const w = d.counts.map((c) => c / n);
  let wT: Float64Array;
  const path = K <= dx ? 'dual' : 'primal';
  if (path === 'dual') {
    // Ỹ_k = y_k/√(c_k n), so that Bᵀ Ỹ = Ĉ.
    const yt = new Float64Array(K * nc);
    for (let k = 0; k < K; k++) {
      const s = 1 / Math.sqrt((d.counts[k] as number) * n);
      for (let z = 0; z < nc; z++) yt[k * nc + z] = (y[k * nc + z] as number) * s;
    }
    wT = fromDual(x, K, dx, w, solve(gram(x, K, dx, w), K, lambda, yt, nc, solver), nc);
  } else {
    const C = fromDual(
      x,
      K,
      dx,
      new Float64Array(K).fill(1),
      y.map((v) => v / n),
      nc,
    );
    wT = solve(moment(x, K, dx, w), dx, lambda, C, nc, solver);
  }
  return { wT, finalLoss: ridgeLoss(x, K, dx, w, y, n, wT, nc, lambda), distinctRows: K, path };
}

/** L(W) = ½Σ_k w_k‖o_k‖² − Σ_k o_k·y_k/n + (λ/2)‖W‖² + ½ with o_k = x_kᵀWᵀ (½Ê‖e_ζ‖² = ½). */
function ridgeLoss(
  x: Float64Array,
  K: number,
  dx: number,
  w: Float64Array,
  y: Float64Array,
  n: number,
  wT: Float64Array,
  nc: number,
  lambda: number,
): number {
  const o = project(x, K, dx, wT, nc);
  let loss = 0.5;
  for (let k = 0; k < K; k++)
    for (let z = 0; z < nc; z++) {
      const v = o[k * nc + z] as number;
      loss += 0.5 * (w[k] as number) * v * v - (v * (y[k * nc + z] as number)) / n;
    }
  let norm = 0;
  for (const v of wT) norm += v * v;
  return loss + 0.5 * lambda * norm;
}
