import { totalmem } from 'node:os';

/**
 * The memory limit every command checks its estimate against before it
 * allocates: `RHM_MEMORY_LIMIT` (or the global `--memory-limit` flag, which sets
 * it) in bytes with an optional K/M/G/T suffix (powers of 1024), else the
 * default {@link defaultMemoryLimit}.
 */

/** The default limit when none is given: 2 GiB, or a quarter of the machine's memory when that is less. */
export function defaultMemoryLimit(): number {
  return Math.min(2 * 2 ** 30, Math.floor(totalmem() / 4));
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * Bytes of a size such as `512M`, `8G`, `1.5G` or `4294967296` (suffixes are powers
 * of 1024, an optional trailing `B` or `iB` is allowed); null when the text is not a
 * positive size.
 * @example
 * parseBytes('8G'); // 8589934592
 */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) return null;
  const bytes = Number(m[1]) * (UNITS[(m[2] ?? '').toUpperCase()] ?? NaN);
  return Number.isFinite(bytes) && bytes >= 1 ? Math.floor(bytes) : null;
}

/** A byte count for humans, to 3 significant digits: `1.50 GiB`, `320 MiB`, `12.0 KiB`, `80 B`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let x = bytes;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${u === 0 ? String(x) : x.toPrecision(3)} ${units[u] ?? 'B'}`;
}

/** The limit in force: `RHM_MEMORY_LIMIT` when it is a valid size, else the default. */
export function memoryLimit(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RHM_MEMORY_LIMIT;
  if (raw === undefined || raw === '') return defaultMemoryLimit();
  return parseBytes(raw) ?? defaultMemoryLimit();
}
