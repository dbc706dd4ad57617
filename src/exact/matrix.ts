/** A dense row-major float64 matrix. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Entry (i, j) is data[i·cols + j]. */
  readonly data: Float64Array;
}

/** A zero matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** diag(v). */
export function diag(v: ArrayLike<number>): Matrix {
  const m = zeros(v.length, v.length);
  for (let i = 0; i < v.length; i++) m.data[i * v.length + i] = v[i] as number;
  return m;
}

/** A·B. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = zeros(a.rows, b.cols);
  const { data: ad } = a;
  const { data: bd } = b;
  const od = out.data;
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const x = ad[i * a.cols + k] as number;
      if (x === 0) continue;
      const bo = k * b.cols;
      const oo = i * b.cols;
      for (let j = 0; j < b.cols; j++) od[oo + j] = (od[oo + j] as number) + x * (bd[bo + j] as number);
    }
  }
  return out;
}

/** Column sums (a row vector as a plain array). */
export function columnSums(m: Matrix): Float64Array {
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[j] = (out[j] as number) + (m.data[i * m.cols + j] as number);
  return out;
}

/** Column j as a new vector. */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j] as number;
  return out;
}

/** Euclidean distance between two vectors of equal length. */
export function l2Distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return Math.sqrt(s);
}
