import { invalid } from '../errors';
import type { SampleBatch } from './iid';

/** Format tag of the binary sample files written by `rhm sample --format int32`. */
export const BINARY_SAMPLES_FORMAT = 'rhm-samples/1';

/**
 * Header of a binary sample file: one line of JSON, then `n` records of
 * `recordInt32s` little-endian int32 each. A record is [label, tokens…], or with
 * latents every level top-down: [level 0 (the label), level 1 (s symbols), …, level L (d tokens)].
 *
 * From Python: `hdr = f.readline(); x = np.fromfile(f, '<i4').reshape(n, recordInt32s)`.
 */
export interface BinarySamplesHeader {
  /** Always `rhm-samples/1`. */
  readonly format: typeof BINARY_SAMPLES_FORMAT;
  /** Number of records (samples). */
  readonly n: number;
  /** Input length d = s^L. */
  readonly d: number;
  /** Symbols per level in a record: [1, d] without latents, [1, s, …, s^L] with. */
  readonly levels: readonly number[];
  /** int32 values per record (the sum of `levels`). */
  readonly recordInt32s: number;
  /** Whether records hold every level (true) or the label and the tokens only. */
  readonly latent: boolean;
  /** Byte order of the int32 values. */
  readonly byteOrder: 'little-endian';
  /** Root seed of the samples. */
  readonly seed: number;
}

/** The header for n samples of inputs of length d = s^L. */
export function binaryHeader(n: number, s: number, L: number, latent: boolean, seed: number): BinarySamplesHeader {
  const levels = latent ? Array.from({ length: L + 1 }, (_, l) => s ** l) : [1, s ** L];
  return {
    format: BINARY_SAMPLES_FORMAT,
    n,
    d: s ** L,
    levels,
    recordInt32s: levels.reduce((a, b) => a + b, 0),
    latent,
    byteOrder: 'little-endian',
    seed,
  };
}

/** The header as the file's first line. */
export function encodeHeader(h: BinarySamplesHeader): Uint8Array {
  return Buffer.from(`${JSON.stringify(h)}\n`, 'utf8');
}

/** The records of a batch (whose latent-ness must match `latent`), little-endian int32. */
export function encodeRecords(batch: SampleBatch, latent: boolean): Uint8Array {
  const levels = latent ? (batch.latent as readonly Int32Array[]) : [batch.labels, batch.tokens];
  const widths = levels.map((a) => a.length / batch.n);
  const per = widths.reduce((a, b) => a + b, 0);
  const out = Buffer.alloc(batch.n * per * 4);
  let off = 0;
  for (let i = 0; i < batch.n; i++) {
    levels.forEach((arr, l) => {
      const w = widths[l] as number;
      for (let k = 0; k < w; k++, off += 4) out.writeInt32LE(arr[i * w + k] as number, off);
    });
  }
  return out;
}

/**
 * Decode a whole binary sample file.
 * @returns the header and one Int32Array of n·recordInt32s values (record i at [i·R, (i+1)·R)).
 * @throws InvalidInputError when the header is not rhm-samples/1 or the length does not match it.
 */
export function decodeSamples(bytes: Uint8Array): { header: BinarySamplesHeader; records: Int32Array } {
  const nl = bytes.indexOf(10);
  const header = headerLine(bytes, nl);
  if (header === null)
    return invalid(
      'sample file',
      '/',
      `does not start with an ${BINARY_SAMPLES_FORMAT} header line`,
      "write it with 'rhm sample --format int32'",
    );
  const body = bytes.subarray(nl + 1);
  if (body.length !== header.n * header.recordInt32s * 4) {
    return invalid(
      'sample file',
      '/',
      `has ${body.length} bytes of records, expected n·recordInt32s·4 = ${header.n * header.recordInt32s * 4}`,
      'the file is truncated or was not written by rhm sample',
    );
  }
  const records = new Int32Array(header.n * header.recordInt32s);
  const view = Buffer.from(body.buffer, body.byteOffset, body.length);
  for (let i = 0; i < records.length; i++) records[i] = view.readInt32LE(i * 4);
  return { header, records };
}

/** The JSON header line (bytes before the first newline at `nl`) when it names rhm-samples/1, else null. */
function headerLine(bytes: Uint8Array, nl: number): BinarySamplesHeader | null {
  if (nl <= 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.subarray(0, nl)).toString('utf8'));
  } catch {
    return null;
  }
  const format = typeof parsed === 'object' && parsed !== null ? (parsed as { format?: unknown }).format : undefined;
  return format === BINARY_SAMPLES_FORMAT ? (parsed as BinarySamplesHeader) : null;
}
