import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cellText } from '../../src/report/format';
import { findChromium } from '../../src/report/export';
import { writeRunReport } from '../../src/report/write';
import { rhm, tempDir } from '../support/cli';
import { SUITE, allPlots } from './fixtures';

/**
 * `rhm report export DIR --format svg|pdf`: every plot as a standalone file
 * beside report.html; PDF is refused with exit 2 when Chromium is absent.
 */

let root = '';
let dir = '';
beforeAll(() => {
  root = tempDir();
  dir = writeRunReport(
    'properties',
    {},
    { root: 1 },
    { schema: 'rhm-properties/1', value: SUITE },
    { root, plots: allPlots() },
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Run `f` with RHM_CHROMIUM set to `value`, then restore it. */
function withChromium<T>(value: string, f: () => Promise<T>): Promise<T> {
  const old = process.env.RHM_CHROMIUM;
  process.env.RHM_CHROMIUM = value;
  return f().finally(() => {
    if (old === undefined) delete process.env.RHM_CHROMIUM;
    else process.env.RHM_CHROMIUM = old;
  });
}

describe('rhm report export', () => {
  test('--format svg writes one standalone SVG per plot beside report.html', async () => {
    const r = await rhm(['report', 'export', dir, '--format', 'svg']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const svgs = readdirSync(dir)
      .filter((f) => f.endsWith('.svg'))
      .sort();
    expect(svgs).toEqual(allPlots().map((p, i) => `plot-${i + 1}-${p.kind}.svg`));
    for (const f of svgs) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
      expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(text).toMatch(/role-mark[^"]*"[^>]*>(<[^>]*>)*?<path[^>]* d="M[0-9.,-]+/);
    }
    expect(r.stdout.split('\n').filter((l) => l.startsWith('wrote ')).length).toBe(svgs.length);
  });

  test('--format pdf without Chromium is refused with exit 2 and says how to get one', async () => {
    const r = await withChromium(join(root, 'no-such-chromium'), () =>
      rhm(['report', 'export', dir, '--format', 'pdf']),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Chromium');
    expect(r.stderr).toContain('RHM_CHROMIUM');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).some((f) => f.endsWith('.pdf'))).toBe(false);
  });

  test('a bad format or subcommand is a usage error (exit 2)', async () => {
    const bad = await rhm(['report', 'export', dir, '--format', 'png']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown format 'png'");
    const sub = await rhm(['report', 'draw', dir]);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain("unknown subcommand 'draw'");
  });

  const chromium = findChromium();
  if (chromium === null) process.stdout.write('export.test: PDF export skipped: no Chromium found\n');
  (chromium === null ? test.skip : test)(
    '--format pdf prints each plot to a one-page PDF with Chromium',
    async () => {
      const one = writeRunReport(
        'properties',
        {},
        { root: 2 },
        { schema: 'rhm-properties/1', value: SUITE },
        { root, plots: allPlots().slice(4, 5) },
      );
      const r = await rhm(['report', 'export', one, '--format', 'pdf']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const pdf = join(one, 'plot-1-pstar-fit.pdf');
      expect(existsSync(pdf)).toBe(true);
      const bytes = readFileSync(pdf);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    },
    60_000,
  );
});

describe('table numbers', () => {
  test('the integer part is never rounded away (P* = 15326.5 stays 15326.5, not 15330)', () => {
    expect(cellText(15326.5)).toBe('15326.5');
    expect(cellText(15327)).toBe('15327');
    expect(cellText(1234.5678)).toBe('1234.6');
    expect(cellText(0.123456)).toBe('0.1235');
  });
});
