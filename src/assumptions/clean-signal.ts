import { LIMITS } from '../../spec/limits';
import type { Violation } from '../../spec/violation';
import { invalid } from '../errors';
import { jointAt } from '../exact/positions';
import { firstPath } from '../exact/posteriors';
import { classCount, type Grammar, inputLength } from '../grammar/grammar';
import { type SampleBatch, sampleIid } from '../sampling/iid';
import { chiSquareSurvival } from '../util/stats';
import { Rng } from '../util/rng';
import { type AssumptionVerdict, askers } from './types';

/** Options of the `clean-signal` check. */
export interface CleanSignalOptions {
  /** Number of i.i.d. samples of the empirical test (0 skips it). */
  readonly samples: number;
  /** Root seed; the samples come from its 'clean-signal' stream. */
  readonly seed: number;
  /** Level l of the tested first patch (1 ≤ l ≤ L); default max(1, L−1), the deepest level with a non-trivial subtree. */
  readonly level: number | null;
  /** Significance level of the test (false-positive rate on a correct sampler). */
  readonly alpha: number;
}

/** Defaults of {@link CleanSignalOptions}. */
export const CLEAN_SIGNAL_DEFAULTS: CleanSignalOptions = Object.freeze({
  samples: 20000,
  seed: 0,
  level: null,
  alpha: 1e-3,
});

/** Smallest expected count of a cell of the chi-square test (Cochran's rule). */
export const MIN_EXPECTED = 5;

/** Most memory the per-patch posterior table of the empirical test may take (else the test is skipped, with the reason). */
export const MAX_TABLE_BYTES = 512 * 2 ** 20;

/** Level tested by default: max(1, L−1). */
export function defaultSignalLevel(g: Grammar): number {
  return Math.max(1, g.L - 1);
}

/** The exact law of the first level-l patch: its probability and the label posterior given it. */
export interface PatchLaw {
  /** p_µ^(l) = P(first level-l patch = µ). */
  readonly p: number;
  /** q_µ^(l) = P(label = · | first level-l patch = µ). */
  readonly q: Float64Array;
}

/**
 * Exact law of the first level-l patch µ, for every patch (keyed by its tokens
 * joined with ','), from the joint at the first level-(l−1) node:
 * p_µ·q_µ = Σ over parents ν producing µ of J[:, ν]·Q(ν, µ). q_µ equals q_ν(µ)
 * for a non-ambiguous grammar and is a mixture over the parents otherwise.
 */
export function patchLawTable(g: Grammar, level: number): Map<string, PatchLaw> {
  const joint = jointAt(g, firstPath(level - 1));
  const r = g.levels[level - 1]!;
  const { rows, cols, data } = joint.matrix;
  const acc = new Map<string, Float64Array>();
  for (let nu = 0; nu < r.parentCount; nu++) {
    for (let p = r.offsets[nu] as number; p < (r.offsets[nu + 1] as number); p++) {
      const key = Array.from(r.children.subarray(p * g.s, p * g.s + g.s)).join(',');
      let v = acc.get(key);
      if (!v) acc.set(key, (v = new Float64Array(rows)));
      const w = r.weights[p] as number;
      for (let z = 0; z < rows; z++) v[z] = (v[z] as number) + (data[z * cols + nu] as number) * w;
    }
  }
  const out = new Map<string, PatchLaw>();
  for (const [key, v] of acc) {
    let total = 0;
    for (const x of v) total += x;
    if (total > 0) for (let z = 0; z < v.length; z++) v[z] = (v[z] as number) / total;
    out.set(key, { p: total / joint.denominator, q: v });
  }
  return out;
}

/** q_µ^(l) for every first level-l patch µ (see {@link patchLawTable}). */
export function patchPosteriorTable(g: Grammar, level: number): Map<string, Float64Array> {
  return new Map([...patchLawTable(g, level)].map(([k, law]) => [k, law.q]));
}

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

/** The cell of the test that contributes most to the statistic (or a contradiction). */
export interface CleanSignalWitness {
  /** l. */
  readonly level: number;
  /** The first level-l patch µ. */
  readonly patch: readonly number[];
  /** The level-L tokens below it (its subtree realisation); null for a group pooled over realisations. */
  readonly realisation: readonly number[] | null;
  /** Samples in the group. */
  readonly count: number;
  /** Label counts observed in the group, by label (only labels seen or expected). */
  readonly observed: Record<string, number>;
  /** n_g·q_µ(ζ), by label. */
  readonly expected: Record<string, number>;
  /** Why this is the witness. */
  readonly reason: string;
}

/** Result of the empirical conditional-independence test. */
export type CleanSignalTest =
  | {
      readonly status: 'rejected' | 'not-rejected';
      readonly level: number;
      readonly samples: number;
      /** Groups (patch, realisation) or per-patch pools entering the statistic. */
      readonly groups: number;
      /** Samples in groups too small to form two cells of expected ≥ 5 (left out). */
      readonly untested: number;
      /** Pearson's statistic Σ (O − E)²/E. */
      readonly statistic: number;
      readonly df: number;
      /** P(χ²_df ≥ statistic); 0 when a contradiction was observed. */
      readonly pValue: number;
      readonly alpha: number;
      /** Samples whose label has probability 0 given their patch (impossible under the model). */
      readonly contradictions: number;
      readonly witness: CleanSignalWitness | null;
    }
  | {
      readonly status: 'inconclusive' | 'skipped';
      readonly level: number;
      readonly samples: number;
      readonly reason: string;
    };

interface Group {
  readonly patchKey: string;
  readonly realisation: number[] | null;
  readonly labels: number[];
}

/** Chi-square cells of one group: labels with expected ≥ MIN_EXPECTED alone, the rest pooled. */
function cells(labels: readonly number[], q: Float64Array): { o: number[]; e: number[] } | null {
  const n = labels.length;
  const counts = new Map<number, number>();
  for (const z of labels) counts.set(z, (counts.get(z) ?? 0) + 1);
  const big: number[] = [];
  let restE = 0;
  let restO = 0;
  for (let z = 0; z < q.length; z++) {
    const e = n * (q[z] as number);
    if (e <= 0) continue;
    if (e >= MIN_EXPECTED) big.push(z);
    else {
      restE += e;
      restO += counts.get(z) ?? 0;
    }
  }
  const o = big.map((z) => counts.get(z) ?? 0);
  const e = big.map((z) => n * (q[z] as number));
  if (restE >= MIN_EXPECTED) {
    o.push(restO);
    e.push(restE);
  } else if (restE > 0 && o.length > 0) {
    // Fold a small remainder into the smallest kept cell.
    let j = 0;
    e.forEach((x, i) => {
      if (x < (e[j] as number)) j = i;
    });
    o[j] = (o[j] as number) + restO;
    e[j] = (e[j] as number) + restE;
  }
  return o.length >= 2 ? { o, e } : null;
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
  const s = g.s;
  const table = patchPosteriorTable(g, level);
  const groups = new Map<string, Group>();
  let contradictions = 0;
  let contradiction: CleanSignalWitness | null = null;
  const patchLevel = batch.latent[level] as Int32Array;
  const w = s ** level;
  const realisationOf = (i: number): number[] => {
    const out: number[] = [];
    for (let j = level + 1, width = s * s; j <= g.L; j++, width *= s) {
      const arr = batch.latent![j] as Int32Array;
      const wj = s ** j;
      for (let k = 0; k < width; k++) out.push(arr[i * wj + k] as number);
    }
    return out;
  };
  for (let i = 0; i < batch.n; i++) {
    let patchKey = String(patchLevel[i * w]);
    for (let c = 1; c < s; c++) patchKey += `,${patchLevel[i * w + c] as number}`;
    const label = batch.labels[i] as number;
    const q = table.get(patchKey);
    if (!q || !((q[label] as number) > 0)) {
      contradictions++;
      contradiction ??= {
        level,
        patch: patchKey.split(',').map(Number),
        realisation: null,
        count: 1,
        observed: { [label]: 1 },
        expected: {},
        reason: q
          ? `label ${label} has probability 0 given patch [${patchKey}]`
          : `patch [${patchKey}] is not a production of level ${level - 1}`,
      };
      continue;
    }
    let key = `${patchKey}|`;
    for (let j = level + 1, width = s * s; j <= g.L; j++, width *= s) {
      const arr = batch.latent[j] as Int32Array;
      const base = i * s ** j;
      for (let k = 0; k < width; k++) key += `${arr[base + k] as number},`;
    }
    let grp = groups.get(key);
    if (!grp) groups.set(key, (grp = { patchKey, realisation: realisationOf(i), labels: [] }));
    grp.labels.push(label);
  }
  // Test each group; pool the small ones per patch.
  let statistic = 0;
  let df = 0;
  let tested = 0;
  let untested = 0;
  let witness: CleanSignalWitness | null = null;
  let witnessContribution = -1;
  const pools = new Map<string, number[]>();
  const score = (grp: Group, c: { o: number[]; e: number[] }, q: Float64Array): void => {
    let contribution = 0;
    c.o.forEach((o, j) => {
      const e = c.e[j] as number;
      contribution += ((o - e) * (o - e)) / e;
    });
    statistic += contribution;
    df += c.o.length - 1;
    tested++;
    if (contribution > witnessContribution) {
      witnessContribution = contribution;
      const observed: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const z of grp.labels) observed[z] = (observed[z] ?? 0) + 1;
      q.forEach((x, z) => {
        if (x > 0) expected[z] = x * grp.labels.length;
      });
      witness = {
        level,
        patch: grp.patchKey.split(',').map(Number),
        realisation: grp.realisation,
        count: grp.labels.length,
        observed,
        expected,
        reason: `largest contribution ${contribution.toPrecision(4)} to the chi-square statistic`,
      };
    }
  };
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const grp = groups.get(key) as Group;
    const q = table.get(grp.patchKey) as Float64Array;
    // Two cells of expected count ≥ MIN_EXPECTED need at least 2·MIN_EXPECTED samples.
    const c = grp.labels.length >= 2 * MIN_EXPECTED ? cells(grp.labels, q) : null;
    if (c) score(grp, c, q);
    else {
      let pool = pools.get(grp.patchKey);
      if (!pool) pools.set(grp.patchKey, (pool = []));
      for (const z of grp.labels) pool.push(z);
    }
  }
  for (const patchKey of [...pools.keys()].sort()) {
    const labels = pools.get(patchKey) as number[];
    const q = table.get(patchKey) as Float64Array;
    const c = cells(labels, q);
    if (c) score({ patchKey, realisation: null, labels }, c, q);
    else untested += labels.length;
  }
  if (contradictions > 0) {
    return {
      status: 'rejected',
      level,
      samples: batch.n,
      groups: tested,
      untested,
      statistic,
      df,
      pValue: 0,
      alpha,
      contradictions,
      witness: contradiction,
    };
  }
  if (df === 0) {
    return {
      status: 'inconclusive',
      level,
      samples: batch.n,
      reason: `no group (first level-${level} patch, subtree realisation) has two label cells with expected count ≥ ${MIN_EXPECTED}: the labels are determined by the patch or the sample is too small`,
    };
  }
  const pValue = chiSquareSurvival(statistic, df);
  return {
    status: pValue < alpha ? 'rejected' : 'not-rejected',
    level,
    samples: batch.n,
    groups: tested,
    untested,
    statistic,
    df,
    pValue,
    alpha,
    contradictions,
    witness,
  };
}

/** Symbols per sample with the latent tree: (s^(L+1) − 1)/(s − 1). */
function nodesPerSample(g: Grammar): number {
  return Math.ceil((inputLength(g) * g.s - 1) / (g.s - 1));
}

/**
 * Check that the empirical test's samples fit in memory.
 * @throws InvalidInputError naming --samples (and --signal-level) otherwise.
 */
export function assertCleanSignalOptions(g: Grammar, o: CleanSignalOptions): void {
  if (o.level !== null && (o.level < 1 || o.level > g.L))
    invalid(
      'rhm check',
      '--signal-level',
      `the tested level must be in [1, L = ${g.L}], got ${o.level}`,
      `use a level in 1…${g.L} (default ${defaultSignalLevel(g)})`,
    );
  if (o.samples === 0) return;
  const per = nodesPerSample(g);
  if (inputLength(g) > LIMITS.maxInputLength || o.samples * per > LIMITS.maxTokensInMemory) {
    const most = Math.floor(LIMITS.maxTokensInMemory / per);
    invalid(
      'rhm check',
      '--samples',
      inputLength(g) > LIMITS.maxInputLength
        ? `inputs have d = s^L = ${inputLength(g).toExponential(2)} tokens, more than the sampler's limit ${LIMITS.maxInputLength}`
        : `${o.samples} samples with their latent trees need ${o.samples * per} symbols in memory, more than the limit ${LIMITS.maxTokensInMemory}`,
      most > 0
        ? `use --samples ${most} or fewer (or --samples 0 to skip the empirical test)`
        : 'use --samples 0 to skip the empirical test (inputs are too long)',
    );
  }
}

/** Witness of `clean-signal`. */
export type CleanSignalVerdict = AssumptionVerdict<CleanSignalWitness>;

const CERTIFICATE =
  'tree-Markov: in an rhm-grammar/1 grammar every node expands independently by rules of its level, so given the first level-l patch µ its subtree is independent of the label and everything above; hence E[e_ζ | µ, subtree] = q_µ^(l) for every realisation (holds for every CFG-induced RHM)';

/**
 * `clean-signal` (condition (ii) of the shallow-to-deep chaining principle of
 * [R]): the regression target E[e_ζ | x̂] of a patch depends on the patch only,
 * not on its lower-level realisation. Certified structurally for every
 * CFG-induced grammar (tree-Markov property), and tested empirically on
 * samples drawn with the harness's sampler ({@link cleanSignalTest}), which
 * catches samplers (or data) that leak the label into lower levels.
 * Holds when the certificate holds and the test does not reject.
 *
 * @param batch - samples to test (drawn from options.seed when omitted).
 * @throws InvalidInputError when the requested samples do not fit in memory.
 * @see theory.md §3; [R] §3 (shallow-to-deep chaining).
 */
export function checkCleanSignal(
  g: Grammar,
  options: Partial<CleanSignalOptions> = {},
  batch?: SampleBatch,
): CleanSignalVerdict {
  const o: CleanSignalOptions = { ...CLEAN_SIGNAL_DEFAULTS, ...options };
  assertCleanSignalOptions(g, o);
  const level = o.level ?? defaultSignalLevel(g);
  const test = ((): CleanSignalTest => {
    if (!batch && o.samples === 0)
      return { status: 'skipped', level, samples: 0, reason: 'no samples requested (--samples 0)' };
    const r = g.levels[level - 1]!;
    const tableBytes = ((r.offsets[r.parentCount] as number) - (r.offsets[0] as number)) * (classCount(g) * 8 + 128);
    if (tableBytes > MAX_TABLE_BYTES)
      return {
        status: 'skipped',
        level,
        samples: 0,
        reason: `the table of q_µ for every level-${level} patch would need about ${(tableBytes / 2 ** 20).toFixed(0)} MiB (limit ${MAX_TABLE_BYTES / 2 ** 20} MiB)`,
      };
    if (!batch) {
      // Decide before sampling whether the requested sample can test anything at this level.
      const needed = samplesNeeded(patchLawTable(g, level));
      if (!Number.isFinite(needed))
        return {
          status: 'inconclusive',
          level,
          samples: 0,
          reason: `every q_µ^(${level}) is one-hot (the label is a function of the first level-${level} patch): nothing to test at this level; choose a deeper --signal-level`,
        };
      if (needed > o.samples)
        return {
          status: 'inconclusive',
          level,
          samples: 0,
          reason: `with ${o.samples} samples no first level-${level} patch is expected to reach two label cells (its most likely label, the rest) of expected count ≥ ${MIN_EXPECTED}; ask for at least --samples ${needed} (no samples drawn)`,
        };
    }
    return cleanSignalTest(
      g,
      batch ?? sampleIid(g, o.samples, Rng.fromSeed(o.seed).stream('clean-signal'), { latent: true }),
      level,
      o.alpha,
    );
  })();
  const details = {
    certificate: { holds: true, reason: CERTIFICATE },
    test,
    seed: o.seed,
    stream: 'clean-signal',
    nc: classCount(g),
  };
  const base = {
    id: 'clean-signal' as const,
    threshold: o.alpha,
    comparison: 'value ≥ threshold (p-value of the empirical test vs its significance level)',
  };
  if (test.status === 'skipped' || test.status === 'inconclusive') {
    return {
      ...base,
      holds: true,
      value: null,
      valueReason: `empirical test ${test.status}: ${test.reason}`,
      thresholdReason: 'significance level of the empirical test',
      margin: null,
      witness: null,
      summary: `certified (tree-Markov); empirical test ${test.status}`,
      violations: [],
      details,
    };
  }
  const t = test as Extract<CleanSignalTest, { status: 'rejected' | 'not-rejected' }>;
  const violations: Violation[] =
    t.status === 'rejected'
      ? [
          {
            code: t.contradictions > 0 ? 'impossible-label' : 'label-leak',
            path: '/',
            message:
              t.contradictions > 0
                ? `${t.contradictions} sample(s) have a label of probability 0 given their first level-${level} patch (${t.witness?.reason ?? ''})`
                : `label frequencies given (first level-${level} patch, subtree realisation) differ from q_µ (chi-square ${t.statistic.toPrecision(5)}, df ${t.df}, p = ${t.pValue.toExponential(3)} < ${t.alpha}): the samples leak the label into the lower levels`,
            fix: 'the data do not come from this grammar with independent expansions: check the sampler (or the data) against the grammar',
          },
        ]
      : [];
  return {
    ...base,
    holds: t.status !== 'rejected',
    value: t.pValue,
    thresholdReason: 'significance level of the empirical test (its false-positive rate for a correct sampler)',
    margin: t.pValue - t.alpha,
    witness: t.witness,
    summary: `certified (tree-Markov); empirical test at level ${level}: ${t.status} (chi-square ${t.statistic.toPrecision(5)}, df ${t.df}, p = ${t.pValue.toPrecision(3)}, ${t.samples} samples, seed ${o.seed})`,
    violations,
    details,
  };
}

/** Guard, violation list and assertion forms of {@link checkCleanSignal}. */
export const cleanSignal = askers<CleanSignalOptions>('clean-signal', (g, o) => checkCleanSignal(g, o));
