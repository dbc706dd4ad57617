import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { writeRunReport } from '../../src/report/write';
import { PLOT_KINDS, type PlotData } from '../../spec/report';
import { atlasPlots, rfLearnResult, viewPlots } from './fixtures';
import { at } from '../support/checked';

/**
 * Opens a generated report.html in headless Chromium (as a reader would,
 * offline) and checks from the DOM and from a screenshot that every plot
 * rendered. Skipped, with the reason printed, where Chromium is absent
 * (CI installs Debian's chromium in .ci/run). Set RHM_KEEP_SCREENSHOT=FILE
 * to keep the screenshot for a look.
 */
const CHROMIUM = process.env.RHM_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  process.stdout.write(
    `html-chromium.test: skipped: no Chromium at ${CHROMIUM} (install Debian's chromium or set RHM_CHROMIUM)\n`,
  );
const maybe = HAVE_CHROMIUM ? test : test.skip;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

function chromium(tmp: string, args: string[]): string {
  const r = spawnSync(CHROMIUM, [...FLAGS, `--user-data-dir=${join(tmp, 'profile')}`, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`chromium exited with ${String(r.status)}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) to RGBA pixels. */
function decodePng(buf: Buffer): { width: number; height: number; rgba: Uint8Array } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      colorType = data[9] ?? 0;
      expect(data[12]).toBe(0); // no interlace
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : NaN;
  expect(Number.isNaN(bpp)).toBe(false);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= bpp ? (cur[x - bpp] ?? 0) : 0;
      const b = prev[x] ?? 0;
      const c = x >= bpp ? (prev[x - bpp] ?? 0) : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = (v + p) & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = cur[x * bpp + k] ?? 0;
      out[(y * width + x) * 4 + 3] = bpp === 4 ? (cur[x * bpp + 3] ?? 0) : 255;
    }
    prev.set(cur);
  }
  return { width, height, rgba: out };
}

const WIDTH = 1400;
const HEIGHT = 4200;
/** The screenshot is taken at half resolution (a quarter of the pixels to decode); the layout is in CSS px as usual. */
const SCALE = 0.5;

/** What the probe script reports of the laid-out page. */
interface Probe {
  tables: number;
  overflowing: string[];
  pageScroll: boolean;
  figures: number;
  headers: string[];
}

/** Measures the laid-out page and appends the result as JSON in a pre element with id probe-out. */
const PROBE = `<script>
const wraps = [...document.querySelectorAll('.table-wrap')];
const out = {
  tables: wraps.length,
  overflowing: wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.parentElement.querySelector('h2, h3')?.textContent ?? '?'),
  pageScroll: document.documentElement.scrollWidth > window.innerWidth,
  figures: document.querySelectorAll('figure svg.marks').length,
  headers: [...document.querySelectorAll('th')].map((t) => t.textContent),
};
const pre = document.createElement('pre');
pre.id = 'probe-out';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>`;

/** Pixels of clearly saturated colour (max − min channel > 60: the plots' marks; the page chrome is grey) per horizontal band. */
function saturatedPerBand(png: { width: number; height: number; rgba: Uint8Array }, band: number): number[] {
  const out = new Array<number>(Math.ceil(png.height / band)).fill(0);
  for (let i = 0; i < png.rgba.length; i += 4) {
    const r = png.rgba[i] ?? 0;
    const g = png.rgba[i + 1] ?? 0;
    const b = png.rgba[i + 2] ?? 0;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) {
      const y = Math.floor(i / 4 / png.width);
      out[Math.floor(y / band)] = at(out, Math.floor(y / band)) + 1;
    }
  }
  return out;
}

describe('[report-plots] report.html in headless Chromium', () => {
  let tmp = '';
  let dom = '';
  let shot = '';
  let plots: PlotData[] = [];
  let probe: Probe | null = null;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rhm-chromium-'));
    if (HAVE_CHROMIUM) {
      // A learn report (layerwise-rf: the widest per-level tables) carrying one plot of every kind.
      const rf = await rfLearnResult();
      plots = [...viewPlots(rf), ...(await atlasPlots())];
      const dir = writeRunReport(
        'learn',
        {},
        { root: 0 },
        { schema: 'rhm-learn/1', value: rf },
        { root: join(tmp, 'reports'), plots },
      );
      // A copy that may run one script (the report itself allows none): it writes down what Chromium laid out.
      const html = readFileSync(join(dir, 'report.html'), 'utf8');
      const page = join(dir, 'probe.html');
      writeFileSync(
        page,
        html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${PROBE}</body>`),
      );
      // One Chromium run gives the DOM (after layout), the probe and the screenshot.
      shot = join(tmp, 'report.png');
      dom = chromium(tmp, [
        '--dump-dom',
        `--screenshot=${shot}`,
        `--window-size=${WIDTH},${HEIGHT}`,
        `--force-device-scale-factor=${SCALE}`,
        pathToFileURL(page).href,
      ]);
      const text = /<pre id="probe-out">(.*?)<\/pre>/s.exec(dom)?.[1];
      if (text !== undefined)
        probe = JSON.parse(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Probe;
    }
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  maybe('the DOM Chromium builds holds one SVG per plot, each with drawn marks and axes', () => {
    const figures = dom.split(/<figure class="plot(?: wide)?"/).slice(1);
    const kinds = figures.map((f) => /data-plot-kind="([a-z-]+)"/.exec(f)?.[1]);
    expect(kinds).toEqual(plots.map((p) => p.kind));
    expect(new Set(kinds)).toEqual(new Set(PLOT_KINDS));
    for (const f of figures) {
      expect(f).toMatch(/<svg[^>]*class="marks"/);
      expect(f).toContain('role-axis');
      // a line, symbol or area mark group (a heat map: rect) containing a path with geometry
      expect(f).toMatch(
        /class="mark-(line|symbol|area|rect)[^"]*role-mark[^"]*"[^>]*>(<[^>]*>)*?<path[^>]* d="M[0-9.,-]+/,
      );
    }
    expect(dom).not.toContain('plot not rendered');
  });

  maybe('a screenshot shows the plots: coloured marks in every row of figures', () => {
    if (process.env.RHM_KEEP_SCREENSHOT) copyFileSync(shot, process.env.RHM_KEEP_SCREENSHOT);
    const png = decodePng(readFileSync(shot));
    expect([png.width, png.height]).toEqual([WIDTH * SCALE, HEIGHT * SCALE]);
    // Saturated pixels per 300-CSS-px band of the page (150 screenshot px at half scale; a quarter of the pixels of
    // a full-scale band). Above y = 300 sits the header with the status badge (the only saturated page chrome); the
    // tables below are grey (0 saturated pixels). The plots fill rows of figures (two per row, wide ones alone) below
    // the tables, and each row draws thousands of coloured line, point and band pixels (hundreds at half scale);
    // without rendered plots every band below the header is 0.
    const t0 = Date.now();
    const bands = saturatedPerBand(png, 300 * SCALE);
    process.stdout.write(
      `saturated pixels per 300-CSS-px band at scale ${SCALE}: ${bands.join(' ')} (${Date.now() - t0} ms)\n`,
    );
    const area = SCALE * SCALE;
    expect(bands.slice(1).filter((n) => n > 300 * area).length).toBeGreaterThanOrEqual(4);
    expect(bands.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThan(5000 * area);
  });

  maybe(
    '[report-plots] at 1400 px every table fits the page, headers are words (no camelCase), ε_* and max‖h − q‖ are shown',
    () => {
      expect(probe).not.toBeNull();
      if (probe === null) return;
      expect(probe.tables).toBeGreaterThan(4);
      expect(probe.overflowing).toEqual([]);
      expect(probe.pageScroll).toBe(false);
      expect(probe.figures).toBe(plots.length);
      expect(probe.headers.filter((h) => /[a-z][A-Z]/.test(h))).toEqual([]);
      expect(probe.headers).toEqual(expect.arrayContaining(['max ‖h − q‖', 'ε*⁽ˡ⁾', 'ρ̂⁽ˡ⁾/2']));
    },
  );
});
