/**
 * Shared look of the report plots: the Vega-Lite frame, log axes, the math
 * notation of labels, and the series palette (hue by one variable, shade by
 * another, so that no two series of a plot share a colour).
 * @internal
 */

export { MATH, sup } from '../notation';

const WIDTH = 420;
const HEIGHT = 260;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: {
    labelFontSize: 11,
    titleFontSize: 11,
    labelLimit: 300,
    orient: 'bottom',
    titleLimit: 420,
    direction: 'vertical',
    columns: 2,
    symbolStrokeWidth: 2,
    symbolSize: 120,
  },
  title: { fontSize: 13, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555', limit: 600 },
  view: { stroke: '#ccc' },
};

/** Split text into lines of at most `width` characters (at spaces) for Vega titles, which do not wrap. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The frame every plot shares: schema, size, fonts, title (and subtitle). */
export function base(title: string, subtitle?: string | string[]): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    padding: 8,
    config: CONFIG,
    title: subtitle ? { text: title, subtitle } : { text: title },
  };
}

/** Log axes label only the ticks with mantissa 1, 2 or 5 (the others stay as grid lines). */
const LOG_LABELS = "test(/^[125](e|$)/, format(datum.value, '.0e')) ? format(datum.value, '~g') : ''";

/** A log-scale positional channel definition with the mantissa-1-2-5 labels. */
export function logAxis(title: string): Record<string, unknown> {
  return { title, scale: { type: 'log' }, axis: { labelExpr: LOG_LABELS } };
}

/** Hues of the colour families (blue, orange, green, red, purple, teal, magenta, olive). */
const HUES = [212, 28, 135, 355, 275, 180, 320, 60];

function hslHex(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/**
 * Colours for series grouped into families: each group gets its own hue (in
 * the order given), its members distinct shades of it (dark to light), and
 * every colour of the result is distinct (a clash, possible only past eight
 * groups, is resolved by shifting the hue).
 *
 * @param groups - series names per group, e.g. per m the cells' names in L order
 * @param hueIndex - the hue of each group (default: its position)
 * @returns one colour per series, in the flattened order of `groups`
 */
export function familyColours(
  groups: readonly (readonly string[])[],
  hueIndex: readonly number[] = groups.map((_, g) => g),
): string[] {
  const used = new Set<string>();
  const out: string[] = [];
  groups.forEach((members, g) => {
    const index = hueIndex[g] ?? g;
    const hue = HUES[index % HUES.length] ?? 0;
    const turn = Math.floor(index / HUES.length);
    members.forEach((_, k) => {
      const light = members.length === 1 ? 42 : 30 + (34 * k) / (members.length - 1);
      let h = (hue + 17 * turn) % 360;
      let colour = hslHex(h, 72, light);
      while (used.has(colour)) {
        h = (h + 7) % 360;
        colour = hslHex(h, 72, light);
      }
      used.add(colour);
      out.push(colour);
    });
  });
  return out;
}

/** Distinct greys (dark to light) for reference curves, which must not look like measurements. */
export function greys(n: number): string[] {
  return Array.from({ length: n }, (_, k) => hslHex(0, 0, n === 1 ? 45 : 25 + (45 * k) / (n - 1)));
}

/** Line dash per index (solid first), e.g. per depth L. */
export const DASHES: readonly (readonly number[])[] = [
  [1, 0],
  [7, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
  [12, 3],
];
/** Point shape per index, e.g. per depth L. */
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross'] as const;

/** Entry `i` of a list used cyclically. */
export function cyclic<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/** One series of a plot with the two variables its style encodes. */
export interface SeriesKey {
  /** The legend label (unique per series). */
  readonly name: string;
  /** Chooses the hue family (e.g. m). */
  readonly family: number | string;
  /** Chooses dash and shape (e.g. L). */
  readonly variant: number | string;
}

/** Explicit Vega-Lite scales of the series of one plot: colour by family, dash and shape by variant. */
export interface SeriesScales {
  readonly domain: string[];
  readonly colour: string[];
  readonly dash: (readonly number[])[];
  readonly shape: string[];
}

const byValue = (a: number | string, b: number | string) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));

/**
 * The scales of a plot's series: families in increasing order each get a hue
 * (integer families, values of m, a fixed hue per value so a given m has the
 * same hue in every plot), their members a shade; dash and point shape follow the variant. Every
 * series gets its own colour.
 *
 * @param keys - the series (duplicates by name are ignored)
 * @returns domain and ranges, in the same order
 */
export function seriesScales(keys: readonly SeriesKey[]): SeriesScales {
  const unique = [...new Map(keys.map((k) => [k.name, k])).values()];
  const families = [...new Set(unique.map((k) => k.family))].sort(byValue);
  const variants = [...new Set(unique.map((k) => k.variant))].sort(byValue);
  const groups = families.map((f) =>
    unique.filter((k) => k.family === f).sort((a, b) => byValue(a.variant, b.variant) || byValue(a.name, b.name)),
  );
  const ordered = groups.flat();
  const v = (k: SeriesKey) => variants.indexOf(k.variant);
  // Integer families are values of m: m = 2 is always blue, m = 3 orange, … in every plot.
  const integerFamilies = families.every((f) => typeof f === 'number' && Number.isInteger(f) && f >= 1);
  return {
    domain: ordered.map((k) => k.name),
    colour: familyColours(
      groups.map((g) => g.map((k) => k.name)),
      families.map((f, i) => (integerFamilies ? Math.max(0, (f as number) - 2) : i)),
    ),
    dash: ordered.map((k) => cyclic(DASHES, v(k))),
    shape: ordered.map((k) => cyclic(SHAPES, v(k))),
  };
}

/**
 * The series scales with reference series appended (greys, dark to light, with
 * the given dashes), so every layer of a plot can share one set of scales and
 * one legend.
 *
 * @param s - the measured series
 * @param refs - reference series: name and dash
 * @returns the combined scales
 */
export function withReferences(
  s: SeriesScales,
  refs: readonly { readonly name: string; readonly dash: readonly number[] }[],
): SeriesScales {
  const fresh = refs.filter((r) => !s.domain.includes(r.name));
  return {
    domain: [...s.domain, ...fresh.map((r) => r.name)],
    colour: [...s.colour, ...greys(fresh.length)],
    dash: [...s.dash, ...fresh.map((r) => r.dash)],
    shape: [...s.shape, ...fresh.map(() => 'stroke')],
  };
}

/**
 * Colour, dash and shape channels on `field`, all with the same explicit scales
 * and title, so Vega-Lite merges them into one legend (also across layers).
 */
export function seriesChannels(
  field: string,
  title: string,
  s: SeriesScales,
  which: readonly ('color' | 'strokeDash' | 'shape')[] = ['color', 'strokeDash', 'shape'],
  legend?: Record<string, unknown>,
): Record<string, unknown> {
  const range = { color: s.colour, strokeDash: s.dash, shape: s.shape };
  return Object.fromEntries(
    which.map((ch) => [
      ch,
      {
        field,
        type: 'nominal',
        title,
        scale: { domain: s.domain, range: range[ch] },
        ...(legend === undefined ? {} : { legend }),
      },
    ]),
  );
}
