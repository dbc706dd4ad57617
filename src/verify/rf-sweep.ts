import type { SweepConfig } from '../../spec/scale';
import type { VerifyExpectation } from '../../spec/verify';
import { DEFAULT_SWEEP, resolveSweepConfig, runSweep } from '../scaling/sweep';
import type { CellExecutor } from '../scaling/pool';

/**
 * The small `layerwise-rf` sweep of `rhm verify`: the theorem's learner with its
 * default (Lemma 10) hyper-parameters on uniform-first-token grammars (κ = 1),
 * v = n_c = 8, s = 2, m ∈ {3, 4}, L = 3, 3 grammar seeds × 1 training seed, every
 * grammar pre-checked. L = 3 because the rf learner's support-wide recovery
 * measurement and its L stages make L = 4 cells cost minutes each; m = 2 is left
 * out because there P_max = 8·2^7 = 1024 lies within a factor 2 of the measured P*
 * (saturated cells). Its expectation is the same as the main sweep's (b's interval
 * inside the band), stated whether or not it is met.
 */
export const RF_VERIFY_SWEEP: Partial<SweepConfig> = Object.freeze({
  ...DEFAULT_SWEEP,
  learner: 'layerwise-rf',
  sampler: 'uniform-first-token',
  classes: [8],
  vocab: 8,
  m: [3, 4],
  L: [3],
  seeds: 3,
  trainSeeds: 1,
  seed: 0,
});

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : Number(x.toPrecision(3)).toString();
}

/**
 * Run the rf sweep and state its expectation: the 95% interval of b inside the band,
 * with b, its interval, and every cell's ratio P* : n_c·m^L and censoring in the observation.
 */
export async function rfSweepExpectation(
  sweep: Partial<SweepConfig>,
  executor: CellExecutor,
  ledgerPath: string,
): Promise<VerifyExpectation> {
  const config = resolveSweepConfig(sweep);
  const outcome = await runSweep(config, { executor, ledgerPath, resume: false });
  const expected = `layerwise-rf (Lemma 10 σ and M) on ${config.sampler} m ∈ {${config.m.join(', ')}}, L ∈ {${config.L.join(', ')}}: the ${Math.round(100 * config.confidence)}% interval of b inside [${config.band.join(', ')}]`;
  if (outcome.status !== 'completed')
    return { step: 'scale:layerwise-rf', grammar: null, expected, observed: `aborted: ${outcome.reason}`, met: false };
  const r = outcome.result;
  const e = r.exponent;
  const cells = r.cells
    .map(
      (c) =>
        `m=${c.m} L=${c.L}: P*/(n_c·m^L) ${c.pStar === null ? `n/a (${c.censored} censored)` : fmt(c.pStar / c.ncMToL)}${c.saturated ? ', saturated' : ''}`,
    )
    .join('; ');
  const fit =
    e.b !== null ? `b = ${fmt(e.b)} [${fmt(e.low)}, ${fmt(e.high)}], ${r.verdict}` : `no fit (${r.verdictReason})`;
  return {
    step: 'scale:layerwise-rf',
    grammar: null,
    expected,
    observed: `${fit}; ${cells}; ${r.execution.wallSeconds.toFixed(1)} s`,
    met: r.verdict === 'consistent',
  };
}
