import { solveLinear } from './least-squares';

/**
 * Maximum likelihood for a right-censored Gaussian linear model (Tobit):
 * y = x·β + σ·ε, ε ~ N(0, 1), where a censored observation only says y > its value.
 * The sweep fits log P* with it: a replicate that reached the target contributes
 * its density, a replicate that did not (P* > budget) the probability P(y > log bound).
 */

/** One observation: y observed, or right-censored (the truth is above y). */
export interface CensoredObservation {
  /** Design row without the intercept. */
  readonly x: readonly number[];
  /** The observed value, or the censoring bound. */
  readonly y: number;
  /** True when only y_true > y is known. */
  readonly censored: boolean;
}

/** The tagged outcome of {@link fitTobit}. */
export type TobitFit =
  | {
      readonly status: 'fitted';
      /** Intercept first, then one coefficient per design column. */
      readonly coef: readonly number[];
      /** σ (0 when the observed values lie exactly on a line that the censored bounds do not contradict). */
      readonly sigma: number;
    }
  | { readonly status: 'unidentified'; readonly reason: string };

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erfc(z), Numerical Recipes' Chebyshev fit (relative error < 1.2e-7 everywhere). */
function erfc(z: number): number {
  const a = Math.abs(z);
  const t = 1 / (1 + 0.5 * a);
  const poly =
    -a * a -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return z >= 0 ? r : 2 - r;
}

/** log Φ(u) and the inverse Mills ratio λ(u) = φ(u)/Φ(u), stable far into the lower tail. */
export function logCdfAndHazard(u: number): { logCdf: number; lambda: number } {
  const logPhi = -0.5 * u * u - LOG_SQRT_2PI;
  if (u < -3) {
    // Mills ratio R(t) = (1 − Φ(t))/φ(t) by its continued fraction, t = −u > 3.
    const t = -u;
    let f = t;
    for (let k = 60; k >= 1; k--) f = t + k / f;
    return { logCdf: logPhi - Math.log(f), lambda: f };
  }
  const cdf = 0.5 * erfc(-u / Math.SQRT2);
  return { logCdf: Math.log(cdf), lambda: Math.exp(logPhi) / cdf };
}

/** Olsen's parametrisation θ = (γ = β/σ, τ = 1/σ), in which the log-likelihood is concave. */
interface Evaluated {
  readonly ll: number;
  readonly grad: number[];
  readonly hess: number[][];
}

function evaluate(
  rows: readonly (readonly number[])[],
  obs: readonly CensoredObservation[],
  theta: readonly number[],
): Evaluated {
  const p = rows[0]?.length ?? 0;
  const tau = theta[p] as number;
  const grad = new Array<number>(p + 1).fill(0);
  const hess = Array.from({ length: p + 1 }, () => new Array<number>(p + 1).fill(0));
  let ll = 0;
  obs.forEach((o, i) => {
    const x = rows[i] as readonly number[];
    let xg = 0;
    for (let j = 0; j < p; j++) xg += (x[j] as number) * (theta[j] as number);
    // Both kinds depend on θ through r = x·γ − τy, so d = ∂r/∂θ = (x, −y); the observation's
    // log-likelihood is f(r) (+ log τ when observed) with f'(r) = s and f''(r) = −w.
    const d = [...x, -o.y];
    let s: number;
    let w: number;
    if (o.censored) {
      const u = xg - tau * o.y;
      const { logCdf, lambda } = logCdfAndHazard(u);
      ll += logCdf;
      s = lambda;
      w = lambda * (u + lambda);
    } else {
      // log τ − r²/2 − log √(2π).
      const r = xg - tau * o.y;
      ll += Math.log(tau) - 0.5 * r * r - LOG_SQRT_2PI;
      s = -r;
      w = 1;
      grad[p] = (grad[p] as number) + 1 / tau;
      (hess[p] as number[])[p] = ((hess[p] as number[])[p] as number) - 1 / (tau * tau);
    }
    for (let a = 0; a <= p; a++) {
      grad[a] = (grad[a] as number) + s * (d[a] as number);
      const row = hess[a] as number[];
      for (let b = 0; b <= p; b++) row[b] = (row[b] as number) - w * (d[a] as number) * (d[b] as number);
    }
  });
  return { ll, grad, hess };
}

/** Largest Newton iterations; the concave problems here converge in < 20. */
const MAX_ITERATIONS = 200;
/** Stop when the log-likelihood gains less than this (absolute; ll is O(n)). */
const LL_TOLERANCE = 1e-10;
/** |β| or τ beyond these means the likelihood has no maximum (censoring left a direction free). */
const DIVERGENCE = 1e8;

function newton(
  rows: readonly (readonly number[])[],
  obs: readonly CensoredObservation[],
  start: number[],
): number[] | null {
  let theta = start;
  let cur = evaluate(rows, obs, theta);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const step = solveLinear(
      cur.hess.map((r) => r.map((v) => -v)),
      cur.grad,
    );
    if (step === null) return null;
    let t = 1;
    let next: number[] = theta;
    let ev: Evaluated | null = null;
    for (let h = 0; h < 60; h++, t /= 2) {
      next = theta.map((v, j) => v + t * (step[j] as number));
      if ((next[next.length - 1] as number) <= 0) continue;
      const e = evaluate(rows, obs, next);
      if (e.ll >= cur.ll - LL_TOLERANCE) {
        ev = e;
        break;
      }
    }
    if (ev === null) return theta;
    const gain = ev.ll - cur.ll;
    theta = next;
    cur = ev;
    if (theta.some((v) => !Number.isFinite(v) || Math.abs(v) > DIVERGENCE)) return null;
    if (gain < LL_TOLERANCE) return theta;
  }
  return theta;
}

/**
 * The maximum-likelihood fit of a right-censored Gaussian linear model (Newton's
 * method with step halving on Olsen's concave parametrisation).
 *
 * @param obs - the observations (design rows without the intercept, all of the same length).
 * @returns 'fitted' with β (intercept first) and σ; 'unidentified' with the reason when
 *   the uncensored observations do not determine every coefficient (censoring leaves a
 *   direction in which the likelihood keeps rising) or the likelihood has no maximum.
 */
export function fitTobit(obs: readonly CensoredObservation[]): TobitFit {
  const k = obs[0]?.x.length ?? 0;
  const rows = obs.map((o) => [1, ...o.x]);
  const observed = obs.map((o, i) => ({ o, row: rows[i] as number[] })).filter(({ o }) => !o.censored);
  const ols = olsThroughNormalEquations(
    observed.map(({ row }) => row),
    observed.map(({ o }) => o.y),
  );
  if (ols === null)
    return {
      status: 'unidentified',
      reason: `the replicates that reached the target (${observed.length} of ${obs.length}) do not determine the ${k + 1} coefficients: the censored ones only bound P* from below`,
    };
  const pred = (row: readonly number[]) => row.reduce((s, v, j) => s + v * (ols.beta[j] as number), 0);
  const rms = Math.sqrt(observed.reduce((s, { o, row }) => s + (o.y - pred(row)) ** 2, 0) / observed.length);
  const scale = Math.max(1, ...obs.map((o) => Math.abs(o.y)));
  if (rms <= 1e-12 * scale && obs.every((o, i) => !o.censored || pred(rows[i] as number[]) >= o.y))
    return { status: 'fitted', coef: ols.beta, sigma: 0 };
  const s0 = Math.max(rms, 0.1);
  const theta = newton(rows, obs, [...ols.beta.map((b) => b / s0), 1 / s0]);
  if (theta === null)
    return {
      status: 'unidentified',
      reason: 'the censored likelihood has no maximum (it keeps rising along a direction)',
    };
  const tau = theta[k + 1] as number;
  return { status: 'fitted', coef: theta.slice(0, k + 1).map((g) => g / tau), sigma: 1 / tau };
}

/** Uncentred least squares through the normal equations; null when rank-deficient. */
function olsThroughNormalEquations(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): { beta: number[] } | null {
  const p = rows[0]?.length ?? 0;
  if (rows.length < p || p === 0) return null;
  const A = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => rows.reduce((s, r) => s + (r[a] as number) * (r[b] as number), 0)),
  );
  const rhs = Array.from({ length: p }, (_, a) => rows.reduce((s, r, i) => s + (r[a] as number) * (y[i] as number), 0));
  const beta = solveLinear(A, rhs);
  return beta === null ? null : { beta };
}
