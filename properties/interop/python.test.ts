import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPython } from '../../bench/python';
import { childEnv, rhm, tempDir } from '../support/cli';

/**
 * The README's Python export snippet and `rhm import-rules` against what Python
 * really holds: the reference implementation's `sample_rules` returns a dict
 * {l: tensor of shape (|V_l|, m, s)} (torch tensors). This test builds a dict of
 * that shape with a few lines of its own (torch tensors where torch is installed,
 * NumPy arrays otherwise), runs the README's snippet on it verbatim, and saves
 * the same tensors with np.save / np.savez / np.savez_compressed for import-rules.
 * Skipped, with the reason printed, where no Python with NumPy is found
 * (RHM_PYTHON, python3, /usr/bin/python3 are tried; .ci/run installs python3-numpy).
 */

const ROOT = join(__dirname, '..', '..');

// A Python with torch and NumPy is preferred (the rules dict then holds torch tensors, as the reference's does).
const withTorch = findPython(['numpy', 'torch']);
const withNumpy = 'python' in withTorch ? withTorch : findPython(['numpy']);
const PYTHON = 'python' in withNumpy ? withNumpy.python : undefined;
const TORCH = 'python' in withTorch;
if (!('python' in withNumpy)) process.stdout.write(`python.test: skipped: ${withNumpy.reason}\n`);
else if (!TORCH)
  process.stdout.write(`python.test: ${withNumpy.python} has NumPy but not torch: the rules dict holds NumPy arrays\n`);
const maybe = PYTHON === undefined ? test.skip : test;

const READ_STDIN = `import sys, json, numpy as np
f = sys.stdin.buffer
hdr = json.loads(f.readline())
x = np.frombuffer(f.read(), '<i4').reshape(hdr['n'], hdr['recordInt32s'])
print(x.shape[0], x.shape[1], int(x[:, 0].max()) < 4)`;

/** The README's snippet that writes a grammar file from `rules` (the one python block with json.dump). */
function readmeSnippet(): string {
  const blocks = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)];
  const found = blocks.map((b) => b[1] ?? '').filter((b) => b.includes('json.dump('));
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

const MAKE_RULES = `
import json, random, sys
from itertools import product
import numpy as np
try:
    import torch
    tensor = torch.tensor
except ImportError:
    tensor = np.array
v, n_c, m, s, L = 6, 4, 3, 2, 3
random.seed(11)
tuples = list(product(range(v), repeat=s))
# The shape sample_rules returns: a dict keyed by level, rules[l] of shape (|V_l|, m, s).
rules = {0: tensor(random.sample(tuples, n_c * m)).reshape(n_c, m, -1)}
for l in range(1, L):
    rules[l] = tensor(random.sample(tuples, v * m)).reshape(v, m, -1)
as_np = lambda t: t.numpy() if hasattr(t, 'numpy') else t
np.savez('rules.npz', *[as_np(rules[l]) for l in range(L)])
np.savez_compressed('named.npz', **{str(l): as_np(rules[l]) for l in range(L)})
for l in range(L):
    np.save(f'level{l}.npy', as_np(rules[l]))
print(type(rules).__name__, type(rules[0]).__module__)
`;

describe('Python interop: the README snippet and import-rules on the real shape of sample_rules', () => {
  (PYTHON === undefined ? test.skip : test)(
    '[npy-import-exact] the README snippet writes a valid grammar, and import-rules reads the same rules from .npy/.npz',
    async () => {
      const dir = tempDir();
      const script = `${MAKE_RULES}\nwith open('readme.json', 'w') as f:\n${readmeSnippet()
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n`;
      writeFileSync(join(dir, 'make.py'), script);
      const py = spawnSync(PYTHON ?? 'python3', ['make.py'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(py.stderr).toBe('');
      expect(py.status).toBe(0);
      expect(py.stdout.trim()).toBe(`dict ${TORCH ? 'torch' : 'numpy'}`);
      const readme = join(dir, 'readme.json');
      expect((await rhm(['validate', readme])).code).toBe(0);
      const want = (JSON.parse(readFileSync(readme, 'utf8')) as { rules: unknown }).rules;
      for (const files of [['rules.npz'], ['named.npz'], ['level0.npy', 'level1.npy', 'level2.npy']]) {
        const r = await rhm(['import-rules', ...files.map((f) => join(dir, f))]);
        expect(r.stderr).toBe('');
        const g = JSON.parse(r.stdout) as { rules: unknown; vocabulary: number[] };
        expect(g.rules).toEqual(want);
        expect(g.vocabulary).toEqual([4, 6, 6, 6]);
      }
    },
  );

  maybe(
    'rhm sample --format int32 -o - | python reads the stream with NumPy (header line, then <i4 records)',
    async () => {
      const dir = tempDir();
      const g = join(dir, 'g.json');
      const gen = [
        'generate',
        '--sampler',
        'cagnetta',
        '--classes',
        '4',
        '--vocab',
        '4',
        '--m',
        '2',
        '--s',
        '2',
        '--L',
        '3',
      ];
      expect((await rhm([...gen, '-o', g])).code).toBe(0);
      const bin = `${process.execPath} ${join(ROOT, 'bin', 'rhm.js')}`;
      const r = spawnSync(
        'sh',
        ['-c', `${bin} sample g.json --n 5000 --format int32 -o - | ${PYTHON ?? 'python3'} -c "$READ"`],
        {
          cwd: dir,
          env: { ...childEnv(), READ: READ_STDIN },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('5000 9 True');
    },
  );
});
