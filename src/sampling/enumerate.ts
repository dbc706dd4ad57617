import { invalid } from '../errors';
import { type Grammar, type RuleLevel, classCount, inputLength } from '../grammar/grammar';
import type { Rng } from '../util/rng';
import { assertSampleSize, type SampleBatch } from './iid';
import { pMax } from '../grammar/count';

export { pMax } from '../grammar/count';

function assertEnumerable(g: Grammar): number {
  if (g.m === null) {
    invalid(
      'enumeration',
      '/rules',
      'index enumeration needs every symbol to have the same number m of productions',
      'use i.i.d. sampling for this grammar',
    );
  }
  if (!g.uniformPrior || !g.levels.every((r) => r.uniformWeights)) {
    invalid(
      'enumeration',
      '/ruleWeights',
      'index enumeration draws derivations uniformly, which matches the model only for uniform rules and prior',
      'use i.i.d. sampling for weighted grammars',
    );
  }
  return g.m;
}

/**
 * Decode index i ∈ [0, P_max) into a datum, as in [C]: label = i div (P_max/n_c);
 * the remaining digits, in base m, most significant first, choose the
 * production of each internal node, level by level top-down, left to right.
 *
 * @throws InvalidInputError when the grammar is not (V,m)-uniform with uniform weights, or i is out of range.
 */
export function decodeIndex(g: Grammar, index: bigint): { label: number; tokens: number[]; latent: number[][] } {
  const m = assertEnumerable(g);
  const total = pMax(g);
  if (index < 0n || index >= total)
    invalid('enumeration', 'index', `index ${index} is outside [0, P_max = ${total})`, 'use an index below P_max');
  const perLabel = total / BigInt(classCount(g));
  const label = Number(index / perLabel);
  let rest = index % perLabel;
  const internal = Number((BigInt(g.s) ** BigInt(g.L) - 1n) / BigInt(g.s - 1));
  const digits = new Array<number>(internal);
  const bm = BigInt(m);
  for (let j = internal - 1; j >= 0; j--) {
    digits[j] = Number(rest % bm);
    rest /= bm;
  }
  const latent: number[][] = [[label]];
  let j = 0;
  for (let l = 0; l < g.L; l++) {
    const r = g.levels[l] as RuleLevel;
    const above = latent[l] as number[];
    const next: number[] = [];
    for (const nu of above) {
      const p = (r.offsets[nu] as number) + (digits[j++] as number);
      for (let c = 0; c < g.s; c++) next.push(r.children[p * g.s + c] as number);
    }
    latent.push(next);
  }
  return { label, tokens: latent[g.L] as number[], latent };
}

/**
 * `n` distinct indices drawn uniformly without replacement from [0, P_max).
 * @throws InvalidInputError when n > P_max.
 */
export function drawDistinctIndices(rng: Rng, total: bigint, n: number): bigint[] {
  if (BigInt(n) > total)
    invalid(
      'split',
      '--n',
      `asked for ${n} distinct inputs but the grammar has only P_max = ${total}`,
      `ask for at most ${total}`,
    );
  if (total <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const t = Number(total);
    if (n > t / 4) {
      // Dense: partial Fisher–Yates over a virtual identity array.
      const swapped = new Map<number, number>();
      const out: bigint[] = new Array<bigint>(n);
      for (let i = 0; i < n; i++) {
        const j = i + rng.intBelow(t - i);
        const vj = swapped.get(j) ?? j;
        swapped.set(j, swapped.get(i) ?? i);
        out[i] = BigInt(vj);
      }
      return out;
    }
    const seen = new Set<number>();
    const out: bigint[] = [];
    while (out.length < n) {
      const x = rng.intBelow(t);
      if (!seen.has(x)) {
        seen.add(x);
        out.push(BigInt(x));
      }
    }
    return out;
  }
  const seen = new Set<bigint>();
  const out: bigint[] = [];
  while (out.length < n) {
    const x = rng.bigBelow(total);
    if (!seen.has(x)) {
      seen.add(x);
      out.push(x);
    }
  }
  return out;
}

/** Materialise the data of a list of indices as a batch (with the latent tree). */
export function batchFromIndices(g: Grammar, indices: readonly bigint[]): SampleBatch {
  assertSampleSize(g, indices.length, true);
  const d = inputLength(g);
  const n = indices.length;
  const tokens = new Int32Array(n * d);
  const labels = new Int32Array(n);
  const latent: Int32Array[] = [labels];
  for (let l = 1; l < g.L; l++) latent.push(new Int32Array(n * g.s ** l));
  latent.push(tokens);
  indices.forEach((idx, i) => {
    const datum = decodeIndex(g, idx);
    labels[i] = datum.label;
    datum.latent.forEach((level, l) => {
      if (l > 0) (latent[l] as Int32Array).set(level, i * level.length);
    });
  });
  return { n, d, tokens, labels, latent };
}

/**
 * A train/test split without replacement, as in [C]: nTrain + nTest distinct
 * indices of [0, P_max), the first nTrain for training.
 * @throws InvalidInputError when nTrain + nTest > P_max or the grammar is not enumerable.
 */
export function trainTestSplit(
  g: Grammar,
  nTrain: number,
  nTest: number,
  rng: Rng,
): { train: SampleBatch; test: SampleBatch } {
  assertEnumerable(g);
  const indices = drawDistinctIndices(rng, pMax(g), nTrain + nTest);
  return { train: batchFromIndices(g, indices.slice(0, nTrain)), test: batchFromIndices(g, indices.slice(nTrain)) };
}
