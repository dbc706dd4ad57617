import { type Rng, sampleDistinct } from '../../util/rng';

/** Digits of `index` in base v, most significant first, `s` digits. */
export function decodeTuple(index: number, v: number, s: number): number[] {
  const out = new Array<number>(s);
  for (let c = s - 1; c >= 0; c--) {
    out[c] = index % v;
    index = Math.floor(index / v);
  }
  return out;
}

/**
 * `k` distinct s-tuples over an alphabet of size v, uniformly without
 * replacement, in draw order. Works by index when v^s is a safe integer,
 * by rejection on digit tuples otherwise.
 */
export function drawDistinctTuples(rng: Rng, v: number, s: number, k: number): number[][] {
  const total = v ** s;
  if (Number.isSafeInteger(total)) {
    return sampleDistinct(rng, total, k).map((i) => decodeTuple(i, v, s));
  }
  const seen = new Set<string>();
  const out: number[][] = [];
  while (out.length < k) {
    const t = Array.from({ length: s }, () => rng.int(v));
    const key = t.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}
