import { LIMITS } from '../../spec/limits';
import { invalid } from '../errors';
import { type Grammar, type RuleLevel, inputLength } from '../grammar/grammar';
import type { Rng } from '../util/rng';

/**
 * A batch of samples in compact typed arrays.
 * Sample i's input is tokens[i·d … i·d+d−1]; its label labels[i].
 */
export interface SampleBatch {
  /** Number of samples. */
  readonly n: number;
  /** Input length d = s^L. */
  readonly d: number;
  /** Level-L tokens, n·d of them. */
  readonly tokens: Int32Array;
  /** Labels ζ (level-0 symbols), n of them. */
  readonly labels: Int32Array;
  /**
   * The full latent tree when requested: latent[l] holds n·s^l level-l
   * symbols (sample i's at [i·s^l, (i+1)·s^l)); latent[0] is `labels` and
   * latent[L] is `tokens`.
   */
  readonly latent?: readonly Int32Array[];
}

/** Options of {@link sampleIid}. */
export interface SampleOptions {
  /** Also return the symbol at every node of every level. */
  readonly latent?: boolean;
}

/** Walker alias table over the productions of every parent of one level. */
interface LevelTable {
  readonly offsets: Int32Array;
  readonly children: Int32Array;
  /** Number of productions of each parent. */
  readonly counts: Int32Array;
  /** Lemire rejection threshold (2^32 − count) mod count, per parent. */
  readonly thresholds: Float64Array;
  /** Alias acceptance probability per production; null when weights are uniform. */
  readonly accept: Float64Array | null;
  /** Alias target (global production index) per production; null when weights are uniform. */
  readonly alias: Int32Array | null;
}

const TWO_32 = 4294967296;
const INV_2_32 = 1 / TWO_32;
/** Symbols per sampling chunk (B·d): small enough to stay in cache. */
const CHUNK_SYMBOLS = 1 << 15;

function aliasTable(weights: Float64Array, offsets: Int32Array): { accept: Float64Array; alias: Int32Array } {
  const accept = new Float64Array(weights.length);
  const alias = new Int32Array(weights.length);
  for (let nu = 0; nu + 1 < offsets.length; nu++) {
    const lo = offsets[nu] as number;
    const n = (offsets[nu + 1] as number) - lo;
    const scaled = Array.from({ length: n }, (_, j) => (weights[lo + j] as number) * n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((w, j) => (w < 1 ? small : large).push(j));
    while (small.length > 0 && large.length > 0) {
      const a = small.pop() as number;
      const b = large[large.length - 1] as number;
      accept[lo + a] = scaled[a] as number;
      alias[lo + a] = lo + b;
      scaled[b] = (scaled[b] as number) + (scaled[a] as number) - 1;
      if (scaled[b] < 1) small.push(large.pop() as number);
    }
    for (const j of [...small, ...large]) {
      accept[lo + j] = 1;
      alias[lo + j] = lo + j;
    }
  }
  return { accept, alias };
}

function levelTable(r: RuleLevel): LevelTable {
  const counts = new Int32Array(r.parentCount);
  const thresholds = new Float64Array(r.parentCount);
  for (let nu = 0; nu < r.parentCount; nu++) {
    const c = (r.offsets[nu + 1] as number) - (r.offsets[nu] as number);
    counts[nu] = c;
    thresholds[nu] = (TWO_32 - c) % c;
  }
  const weighted = r.uniformWeights ? null : aliasTable(r.weights, r.offsets);
  return {
    offsets: r.offsets,
    children: r.children,
    counts,
    thresholds,
    accept: weighted?.accept ?? null,
    alias: weighted?.alias ?? null,
  };
}

/** Check that n samples of this grammar fit in memory; throws InvalidInputError naming --n otherwise. */
export function assertSampleSize(g: Grammar, n: number, latent: boolean): void {
  if (!Number.isSafeInteger(n) || n < 0)
    invalid('sample request', '--n', `n must be a non-negative integer, got ${n}`, 'give a whole number of samples');
  const d = inputLength(g);
  if (d > LIMITS.maxInputLength) {
    invalid(
      'sample request',
      '/depth',
      `inputs have d = s^L = ${d} tokens, more than the limit ${LIMITS.maxInputLength}`,
      'use a grammar with smaller s or L',
    );
  }
  const perSample = latent ? Math.ceil((d * g.s - 1) / (g.s - 1)) : d;
  if (n * perSample > LIMITS.maxTokensInMemory) {
    const most = Math.floor(LIMITS.maxTokensInMemory / perSample);
    invalid(
      'sample request',
      '--n',
      `${n} samples of ${perSample} symbols need ${n * perSample} symbols in memory, more than the limit ${LIMITS.maxTokensInMemory}`,
      `ask for at most ${most} samples per call (or stream in chunks)`,
    );
  }
}

/* eslint-disable complexity -- sampleIid is one function on purpose: the PRNG state lives in locals its
   closures share, which keeps sampling allocation-free and fast (bench/sampler.ts). */
/**
 * Draw n i.i.d. samples: the label from D_0, then every node's production
 * from Q_l(ν, ·), top-down. Deterministic given the stream's state; the
 * stream is advanced.
 *
 * @param g - the grammar.
 * @param n - number of samples.
 * @param rng - the stream to draw from (conventionally `root.stream('sample')`).
 * @throws InvalidInputError when the batch would exceed the memory limits.
 * @example
 * const batch = sampleIid(grammar, 1000, Rng.fromSeed(1).stream('sample'));
 */
export function sampleIid(g: Grammar, n: number, rng: Rng, options: SampleOptions = {}): SampleBatch {
  const latent = options.latent === true;
  assertSampleSize(g, n, latent);
  const { s, L } = g;
  const d = inputLength(g);
  const tokens = new Int32Array(n * d);
  const labels = new Int32Array(n);
  const latentArrays: Int32Array[] | null = latent ? [labels] : null;
  if (latentArrays) for (let l = 1; l < L; l++) latentArrays.push(new Int32Array(n * s ** l));
  if (latentArrays) latentArrays.push(tokens);

  const tables = g.levels.map(levelTable);
  const rootTable = labelTable(g);
  let [s0, s1, s2, s3] = rng.getState();
  // xoshiro128**, inlined on local state for speed (see src/util/rng.ts).
  const next = (): number => {
    const r = Math.imul((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return r;
  };
  // Unbiased bounded integer (Lemire): the high word of x·count is the draw, the low word
  // (Math.imul, exact mod 2^32) decides rejection. x·count < 2^53 because counts ≤ 2^20 (LIMITS).
  const bounded = (count: number, threshold: number): number => {
    for (;;) {
      const x = next();
      if (threshold === 0 || Math.imul(x, count) >>> 0 >= threshold) return Math.floor(x * count * INV_2_32);
    }
  };
  // 32-bit resolution suffices for the alias coin: its bias is below 2^−32.
  const uniform01 = (): number => next() * INV_2_32;

  // Digit pool for (V,m)-uniform levels: one 31-bit draw, accepted below the largest
  // multiple of m^K (K digits per draw), yields K uniform base-m digits, exactly unbiased.
  // For m a power of two, m^K divides 2^31 and no draw is ever rejected.
  const m = g.m !== null && g.m > 1 && tables.every((t) => t.accept === null) ? g.m : 0;
  const pow2 = m > 0 && (m & (m - 1)) === 0;
  const shift = pow2 ? 31 - Math.clz32(m) : 0;
  const mask = m - 1;
  let K = 0;
  let M = 1;
  while (m > 0 && M * m <= 2147483648) {
    M *= m;
    K++;
  }
  const limitM = m > 0 ? Math.floor(2147483648 / M) * M : 0;
  let pool = 0;
  let left = 0;
  const digit = (): number => {
    if (left === 0) {
      let x = next() >>> 1;
      while (x >= limitM) x = next() >>> 1;
      pool = x;
      left = K;
    }
    left--;
    const r = pool % m;
    pool = (pool - r) / m;
    return r;
  };

  // Samples are drawn in chunks of B, level by level: the level-l nodes of a chunk are
  // contiguous (sample b's at [b·s^l, (b+1)·s^l)), so node j's children go to [j·s, j·s+s)
  // and each level is one flat loop. Draw order: the chunk's labels, then level 0, 1, ….
  const B = Math.max(1, Math.min(n, Math.floor(CHUNK_SYMBOLS / d)));
  const scratchA = latentArrays ? null : new Int32Array((B * d) / s);
  const scratchB = latentArrays ? null : new Int32Array((B * d) / s);
  for (let start = 0; start < n; start += B) {
    const nb = Math.min(B, n - start);
    for (let b = 0; b < nb; b++) {
      let label = bounded(rootTable.count, rootTable.threshold);
      if (rootTable.accept !== null && rootTable.alias !== null && uniform01() >= (rootTable.accept[label] as number))
        label = rootTable.alias[label] as number;
      labels[start + b] = label;
    }
    let cur: Int32Array = labels;
    let curBase = start;
    let width = 1;
    for (let l = 0; l < L; l++) {
      const tb = tables[l] as LevelTable;
      const children = tb.children;
      const nodes = nb * width;
      // Where level l+1 goes: the tokens, the latent array, or scratch (ping-pong).
      let out: Int32Array;
      let outBase: number;
      if (l === L - 1) {
        out = tokens;
        outBase = start * d;
      } else if (latentArrays) {
        out = latentArrays[l + 1] as Int32Array;
        outBase = start * width * s;
      } else {
        out = (l % 2 === 0 ? scratchA : scratchB) as Int32Array;
        outBase = 0;
      }
      if (pow2) {
        // (V,m)-uniform, m a power of two: production p = ν·m + (next log2 m bits of the pool).
        for (let j = 0; j < nodes; j++) {
          if (left === 0) {
            pool = next() >>> 1;
            left = K;
          }
          left--;
          const src = ((cur[curBase + j] as number) * m + (pool & mask)) * s;
          pool >>>= shift;
          const dst = outBase + j * s;
          if (s === 2) {
            out[dst] = children[src] as number;
            out[dst + 1] = children[src + 1] as number;
          } else for (let c = 0; c < s; c++) out[dst + c] = children[src + c] as number;
        }
      } else if (m > 0) {
        // (V,m)-uniform: production p = ν·m + digit.
        for (let j = 0; j < nodes; j++) {
          const src = ((cur[curBase + j] as number) * m + digit()) * s;
          const dst = outBase + j * s;
          for (let c = 0; c < s; c++) out[dst + c] = children[src + c] as number;
        }
      } else {
        for (let j = 0; j < nodes; j++) {
          const nu = cur[curBase + j] as number;
          let p = (tb.offsets[nu] as number) + bounded(tb.counts[nu] as number, tb.thresholds[nu] as number);
          if (tb.accept !== null && tb.alias !== null && uniform01() >= (tb.accept[p] as number))
            p = tb.alias[p] as number;
          const src = p * s;
          const dst = outBase + j * s;
          for (let c = 0; c < s; c++) out[dst + c] = children[src + c] as number;
        }
      }
      cur = out;
      curBase = outBase;
      width *= s;
    }
  }
  rng.setState([s0, s1, s2, s3]);
  return latentArrays ? { n, d, tokens, labels, latent: latentArrays } : { n, d, tokens, labels };
}

/* eslint-enable complexity */

function labelTable(g: Grammar): {
  count: number;
  threshold: number;
  accept: Float64Array | null;
  alias: Int32Array | null;
} {
  const count = g.labelPrior.length;
  const threshold = (TWO_32 - count) % count;
  if (g.uniformPrior) return { count, threshold, accept: null, alias: null };
  const { accept, alias } = aliasTable(g.labelPrior, Int32Array.from([0, count]));
  return { count, threshold, accept, alias };
}

/** Sample i of a batch as plain arrays (for JSON output and tests). */
export function sampleAt(batch: SampleBatch, i: number): { label: number; tokens: number[]; latent?: number[][] } {
  const tokens = Array.from(batch.tokens.subarray(i * batch.d, (i + 1) * batch.d));
  const label = batch.labels[i] as number;
  if (!batch.latent) return { label, tokens };
  const latent = batch.latent.map((arr) => {
    const w = arr.length / batch.n;
    return Array.from(arr.subarray(i * w, (i + 1) * w));
  });
  return { label, tokens, latent };
}
