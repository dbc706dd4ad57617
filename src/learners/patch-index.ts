/**
 * Dense ids for the distinct s-tuples ("patches") seen in a token sequence, in
 * order of first appearance. A patch's code is Σ_c a_c·A^(s−1−c); when A^s is at
 * most {@link DENSE_PATCH_CODES} the code → id table is a flat Int32Array (one
 * array read per lookup), otherwise a Map keyed by the code (or by a string when
 * A^s is not a safe integer).
 */

/** Largest A^s indexed through a dense table (16 MiB of int32). */
export const DENSE_PATCH_CODES = 1 << 22;

export class PatchIndex {
  /** code → id, −1 for a patch not yet seen; null when A^s > {@link DENSE_PATCH_CODES}. */
  private readonly table: Int32Array | null;
  private readonly map = new Map<number | string, number>();
  private readonly numeric: boolean;
  private count = 0;

  /**
   * @param alphabet - A, the number of token values (tokens lie in [0, A)).
   * @param s - patch length.
   */
  constructor(
    readonly alphabet: number,
    readonly s: number,
  ) {
    const codes = alphabet ** s;
    this.numeric = Number.isSafeInteger(codes);
    this.table = codes <= DENSE_PATCH_CODES ? new Int32Array(codes).fill(-1) : null;
  }

  /** Number of distinct patches indexed so far. */
  get size(): number {
    return this.count;
  }

  /** An upper bound on the number of distinct patches: A^s (Infinity when it is not a safe integer). */
  get capacity(): number {
    return this.numeric ? this.alphabet ** this.s : Infinity;
  }

  /** Code of the patch tokens[off … off+s−1] (A^s a safe integer); −1 when a token is negative (unknown). */
  private code(tokens: ArrayLike<number>, off: number): number {
    let code = 0;
    for (let c = 0; c < this.s; c++) {
      const t = tokens[off + c] as number;
      if (t < 0) return -1;
      code = code * this.alphabet + t;
    }
    return code;
  }

  /** Map key of a patch: its code, or its tokens joined when A^s is not a safe integer; null when a token is unknown. */
  private key(tokens: ArrayLike<number>, off: number): number | string | null {
    if (this.numeric) {
      const code = this.code(tokens, off);
      return code < 0 ? null : code;
    }
    const parts: number[] = [];
    for (let c = 0; c < this.s; c++) {
      const t = tokens[off + c] as number;
      if (t < 0) return null;
      parts.push(t);
    }
    return parts.join(',');
  }

  /** The id of the patch with this code (0 ≤ code < A^s), adding it when new. */
  addCode(code: number): number {
    if (this.table !== null) {
      let id = this.table[code] as number;
      if (id < 0) {
        id = this.count++;
        this.table[code] = id;
      }
      return id;
    }
    return this.addKey(code);
  }

  private addKey(k: number | string): number {
    let id = this.map.get(k);
    if (id === undefined) {
      id = this.count++;
      this.map.set(k, id);
    }
    return id;
  }

  /** The id of a patch, adding it when new; −1 when a token is unknown. */
  add(tokens: ArrayLike<number>, off: number): number {
    if (this.table !== null) {
      const code = this.code(tokens, off);
      return code < 0 ? -1 : this.addCode(code);
    }
    const k = this.key(tokens, off);
    return k === null ? -1 : this.addKey(k);
  }

  /** The id of a patch, or −1 when it was never added or contains an unknown token. */
  get(tokens: ArrayLike<number>, off: number): number {
    if (this.table !== null) {
      const code = this.code(tokens, off);
      return code < 0 ? -1 : (this.table[code] as number);
    }
    const k = this.key(tokens, off);
    if (k === null) return -1;
    return this.map.get(k) ?? -1;
  }
}
