import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { porcelain, reportEntries, SNAPSHOT } from './worktree-setup';

/**
 * jest globalTeardown: the suites leave the work tree as they found it. `git status`
 * (untracked files included) must be unchanged, and no run directory may appear under
 * reports/ (every CLI run in a test writes its report to a temporary directory or none);
 * the property-suite report, written by the reporter after the suites, is the one
 * exception. Fails the run, naming what changed.
 */
export default function teardown(): void {
  const root = join(__dirname, '..', '..');
  const path = process.env.RHM_WORKTREE_SNAPSHOT ?? SNAPSHOT;
  if (!existsSync(path)) return;
  const before = JSON.parse(readFileSync(path, 'utf8')) as { status: string | null; reports: string[] };
  rmSync(path, { force: true });
  const status = porcelain(root);
  if (before.status === null || status === null) {
    process.stderr.write('work-tree check skipped: not a git checkout or git unavailable\n');
    return;
  }
  const added = reportEntries(root).filter(
    (e) => !before.reports.includes(e) && !/-properties-/.test(e) && e !== 'latest',
  );
  const problems = [
    ...(status !== before.status ? [`git status changed:\n--- before\n${before.status}--- after\n${status}`] : []),
    ...(added.length > 0 ? [`the suites wrote run directories into reports/: ${added.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new Error(`npm test changed the work tree:\n${problems.join('\n')}`);
}
