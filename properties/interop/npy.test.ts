import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { InvalidInputError } from '../../src/errors';
import { readNpy } from '../../src/io/npy';
import { crc32, readZip } from '../../src/io/npz';
import { rhm } from '../support/cli';
import { FC_SEED } from '../support/arbitraries';

/**
 * The .npy/.npz reader behind `rhm import-rules`, on committed files written by NumPy
 * (properties/interop/fixtures, made with numpy 1.24's np.save / np.savez /
 * np.savez_compressed), so it is tested where Python is absent; and on files this
 * test encodes itself, for random shapes and dtypes.
 */

const FIX = join(__dirname, 'fixtures');
const fixture = (name: string): string => join(FIX, name);
const expected = JSON.parse(readFileSync(fixture('expected-rules.json'), 'utf8')) as number[][][][];

async function rules(
  files: string[],
  extra: string[] = [],
): Promise<{ code: number; rules?: unknown; stderr: string }> {
  const r = await rhm(['import-rules', ...files.map(fixture), ...extra]);
  return r.code === 0
    ? { code: 0, rules: (JSON.parse(r.stdout) as { rules: unknown }).rules, stderr: r.stderr }
    : { code: r.code, stderr: r.stderr };
}

/** A .npy v1.0 file as np.save writes it (header padded to a multiple of 64 bytes). */
function encodeNpy(values: readonly number[], shape: readonly number[], descr: string): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.map((s) => `${s},`).join(' ')}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = Buffer.from(`${dict}${' '.repeat(pad % 64)}\n`, 'latin1');
  const size = Number(descr.slice(2));
  const little = descr[0] !== '>';
  const data = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    if (size === 1) data.writeUInt8(v, i);
    else if (size === 2 && little) data.writeUInt16LE(v, i * 2);
    else if (size === 2) data.writeUInt16BE(v, i * 2);
    else if (size === 4 && little) data.writeUInt32LE(v, i * 4);
    else if (size === 4) data.writeUInt32BE(v, i * 4);
    else if (little) data.writeBigUInt64LE(BigInt(v), i * 8);
    else data.writeBigUInt64BE(BigInt(v), i * 8);
  });
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([pre, header, data]);
}

/** A minimal zip (no zip64) of the given entries, stored or deflated. */
function encodeZip(entries: readonly (readonly [string, Uint8Array])[], deflate: boolean): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const body = deflate ? deflateRawSync(data) : Buffer.from(data);
    const n = Buffer.from(name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc32(data), 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(deflate ? 8 : 0, 10);
    ch.writeUInt32LE(crc32(data), 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, body);
    centrals.push(ch, n);
    offset += 30 + n.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const DESCRS = ['|u1', '<u2', '>u2', '<i4', '>i4', '<u4', '<i8', '>u8'] as const;
const MAX_OF: Record<number, number> = { 1: 255, 2: 65535, 4: 2 ** 31 - 1, 8: 2 ** 40 };

describe('NumPy rule tensors: the .npy/.npz reader and rhm import-rules', () => {
  test('[npy-import-exact] NumPy-written .npz (stored, zip64; and deflate) and .npy files give the rules as saved', async () => {
    for (const files of [['stored.npz'], ['deflate.npz'], ['level0.npy', 'level1.npy', 'level2.npy']]) {
      const r = await rules(files);
      expect(r.stderr).toBe('');
      expect(r.rules).toEqual(expected);
    }
    // Other integer dtypes and the version-2.0 header read to the same values.
    const mixed = await rules(['level0-v2.npy', 'level1-big-endian-i4.npy', 'level2-u1.npy']);
    expect(mixed.rules).toEqual(expected);
    const out = await rhm(['import-rules', fixture('stored.npz')]);
    expect(JSON.parse(out.stdout)).toMatchObject({
      format: 'rhm-grammar/1',
      branching: 2,
      depth: 3,
      vocabulary: [3, 4, 4, 4],
    });
  });

  test.each([
    ['fortran.npy', /fortran\.npy\/fortran_order: is True.*np\.ascontiguousarray/],
    ['float.npy', /float\.npy\/descr: dtype '<f8' is not an integer type/],
    ['object.npy', /object\.npy\/descr: dtype '\|O' holds Python objects \(a pickle\), which are never loaded/],
    ['structured.npy', /structured\.npy\/descr: is a structured dtype/],
    ['gap.npz', /gap\.npz\/arr_2\.npy: is level 2 where level 1 is expected/],
    ['expected-rules.json', /expected-rules\.json\/magic: does not start with \\x93NUMPY/],
  ])('[npy-import-strict] %s is refused with exit 2 naming the field', async (file, message) => {
    const r = await rules([file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('[npy-import-strict] tensors that do not make a grammar, a missing file and --vocab out of range are exit 2', async () => {
    const small = await rules(['level0.npy', 'level1.npy', 'level2.npy'], ['--vocab', '3']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/\/rules\/2\/\d+\/\d+\/\d+/); // a token ≥ |V_L| = 3, named by its JSON pointer
    expect((await rules(['nope.npy'])).stderr).toMatch(/nope\.npy.*no such file/);
    expect((await rules(['level0.npy', 'stored.npz'])).stderr).toMatch(/archive given with other files/);
    expect((await rules(['level0.npy'], ['--vocab', '1'])).stderr).toMatch(/--vocab/);
    expect((await rhm(['import-rules'])).stderr).toMatch(/FILES: none given/);
  });

  test('[npy-import-exact] any integer array this test encodes (.npy, stored or deflated .npz) reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DESCRS),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (descr, shape, deflate, seed) => {
          const count = shape.reduce((a, b) => a * b, 1);
          const max = MAX_OF[Number(descr.slice(2))] ?? 1;
          const values = Array.from({ length: count }, (_, i) => (seed * (i + 1) * 2654435761) % (max + 1));
          const npy = encodeNpy(values, shape, descr);
          const a = readNpy(npy, 'x.npy');
          expect(a.shape).toEqual(shape);
          expect(Array.from(a.values)).toEqual(values);
          const zip = readZip(encodeZip([['arr_0.npy', npy]], deflate), 'x.npz');
          expect(Array.from(readNpy(zip.get('arr_0.npy') ?? new Uint8Array(), 'x').values)).toEqual(values);
        },
      ),
      { seed: FC_SEED, numRuns: 200 },
    );
  });

  test('[npy-import-strict] a damaged file (truncated, or one byte changed) is read or refused with InvalidInputError, never another error', () => {
    const files = ['stored.npz', 'deflate.npz', 'level0.npy', 'level0-v2.npy'].map((f) => readFileSync(fixture(f)));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (which, at, byte, truncate) => {
          const f = Buffer.from(files[which] ?? Buffer.alloc(0));
          const pos = at % f.length;
          const damaged = truncate ? f.subarray(0, pos) : (f.writeUInt8(byte, pos), f);
          try {
            if (damaged[0] === 0x50) for (const e of readZip(damaged, 'd.npz').values()) readNpy(e, 'd');
            else readNpy(damaged, 'd.npy');
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidInputError);
          }
        },
      ),
      { seed: FC_SEED, numRuns: 500 },
    );
  });
});
