import { InvalidInputError } from '../errors';
import { classCount, inputLength, type Grammar } from '../grammar/grammar';
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

/** One term of an estimate: what it is and its bytes. */
export interface MemoryTerm {
  readonly what: string;
  readonly bytes: number;
}

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
function productions(g: Grammar, l: number): number {
  const r = g.levels[l];
  return r ? (r.offsets[r.parentCount] as number) : 0;
}

/** Sampled data every learner holds: training tokens and labels, held-out samples with their latent trees. */
function dataTerms(g: Grammar, r: LearnRequest): MemoryTerm[] {
  const d = inputLength(g);
  const latent = Math.ceil((d * g.s - 1) / (g.s - 1));
  return [
    { what: `training samples (${r.samples} × d = ${d} int32 tokens and labels)`, bytes: 4 * r.samples * (d + 1) },
    { what: `held-out samples with latent trees (${r.testSamples} × ${latent} int32)`, bytes: 4 * r.testSamples * latent },
  ];
}

/**
 * The largest level of `layerwise-cluster`: the patch statistics (counts and
 * centred frequencies, nP × dim float64), the k-means centroids (k × dim,
 * twice), and the recovery's confusion and cost matrices (k × k float64, twice).
 */
function clusterLevelTerms(g: Grammar, r: LearnRequest): MemoryTerm[] {
  const nc = classCount(g);
  let worst: MemoryTerm[] = [];
  let worstBytes = -1;
  for (let l = g.L; l >= 1; l--) {
    const k = g.vocabulary[l - 1] as number;
    const K = g.s ** (l - 1);
    const nP = Math.min(r.samples * K, productions(g, l - 1));
    const positional = nP * K * nc <= 1 << 25;
    const dim = (positional ? K : 1) * nc;
    const terms = [
      { what: `level-${l} patch statistics (${nP} patches × ${dim} float64, twice)`, bytes: 16 * nP * dim },
      { what: `level-${l} k-means centroids (${k} × ${dim} float64, twice)`, bytes: 16 * k * dim },
      { what: `level-${l} recovery matching (${k} × ${k} float64, twice)`, bytes: 16 * k * k },
    ];
    const bytes = terms.reduce((a, t) => a + t.bytes, 0);
    if (bytes > worstBytes) {
      worst = terms;
      worstBytes = bytes;
    }
  }
  return [
    ...worst,
    { what: `label vote (${nc} × ${nc} float64)`, bytes: 8 * nc * nc },
    { what: `level ids (${r.samples} × d int32)`, bytes: 4 * r.samples * inputLength(g) },
  ];
}

/** A numeric learner option, or its default. */
function option(r: LearnRequest, key: string, fallback: number): number {
  const v = r.options?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** `cnn` / `fcn`: float32 parameters with Adam's two moments and gradients, and one batch's activations. */
function netTerms(kind: 'cnn' | 'fcn', g: Grammar, r: LearnRequest): MemoryTerm[] {
  const v = g.vocabulary[g.L] as number;
  const d = inputLength(g);
  const nc = classCount(g);
  const H = option(r, 'width', NET_DEFAULTS.width);
  const batch = Math.max(Math.min(option(r, 'batchSize', NET_DEFAULTS.batchSize), r.samples), 1024);
  const params = kind === 'cnn' ? g.s * v * H + (g.L - 1) * g.s * H * H + H * nc : d * v * H + H * nc;
  const acts = batch * (kind === 'cnn' ? (d / g.s) * H * 3 : d * v + H * 3);
  return [
    { what: `network parameters (${params} float32, with gradients and Adam's moments)`, bytes: 16 * params },
    { what: `activations of one batch (${acts} float32)`, bytes: 4 * acts },
  ];
}

/** `layerwise-rf`: per training sample, its one-hot features at the widest level (as its own request check counts). */
function rfTerms(g: Grammar, r: LearnRequest): MemoryTerm[] {
  const per = 4 * Math.max(g.vocabulary[g.L] as number, classCount(g)) * inputLength(g);
  const features = option(r, 'features', 512);
  return [
    { what: `per-sample learner state (${r.samples} × ${per} bytes)`, bytes: r.samples * per },
    { what: `random features (${r.samples} × ${features} float64)`, bytes: 8 * r.samples * features },
  ];
}

/**
 * The memory estimate of running `learner` on `request`, from the grammar and
 * the request alone (nothing is sampled).
 * @param learner - a registry name; an unknown name gets only the sampled data's terms.
 * @example
 * learnMemoryEstimate('layerwise-cluster', request).bytes; // e.g. 5.2e7
 */
export function learnMemoryEstimate(learner: string, request: LearnRequest): MemoryEstimate {
  const g = request.grammar;
  const data = dataTerms(g, request);
  if (learner === 'layerwise-cluster') return estimate([...data, ...clusterLevelTerms(g, request)]);
  if (learner === 'cnn' || learner === 'fcn') return estimate([...data, ...netTerms(learner, g, request)]);
  if (learner === 'layerwise-rf') return estimate([...data, ...rfTerms(g, request)]);
  return estimate(data);
}

/**
 * Refuse an estimate above the limit: an InvalidInputError naming `field`
 * (`samples`, `memoryLimit`, …), the estimate, its largest terms and the limit.
 * @param subject - what is refused, e.g. `learn request`.
 * @param field - the request field the fix is about (the CLI shows its flag).
 * @param est - the estimate.
 * @param limit - the limit in bytes.
 * @throws InvalidInputError when `est.bytes > limit`.
 */
export function assertMemoryFits(subject: string, field: string, est: MemoryEstimate, limit: number): void {
  if (est.bytes <= limit) return;
  const largest = est.terms
    .slice(0, 3)
    .map((t) => `${t.what}: ${formatBytes(t.bytes)}`)
    .join('; ');
  throw new InvalidInputError(subject, [
    {
      code: 'memory-estimate',
      path: field,
      message: `the run needs an estimated ${formatBytes(est.bytes)} of memory, more than the limit ${formatBytes(limit)} (largest: ${largest})`,
      fix: `use fewer samples or smaller sizes, or raise the limit with --memory-limit SIZE or RHM_MEMORY_LIMIT (e.g. 8G) if the machine has the memory`,
    },
  ]);
}

/**
 * Refuse, before any allocation, a learn request whose estimated memory is above `limit`.
 * @throws InvalidInputError naming `samples`, with the estimate and the limit.
 */
export function assertLearnMemory(learner: string, request: LearnRequest, limit: number): void {
  assertMemoryFits('learn request', 'samples', learnMemoryEstimate(learner, request), limit);
}
