import { inflateRawSync } from 'node:zlib';
import { invalid } from '../errors';

/**
 * A strict, bounded reader of the zip archives that `np.savez` and
 * `np.savez_compressed` write: stored or deflated entries, zip64 extensions
 * (NumPy forces them), CRC-32 checked. Entries are located through the central
 * directory; encrypted, spanned or otherwise compressed archives are refused
 * naming the field.
 */

const SUBJECT = 'NumPy archive';
/** Most entries read from one archive (a grammar has at most 40 levels). */
const MAX_ENTRIES = 1024;
/** Largest uncompressed size of all entries together. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const FULL32 = 0xffffffff;

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as zip uses) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = FULL32;
  for (const b of bytes) crc = (crcTable[(crc ^ b) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ FULL32) >>> 0;
}

interface CentralEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function u64(view: DataView, o: number): number {
  const v = view.getBigUint64(o, true);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** The central directory's offset and entry count, through the zip64 record when present. */
function centralDirectory(view: DataView, where: string): { offset: number; count: number } {
  const len = view.byteLength;
  let eocd = -1;
  for (let o = len - 22; o >= Math.max(0, len - 22 - 0xffff); o--)
    if (view.getUint32(o, true) === SIG_EOCD) {
      eocd = o;
      break;
    }
  if (eocd < 0)
    invalid(
      SUBJECT,
      `${where}/end-of-central-directory`,
      'is missing: not a zip (.npz) file',
      'write it with np.savez',
    );
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const loc = eocd - 20;
  if (loc >= 0 && view.getUint32(loc, true) === SIG_ZIP64_LOCATOR) {
    const rec = u64(view, loc + 8);
    if (rec + 56 > len || view.getUint32(rec, true) !== SIG_ZIP64_EOCD)
      invalid(SUBJECT, `${where}/zip64-end-of-central-directory`, 'is damaged', 'write the archive again');
    count = u64(view, rec + 32);
    offset = u64(view, rec + 48);
  }
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0)
    invalid(SUBJECT, `${where}/disk-number`, 'is a multi-part (spanned) archive', 'write one archive with np.savez');
  if (count > MAX_ENTRIES)
    invalid(SUBJECT, `${where}/entries`, `has ${count} entries, more than ${MAX_ENTRIES}`, 'one entry per level');
  return { offset, count };
}

/** Apply a zip64 extra field (id 1) to the sizes and offset that were saturated at 0xFFFFFFFF. */
function applyZip64(view: DataView, e: CentralEntry, extraStart: number, extraEnd: number): void {
  for (let o = extraStart; o + 4 <= extraEnd;) {
    const id = view.getUint16(o, true);
    const size = view.getUint16(o + 2, true);
    if (id === 1) {
      let p = o + 4;
      const take = (): number => {
        const v = p + 8 <= o + 4 + size ? u64(view, p) : FULL32;
        p += 8;
        return v;
      };
      if (e.uncompressedSize === FULL32) e.uncompressedSize = take();
      if (e.compressedSize === FULL32) e.compressedSize = take();
      if (e.localOffset === FULL32) e.localOffset = take();
    }
    o += 4 + size;
  }
}

function centralEntries(bytes: Uint8Array, view: DataView, where: string): CentralEntry[] {
  const { offset, count } = centralDirectory(view, where);
  const out: CentralEntry[] = [];
  let o = offset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > view.byteLength || view.getUint32(o, true) !== SIG_CENTRAL)
      invalid(SUBJECT, `${where}/central-directory`, `entry ${i} is damaged`, 'write the archive again');
    const nameLen = view.getUint16(o + 28, true);
    const extraLen = view.getUint16(o + 30, true);
    const commentLen = view.getUint16(o + 32, true);
    if (o + 46 + nameLen + extraLen + commentLen > view.byteLength)
      invalid(SUBJECT, `${where}/central-directory`, `entry ${i} runs past the end of the file`, 'write it again');
    const e: CentralEntry = {
      name: Buffer.from(bytes.subarray(o + 46, o + 46 + nameLen)).toString('utf8'),
      flags: view.getUint16(o + 8, true),
      method: view.getUint16(o + 10, true),
      crc: view.getUint32(o + 16, true),
      compressedSize: view.getUint32(o + 20, true),
      uncompressedSize: view.getUint32(o + 24, true),
      localOffset: view.getUint32(o + 42, true),
    };
    applyZip64(view, e, o + 46 + nameLen, o + 46 + nameLen + extraLen);
    out.push(e);
    o += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function entryBytes(bytes: Uint8Array, view: DataView, e: CentralEntry, where: string): Uint8Array {
  const at = `${where}/${e.name}`;
  if (e.flags & 1) invalid(SUBJECT, `${at}/flags`, 'is encrypted', 'write the archive with np.savez (no password)');
  if (e.method !== 0 && e.method !== 8)
    invalid(
      SUBJECT,
      `${at}/compression-method`,
      `is ${e.method}; only stored (0) and deflate (8) entries are read`,
      'write it with np.savez or np.savez_compressed',
      'unsupported-compression',
    );
  const lo = e.localOffset;
  if (lo + 30 > view.byteLength || view.getUint32(lo, true) !== SIG_LOCAL)
    invalid(SUBJECT, `${at}/local-header`, 'is damaged', 'write the archive again');
  const start = lo + 30 + view.getUint16(lo + 26, true) + view.getUint16(lo + 28, true);
  if (start + e.compressedSize > view.byteLength)
    invalid(SUBJECT, `${at}/compressed-size`, 'runs past the end of the file (truncated?)', 'write it again');
  const raw = bytes.subarray(start, start + e.compressedSize);
  let data: Uint8Array = raw;
  if (e.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize) });
    } catch (err) {
      invalid(SUBJECT, `${at}/data`, `does not inflate (${String(err)})`, 'write the archive again');
    }
  }
  if (data.length !== e.uncompressedSize)
    invalid(SUBJECT, `${at}/uncompressed-size`, `is ${e.uncompressedSize}, data has ${data.length}`, 'write it again');
  if (crc32(data) !== e.crc) invalid(SUBJECT, `${at}/crc-32`, 'does not match the data', 'write the archive again');
  return data;
}

/**
 * The entries of a zip archive (an `.npz`), by name, in archive order.
 * @param bytes - the whole archive.
 * @param where - how errors name the archive.
 * @throws InvalidInputError naming the field (central directory, compression method,
 *   sizes, CRC-32) when the archive is damaged, too large, or uses an unsupported feature.
 */
export function readZip(bytes: Uint8Array, where: string): Map<string, Uint8Array> {
  try {
    return zipEntries(bytes, where);
  } catch (e) {
    // Every offset is checked before it is read; this is the net under those checks.
    if (e instanceof RangeError) invalid(SUBJECT, `${where}/structure`, `is damaged (${e.message})`, 'write it again');
    throw e;
  }
}

function zipEntries(bytes: Uint8Array, where: string): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralEntries(bytes, view, where);
  const total = entries.reduce((a, e) => a + e.uncompressedSize, 0);
  if (total > MAX_TOTAL_BYTES)
    invalid(SUBJECT, `${where}/entries`, `unpack to ${total} bytes, more than ${MAX_TOTAL_BYTES}`, 'smaller arrays');
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (out.has(e.name)) invalid(SUBJECT, `${where}/${e.name}`, 'appears twice', 'write the archive again');
    out.set(e.name, entryBytes(bytes, view, e, where));
  }
  return out;
}
