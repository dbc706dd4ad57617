import type { CliIo } from './io';

/** A progress bar on stderr: drawn only on a terminal, only after the first second, at most 10 times a second. */
export interface ProgressBar {
  /** Show fraction f ∈ [0, 1] done with a short label. */
  update(f: number, label: string): void;
  /** Erase the bar (if it was ever drawn). */
  clear(): void;
}

/** A {@link ProgressBar} writing to `io.err`. */
export function progressBar(io: CliIo, width = 30): ProgressBar {
  const start = Date.now();
  let shown = false;
  let last = 0;
  let lastLength = 0;
  return {
    update(f, label) {
      if (!io.isTty) return;
      const now = Date.now();
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      const done = Math.round(Math.min(1, Math.max(0, f)) * width);
      const line = `[${'#'.repeat(done)}${' '.repeat(width - done)}] ${String(Math.round(f * 100)).padStart(3)}% ${label}`;
      io.err(`\r${line.padEnd(lastLength)}`);
      lastLength = line.length;
    },
    clear() {
      if (shown) io.err(`\r${' '.repeat(lastLength)}\r`);
    },
  };
}
