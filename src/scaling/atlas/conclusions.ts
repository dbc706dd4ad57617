import { ATLAS_ASSUMPTIONS, type AtlasCell, type AtlasResult } from '../../../spec/atlas';
import type { SamplerName } from '../../../spec/generator';

/** A cell is "reliable" when the lower end of its interval for `all` reaches this share. */
export const RELIABLE_SHARE = 0.9;
/** A cell is "mostly failing" when the upper end of its interval for `all` is at most this share. */
export const FAILING_SHARE = 0.5;

type Measured = AtlasCell & { holds: NonNullable<AtlasCell['holds']>; intervals: NonNullable<AtlasCell['intervals']> };

function isMeasured(c: AtlasCell): c is Measured {
  return c.status === 'measured' && c.holds !== undefined && c.intervals !== undefined;
}

/** "(v, m)" pairs, with n_c, s and L added when the grid varies them. */
function cellNames(cells: readonly Measured[], all: readonly Measured[]): string {
  const varies = (k: (c: Measured) => number): boolean => new Set(all.map(k)).size > 1;
  const ratio = (c: Measured): number => c.classes / c.vocab;
  const extra = (c: Measured): string =>
    [
      varies(ratio) ? `n_c=${c.classes}` : '',
      varies((x) => x.s) ? `s=${c.s}` : '',
      varies((x) => x.L) ? `L=${c.L}` : '',
    ]
      .filter((x) => x !== '')
      .join(' ');
  return cells.map((c) => `(${c.vocab},${c.m}${extra(c) ? ` ${extra(c)}` : ''})`).join(', ');
}

/** The assumption with the smallest mean share over the sampler's cells. */
function weakest(cells: readonly Measured[]): string {
  let best: { id: string; mean: number } | null = null;
  for (const id of ATLAS_ASSUMPTIONS) {
    const shares = cells.map((c) => c.holds[id]).filter((x): x is number => x !== undefined);
    if (shares.length === 0) continue;
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    if (id !== 'weak-identifiability-all-positions' && (best === null || mean < best.mean)) best = { id, mean };
  }
  return best === null
    ? ''
    : `; the assumption that fails most often is ${best.id} (mean share ${best.mean.toFixed(2)})`;
}

/**
 * One sentence per sampler: in which cells of the grid the hypotheses of
 * Theorem 7 (rule-structure, non-degeneracy, weak-identifiability) hold on at
 * least {@link RELIABLE_SHARE} of grammars (lower end of the Wilson interval),
 * in which on at most {@link FAILING_SHARE} (upper end), and which assumption
 * fails most often.
 */
export function conclusions(samplers: readonly SamplerName[], cells: readonly AtlasCell[]): AtlasResult['conclusions'] {
  return samplers.map((sampler) => {
    const mine = cells.filter((c) => c.sampler === sampler);
    const measured = mine.filter(isMeasured);
    const impossible = mine.length - measured.length;
    if (measured.length === 0)
      return { sampler, sentence: `${sampler}: no cell of the grid is possible for this sampler.` };
    const reliable = measured.filter((c) => c.intervals.all.low >= RELIABLE_SHARE);
    const failing = measured.filter((c) => c.intervals.all.high <= FAILING_SHARE);
    const parts = [
      reliable.length > 0
        ? `the assumptions of Theorem 7 can be expected to hold (share ≥ ${RELIABLE_SHARE} at the lower end of the interval) at (v, m) = ${cellNames(reliable, measured)}`
        : `in no cell of the grid can the assumptions of Theorem 7 be expected to hold (no share ≥ ${RELIABLE_SHARE} at the lower end of the interval)`,
      failing.length > 0 ? `they fail on most grammars at ${cellNames(failing, measured)}` : '',
      measured.length - reliable.length - failing.length > 0 ? 'the other cells are in between' : '',
    ].filter((p) => p !== '');
    const skipped = impossible > 0 ? ` (${impossible} cell(s) impossible for these parameters)` : '';
    return { sampler, sentence: `${sampler}: ${parts.join('; ')}${weakest(measured)}${skipped}.` };
  });
}
