import { InvalidInputError } from '../errors';
import type { Grammar } from '../grammar/grammar';
import { formatBytes } from '../util/memory';
import { NET_DEFAULTS } from './nn/options';
import type { LearnRequest } from './types';

/**
 * Memory estimates of a learning run, made from the grammar and the request
 * before anything is sampled or allocated, so a run that cannot fit is refused
 * in milliseconds instead of failing after minutes (or exhausting the machine).
 * An estimate is the peak of the largest arrays a learner holds at once; it
 * is for the expected run (the patches that occur are the grammar's productions)
 * and leaves out small constant overheads.
 */

/** One term of an estimate: what it is, its bytes, and the request field that sizes it. */
export interface MemoryTerm {
  readonly what: string;
  readonly bytes: number;
  /** `samples` / `testSamples` when the term grows with them, `grammar` when the grammar alone sizes it. */
  readonly field: 'samples' | 'testSamples' | 'grammar' | 'options';
}

/**
 * What an estimate needs of a grammar: s, L, |V_0|…|V_L| and the number of
 * productions of each rule level R_0…R_{L−1} (a sweep estimates a generated
 * grammar before it exists: n_c·m, then v·m per level).
 */
export interface GrammarShape {
  readonly s: number;
  readonly L: number;
  readonly vocabulary: readonly number[];
  readonly productions: readonly number[];
}

/** The {@link GrammarShape} of a compiled grammar. */
export function shapeOf(g: Grammar): GrammarShape {
  return {
    s: g.s,
    L: g.L,
    vocabulary: g.vocabulary,
    productions: g.levels.map((r) => r.offsets[r.parentCount] as number),
  };
}

/** What an estimate needs of a request: the budget, the held-out size and the learner options. */
export interface RequestShape {
  readonly samples: number;
  readonly testSamples: number;
  readonly options?: Readonly<Record<string, unknown>>;
}

const classCount = (g: GrammarShape): number => g.vocabulary[0] as number;
const inputLength = (g: GrammarShape): number => g.s ** g.L;

/** The estimate of a run: its total and the terms it is made of, largest first. */
export interface MemoryEstimate {
  readonly bytes: number;
  readonly terms: readonly MemoryTerm[];
}

function estimate(terms: MemoryTerm[]): MemoryEstimate {
  const sorted = terms.filter((t) => t.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  return { bytes: sorted.reduce((a, t) => a + t.bytes, 0), terms: sorted };
}

/** Productions of rule level l (R_l, the patches below level-l symbols). */
function productions(g: GrammarShape, l: number): number {
  return g.productions[l] ?? 0;
}

/** Sampled data every learner holds: training tokens and labels, held-out samples with their latent trees. */
function dataTerms(g: GrammarShape, r: RequestShape): MemoryTerm[] {
  const d = inputLength(g);
  const latent = Math.ceil((d * g.s - 1) / (g.s - 1));
  return [
    {
      what: `training samples (${r.samples} × d = ${d} int32 tokens and labels)`,
      bytes: 4 * r.samples * (d + 1),
      field: 'samples',
    },
    {
      what: `held-out samples with latent trees (${r.testSamples} × ${latent} int32)`,
      bytes: 4 * r.testSamples * latent,
      field: 'testSamples',
    },
  ];
}

/**
 * The largest level of `layerwise-cluster`: the patch statistics (counts and
 * centred frequencies, nP × dim float64), the k-means centroids (k × dim,
 * twice), and the recovery's confusion and cost matrices (k × k float64, twice).
 */
function clusterLevelTerms(g: GrammarShape, r: RequestShape): MemoryTerm[] {
  const nc = classCount(g);
  let worst: MemoryTerm[] = [];
  let worstBytes = -1;
  for (let l = g.L; l >= 1; l--) {
    const k = g.vocabulary[l - 1] as number;
    const K = g.s ** (l - 1);
    const nP = Math.min(r.samples * K, productions(g, l - 1));
    const positional = nP * K * nc <= 1 << 25;
    const dim = (positional ? K : 1) * nc;
    const terms: MemoryTerm[] = [
      {
        what: `level-${l} patch statistics (${nP} patches × ${dim} float64, twice)`,
        bytes: 16 * nP * dim,
        field: nP < productions(g, l - 1) ? 'samples' : 'grammar',
      },
      { what: `level-${l} k-means centroids (${k} × ${dim} float64, twice)`, bytes: 16 * k * dim, field: 'grammar' },
      { what: `level-${l} recovery matching (${k} × ${k} float64, twice)`, bytes: 16 * k * k, field: 'grammar' },
    ];
    const bytes = terms.reduce((a, t) => a + t.bytes, 0);
    if (bytes > worstBytes) {
      worst = terms;
      worstBytes = bytes;
    }
  }
  return [
    ...worst,
    { what: `label vote (${nc} × ${nc} float64)`, bytes: 8 * nc * nc, field: 'grammar' },
    { what: `level ids (${r.samples} × d int32)`, bytes: 4 * r.samples * inputLength(g), field: 'samples' },
  ];
}

/** A numeric learner option, or its default. */
function option(r: RequestShape, key: string, fallback: number): number {
  const v = r.options?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** `cnn` / `fcn`: float32 parameters with Adam's two moments and gradients, and one batch's activations. */
function netTerms(kind: 'cnn' | 'fcn', g: GrammarShape, r: RequestShape): MemoryTerm[] {
  const v = g.vocabulary[g.L] as number;
  const d = inputLength(g);
  const nc = classCount(g);
  const H = option(r, 'width', NET_DEFAULTS.width);
  const batch = Math.max(Math.min(option(r, 'batchSize', NET_DEFAULTS.batchSize), r.samples), 1024);
  const params = kind === 'cnn' ? g.s * v * H + (g.L - 1) * g.s * H * H + H * nc : d * v * H + H * nc;
  const acts = batch * (kind === 'cnn' ? (d / g.s) * H * 3 : d * v + H * 3);
  return [
    {
      what: `network parameters (${params} float32, with gradients and Adam's moments)`,
      bytes: 16 * params,
      field: 'options',
    },
    { what: `activations of one batch (${acts} float32)`, bytes: 4 * acts, field: 'options' },
  ];
}

/** `layerwise-rf`: per training sample, its one-hot features at the widest level (as its own request check counts). */
function rfTerms(g: GrammarShape, r: RequestShape): MemoryTerm[] {
  const per = 4 * Math.max(g.vocabulary[g.L] as number, classCount(g)) * inputLength(g);
  const features = option(r, 'features', 512);
  return [
    { what: `per-sample learner state (${r.samples} × ${per} bytes)`, bytes: r.samples * per, field: 'samples' },
    {
      what: `random features (${r.samples} × ${features} float64)`,
      bytes: 8 * r.samples * features,
      field: 'samples',
    },
  ];
}

/**
 * The memory estimate of running `learner` on a grammar of shape `g`, from the
 * shape and the request alone (nothing is sampled).
 * @param learner - a registry name; an unknown name gets only the sampled data's terms.
 * @example
 * learnMemoryEstimate('layerwise-cluster', shapeOf(grammar), { samples: 2048, testSamples: 4096 }).bytes;
 */
export function learnMemoryEstimate(learner: string, g: GrammarShape, request: RequestShape): MemoryEstimate {
  const data = dataTerms(g, request);
  if (learner === 'layerwise-cluster') return estimate([...data, ...clusterLevelTerms(g, request)]);
  if (learner === 'cnn' || learner === 'fcn') return estimate([...data, ...netTerms(learner, g, request)]);
  if (learner === 'layerwise-rf') return estimate([...data, ...rfTerms(g, request)]);
  return estimate(data);
}

/** What to change: the request field of the largest term, and the fix for it. */
function fixFor(field: MemoryTerm['field']): { path: string; fix: string } {
  const raise =
    'or raise the limit with --memory-limit SIZE or RHM_MEMORY_LIMIT (e.g. 8G) if the machine has the memory';
  if (field === 'grammar')
    return { path: 'GRAMMAR', fix: `the grammar's vocabularies size this run: use a smaller grammar, ${raise}` };
  if (field === 'options') return { path: '--option', fix: `use a smaller width or batchSize, ${raise}` };
  return { path: field, fix: `use fewer ${field === 'samples' ? 'training' : 'held-out'} samples, ${raise}` };
}

/**
 * Refuse an estimate above the limit: an InvalidInputError naming the field
 * its largest term grows with (`samples`, `testSamples`, `GRAMMAR`, `--option`),
 * the estimate, its largest terms and the limit.
 * @param subject - what is refused, e.g. `learn request`.
 * @param est - the estimate.
 * @param limit - the limit in bytes.
 * @throws InvalidInputError when `est.bytes > limit`.
 */
export function assertMemoryFits(subject: string, est: MemoryEstimate, limit: number): void {
  if (est.bytes <= limit) return;
  const { path, fix } = fixFor(est.terms[0]?.field ?? 'samples');
  const largest = est.terms
    .slice(0, 3)
    .map((t) => `${t.what}: ${formatBytes(t.bytes)}`)
    .join('; ');
  throw new InvalidInputError(subject, [
    {
      code: 'memory-estimate',
      path,
      message: `the run needs an estimated ${formatBytes(est.bytes)} of memory, more than the limit ${formatBytes(limit)} (largest: ${largest})`,
      fix,
    },
  ]);
}

/**
 * Refuse, before any allocation, a learn request whose estimated memory is above `limit`.
 * @throws InvalidInputError naming the field to change, with the estimate and the limit.
 */
export function assertLearnMemory(learner: string, request: LearnRequest, limit: number): void {
  assertMemoryFits('learn request', learnMemoryEstimate(learner, shapeOf(request.grammar), request), limit);
}
