/**
 * Seeded pseudo-random streams. Randomness is a value: one root seed per run,
 * named child streams derived from it, passed explicitly. No `Math.random`.
 *
 * The generator is xoshiro128** (Blackman & Vigna), 32-bit state words, period
 * 2^128 − 1. A child stream's state is a hash of the root seed and the stream's
 * path (`"grammar"`, `"sample/stage-2"`, …), so drawing from one stream never
 * changes another, and adding a stream never changes existing ones.
 */

/** The names of the standard child streams of a run. */
export type StreamName = 'grammar' | 'sample' | 'split' | 'features' | 'init' | 'shuffle' | (string & {});

const TWO_32 = 4294967296;

/**
 * Largest root seed accepted: 2^32 − 1. Stream states are derived through a 32-bit
 * hash, so two seeds ≥ 2^32 could give the same streams as a smaller one; they are
 * refused rather than silently colliding (the derivation is kept, so every seeded
 * output of the project stays as it was).
 */
export const MAX_SEED = TWO_32 - 1;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashPath(seed: number, path: string): [number, number, number, number] {
  const lo = (seed % TWO_32) >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(hi ^ 0x7f4a7c15, 0x27d4eb2f));
  for (let i = 0; i < path.length; i++) {
    h = fmix32(Math.imul(h ^ path.charCodeAt(i), 0x01000193) + i);
  }
  // splitmix32-style expansion into four words.
  const out: [number, number, number, number] = [0, 0, 0, 0];
  let x = h;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    out[i] = fmix32(x ^ Math.imul(i + 1, 0x632be5ab));
  }
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 1;
  return out;
}

/** The four 32-bit words of a xoshiro128** state, for hot loops that inline the generator. */
export type RngState = [number, number, number, number];

/**
 * A seeded random stream.
 *
 * @example
 * const root = Rng.fromSeed(7);
 * const g = root.stream('grammar');
 * g.int(10); // an integer in [0, 10)
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(
    /** Root seed this stream descends from. */
    readonly seed: number,
    /** Slash-separated path of stream names from the root ('' for the root). */
    readonly path: string,
  ) {
    const [a, b, c, d] = hashPath(seed, path);
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }

  /**
   * The root stream of a run.
   * @param seed - an integer in [0, {@link MAX_SEED}].
   * @throws RangeError when the seed is not an integer in [0, 2^32 − 1].
   */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`seed must be an integer in [0, 2^32 − 1 = ${MAX_SEED}], got ${seed}`);
    }
    return new Rng(seed, '');
  }

  /** A child stream named `name`, independent of this stream's position. */
  stream(name: StreamName): Rng {
    return new Rng(this.seed, this.path === '' ? name : `${this.path}/${name}`);
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0;
    let n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    n3 = rotl(n3, 11);
    this.s0 = n0 | 0;
    this.s1 = n1 | 0;
    this.s2 = n2 | 0;
    this.s3 = n3 | 0;
    return r;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * Unbiased uniform integer in [0, n) (Lemire's multiply-shift with rejection).
   * @param n - an integer in [1, 2^32].
   */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_32) || !Number.isInteger(n))
      throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    if (n <= 2097152) {
      // x·n < 2^53 is exact in a double.
      const threshold = (TWO_32 - n) % n;
      for (;;) {
        const prod = this.nextUint32() * n;
        if (prod % TWO_32 >= threshold) return Math.floor(prod / TWO_32);
      }
    }
    const limit = Math.floor(TWO_32 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Uniform integer in [0, n) for any safe integer n ≥ 1 (up to 2^53). */
  intBelow(n: number): number {
    if (n <= TWO_32) return this.int(n);
    if (!Number.isSafeInteger(n)) throw new RangeError(`intBelow(n) needs a safe integer, got ${n}`);
    const limit = Math.floor(9007199254740992 / n) * n;
    for (;;) {
      const x = (this.nextUint32() >>> 11) * TWO_32 + this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Uniform BigInt in [0, n) for n ≥ 1, by rejection on whole 32-bit words. */
  bigBelow(n: bigint): bigint {
    if (n < 1n) throw new RangeError('bigBelow(n) needs n ≥ 1');
    const bits = n.toString(2).length;
    const words = Math.ceil(bits / 32);
    const excess = BigInt(words * 32 - bits);
    for (;;) {
      let x = 0n;
      for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(this.nextUint32());
      x >>= excess;
      if (x < n) return x;
    }
  }

  /** Standard normal variate (Box–Muller, one of the pair). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A new array with the elements of `items` in uniformly random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** Shuffle a typed array in place (for buffers the caller owns). */
  shuffleInPlace(a: Int32Array | Uint32Array | Float64Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i] as number;
      a[i] = a[j] as number;
      a[j] = tmp;
    }
  }

  /** Copy of the generator state, for hot loops that inline xoshiro128**. */
  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Restore a state previously taken with {@link Rng.getState} and advanced by an inlined loop. */
  setState(state: RngState): void {
    [this.s0, this.s1, this.s2, this.s3] = state;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * `k` distinct integers drawn uniformly without replacement from [0, n), in draw order.
 * Uses a partial Fisher–Yates shuffle when n is small, rejection with a set otherwise.
 */
export function sampleDistinct(rng: Rng, n: number, k: number): number[] {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct values from ${n}`);
  if (n <= 1 << 22 || k > n / 4) {
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    const out: number[] = new Array<number>(k);
    for (let i = 0; i < k; i++) {
      const j = i + rng.intBelow(n - i);
      const tmp = pool[j] as number;
      pool[j] = pool[i] as number;
      pool[i] = tmp;
      out[i] = tmp;
    }
    return out;
  }
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < k) {
    const x = rng.intBelow(n);
    if (!seen.has(x)) {
      seen.add(x);
      out.push(x);
    }
  }
  return out;
}
