import type { Grammar } from '../grammar/grammar';
import { type Matrix, zeros } from './matrix';

/**
 * Positional transition F_l^(c) ([R] §2; theory.md §2):
 * F_l^(c)[ν, a] = P(child c of a level-l node = a | node = ν), the
 * rule-weighted fraction of ν's productions with a at position c
 * (#productions with a at c / m for uniform rules). Row-stochastic,
 * |V_l| × |V_{l+1}|. Child positions c are 0-based (the paper's F^(1) is c = 0).
 *
 * @param l - parent level, 0 ≤ l < L.
 * @param c - child position, 0 ≤ c < s.
 */
export function positionalTransition(g: Grammar, l: number, c: number): Matrix {
  const r = g.levels[l];
  if (!r || c < 0 || c >= g.s)
    throw new RangeError(`no transition F_${l}^(${c}) in a grammar with L = ${g.L}, s = ${g.s}`);
  const f = zeros(r.parentCount, r.childCount);
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const a = r.children[p * g.s + c] as number;
      const idx = nu * r.childCount + a;
      f.data[idx] = (f.data[idx] as number) + (r.weights[p] as number);
    }
  }
  return f;
}

/** F_l^(c) for every level l and position c, cached per grammar: transitions[l][c]. */
export function allTransitions(g: Grammar): Matrix[][] {
  let cached = cache.get(g);
  if (!cached) {
    cached = g.levels.map((_, l) => Array.from({ length: g.s }, (_, c) => positionalTransition(g, l, c)));
    cache.set(g, cached);
  }
  return cached;
}

const cache = new WeakMap<Grammar, Matrix[][]>();
