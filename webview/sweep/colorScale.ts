// The heatmap's diverging colour scale: log₁₀ of a ratio, centred on 0 (ratio 1, healthy) and
// clamped at ±LOG_RATIO_LIMIT, with vanishing in blue and exploding in red (a pair that stays
// distinct for the common colour-vision deficiencies). Pure: no DOM, tested in node.

import type { ThemeKind } from '../theme';

/** |log₁₀ ratio| beyond this is drawn at the end colour: 1e-6 and 1e6 are already hopeless. */
export const LOG_RATIO_LIMIT = 6;

export type Rgb = readonly [number, number, number];

/** A stop at position t ∈ [-1, 1] of the scale (−1 vanishing end, 0 healthy, +1 exploding end). */
export interface ColorStop {
  t: number;
  color: Rgb;
}

export interface ColorScale {
  stops: readonly ColorStop[];
  limit: number;
}

function hex(text: string): Rgb {
  const n = Number.parseInt(text.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function stops(colors: string[]): ColorStop[] {
  return colors.map((c, i) => ({ t: -1 + (2 * i) / (colors.length - 1), color: hex(c) }));
}

/** ColorBrewer RdBu (11 classes) reversed: near-white in the middle, as on paper. */
const LIGHT = stops(['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f2f2f2', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f']);

/**
 * On a dark editor a white middle glares and the dark ends vanish into the background: the middle
 * is a grey just above the background and colour gets brighter and stronger with distance from 1.
 */
const DARK = stops(['#9ccbff', '#5aa2f0', '#2f78c8', '#1f5494', '#283a52', '#3a3a3a', '#573030', '#8f2f2f', '#c9403f', '#ef7560', '#ffb4a3']);

export function colorScaleFor(kind: ThemeKind): ColorScale {
  return { stops: kind === 'light' || kind === 'high-contrast-light' ? LIGHT : DARK, limit: LOG_RATIO_LIMIT };
}

/**
 * log₁₀ of a ratio as the heatmap places it: null when the ratio was not formed (null, NaN);
 * 0 and ∞ are real outcomes (everything died, everything overflowed) and go to the ends.
 */
export function logRatio(ratio: number | null | undefined): number | null {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio) || ratio < 0) return null;
  return Math.log10(ratio);
}

/** Position on the scale, −1 … 1, clamped; ±∞ land on the ends. */
export function scalePosition(logValue: number, limit = LOG_RATIO_LIMIT): number {
  if (logValue === Infinity) return 1;
  if (logValue === -Infinity) return -1;
  return Math.max(-1, Math.min(1, logValue / limit));
}

/** The colour of a log₁₀ ratio (linear interpolation between stops); null for a ratio not formed. */
export function scaleColor(logValue: number | null, scale: ColorScale): Rgb | null {
  if (logValue === null || Number.isNaN(logValue)) return null;
  const t = scalePosition(logValue, scale.limit);
  const s = scale.stops;
  for (let i = 1; i < s.length; i++) {
    if (t <= s[i].t) {
      const f = (t - s[i - 1].t) / (s[i].t - s[i - 1].t);
      const a = s[i - 1].color;
      const b = s[i].color;
      return [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k]))) as unknown as Rgb;
    }
  }
  return s[s.length - 1].color;
}

export function rgbCss(color: Rgb): string {
  return `rgb(${color[0]}, ${color[1]}, ${color[2]})`;
}

/** WCAG relative luminance. */
export function luminance(color: Rgb): number {
  const [r, g, b] = color.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the cell: text on a cell is always readable. */
export function textColorOn(color: Rgb): '#000000' | '#ffffff' {
  const l = luminance(color);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** The legend's labelled positions: the ends, the middle and halfway, in log₁₀ units. */
export function legendTicks(limit = LOG_RATIO_LIMIT): number[] {
  const half = Math.round(limit / 2);
  return [-limit, -half, 0, half, limit];
}

/** "≤1e−6", "1e−3", "1", "1e3", "≥1e6": the ends say that they are clamped. */
export function legendTickLabel(logValue: number, limit = LOG_RATIO_LIMIT): string {
  const text = logValue === 0 ? '1' : `1e${logValue}`.replace('-', '−');
  if (logValue <= -limit) return `≤${text}`;
  if (logValue >= limit) return `≥${text}`;
  return text;
}
