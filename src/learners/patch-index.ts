/**
 * Dense ids for the distinct s-tuples ("patches") seen in a token sequence:
 * an integer code Σ_c a_c·A^(s−1−c) when A^s is a safe integer, a string key otherwise.
 */
export class PatchIndex {
  private readonly map = new Map<number | string, number>();
  private readonly numeric: boolean;

  /**
   * @param alphabet - A, the number of token values (tokens lie in [0, A)).
   * @param s - patch length.
   */
  constructor(
    readonly alphabet: number,
    readonly s: number,
  ) {
    this.numeric = Number.isSafeInteger(alphabet ** s);
  }

  /** Number of distinct patches indexed so far. */
  get size(): number {
    return this.map.size;
  }

  /** Key of the patch tokens[off … off+s−1]; null when a token is negative (unknown). */
  private key(tokens: Int32Array, off: number): number | string | null {
    if (this.numeric) {
      let code = 0;
      for (let c = 0; c < this.s; c++) {
        const t = tokens[off + c] as number;
        if (t < 0) return null;
        code = code * this.alphabet + t;
      }
      return code;
    }
    const parts: number[] = [];
    for (let c = 0; c < this.s; c++) {
      const t = tokens[off + c] as number;
      if (t < 0) return null;
      parts.push(t);
    }
    return parts.join(',');
  }

  /** The id of a patch, adding it when new; −1 when a token is unknown. */
  add(tokens: Int32Array, off: number): number {
    const k = this.key(tokens, off);
    if (k === null) return -1;
    let id = this.map.get(k);
    if (id === undefined) {
      id = this.map.size;
      this.map.set(k, id);
    }
    return id;
  }

  /** The id of a patch, or −1 when it was never added or contains an unknown token. */
  get(tokens: Int32Array, off: number): number {
    const k = this.key(tokens, off);
    if (k === null) return -1;
    return this.map.get(k) ?? -1;
  }
}
