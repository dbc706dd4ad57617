import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/errors';
import { writeRunReport } from '../../src/report/write';
import { tempDir } from '../support/cli';
import { SUITE } from './fixtures';

function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

const write = (root: string): string =>
  writeRunReport('properties', {}, {}, { schema: 'rhm-properties/1', value: SUITE }, { root, plots: 'none' });

describe('issue 15 item 8: a run directory is complete or absent', () => {
  test('written under .incoming-PID-… and renamed; a killed writer’s temporary directory is removed by the next run', () => {
    const root = tempDir();
    const stale = join(root, `.incoming-${deadPid()}-2026-01-01T00-00-00Z-properties-abcdef-XYZ123`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'report.json'), '{"partial":');
    const dir = write(root);
    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    expect(existsSync(stale)).toBe(false);
    // Only complete run directories and `latest` remain: no empty reserved directory, no temporary.
    expect(readdirSync(root).filter((n) => n !== 'latest')).toEqual([dir.split('/').pop()]);
  });

  test('a reports path that is a file is exit-2 input naming it, not an internal error', () => {
    const root = join(tempDir(), 'reports');
    writeFileSync(root, '');
    expect(() => write(root)).toThrow(InvalidInputError);
    expect(() => write(root)).toThrow(/reports/);
  });
});
