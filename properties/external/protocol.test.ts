import { LearnResultSchema } from '../../spec/learn';
import { schemaViolations } from '../../spec/validate';
import { rhm } from '../support/cli';
import { nodeProgram, smallGrammarFile } from './support';

/**
 * The external-learner protocol end to end with small Node.js programs (no Python
 * needed): what the program is given, what the harness reads back, and how every
 * failure of the program is reported (exit 2, the field that was wrong, its stderr tail).
 */

const g = smallGrammarFile();
const learn = (cmd: string, ...extra: string[]) =>
  rhm([
    'learn',
    g.path,
    '--learner-command',
    cmd,
    '--samples',
    '2048',
    '--test-samples',
    '256',
    '--json',
    '--quiet',
    ...extra,
  ]);

describe('[external-learner-protocol] rhm learn --learner-command', () => {
  test('a program that memorises the training set: rhm-learn/1 with per-level scores and its test error; no held-out label reaches it', async () => {
    const r = await learn(nodeProgram());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as import('../../spec/learn').LearnResult;
    expect(schemaViolations(LearnResultSchema, out)).toEqual([]);
    expect(out.learner).toBe('external');
    // 2048 draws cover the 32 inputs of the support (probability of missing one < 32·(31/32)^2048 ≈ 1e-27).
    expect(out.testError).toBe(0);
    expect(out.levels.map((m) => m.kind)).toEqual(['representation', 'representation']);
    for (const m of out.levels) {
      if (m.kind !== 'representation') continue;
      expect(m.represented).toBe(true);
      // The one-hot code of a patch's tokens names the patch, not its parent: it does not carry over to unseen synonyms.
      expect(m.synonymHalvesRate).not.toBeNull();
      expect(m.recovered).toBe(false);
      expect(m.synonymicSensitivity).toHaveLength(2);
    }
  });

  test('a non-zero exit is exit 2 with the exit code and the stderr tail', async () => {
    const r = await learn(nodeProgram("console.error('boom: out of patience'); process.exit(3);"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exited with code 3/);
    expect(r.stderr).toMatch(/boom: out of patience/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('a program that hangs (and forks a child that hangs) is killed at --learner-timeout, never a hang', async () => {
    const t0 = performance.now();
    const r = await learn(
      nodeProgram(
        "require('child_process').spawn('sleep', ['60'], { stdio: 'inherit' }); setInterval(() => {}, 1000);",
      ),
      '--learner-timeout',
      '1',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--learner-timeout/);
    // The time limit plus the kill grace (2 s) plus sampling; far below the 60 s the child would sleep.
    expect((performance.now() - t0) / 1000).toBeLessThan(30);
  });

  test.each([
    ['no result file', '', /result\.json: the program wrote no result file/],
    ['malformed JSON', "fs.writeFileSync(path.join(dir, task.resultFile), '{oops');", /result\.json: is not JSON/],
    [
      'a wrong field',
      "fs.writeFileSync(path.join(dir, task.resultFile), JSON.stringify({ format: 'rhm-external-result/1', outputs, extra: 1 }));",
      /result\.json \//,
    ],
    [
      'a representation of the wrong shape',
      "outputs['held-out'].representations[0].dim += 1; fs.writeFileSync(path.join(dir, task.resultFile), JSON.stringify({ format: 'rhm-external-result/1', outputs }));",
      /\/outputs\/held-out\/representations\/0: representation .* bytes, expected/,
    ],
    [
      'a prediction outside [0, n_c)',
      "fs.writeFileSync(path.join(dir, 'held-out.pred'), Buffer.alloc(4 * task.inputSets[0].n, 0xff)); fs.writeFileSync(path.join(dir, task.resultFile), JSON.stringify({ format: 'rhm-external-result/1', outputs }));",
      /\/outputs\/held-out\/predictions: prediction 0 is -1/,
    ],
    [
      'missing predictions',
      "delete outputs['held-out'].predictions; fs.writeFileSync(path.join(dir, task.resultFile), JSON.stringify({ format: 'rhm-external-result/1', outputs }));",
      /\/outputs\/held-out\/predictions: no predictions/,
    ],
  ])('bad output (%s) is exit 2 naming the field', async (_what, body, message) => {
    const r = await learn(nodeProgram(body));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/stderr \(last lines\)/);
  });

  test('flag misuse is refused naming the flag', async () => {
    const both = await learn('true', '--learner', 'cnn');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--learner/);
    const noCmd = await rhm(['learn', g.path, '--learner', 'cnn', '--samples', '8', '--learner-timeout', '5']);
    expect(noCmd.code).toBe(2);
    expect(noCmd.stderr).toMatch(/--learner-timeout applies to an external learner only/);
    const external = await rhm(['learn', g.path, '--learner', 'external', '--samples', '8']);
    expect(external.code).toBe(2);
    expect(external.stderr).toMatch(/--learner-command/);
  });
});
