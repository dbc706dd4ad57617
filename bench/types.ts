/** One benchmark's result, as written to the bench JSON. */
export interface BenchResult {
  /** Stable name, e.g. 'sampler-throughput'. */
  readonly name: string;
  /** Measured values (numbers, ratios, seconds), with units in the key names. */
  readonly metrics: Readonly<Record<string, unknown>>;
  /** The target of the issue that asked for it, in words, and whether it was met (null when only reported). */
  readonly target: { readonly description: string; readonly met: boolean | null } | null;
}

/** A benchmark module: `run` measures and returns results. */
export interface Benchmark {
  readonly name: string;
  run(): Promise<BenchResult[]>;
}
