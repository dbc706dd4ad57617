import type { Grammar } from '../grammar/grammar';
import { jointAt } from './positions';
import { firstPath } from './posteriors';

/** The exact law of the first level-l patch: its probability and the label posterior given it. */
export interface PatchLaw {
  /** p_µ^(l) = P(first level-l patch = µ). */
  readonly p: number;
  /** q_µ^(l) = P(label = · | first level-l patch = µ). */
  readonly q: Float64Array;
}

/** The key of a patch µ in the tables below: its tokens joined with ','. */
function patchKey(patch: ArrayLike<number>): string {
  return Array.from(patch).join(',');
}

/**
 * Exact law of the first level-l patch µ, for every patch (keyed by its
 * tokens joined with ','), from the joint at the first level-(l−1) node:
 * p_µ·q_µ = Σ over parents ν producing µ of J[:, ν]·Q(ν, µ). q_µ equals q_ν(µ)
 * for a non-ambiguous grammar and is a mixture over the parents otherwise.
 *
 * @param level - l, 1 ≤ l ≤ L.
 * @returns p_µ^(l) and q_µ^(l) for every patch µ of level l−1's productions.
 * @see theory.md §2 (patch probability, q-vector); [R] eq. 4.
 */
export function patchLawTable(g: Grammar, level: number): Map<string, PatchLaw> {
  const joint = jointAt(g, firstPath(level - 1));
  const r = g.levels[level - 1];
  if (!r) throw new RangeError(`level must be in [1, ${g.L}], got ${level}`);
  const { rows, cols, data } = joint.matrix;
  const acc = new Map<string, Float64Array>();
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const key = patchKey(r.children.subarray(p * g.s, p * g.s + g.s));
      let v = acc.get(key);
      if (!v) acc.set(key, (v = new Float64Array(rows)));
      const w = r.weights[p] as number;
      for (let z = 0; z < rows; z++) v[z] = (v[z] as number) + (data[z * cols + nu] as number) * w;
    }
  }
  const out = new Map<string, PatchLaw>();
  for (const [key, v] of acc) {
    let total = 0;
    for (const x of v) total += x;
    if (total > 0) for (let z = 0; z < v.length; z++) v[z] = (v[z] as number) / total;
    out.set(key, { p: total / joint.denominator, q: v });
  }
  return out;
}

/** q_µ^(l) for every first level-l patch µ (see {@link patchLawTable}). */
export function patchPosteriorTable(g: Grammar, level: number): Map<string, Float64Array> {
  return new Map([...patchLawTable(g, level)].map(([k, law]) => [k, law.q]));
}
