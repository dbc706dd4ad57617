import type { Grammar, RuleLevel } from './grammar';

/**
 * Patch → parent lookup for one level: which level-l symbols produce a given
 * s-tuple of level-(l+1) symbols. Non-ambiguous grammars have at most one.
 */
export interface PatchTable {
  /** The level of the parents. */
  readonly level: number;
  /** Parents of a patch (empty when the patch is outside the language). */
  parentsOf(patch: ArrayLike<number>, offset?: number): readonly number[];
  /** Every patch with two or more parents, with those parents. */
  readonly ambiguous: readonly { patch: number[]; parents: number[] }[];
}

const NO_PARENTS: readonly number[] = Object.freeze([]);

/** Build the patch → parents table of rule level `r` with branching s. */
export function buildPatchTable(r: RuleLevel, s: number): PatchTable {
  const V = r.childCount;
  const codeFits = Number.isSafeInteger(V ** s);
  const keyOf = (t: ArrayLike<number>, off: number): number | string => {
    if (!codeFits) return Array.prototype.slice.call(t, off, off + s).join(',');
    let code = 0;
    for (let c = 0; c < s; c++) code = code * V + (t[off + c] as number);
    return code;
  };
  const map = new Map<number | string, number[]>();
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const key = keyOf(r.children, p * s);
      const list = map.get(key);
      if (list === undefined) map.set(key, [nu]);
      else if (list[list.length - 1] !== nu) list.push(nu);
    }
  }
  const ambiguous: { patch: number[]; parents: number[] }[] = [];
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const list = map.get(keyOf(r.children, p * s)) as number[];
      if (list.length > 1 && list[0] === nu)
        ambiguous.push({ patch: Array.from(r.children.subarray(p * s, p * s + s)), parents: list.slice() });
    }
  }
  // Report each ambiguous patch once (it appears once per parent above; keep the first parent's).
  const seen = new Set<string>();
  const unique = ambiguous.filter((a) => {
    const k = a.patch.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return {
    level: r.level,
    parentsOf: (patch, offset = 0) => map.get(keyOf(patch, offset)) ?? NO_PARENTS,
    ambiguous: unique,
  };
}

/** Patch tables of every level of a grammar, index l for rules R_l. */
export function buildPatchTables(g: Grammar): PatchTable[] {
  return g.levels.map((r) => buildPatchTable(r, g.s));
}
