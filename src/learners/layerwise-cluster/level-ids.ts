import type { Grammar } from '../../grammar/grammar';
import { InternalError } from '../../errors';
import type { Rng } from '../../util/rng';
import { PatchIndex } from '../patch-index';
import { forEachSampleChunk } from './sample-chunks';

/**
 * The training side of `layerwise-cluster` as patch ids: for every level, the id
 * of each training patch in the level's {@link PatchIndex}, in the smallest typed
 * array that holds them. The level-L ids are taken from the samples chunk by chunk
 * (the tokens are never kept); the level-(l−1) ids are read off the level-l ids
 * through the cluster of each patch, without materialising the level-(l−1) tokens.
 * Ids are given in order of first appearance (sample by sample, patch by patch),
 * the order in which the patches' k-means points are laid out.
 */

/** Patch ids of one level (training patches are always known, so no sentinel is needed). */
export type IdArray = Uint8Array | Uint16Array | Int32Array;

/** The patch ids of one level's training samples. */
export interface LevelIds {
  /** Patch id of patch p of sample i at i·K + p. */
  readonly ids: IdArray;
  readonly n: number;
  /** Patches per sample, s^(l−1). */
  readonly K: number;
  /** The distinct patches, in order of first appearance. */
  readonly index: PatchIndex;
}

/** An id array of `length` for ids in [0, capacity). */
function idArray(length: number, capacity: number): IdArray {
  if (capacity <= 1 << 8) return new Uint8Array(length);
  if (capacity <= 1 << 16) return new Uint16Array(length);
  return new Int32Array(length);
}

function unknownToken(): never {
  throw new InternalError('layerwise-cluster: a training patch has an unknown (negative) token');
}

/** Index `count` consecutive patches of `tokens` (patch j at j·s), writing their ids to out[at …]. */
function indexPatches(index: PatchIndex, tokens: Int32Array, count: number, out: IdArray, at: number): void {
  const { s, alphabet } = index;
  if (!Number.isFinite(index.capacity)) {
    for (let j = 0; j < count; j++) {
      const id = index.add(tokens, j * s);
      if (id < 0) unknownToken();
      out[at + j] = id;
    }
    return;
  }
  for (let j = 0; j < count; j++) {
    let code = 0;
    for (let c = 0; c < s; c++) {
      const t = tokens[j * s + c] as number;
      if (t < 0) unknownToken();
      code = code * alphabet + t;
    }
    out[at + j] = index.addCode(code);
  }
}

/**
 * Draw n = labels.length training samples (the stream's draws are those of
 * `sampleIid(g, n, rng)`) and keep only their labels, written to `labels`, and
 * their level-L patch ids, returned.
 */
export function sampleLevelIds(g: Grammar, rng: Rng, labels: Int32Array): LevelIds {
  const { s, L } = g;
  const n = labels.length;
  const K = s ** (L - 1);
  const index = new PatchIndex(g.vocabulary[L] as number, s);
  const ids = idArray(n * K, index.capacity);
  forEachSampleChunk(g, n, rng, (chunk, start) => {
    labels.set(chunk.labels, start);
    indexPatches(index, chunk.tokens, chunk.n * K, ids, start * K);
  });
  return { ids, n, K, index };
}

/**
 * The level-(l−1) patch ids: each level-l patch becomes its cluster, the level-(l−1)
 * token, and s consecutive tokens of a sample form a level-(l−1) patch.
 * @param clusterOf - the cluster in [0, alphabet) of every level-l patch id.
 * @param alphabet - |V_{l−1}|.
 */
export function idsAbove(level: LevelIds, clusterOf: Int32Array, alphabet: number, s: number): LevelIds {
  const K = level.K / s;
  const index = new PatchIndex(alphabet, s);
  const ids = idArray(level.n * K, index.capacity);
  const below = level.ids;
  const count = level.n * K;
  if (!Number.isFinite(index.capacity)) {
    const tokens = new Int32Array(s);
    for (let j = 0; j < count; j++) {
      for (let c = 0; c < s; c++) tokens[c] = clusterOf[below[j * s + c] as number] as number;
      const id = index.add(tokens, 0);
      if (id < 0) unknownToken();
      ids[j] = id;
    }
  } else {
    for (let j = 0; j < count; j++) {
      let code = 0;
      for (let c = 0; c < s; c++) code = code * alphabet + (clusterOf[below[j * s + c] as number] as number);
      ids[j] = index.addCode(code);
    }
  }
  return { ids, n: level.n, K, index };
}

/** The cluster of every patch of a level (n·K of them), e.g. the level-0 cluster of every sample at l = 1. */
export function clustersOf(level: LevelIds, clusterOf: Int32Array): Int32Array {
  const out = new Int32Array(level.ids.length);
  for (let j = 0; j < out.length; j++) out[j] = clusterOf[level.ids[j] as number] as number;
  return out;
}
