import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/json-file';
import { shellQuote, slurmCommand } from './commands';
import { SlurmLayout } from './layout';
import { taskVerdict } from './poll';
import { rhmLauncherPath, type SlurmResources } from './sbatch';

/** The tagged outcome of the preflight. */
export type PreflightResult =
  | { readonly status: 'ok'; readonly jobId: string; readonly seconds: number; readonly node: string }
  | { readonly status: 'failed'; readonly reason: string; readonly fix: string };

/**
 * The preflight of `rhm scale --executor slurm --check`: a one-task job runs
 * the node command and `rhm --version`, and writes a nonce into DIR; the
 * driver reads it back, which proves that DIR is shared with the compute node.
 */
export async function slurmPreflight(
  dir: string,
  r: SlurmResources,
  timeoutSeconds = 300,
  pollSeconds = 1,
): Promise<PreflightResult> {
  const layout = new SlurmLayout(dir);
  const nonce = randomBytes(8).toString('hex');
  const proof = join(layout.root, `check-${nonce}.txt`);
  const script = join(layout.root, `check-${nonce}.sh`);
  const log = join(layout.root, `check-${nonce}.log`);
  writeFileAtomic(
    script,
    `#!/bin/bash
set -eu
${r.nodeCmd}
node ${shellQuote(rhmLauncherPath())} --version >/dev/null
echo "${nonce} $(hostname)" > ${shellQuote(proof)}
`,
  );
  const args = [
    '--parsable',
    `--job-name=${layout.jobName}-check`,
    `--output=${log}`,
    '--mem=512M',
    '--time=5',
    ...(r.partition === undefined ? [] : [`--partition=${r.partition}`]),
    ...(r.account === undefined ? [] : [`--account=${r.account}`]),
    ...r.sbatchArgs,
    script,
  ];
  const t0 = performance.now();
  const sub = await slurmCommand('sbatch', args);
  const jobId = sub.stdout.trim().split(';')[0] ?? '';
  if (sub.code !== 0 || !/^\d+$/.test(jobId))
    return {
      status: 'failed',
      reason: `sbatch refused the check job: ${sub.stderr.trim() || `exit ${sub.code}`}`,
      fix: 'check --partition, --account and --sbatch-arg, and that sbatch works on this machine',
    };
  for (;;) {
    await new Promise((res) => setTimeout(res, pollSeconds * 1000));
    const q = await slurmCommand('squeue', ['-h', '-j', jobId, '-o', '%T']);
    const live = q.code === 0 && q.stdout.trim() !== '';
    if (!live) break;
    if ((performance.now() - t0) / 1000 > timeoutSeconds) {
      await slurmCommand('scancel', [jobId]);
      return {
        status: 'failed',
        reason: `the check job ${jobId} did not finish within ${timeoutSeconds} s (state ${q.stdout.trim()})`,
        fix: 'the partition may be busy: try again later or choose another --partition',
      };
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (existsSync(proof)) {
    const [seen, node] = readFileSync(proof, 'utf8').trim().split(' ');
    if (seen === nonce) return { status: 'ok', jobId, seconds, node: node ?? '?' };
  }
  return diagnose(jobId, dir, proof, log);
}

/** Why the check job left no nonce: it ran fine (DIR not shared) or it failed (the log's tail). */
async function diagnose(jobId: string, dir: string, proof: string, log: string): Promise<PreflightResult> {
  const v = await taskVerdict(jobId);
  const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-5).join(' | ') : '';
  if (v.kind === 'failed' && /exit code 0:0/.test(v.reason))
    return {
      status: 'failed',
      reason: `job ${jobId} ran but ${proof} did not appear: ${dir} is not on a file system the compute nodes share`,
      fix: 'choose --out on a shared file system (e.g. under /scratch or your home directory)',
    };
  return {
    status: 'failed',
    reason: `the check job ${jobId} failed (${'reason' in v ? v.reason : v.kind})${tail ? `; log ${log}: ${tail}` : ''}`,
    fix: 'make node and rhm available on the compute nodes with --node-cmd (e.g. --node-cmd "module load nodejs/20")',
  };
}
