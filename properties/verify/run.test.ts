import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VerifyResultSchema } from '../../spec/verify';
import { schemaViolations } from '../../spec/validate';
import { getLearner } from '../../src/learners/registry';
import { writeRunReport } from '../../src/report/write';
import { InProcessExecutor } from '../../src/scaling/pool';
import { DEFAULT_GRAMMARS } from '../../src/verify/defaults';
import { runVerify, VERIFY_DEFAULTS } from '../../src/verify/run';
import { tempDir } from '../support/cli';
import { at, defined } from '../support/checked';

describe('rhm verify (reduced: layerwise-cluster only, no sweep)', () => {
  test('every expectation on the built-in grammars is met, the zero-gap grammar fails 6(b), and the report validates', async () => {
    const dir = tempDir();
    const config = {
      ...VERIFY_DEFAULTS,
      roundTripSamples: 300,
      checkSamples: 5000,
      testSamples: 1000,
      learners: [{ name: 'layerwise-cluster', budgetFactor: 8 }],
      sweep: null,
      rfSweep: null,
    };
    const { result } = await runVerify(config, {
      executor: new InProcessExecutor(getLearner),
      ledgerPath: join(dir, 'ledger.jsonl'),
    });
    expect(schemaViolations(VerifyResultSchema, JSON.parse(JSON.stringify(result)))).toEqual([]);
    expect(result.grammars.map((g) => g.name)).toEqual(DEFAULT_GRAMMARS.map((d) => d.name));
    const unmet = result.expectations.filter((e) => !e.met);
    expect(unmet).toEqual([]);
    const zeroGap = defined(result.grammars.find((g) => g.expectedCheck === 'fail-weak-identifiability'));
    const wi = defined(zeroGap.check.assumptions.find((a) => a.id === 'weak-identifiability'));
    expect(wi.holds).toBe(false);
    expect(at(zeroGap.check.levels, 1).minGap).toBe(0);
    // The grammar outside the theorem is reported as a finding: which learners still learned it.
    const finding = defined(result.findings.find((f) => f.grammar === zeroGap.name));
    expect(finding.finding).toMatch(/violates Assumption 6\(b\).*layerwise-cluster (learned|not-learned)/);
    const run = writeRunReport(
      'verify',
      { ...config },
      { root: 0 },
      { schema: 'rhm-verify/1', value: result },
      { root: join(dir, 'reports'), plots: 'none' },
    );
    expect(existsSync(join(run, 'report.html'))).toBe(true);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).toMatch(/Expectations/);
  });
});
