import { invalid } from '../errors';

/**
 * A strict reader of NumPy's `.npy` format (versions 1.0, 2.0 and 3.0) for integer
 * arrays in C order: what `np.save(f, a)` writes for the rule tensors of the reference
 * implementation. Everything else (floats, booleans, structured or object dtypes,
 * pickles, Fortran order) is refused naming the header field and the fix. Nothing
 * larger than the declared shape is allocated, and the data must have exactly the
 * declared length.
 */

/** An integer array read from a `.npy` file, in C (row-major) order. */
export interface NpyArray {
  /** The dtype as the header writes it, e.g. `<i8`. */
  readonly dtype: string;
  /** The shape, outermost axis first. */
  readonly shape: readonly number[];
  /** The values in C order (exact: values beyond ±2^53 are refused). */
  readonly values: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Longest header read (NumPy pads headers to 64 bytes; real ones are ~128). */
const MAX_HEADER_BYTES = 1 << 16;
/** Most axes of an array (rule tensors have 3). */
const MAX_AXES = 32;

const SUBJECT = 'NumPy array';

/** Integer dtypes: kind character → signed. Sizes 1, 2, 4, 8. */
const INTEGER_KINDS: Readonly<Record<string, boolean>> = { i: true, u: false };

/** Byte size and reader of an integer dtype like `<i8`, or a refusal naming `descr`. */
function integerReader(descr: string, where: string): { size: number; read: (v: DataView, o: number) => number } {
  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  const kind = m?.[2];
  const size = Number(m?.[3]);
  if (!m || kind === undefined || !(kind in INTEGER_KINDS) || ![1, 2, 4, 8].includes(size)) {
    const why =
      descr.startsWith('|O') || descr === 'O'
        ? 'holds Python objects (a pickle), which are never loaded'
        : `is not an integer type (i1, i2, i4, i8, u1, …, u8)`;
    return invalid(
      SUBJECT,
      `${where}/descr`,
      `dtype '${descr}' ${why}`,
      'save an integer array: np.save(f, np.asarray(a, dtype=np.int64))',
      'unsupported-dtype',
    );
  }
  const little = m[1] !== '>';
  const signed = INTEGER_KINDS[kind] === true;
  const exact = (x: bigint, o: number): number => {
    if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER))
      invalid(SUBJECT, `${where}/data`, `value at byte ${o} is beyond ±2^53`, 'rule tensors hold symbol ids', 'range');
    return Number(x);
  };
  const readers: Record<number, (v: DataView, o: number) => number> = {
    1: (v, o) => (signed ? v.getInt8(o) : v.getUint8(o)),
    2: (v, o) => (signed ? v.getInt16(o, little) : v.getUint16(o, little)),
    4: (v, o) => (signed ? v.getInt32(o, little) : v.getUint32(o, little)),
    8: (v, o) => exact(signed ? v.getBigInt64(o, little) : v.getBigUint64(o, little), o),
  };
  return { size, read: readers[size] as (v: DataView, o: number) => number };
}

/** The fields of a header dict literal `{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }`. */
interface Header {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
}

const HEADER_RE =
  /^\{\s*'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([\d\s,]*\)|\[)\s*,\s*'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([\d\s,]*\)|\[)\s*,\s*'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([\d\s,]*\)|\[)\s*,?\s*\}\s*$/;

function parseShape(text: string, where: string): number[] {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const parts = inner.split(',').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length > MAX_AXES || parts.some((p) => !/^\d{1,10}$/.test(p)))
    invalid(SUBJECT, `${where}/shape`, `'${text}' is not a tuple of sizes`, 're-save the array with np.save', 'shape');
  return parts.map(Number);
}

function parseHeader(text: string, where: string): Header {
  if (/'descr'\s*:\s*\[/.test(text))
    invalid(
      SUBJECT,
      `${where}/descr`,
      'is a structured dtype (a list of fields)',
      'save a plain integer array: np.save(f, np.asarray(a, dtype=np.int64))',
      'unsupported-dtype',
    );
  const m = HEADER_RE.exec(text);
  const fields = new Map<string, string>();
  for (let i = 1; m && i < 7; i += 2) fields.set(m[i] ?? '', m[i + 1] ?? '');
  if (!m || fields.size !== 3)
    return invalid(
      SUBJECT,
      `${where}/header`,
      'is not the dict {descr, fortran_order, shape} that np.save writes',
      'write the file with np.save (allow_pickle is not needed)',
      'header',
    );
  const fortran = fields.get('fortran_order');
  const descr = fields.get('descr') ?? '';
  const shape = fields.get('shape') ?? '';
  if (fortran !== 'True' && fortran !== 'False')
    invalid(SUBJECT, `${where}/fortran_order`, `'${String(fortran)}' is not True or False`, 're-save with np.save');
  if (!descr.startsWith("'"))
    invalid(SUBJECT, `${where}/descr`, `${descr} is not a dtype string`, 're-save with np.save', 'unsupported-dtype');
  if (!shape.startsWith('('))
    invalid(SUBJECT, `${where}/shape`, `${shape} is not a tuple of sizes`, 're-save with np.save', 'shape');
  return { descr: descr.slice(1, -1), fortranOrder: fortran === 'True', shape: parseShape(shape, where) };
}

/** The header's length field and where the header starts, by format version. */
function headerSpan(bytes: Uint8Array, where: string): { start: number; length: number; utf8: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    invalid(
      SUBJECT,
      `${where}/magic`,
      'does not start with \\x93NUMPY: not a .npy file (a torch.save or pickle file is not read)',
      'save each level with np.save(f, rules[l].numpy()) or all of them with np.savez',
      'not-npy',
    );
  const major = bytes[6];
  if (major === 1) return { start: 10, length: view.getUint16(8, true), utf8: false };
  if ((major === 2 || major === 3) && bytes.length >= 12)
    return { start: 12, length: view.getUint32(8, true), utf8: major === 3 };
  return invalid(
    SUBJECT,
    `${where}/version`,
    `format version ${String(major)}.${String(bytes[7])} is not 1.0, 2.0 or 3.0`,
    'save it with np.save',
    'version',
  );
}

/**
 * Read one `.npy` file's bytes.
 * @param bytes - the whole file.
 * @param where - how errors name the file (e.g. `rules.npz/0.npy`).
 * @throws InvalidInputError naming `magic`, `version`, `header`, `descr`, `fortran_order`,
 *   `shape` or `data` when the file is not a C-order integer array of exactly the declared size.
 */
export function readNpy(bytes: Uint8Array, where: string): NpyArray {
  try {
    return npyArray(bytes, where);
  } catch (e) {
    // Every offset is checked before it is read; this is the net under those checks.
    if (e instanceof RangeError) invalid(SUBJECT, `${where}/structure`, `is damaged (${e.message})`, 'write it again');
    throw e;
  }
}

function npyArray(bytes: Uint8Array, where: string): NpyArray {
  const span = headerSpan(bytes, where);
  if (span.length > MAX_HEADER_BYTES || span.start + span.length > bytes.length)
    invalid(SUBJECT, `${where}/header`, `header length ${span.length} is impossible here`, 're-save with np.save');
  const raw = bytes.subarray(span.start, span.start + span.length);
  const header = parseHeader(Buffer.from(raw).toString(span.utf8 ? 'utf8' : 'latin1'), where);
  if (header.fortranOrder)
    invalid(
      SUBJECT,
      `${where}/fortran_order`,
      'is True: the array is stored column-major',
      'save a C-order copy: np.save(f, np.ascontiguousarray(a))',
      'fortran-order',
    );
  const { size, read } = integerReader(header.descr, where);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const data = bytes.subarray(span.start + span.length);
  if (!Number.isSafeInteger(count) || count * size !== data.length)
    invalid(
      SUBJECT,
      `${where}/data`,
      `has ${data.length} bytes where shape (${header.shape.join(', ')}) of '${header.descr}' needs ${count * size}`,
      'the file is truncated or was not written by np.save: write it again',
      'data-length',
    );
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = read(view, i * size);
  return { dtype: header.descr, shape: header.shape, values };
}
