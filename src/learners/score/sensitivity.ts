/**
 * [C]'s synonymic sensitivity from representations given as files:
 * S_{k,l} = ⟨‖f_k(x) − f_k(P_l x)‖²⟩ / ⟨‖f_k(x) − f_k(y)‖²⟩, where f_k(x) is the
 * concatenation of the level-k vectors of input x, P_l x is x with every
 * level-l patch exchanged for a random synonym, and y is another probe input
 * (the next one, cyclically). The built-in networks' version is
 * src/learners/nn/sensitivity.ts; this one reads vectors instead of running a net.
 */

/** One level's vectors for a set of inputs: n·s^(k−1)·dim float32 values. */
export interface Representation {
  readonly vectors: Float32Array;
  readonly dim: number;
}

/** Mean over inputs i of ‖a_i − b_j(i)‖², each input a block of `block` floats. */
function meanSq(a: Float32Array, b: Float32Array, n: number, block: number, shift: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + shift) % n;
    for (let z = 0; z < block; z++) {
      const d = (a[i * block + z] as number) - (b[j * block + z] as number);
      sum += d * d;
    }
  }
  return sum / n;
}

/**
 * S_{k,l} for one exchanged level l, for every representation level k = 1..L.
 * @param base - level k → vectors of the probe inputs.
 * @param exchanged - level k → vectors of the probe inputs with level l exchanged.
 * @param n - probe inputs.
 * @param s - branching factor.
 * @param L - depth.
 * @returns entry k−1: S_{k,l}, or null when level k is missing from either side (or n < 2).
 */
export function sensitivityRow(
  base: ReadonlyMap<number, Representation>,
  exchanged: ReadonlyMap<number, Representation>,
  n: number,
  s: number,
  L: number,
): (number | null)[] {
  return Array.from({ length: L }, (_, i) => {
    const k = i + 1;
    const a = base.get(k);
    const b = exchanged.get(k);
    if (!a || !b || a.dim !== b.dim || n < 2) return null;
    const block = s ** (k - 1) * a.dim;
    const denom = meanSq(a.vectors, a.vectors, n, block, 1);
    return meanSq(a.vectors, b.vectors, n, block, 0) / Math.max(denom, 1e-30);
  });
}
