import { spawnSync } from 'node:child_process';

/** Interpreters tried, in order: `RHM_PYTHON`, `python3` on PATH, then Debian's `/usr/bin/python3`. */
export function pythonCandidates(): string[] {
  return [process.env.RHM_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (x): x is string => x !== undefined && x !== '',
  );
}

/**
 * The first interpreter that imports every module in `modules`, or the reason
 * none does (each candidate with the last line of its error). Shared by the
 * PyTorch benchmarks and the tests that need NumPy or torch.
 */
export function findPython(modules: readonly string[]): { python: string } | { reason: string } {
  const tried: string[] = [];
  for (const python of pythonCandidates()) {
    const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return { python };
    const why = (r.stderr || r.error?.message || `exit ${String(r.status)}`).trim().split('\n').pop() ?? '';
    tried.push(`${python}: ${why}`);
  }
  return {
    reason: `no Python imports ${modules.join(' and ')} (${tried.join('; ')}); install python3-${modules.join(' python3-')} or set RHM_PYTHON`,
  };
}
