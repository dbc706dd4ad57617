import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSamples } from '../../src/sampling/binary';
import { rhm, tempDir } from '../support/cli';
import { defined } from '../support/checked';

const GEN = [
  'generate',
  '--sampler',
  'uniform-first-token',
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
  '--seed',
  '2',
];

describe('binary sample files (rhm-samples/1)', () => {
  test.each([false, true])(
    'int32 records hold exactly the samples of the JSON Lines output (latent: %s)',
    async (latent) => {
      const dir = tempDir();
      const g = join(dir, 'g.json');
      await rhm([...GEN, '-o', g]);
      const flags = ['--n', '40', '--seed', '9', ...(latent ? ['--latent'] : [])];
      const json = await rhm(['sample', g, ...flags]);
      const bin = join(dir, 's.bin');
      expect((await rhm(['sample', g, ...flags, '--format', 'int32', '-o', bin])).code).toBe(0);
      const { header, records } = decodeSamples(readFileSync(bin));
      expect(header).toMatchObject({
        format: 'rhm-samples/1',
        n: 40,
        d: 8,
        latent,
        seed: 9,
        recordInt32s: latent ? 15 : 9,
      });
      const lines = json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { label: number; tokens: number[]; latent?: number[][] });
      lines.forEach((x, i) => {
        const rec = Array.from(records.subarray(i * header.recordInt32s, (i + 1) * header.recordInt32s));
        expect(rec).toEqual(latent ? defined(x.latent).flat() : [x.label, ...x.tokens]);
      });
    },
  );

  test('binary output needs a file; a truncated file is refused', async () => {
    const dir = tempDir();
    const g = join(dir, 'g.json');
    await rhm([...GEN, '-o', g]);
    const r = await rhm(['sample', g, '--n', '3', '--format', 'int32']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format: binary output is written to a file.*add -o FILE/);
    const bin = join(dir, 's.bin');
    await rhm(['sample', g, '--n', '3', '--format', 'int32', '-o', bin]);
    const bytes = readFileSync(bin);
    writeFileSync(bin, bytes.subarray(0, bytes.length - 4));
    expect(() => decodeSamples(readFileSync(bin))).toThrow(/truncated/);
  });
});
