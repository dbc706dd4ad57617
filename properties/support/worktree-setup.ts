import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the snapshot of the work tree taken before the suites is kept for the teardown. */
export const SNAPSHOT = join(tmpdir(), `rhm-worktree-snapshot-${process.pid}.json`);

/** `git status --porcelain` (untracked files included) of the repository, or null without git. */
export function porcelain(root: string): string | null {
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10_000,
  });
  return r.error || r.status !== 0 ? null : r.stdout;
}

/** The run directories under reports/. */
export function reportEntries(root: string): string[] {
  const dir = join(root, 'reports');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** jest globalSetup: snapshot the work tree and reports/ so the teardown can prove the suites changed neither. */
export default function setup(): void {
  const root = join(__dirname, '..', '..');
  process.env.RHM_WORKTREE_SNAPSHOT = SNAPSHOT;
  writeFileSync(SNAPSHOT, JSON.stringify({ status: porcelain(root), reports: reportEntries(root) }));
}
