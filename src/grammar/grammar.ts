import { GRAMMAR_FORMAT, type GrammarFile, type GrammarProvenance } from '../../spec/grammar';

/**
 * The production rules R_l of one level, as flat typed tables.
 * Parents are level-l symbols, children level-(l+1) symbols.
 */
export interface RuleLevel {
  /** l: the level of the parents. */
  readonly level: number;
  /** |V_l|. */
  readonly parentCount: number;
  /** |V_{l+1}|. */
  readonly childCount: number;
  /** Productions of parent ν are indices [offsets[ν], offsets[ν+1]). Length |V_l| + 1. */
  readonly offsets: Int32Array;
  /** Production p's s children are children[p·s … p·s+s−1]. */
  readonly children: Int32Array;
  /** Q_l(ν, ·): production probabilities, normalised to sum 1 for every parent. */
  readonly weights: Float64Array;
  /** True when every parent chooses among its productions uniformly. */
  readonly uniformWeights: boolean;
}

/**
 * A Random Hierarchy Model grammar in memory: flat rule tables per level.
 * Built from a {@link GrammarFile} by {@link compileGrammar}; turned back by
 * {@link toGrammarFile}. Never mutated.
 */
export interface Grammar {
  /** Branching factor s. */
  readonly s: number;
  /** Depth L. */
  readonly L: number;
  /** |V_0| = n_c, |V_1|, …, |V_L|. */
  readonly vocabulary: readonly number[];
  /** R_0 … R_{L−1}. */
  readonly levels: readonly RuleLevel[];
  /** D_0, normalised. */
  readonly labelPrior: Float64Array;
  /** True when D_0 is uniform. */
  readonly uniformPrior: boolean;
  /** m when every symbol of every level has exactly m productions ((V,m)-uniform counts), else null. */
  readonly m: number | null;
  /** Provenance from the file, if any. */
  readonly provenance?: GrammarProvenance;
}

/** Number of classes n_c = |V_0|. */
export function classCount(g: Grammar): number {
  return g.vocabulary[0] as number;
}

/** Input length d = s^L. */
export function inputLength(g: Grammar): number {
  return g.s ** g.L;
}

/** Number of productions of symbol ν at level l. */
export function productionCount(r: RuleLevel, nu: number): number {
  return (r.offsets[nu + 1] as number) - (r.offsets[nu] as number);
}

function normalised(ws: readonly number[]): { values: Float64Array; uniform: boolean } {
  let sum = 0;
  for (const w of ws) sum += w;
  const values = Float64Array.from(ws, (w) => w / sum);
  const uniform = ws.every((w) => w === ws[0]);
  return { values, uniform };
}

/**
 * Build the in-memory tables of a grammar file. The file must already be
 * valid ({@link grammarViolations} empty); this function does not re-check.
 */
export function compileGrammar(file: GrammarFile): Grammar {
  const s = file.branching;
  const L = file.depth;
  let m: number | null = (file.rules[0]?.[0]?.length ?? 0) || null;
  const levels: RuleLevel[] = file.rules.map((perParent, l) => {
    const parentCount = file.vocabulary[l] as number;
    const offsets = new Int32Array(parentCount + 1);
    let total = 0;
    for (let nu = 0; nu < parentCount; nu++) {
      const n = (perParent[nu] as number[][]).length;
      if (n !== m) m = null;
      offsets[nu] = total;
      total += n;
    }
    offsets[parentCount] = total;
    const children = new Int32Array(total * s);
    const weights = new Float64Array(total);
    let uniformWeights = true;
    for (let nu = 0; nu < parentCount; nu++) {
      const prods = perParent[nu] as number[][];
      const base = offsets[nu] as number;
      prods.forEach((tuple, j) => children.set(tuple, (base + j) * s));
      const raw = file.ruleWeights?.[l]?.[nu] ?? prods.map(() => 1);
      const { values, uniform } = normalised(raw);
      weights.set(values, base);
      uniformWeights &&= uniform;
    }
    return {
      level: l,
      parentCount,
      childCount: file.vocabulary[l + 1] as number,
      offsets,
      children,
      weights,
      uniformWeights,
    };
  });
  const prior = normalised(file.labelPrior ?? new Array<number>(file.vocabulary[0] as number).fill(1));
  return {
    s,
    L,
    vocabulary: Object.freeze(file.vocabulary.slice()),
    levels: Object.freeze(levels),
    labelPrior: prior.values,
    uniformPrior: prior.uniform,
    m,
    ...(file.provenance ? { provenance: file.provenance } : {}),
  };
}

/** The production tuples of parent ν at one level, as arrays. */
export function productionsOf(r: RuleLevel, nu: number, s: number): number[][] {
  const out: number[][] = [];
  for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
    out.push(Array.from(r.children.subarray(p * s, p * s + s)));
  }
  return out;
}

/** The file form of an in-memory grammar (weights and prior written only when not uniform). */
export function toGrammarFile(g: Grammar): GrammarFile {
  const rules = g.levels.map((r) => Array.from({ length: r.parentCount }, (_, nu) => productionsOf(r, nu, g.s)));
  const file: GrammarFile = {
    format: GRAMMAR_FORMAT,
    branching: g.s,
    depth: g.L,
    vocabulary: g.vocabulary.slice(),
    rules,
  };
  if (!g.levels.every((r) => r.uniformWeights)) {
    file.ruleWeights = g.levels.map((r) =>
      Array.from({ length: r.parentCount }, (_, nu) =>
        Array.from(r.weights.subarray(r.offsets[nu] as number, r.offsets[nu + 1] as number)),
      ),
    );
  }
  if (!g.uniformPrior) file.labelPrior = Array.from(g.labelPrior);
  if (g.provenance) file.provenance = g.provenance;
  return file;
}
