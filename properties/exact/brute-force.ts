import fc from 'fast-check';
import type { GeneratorParams, SamplerName } from '../../spec/generator';
import { generateGrammar } from '../../src/grammar/generate';
import { compileGrammar, type Grammar } from '../../src/grammar/grammar';
import { generatorParams } from '../support/arbitraries';
import { decodeIndex, pMax } from '../../src/sampling/enumerate';

/** Largest P_max the brute-force suites enumerate (keeps every suite fast). */
export const MAX_ENUMERATED = 20000;

/** Index of the node at `path` (child indices from the root) within its level. */
export function nodeIndex(path: readonly number[], s: number): number {
  return path.reduce((acc, c) => acc * s + c, 0);
}

/** One enumerated datum (label and latent tree). */
export type Datum = ReturnType<typeof decodeIndex>;

/** Every datum of [0, P_max), in index order. */
export function enumerateData(g: Grammar): Datum[] {
  const total = Number(pMax(g));
  return Array.from({ length: total }, (_, i) => decodeIndex(g, BigInt(i)));
}

/**
 * Exact counts over every derivation (uniform rules and prior, so each index
 * of [0, P_max) is equally likely): for the node at `path` (level k),
 * byParent[ν][ζ] = #derivations with label ζ and node = ν; byPatch[key][ζ]
 * the same for the patch (the node's s children), key = tokens joined by ','.
 */
export function enumerateNode(
  g: Grammar,
  path: readonly number[],
  data: readonly Datum[] = enumerateData(g),
): { byParent: Map<number, number[]>; byPatch: Map<string, { parent: number; counts: number[] }>; total: number } {
  const total = data.length;
  const nc = g.vocabulary[0] as number;
  const k = path.length;
  const idx = nodeIndex(path, g.s);
  const byParent = new Map<number, number[]>();
  const byPatch = new Map<string, { parent: number; counts: number[] }>();
  for (const d of data) {
    const nu = (d.latent[k] as number[])[idx] as number;
    let row = byParent.get(nu);
    if (!row) byParent.set(nu, (row = new Array<number>(nc).fill(0)));
    row[d.label] = (row[d.label] as number) + 1;
    if (k < g.L) {
      const patch = (d.latent[k + 1] as number[]).slice(idx * g.s, idx * g.s + g.s).join(',');
      let e = byPatch.get(patch);
      if (!e) byPatch.set(patch, (e = { parent: nu, counts: new Array<number>(nc).fill(0) }));
      e.counts[d.label] = (e.counts[d.label] as number) + 1;
    }
  }
  return { byParent, byPatch, total };
}

/** Normalise integer counts to a probability vector (each entry one correctly rounded division). */
export function ratios(counts: readonly number[]): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / n);
}

/** ‖a − b‖₂ in the same summation order as src/exact/gaps.ts. */
export function l2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d2 = 0;
  for (let z = 0; z < a.length; z++) {
    const d = (a[z] as number) - (b[z] as number);
    d2 += d * d;
  }
  return Math.sqrt(d2);
}

/** Every node path of length k. */
export function pathsOfLength(k: number, s: number): number[][] {
  let out: number[][] = [[]];
  for (let i = 0; i < k; i++) out = out.flatMap((p) => Array.from({ length: s }, (_, c) => [...p, c]));
  return out;
}

/** Generator parameters whose grammar has P_max ≤ MAX_ENUMERATED (for exhaustive checks). */
export function enumerableParams(sampler: SamplerName): fc.Arbitrary<GeneratorParams> {
  return generatorParams(sampler, { maxVocab: 6, maxS: 3, maxL: 3, maxM: 3 }).filter(
    (p) => p.classes * p.m ** ((p.s ** p.L - 1) / (p.s - 1)) <= MAX_ENUMERATED,
  );
}

/** A generated grammar, compiled. */
export function grammarOf(p: GeneratorParams): Grammar {
  return compileGrammar(generateGrammar(p));
}
