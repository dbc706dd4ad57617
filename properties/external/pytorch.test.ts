import { join } from 'node:path';
import type { ExternalLevel } from '../../spec/external-level';
import type { LearnResult } from '../../spec/learn';
import type { ScaleResult } from '../../spec/scale';
import { findPython } from '../../bench/python';
import { rhm, tempDir } from '../support/cli';
import { smallGrammarFile } from './support';

/**
 * The worked PyTorch example (examples/pytorch-cnn) through the protocol: rhm learn
 * on a small grammar, the negative example whose middle level is noise, and a
 * 4-cell rhm scale. Skipped, with the reason printed, where no Python imports torch
 * (RHM_PYTHON, python3, /usr/bin/python3 are tried; .ci/run installs Debian's python3-torch).
 */

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'pytorch-cnn');

const found = findPython(['torch', 'numpy']);
const python = 'python' in found ? found.python : null;
if (!('python' in found)) console.warn(`skipping the PyTorch external-learner tests: ${found.reason}`);
const maybe = python === null ? test.skip : test;
const { path } = smallGrammarFile();

const reps = (r: LearnResult): ExternalLevel[] =>
  r.levels.filter((m): m is ExternalLevel => m.kind === 'representation');

describe('[external-learner-protocol] the PyTorch CNN example', () => {
  maybe(
    'rhm learn --learner-command "python3 examples/pytorch-cnn/learner.py" --samples 4096 --json: learned, every level scored, level 1 recovered',
    async () => {
      const r = await rhm([
        'learn',
        path,
        '--learner-command',
        `${python ?? ''} ${join(EXAMPLES, 'learner.py')}`,
        '--samples',
        '4096',
        '--test-samples',
        '1024',
        '--json',
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as LearnResult;
      expect(out.format).toBe('rhm-learn/1');
      expect(out.testError).toBeLessThanOrEqual(out.targetError);
      const levels = reps(out);
      expect(levels.map((m) => m.level)).toEqual([1, 2]);
      expect(levels.every((m) => m.represented && m.synonymicSensitivity !== null)).toBe(true);
      // The top hidden layer of a net that classifies every input separates the labels (level 1's parents).
      expect(levels[0]?.recovered).toBe(true);
      console.log(
        `pytorch cnn: test error ${out.testError}; ${levels.map((m) => `level ${m.level}: nearest-centroid ${m.recoveryRate}, synonym halves ${m.synonymHalvesRate}, recovered ${m.recovered}`).join('; ')}`,
      );
    },
  );

  maybe('rhm scale --learner-command on a 4-cell grid runs on the worker pool and gives a verdict', async () => {
    const out = tempDir();
    const r = await rhm([
      'scale',
      '--learner-command',
      `${python ?? ''} ${join(EXAMPLES, 'learner.py')}`,
      '--classes',
      '4',
      '--vocab',
      '4',
      '--m',
      '2,3',
      '--L',
      '2,3',
      '--seeds',
      '1',
      '--train-seeds',
      '1',
      '--search-factor',
      '1',
      '--test-samples',
      '256',
      '--option',
      'sensitivitySamples=0',
      '--workers',
      '2',
      '--out',
      out,
      '--json',
    ]);
    expect([0, 1]).toContain(r.code);
    const result = JSON.parse(r.stdout) as ScaleResult;
    expect(['consistent', 'inconsistent', 'undetermined']).toContain(result.verdict);
    expect(result.cells).toHaveLength(4);
    expect(result.config.learner).toBe('external');
    console.log(
      `pytorch cnn sweep: verdict ${result.verdict}; P* per cell ${result.cells.map((c) => JSON.stringify(c.pStar)).join(', ')}`,
    );
  });
});

describe('[representation-scoring] the PyTorch negative example', () => {
  maybe(
    'the negative example (right predictions, noise at the middle level) is reported as not recovering that level',
    async () => {
      const r = await rhm([
        'learn',
        path,
        '--learner-command',
        `${python ?? ''} ${join(EXAMPLES, 'noisy_layer.py')}`,
        '--samples',
        '4096',
        '--test-samples',
        '1024',
        '--option',
        'sensitivitySamples=0',
        '--json',
      ]);
      const out = JSON.parse(r.stdout) as LearnResult;
      expect(out.testError).toBeLessThanOrEqual(out.targetError);
      const level2 = reps(out)[1];
      expect(level2?.recovered).toBe(false);
      // Noise drawn afresh per patch: both nearest-centroid accuracies sit near chance 1/4.
      expect(level2?.recoveryRate).toBeLessThan(0.4);
      expect(out.reason).toMatch(/level\(s\) 2 not recovered/);
    },
  );
});
