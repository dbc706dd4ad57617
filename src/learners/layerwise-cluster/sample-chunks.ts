import { inputLength, type Grammar } from '../../grammar/grammar';
import { sampleIid, type SampleBatch } from '../../sampling/iid';
import type { Rng } from '../../util/rng';

/**
 * The training samples of `layerwise-cluster`, drawn in chunks so that the n·d
 * level-L tokens never live in memory at once (at L = 8, P = 10^6 they alone are
 * 1 GiB of int32), yet the same samples, bit for bit, as one `sampleIid(g, n, rng)` call.
 *
 * One `sampleIid` call draws its samples in blocks of B = ⌊2^15/d⌋ (labels of a
 * block, then its levels top-down), and for (V,m)-uniform grammars takes K base-m
 * digits from each 31-bit draw, keeping unused digits only until the call returns.
 * Consecutive calls on the same stream therefore reproduce one call exactly when
 * every call but the last covers a whole number of blocks and uses a whole number
 * of draws of digits: a multiple of B·K samples does both. The property test
 * `layerwise-cluster-sampling` checks this against `sampleIid` itself, so a change
 * of the sampler's blocking shows up there.
 */

/** Symbols per block of `sampleIid` (its CHUNK_SYMBOLS). */
const SAMPLER_BLOCK_SYMBOLS = 1 << 15;
/** Tokens per chunk we aim for (4 MiB of int32), rounded up to the alignment. */
const TARGET_CHUNK_TOKENS = 1 << 20;

/** Base-m digits per 31-bit draw of `sampleIid` for a (V,m)-uniform grammar (1 when it draws no digits). */
function digitsPerDraw(g: Grammar): number {
  const m = g.m;
  if (m === null || m <= 1 || !g.levels.every((r) => r.uniformWeights)) return 1;
  let K = 0;
  let M = 1;
  while (M * m <= 2147483648) {
    M *= m;
    K++;
  }
  return K;
}

/**
 * Samples per chunk: a multiple of the alignment B·K that `sampleIid` needs to
 * reproduce one call, and at least `minTokens / d` samples.
 */
export function alignedChunkSamples(g: Grammar, minTokens = TARGET_CHUNK_TOKENS): number {
  const d = inputLength(g);
  const align = Math.max(1, Math.floor(SAMPLER_BLOCK_SYMBOLS / d)) * digitsPerDraw(g);
  return align * Math.max(1, Math.ceil(minTokens / d / align));
}

/**
 * Draw n i.i.d. samples from `rng` chunk by chunk and hand each chunk to `visit`
 * (its first sample's index beside it); the samples and the stream's final state
 * are those of `sampleIid(g, n, rng)`.
 * @param minTokens - tokens per chunk at least (tests pass a small value to force many chunks).
 */
export function forEachSampleChunk(
  g: Grammar,
  n: number,
  rng: Rng,
  visit: (chunk: SampleBatch, start: number) => void,
  minTokens = TARGET_CHUNK_TOKENS,
): void {
  const chunk = alignedChunkSamples(g, minTokens);
  for (let start = 0; start < n; start += chunk) visit(sampleIid(g, Math.min(chunk, n - start), rng), start);
}
