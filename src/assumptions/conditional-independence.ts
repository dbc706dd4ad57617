import type { CleanSignalTest, CleanSignalWitness } from '../../spec/check-details';
import { type PatchLaw, patchPosteriorTable } from '../exact/patch-law';
import type { Grammar } from '../grammar/grammar';
import type { SampleBatch } from '../sampling/iid';
import { type ChiSquareCells, chiSquareSurvival, MIN_EXPECTED, pearsonStatistic, pooledCells } from '../util/stats';

export type { CleanSignalTest, CleanSignalWitness };

/**
 * Fewest samples with which some first level-l patch µ is expected to give
 * the test two cells (pooled over its realisations): the most likely label
 * with expected count ≥ {@link MIN_EXPECTED} and the others together too,
 * i.e. ⌈MIN_EXPECTED / max_µ p_µ·min(q_µ,max, 1 − q_µ,max)⌉. Infinity when
 * every q_µ is one-hot (the label is a function of the patch: nothing to test
 * at this level).
 */
export function samplesNeeded(table: ReadonlyMap<string, PatchLaw>): number {
  let best = 0;
  for (const { p, q } of table.values()) {
    let top = 0;
    for (const x of q) top = Math.max(top, x);
    best = Math.max(best, p * Math.min(top, 1 - top));
  }
  return best > 0 ? Math.ceil(MIN_EXPECTED / best) : Infinity;
}

/** The samples sharing one first level-l patch and (unless pooled) one subtree realisation. */
interface Group {
  readonly patchKey: string;
  readonly realisation: number[] | null;
  readonly labels: number[];
}

/** Samples grouped by (first level-l patch, subtree realisation), and those impossible under the model. */
interface Grouping {
  readonly groups: Map<string, Group>;
  readonly contradictions: number;
  readonly contradiction: CleanSignalWitness | null;
}

/** The first level-l patch of sample i, as a table key. */
function patchKeyOf(patchLevel: Int32Array, i: number, s: number, level: number): string {
  const w = s ** level;
  let key = String(patchLevel[i * w]);
  for (let c = 1; c < s; c++) key += `,${patchLevel[i * w + c] as number}`;
  return key;
}

/** The latent symbols of sample i below its first level-l patch (levels l+1 … L, left to right). */
function realisationOf(g: Grammar, latent: readonly Int32Array[], i: number, level: number): number[] {
  const s = g.s;
  const out: number[] = [];
  for (let j = level + 1, width = s * s; j <= g.L; j++, width *= s) {
    const arr = latent[j] as Int32Array;
    const base = i * s ** j;
    for (let k = 0; k < width; k++) out.push(arr[base + k] as number);
  }
  return out;
}

/** The witness of the first sample whose label is impossible given its patch. */
function contradictionWitness(level: number, key: string, label: number, known: boolean): CleanSignalWitness {
  return {
    level,
    patch: key.split(',').map(Number),
    realisation: null,
    count: 1,
    observed: { [label]: 1 },
    expected: {},
    reason: known
      ? `label ${label} has probability 0 given patch [${key}]`
      : `patch [${key}] is not a production of level ${level - 1}`,
  };
}

function groupSamples(
  g: Grammar,
  batch: SampleBatch,
  latent: readonly Int32Array[],
  level: number,
  table: ReadonlyMap<string, Float64Array>,
): Grouping {
  const groups = new Map<string, Group>();
  let contradictions = 0;
  let contradiction: CleanSignalWitness | null = null;
  const patchLevel = latent[level] as Int32Array;
  for (let i = 0; i < batch.n; i++) {
    const patchKey = patchKeyOf(patchLevel, i, g.s, level);
    const label = batch.labels[i] as number;
    const q = table.get(patchKey);
    if (!q || !((q[label] as number) > 0)) {
      contradictions++;
      contradiction ??= contradictionWitness(level, patchKey, label, q !== undefined);
      continue;
    }
    const realisation = realisationOf(g, latent, i, level);
    const key = `${patchKey}|${realisation.map((x) => `${x},`).join('')}`;
    let grp = groups.get(key);
    if (!grp) groups.set(key, (grp = { patchKey, realisation, labels: [] }));
    grp.labels.push(label);
  }
  return { groups, contradictions, contradiction };
}

/** Pearson's statistic summed over the tested groups, with the group contributing most. */
class Score {
  statistic = 0;
  df = 0;
  tested = 0;
  untested = 0;
  witness: CleanSignalWitness | null = null;
  private witnessContribution = -1;

  constructor(private readonly level: number) {}

  add(grp: Group, c: ChiSquareCells, q: Float64Array): void {
    const contribution = pearsonStatistic(c);
    this.statistic += contribution;
    this.df += c.o.length - 1;
    this.tested++;
    if (contribution > this.witnessContribution) {
      this.witnessContribution = contribution;
      this.witness = this.groupWitness(grp, q, contribution);
    }
  }

  private groupWitness(grp: Group, q: Float64Array, contribution: number): CleanSignalWitness {
    const observed: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const z of grp.labels) observed[z] = (observed[z] ?? 0) + 1;
    q.forEach((x, z) => {
      if (x > 0) expected[z] = x * grp.labels.length;
    });
    return {
      level: this.level,
      patch: grp.patchKey.split(',').map(Number),
      realisation: grp.realisation,
      count: grp.labels.length,
      observed,
      expected,
      reason: `largest contribution ${contribution.toPrecision(4)} to the chi-square statistic`,
    };
  }
}

/** Test each group; groups too small for two cells are pooled per patch, and a pool still too small is left out. */
function scoreGroups(
  groups: ReadonlyMap<string, Group>,
  table: ReadonlyMap<string, Float64Array>,
  level: number,
): Score {
  const score = new Score(level);
  const pools = new Map<string, number[]>();
  for (const key of [...groups.keys()].sort()) {
    const grp = groups.get(key) as Group;
    const q = table.get(grp.patchKey) as Float64Array;
    // Two cells of expected count ≥ MIN_EXPECTED need at least 2·MIN_EXPECTED samples.
    const c = grp.labels.length >= 2 * MIN_EXPECTED ? pooledCells(grp.labels, q) : null;
    if (c) score.add(grp, c, q);
    else {
      let pool = pools.get(grp.patchKey);
      if (!pool) pools.set(grp.patchKey, (pool = []));
      for (const z of grp.labels) pool.push(z);
    }
  }
  for (const patchKey of [...pools.keys()].sort()) {
    const labels = pools.get(patchKey) as number[];
    const q = table.get(patchKey) as Float64Array;
    const c = pooledCells(labels, q);
    if (c) score.add({ patchKey, realisation: null, labels }, c, q);
    else score.untested += labels.length;
  }
  return score;
}

/**
 * Empirical conditional-independence test of the clean-signal condition: for
 * the first level-l patch µ and its subtree realisation r (every latent
 * symbol below µ down to the input), the label frequencies in each group
 * (µ, r) must match q_µ^(l). Pearson's chi-square against the exact q_µ: in
 * each group, labels with expected count ≥ 5 form their own cell and the rest
 * one pooled cell; groups too small for two cells are pooled per patch (under
 * the null every realisation has the same label law, so any pooling keeps the
 * test valid), and a pool still too small is left out. Rejects when
 * P(χ²_df ≥ statistic) < alpha or when a label of probability 0 given its
 * patch is observed.
 *
 * @param batch - samples with their latent trees (`sampleIid(…, {latent: true})`).
 * @param level - l, 1 ≤ l ≤ L.
 * @param alpha - significance level (false-positive rate under the null).
 * @see theory.md §3 (clean signal); [R] shallow-to-deep chaining, condition (ii).
 */
export function cleanSignalTest(g: Grammar, batch: SampleBatch, level: number, alpha: number): CleanSignalTest {
  if (!batch.latent) throw new RangeError('cleanSignalTest needs the latent tree of every sample');
  if (level < 1 || level > g.L) throw new RangeError(`level must be in [1, ${g.L}], got ${level}`);
  const table = patchPosteriorTable(g, level);
  const { groups, contradictions, contradiction } = groupSamples(g, batch, batch.latent, level, table);
  const score = scoreGroups(groups, table, level);
  const result = (status: 'rejected' | 'not-rejected', pValue: number, witness: CleanSignalWitness | null) => ({
    status,
    level,
    samples: batch.n,
    groups: score.tested,
    untested: score.untested,
    statistic: score.statistic,
    df: score.df,
    pValue,
    alpha,
    contradictions,
    witness,
  });
  if (contradictions > 0) return result('rejected', 0, contradiction);
  if (score.df === 0) {
    return {
      status: 'inconclusive',
      level,
      samples: batch.n,
      reason: `no group (first level-${level} patch, subtree realisation) has two label cells with expected count ≥ ${MIN_EXPECTED}: the labels are determined by the patch or the sample is too small`,
    };
  }
  const pValue = chiSquareSurvival(score.statistic, score.df);
  return result(pValue < alpha ? 'rejected' : 'not-rejected', pValue, score.witness);
}
