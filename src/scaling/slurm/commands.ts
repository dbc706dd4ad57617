import { execFile } from 'node:child_process';

/** What a Slurm client command printed, and how it exited. */
export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run a Slurm client (`sbatch`, `squeue`, `scontrol`, `scancel`) found on PATH.
 * The environment is read at each call (tests put fake clients first on PATH).
 * Never rejects: a missing program is exit code 127 with the reason in stderr.
 */
export function slurmCommand(program: string, args: readonly string[], timeoutMs = 60_000): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile(
      program,
      args.slice(),
      { encoding: 'utf8', timeout: timeoutMs, env: process.env },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const code = typeof error.code === 'number' ? error.code : 127;
        resolve({ code, stdout, stderr: stderr || error.message });
      },
    );
  });
}

/** Quote a string for a POSIX shell. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Minutes of a Slurm time limit: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`.
 * @returns undefined when the text is not one of those forms.
 */
export function slurmMinutes(text: string): number | undefined {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, d, a, b, c] = m;
  const n = (x: string | undefined): number => (x === undefined ? 0 : Number(x));
  if (d !== undefined) return n(d) * 1440 + n(a) * 60 + n(b) + n(c) / 60;
  if (c !== undefined) return n(a) * 60 + n(b) + n(c) / 60;
  if (b !== undefined) return n(a) + n(b) / 60;
  return n(a);
}

/**
 * Mebibytes of a Slurm memory size: `N` (MiB), `NK`, `NM`, `NG`, `NT`.
 * @returns undefined when the text is not one of those forms.
 */
export function slurmMegabytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)B?$/i.exec(text.trim());
  if (!m) return undefined;
  const scale: Record<string, number> = { '': 1, K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 };
  return Math.ceil(Number(m[1]) * (scale[(m[2] ?? '').toUpperCase()] ?? 1));
}
