/**
 * Exact deduplication of float32 rows: rows are equal when their bytes are
 * (so the result is bit-stable and never merges two rows that differ in any bit).
 */

/** The distinct rows of a row-major matrix, in order of first occurrence, with counts. */
export interface DistinctRows {
  /** K, the number of distinct rows. */
  readonly size: number;
  /** The distinct rows, K × dim, row-major. */
  readonly rows: Float32Array;
  /** How many input rows equal each distinct row. */
  readonly counts: Float64Array;
  /** For every input row, the index of its distinct row. */
  readonly index: Int32Array;
}

function rowHash(w: Uint32Array, off: number, dim: number): number {
  let h = 0x811c9dc5;
  for (let t = 0; t < dim; t++) h = Math.imul(h ^ (w[off + t] as number), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

function sameRow(w: Uint32Array, a: number, b: number, dim: number): boolean {
  for (let t = 0; t < dim; t++) if (w[a + t] !== w[b + t]) return false;
  return true;
}

/**
 * Distinct rows of `data` (rows × dim), keyed by their float32 bytes: an
 * open-addressing hash table over the 32-bit words of each row.
 */
export function distinctRows(data: Float32Array, rows: number, dim: number): DistinctRows {
  const words = new Uint32Array(data.buffer, data.byteOffset, rows * dim);
  let cap = 16;
  while (cap < 2 * rows) cap *= 2;
  const table = new Int32Array(cap).fill(-1);
  const index = new Int32Array(rows);
  const firstRow: number[] = [];
  const counts: number[] = [];
  for (let r = 0; r < rows; r++) {
    let slot = rowHash(words, r * dim, dim) & (cap - 1);
    for (;;) {
      const u = table[slot] as number;
      if (u < 0) {
        table[slot] = firstRow.length;
        index[r] = firstRow.length;
        firstRow.push(r);
        counts.push(1);
        break;
      }
      if (sameRow(words, (firstRow[u] as number) * dim, r * dim, dim)) {
        index[r] = u;
        counts[u] = (counts[u] as number) + 1;
        break;
      }
      slot = (slot + 1) & (cap - 1);
    }
  }
  const out = new Float32Array(firstRow.length * dim);
  firstRow.forEach((r, u) => out.set(data.subarray(r * dim, (r + 1) * dim), u * dim));
  return { size: firstRow.length, rows: out, counts: Float64Array.from(counts), index };
}

/** Per distinct row, how many of its input rows carry each label (K × classes). */
export function labelCounts(d: DistinctRows, labels: Int32Array, classes: number): Float64Array {
  const y = new Float64Array(d.size * classes);
  for (let r = 0; r < d.index.length; r++) {
    const i = (d.index[r] as number) * classes + (labels[r] as number);
    y[i] = (y[i] as number) + 1;
  }
  return y;
}

/** Scatter per-distinct-row values (K × width) back to every input row (rows × width). */
export function scatterRows(d: DistinctRows, values: Float32Array, width: number): Float32Array {
  const out = new Float32Array(d.index.length * width);
  for (let r = 0; r < d.index.length; r++) {
    const u = d.index[r] as number;
    out.set(values.subarray(u * width, (u + 1) * width), r * width);
  }
  return out;
}
