import { type Grammar, inputLength } from './grammar';
import { buildPatchTables, type PatchTable } from './patches';

/**
 * Outcome of a bottom-up parse.
 * - `parsed`: the input is in the language; `latent[l]` holds the s^l level-l symbols (latent[0] = [label]).
 * - `no-parent`: the patch of level-`level` tokens at index `position` (0-based, left to right) has no parent.
 * - `ambiguous`: that patch has several parents; this parser refuses ambiguous parses rather than enumerating them.
 * - `malformed`: the input has the wrong length or a symbol outside V_L.
 */
export type ParseResult =
  | { readonly status: 'parsed'; readonly label: number; readonly latent: readonly number[][] }
  | {
      readonly status: 'no-parent';
      readonly level: number;
      readonly position: number;
      readonly patch: readonly number[];
    }
  | {
      readonly status: 'ambiguous';
      readonly level: number;
      readonly position: number;
      readonly patch: readonly number[];
      readonly parents: readonly number[];
    }
  | { readonly status: 'malformed'; readonly reason: string };

/**
 * A reusable parser for one grammar: one patch → parent table per level.
 *
 * For a non-ambiguous grammar the bottom-up parse recovers the whole latent
 * tree and the label. For an ambiguous grammar the parse of an input that
 * meets an ambiguous patch is refused with status `ambiguous` naming the patch
 * and its parents (documented choice: the harness never guesses a parse).
 *
 * @example
 * const parse = makeParser(grammar);
 * const r = parse([0, 3, 1, 2]);
 * if (r.status === 'parsed') console.log(r.label);
 */
export function makeParser(g: Grammar): (tokens: ArrayLike<number>) => ParseResult {
  const tables: PatchTable[] = buildPatchTables(g);
  const d = inputLength(g);
  const vL = g.vocabulary[g.L] as number;
  return (tokens) => {
    if (tokens.length !== d)
      return { status: 'malformed', reason: `input has ${tokens.length} tokens, expected d = s^L = ${d}` };
    for (let i = 0; i < d; i++) {
      const t = tokens[i] as number;
      if (!Number.isInteger(t) || t < 0 || t >= vL)
        return { status: 'malformed', reason: `token ${i} is ${t}, not a level-${g.L} symbol in 0…${vL - 1}` };
    }
    const latent: number[][] = new Array<number[]>(g.L + 1);
    latent[g.L] = Array.from(tokens);
    for (let l = g.L; l >= 1; l--) {
      const below = latent[l] as number[];
      const table = tables[l - 1] as PatchTable;
      const width = below.length / g.s;
      const above = new Array<number>(width);
      for (let k = 0; k < width; k++) {
        const parents = table.parentsOf(below, k * g.s);
        const patch = () => below.slice(k * g.s, k * g.s + g.s);
        if (parents.length === 0) return { status: 'no-parent', level: l, position: k, patch: patch() };
        if (parents.length > 1)
          return { status: 'ambiguous', level: l, position: k, patch: patch(), parents: parents.slice() };
        above[k] = parents[0] as number;
      }
      latent[l - 1] = above;
    }
    return { status: 'parsed', label: (latent[0] as number[])[0] as number, latent };
  };
}

/** One-line human description of a parse result. */
export function describeParse(r: ParseResult): string {
  switch (r.status) {
    case 'parsed':
      return `label ${r.label}`;
    case 'no-parent':
      return `not in the language: no parent for the patch [${r.patch.join(', ')}] at level ${r.level}, position ${r.position}`;
    case 'ambiguous':
      return `ambiguous: the patch [${r.patch.join(', ')}] at level ${r.level}, position ${r.position} has parents ${r.parents.join(', ')}`;
    case 'malformed':
      return `malformed input: ${r.reason}`;
  }
}
