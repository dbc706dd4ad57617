import type { CliIo } from './io';

/**
 * Progress on stderr. On a terminal: a bar redrawn in place (after the first
 * second, at most 10 times a second) with the elapsed time and an ETA. Without
 * a terminal (a log file, CI): one line each time a stage starts (numbered
 * stages of one kind, such as epochs, once per 5% of progress or 2 s), so a log
 * shows every finished stage. Nothing at all under the global `--quiet`.
 */
export interface ProgressBar {
  /** Show fraction f ∈ [0, 1] done with a short label naming the current stage. */
  update(f: number, label: string): void;
  /** Erase the bar (if it was ever drawn). */
  clear(): void;
}

/** Seconds for humans: `42 s`, `3m 05s`, `1h 02m`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The remaining time, extrapolated linearly from the fraction done so far
 * (`ETA 3m 05s`), or the empty string while too little is done to say.
 */
export function etaText(elapsedSeconds: number, fraction: number): string {
  if (!(fraction >= 0.01) || fraction >= 1 || elapsedSeconds < 1) return '';
  return `ETA ${formatSeconds((elapsedSeconds * (1 - fraction)) / fraction)}`;
}

/** `12 s elapsed, ETA 40 s` (the ETA only once it can be told). */
export function timingText(elapsedSeconds: number, fraction: number): string {
  const eta = etaText(elapsedSeconds, fraction);
  return `${formatSeconds(elapsedSeconds)} elapsed${eta ? `, ${eta}` : ''}`;
}

/** One line for a log (no terminal): `rhm learn:  35% level 2 (12 s elapsed, ETA 22 s)`. */
export function progressLine(prefix: string, f: number, label: string, elapsedSeconds: number): string {
  const pct = String(Math.round(Math.min(1, Math.max(0, f)) * 100)).padStart(3);
  return `${prefix}: ${pct}% ${label} (${timingText(elapsedSeconds, f)})\n`;
}

/**
 * A {@link ProgressBar} writing to `io.err`.
 * @param io - where to write; `io.isTty` chooses the bar or log lines, `io.quiet` silences both.
 * @param prefix - the log lines' prefix, e.g. `rhm learn`.
 */
export function progressBar(io: CliIo, width = 30, prefix = 'rhm'): ProgressBar {
  const start = Date.now();
  let shown = false;
  let last = 0;
  let lastLength = 0;
  let lastLabel: string | null = null;
  let lastF = -1;
  let lastLineAt = 0;
  return {
    update(f, label) {
      if (io.quiet === true) return;
      const now = Date.now();
      const elapsed = (now - start) / 1000;
      if (!io.isTty) {
        // A new kind of stage always gets a line; numbered ones of one kind ("epoch 7", "epoch 8",
        // "3/6 cells") once the fraction has moved by 5% or 2 s have passed, so quick epochs
        // log a few lines and slow cells one line each.
        const kind = (l: string | null): string => (l ?? '').replace(/\d+/g, '#');
        const due = kind(label) !== kind(lastLabel) || f - lastF >= 0.05 || now - lastLineAt >= 2000;
        if (label !== lastLabel && due) {
          io.err(progressLine(prefix, f, label, elapsed));
          lastF = f;
          lastLineAt = now;
        }
        lastLabel = label;
        return;
      }
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      const done = Math.round(Math.min(1, Math.max(0, f)) * width);
      const line = `[${'#'.repeat(done)}${' '.repeat(width - done)}] ${String(Math.round(f * 100)).padStart(3)}% ${label} (${timingText(elapsed, f)})`;
      io.err(`\r${line.padEnd(lastLength)}`);
      lastLength = line.length;
    },
    clear() {
      if (shown) io.err(`\r${' '.repeat(lastLength)}\r`);
    },
  };
}
