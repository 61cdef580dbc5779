// The hover's small chart: per-layer activation std and gradient std (δ) on a log-10 scale,
// Monte Carlo solid and mean-field dashed. It becomes a data: URI image, so it is one
// self-contained SVG with fixed colours (no CSS variables, no fonts to load) chosen to read on
// both light and dark hover backgrounds: mid-saturation strokes, mid-grey text and a faint backdrop.

import type { MeanFieldResult, SimulationResult } from '../core/types';

/** Per-layer values; index 0 is layer 1. Zeros, negatives, NaN, ±Infinity and null are not drawn. */
export interface ChartCurves {
  forward: readonly (number | null)[];
  backward: readonly (number | null)[];
}

export interface HoverChartInput {
  /** Layers on the x axis (the network's depth, also when an overflow cut the curves short). */
  depth: number;
  /** Solid lines. */
  monteCarlo: ChartCurves | null;
  /** Dashed lines. */
  meanField: ChartCurves | null;
  /** Marked with a vertical line, "overflow at layer k". */
  overflow?: { layer: number; direction: 'forward' | 'backward' } | null;
  width?: number;
  height?: number;
}

const FORWARD_COLOUR = '#3a86d4';
const BACKWARD_COLOUR = '#e0742c';
const OVERFLOW_COLOUR = '#d64545';
/** Mid grey: about 4:1 contrast on both a white and a #252526 hover. */
const TEXT_COLOUR = '#808080';
const FONT = 'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="10"';
/** Above this many layers, each pixel bucket keeps its min and max so spikes survive downsampling. */
const BUCKETS = 120;

/** The curves of a simulation: Monte Carlo from its layers (unless it is a mean-field run), mean-field from its theory. */
export function chartInput(result: SimulationResult, meanField: MeanFieldResult | null = result.meanField): HoverChartInput {
  const monteCarlo =
    result.engine === 'mean-field'
      ? null
      : { forward: result.layers.map((l) => l.forward.std), backward: result.layers.map((l) => l.backward?.preGradStd ?? null) };
  const theory = meanField ? { forward: meanField.layers.map((l) => l.std), backward: meanField.layers.map((l) => l.preGradStd) } : null;
  const overflow = result.overflow ?? meanField?.overflow ?? null;
  return { depth: result.config.network.layers.length, monteCarlo, meanField: theory, overflow };
}

interface Point {
  layer: number;
  value: number;
}

export function hoverChartSvg(input: HoverChartInput): string {
  const width = input.width ?? 360;
  const height = input.height ?? 160;
  const depth = Math.max(1, Math.floor(Number.isFinite(input.depth) ? input.depth : 1));
  const plot = { left: 44, right: width - 12, top: 26, bottom: height - 20 };

  const series: { points: Point[][]; colour: string; dashed: boolean }[] = [];
  const add = (values: readonly (number | null)[] | undefined, colour: string, dashed: boolean) => {
    if (values) series.push({ points: segments(values, depth), colour, dashed });
  };
  // Mean-field first, so Monte Carlo draws on top of it.
  add(input.meanField?.forward, FORWARD_COLOUR, true);
  add(input.meanField?.backward, BACKWARD_COLOUR, true);
  add(input.monteCarlo?.forward, FORWARD_COLOUR, false);
  add(input.monteCarlo?.backward, BACKWARD_COLOUR, false);

  const all = series.flatMap((s) => s.points.flat().map((p) => Math.log10(p.value)));
  const y = yScale(all, plot.top, plot.bottom);
  const xOf = (layer: number) => (depth === 1 ? (plot.left + plot.right) / 2 : plot.left + ((layer - 1) / (depth - 1)) * (plot.right - plot.left));

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  out.push('<title>Per-layer std of activations and gradients (log scale)</title>');
  out.push(`<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="6" fill="#808080" fill-opacity="0.12" stroke="#808080" stroke-opacity="0.3"/>`);
  out.push(`<g ${FONT} fill="${TEXT_COLOUR}">`);

  // Axes: a grid line and a 10ⁿ label per tick decade, layer ticks below.
  for (const exponent of y.ticks) {
    const ty = num(y.map(exponent));
    out.push(`<line x1="${plot.left}" y1="${ty}" x2="${plot.right}" y2="${ty}" stroke="${TEXT_COLOUR}" stroke-opacity="0.3" stroke-width="0.5"/>`);
    out.push(`<text x="${plot.left - 4}" y="${num(y.map(exponent) + 3.5)}" text-anchor="end">${powerOfTen(exponent)}</text>`);
  }
  out.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="${TEXT_COLOUR}" stroke-opacity="0.6" stroke-width="0.75"/>`);
  for (const layer of layerTicks(depth, plot.right - plot.left)) {
    const tx = num(xOf(layer));
    out.push(`<line x1="${tx}" y1="${plot.bottom}" x2="${tx}" y2="${plot.bottom + 3}" stroke="${TEXT_COLOUR}" stroke-opacity="0.6"/>`);
    out.push(`<text x="${tx}" y="${plot.bottom + 13}" text-anchor="middle">${layer}</text>`);
  }
  out.push(`<text x="${plot.left - 8}" y="${plot.bottom + 13}" text-anchor="end">layer</text>`);

  out.push(...legend(input, plot.left));

  if (all.length === 0) {
    out.push(`<text x="${num((plot.left + plot.right) / 2)}" y="${num((plot.top + plot.bottom) / 2)}" text-anchor="middle">no finite values to plot</text>`);
  }

  if (input.overflow && Number.isFinite(input.overflow.layer)) {
    const layer = Math.min(depth, Math.max(1, Math.round(input.overflow.layer)));
    const ox = num(xOf(layer));
    const leftSide = xOf(layer) > (plot.left + plot.right) / 2;
    out.push(`<line x1="${ox}" y1="${plot.top}" x2="${ox}" y2="${plot.bottom}" stroke="${OVERFLOW_COLOUR}" stroke-width="1" stroke-dasharray="2 2"/>`);
    out.push(
      `<text x="${num(xOf(layer) + (leftSide ? -3 : 3))}" y="${plot.top + 9}" text-anchor="${leftSide ? 'end' : 'start'}" fill="${OVERFLOW_COLOUR}">overflow at layer ${layer}</text>`,
    );
  }
  out.push('</g>');

  for (const s of series) {
    const dash = s.dashed ? ' stroke-dasharray="4 3"' : '';
    const strokeWidth = s.dashed ? 1.25 : 1.75;
    for (const segment of s.points) {
      const coords = segment.map((p) => `${num(xOf(p.layer))},${num(y.map(Math.log10(p.value)))}`);
      if (segment.length === 1) {
        // A single finite value between gaps (or a 1-layer network) is a dot, not an invisible line.
        out.push(`<circle cx="${coords[0].split(',')[0]}" cy="${coords[0].split(',')[1]}" r="2.25" fill="${s.colour}"${s.dashed ? ' fill-opacity="0.6"' : ''}/>`);
      } else {
        out.push(`<polyline points="${coords.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="${strokeWidth}" stroke-linejoin="round"${dash}/>`);
      }
    }
  }
  out.push('</svg>');
  return out.join('');
}

/** base64 data: URI of an SVG (UTF-8), for a Markdown image. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${base64(new TextEncoder().encode(svg))}`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Plain base64, so this module needs neither Node's Buffer nor the DOM's btoa. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64[(triple >> 18) & 63] + BASE64[(triple >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(triple >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[triple & 63] : '=';
  }
  return out;
}

/**
 * Runs of drawable values (finite and > 0), cut at gaps. Deep nets keep, per bucket of layers,
 * the min and the max in layer order, plus each run's ends, so the polyline stays small and
 * still shows every spike.
 */
export function segments(values: readonly (number | null)[], depth: number): Point[][] {
  const bucketSize = Math.max(1, Math.ceil(depth / BUCKETS));
  const runs: Point[][] = [];
  let run: Point[] = [];
  const count = Math.min(values.length, depth);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0 && Number.isFinite(Math.log10(v))) run.push({ layer: i + 1, value: v });
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return bucketSize === 1 ? runs : runs.map((r) => downsample(r, bucketSize));
}

function downsample(run: Point[], bucketSize: number): Point[] {
  const kept = new Set<Point>([run[0], run[run.length - 1]]);
  let start = 0;
  while (start < run.length) {
    const bucket = Math.floor((run[start].layer - 1) / bucketSize);
    let end = start;
    let min = run[start];
    let max = run[start];
    while (end < run.length && Math.floor((run[end].layer - 1) / bucketSize) === bucket) {
      if (run[end].value < min.value) min = run[end];
      if (run[end].value > max.value) max = run[end];
      end++;
    }
    kept.add(min).add(max);
    start = end;
  }
  return run.filter((p) => kept.has(p));
}

/** Log-10 axis over whole decades; a flat curve gets a decade either side. At most ~8 ticks. */
function yScale(logs: readonly number[], top: number, bottom: number): { map: (log: number) => number; ticks: number[] } {
  // A reduce, not Math.min(...logs), which overflows the call stack on very long inputs.
  const min = logs.reduce((a, b) => Math.min(a, b), Infinity);
  const max = logs.reduce((a, b) => Math.max(a, b), -Infinity);
  let lo = logs.length > 0 ? Math.floor(min) : -1;
  let hi = logs.length > 0 ? Math.ceil(max) : 1;
  // A few decades or less: keep the curves off the frame (a healthy 0.9 would hug 10⁰).
  if (hi - lo <= 2 && logs.length > 0) {
    if (max > hi - 0.25) hi += 1;
    if (min < lo + 0.25) lo -= 1;
  }
  // Whole decades in 1-2-5 steps, so labels read 10⁻¹⁰⁰, 10⁰, 10¹⁰⁰ rather than 10⁶².
  const step = niceStep((hi - lo) / 6);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi; t += step) ticks.push(t);
  return { map: (log) => bottom - ((log - lo) / (hi - lo)) * (bottom - top), ticks };
}

/** The smallest of 1, 2, 5, 10, 20, 50, … that is at least `x`. */
function niceStep(x: number): number {
  for (let k = 0; ; k++) {
    const step = [1, 2, 5][k % 3] * 10 ** Math.floor(k / 3);
    if (step >= x) return step;
  }
}

/** 1, then multiples of a 1-2-5 step, ending at the depth; labels at least 22 px apart. */
function layerTicks(depth: number, span: number): number[] {
  if (depth === 1) return [1];
  const step = niceStep(depth / 6);
  const px = (layer: number) => ((layer - 1) / (depth - 1)) * span;
  const ticks = [1];
  for (let t = step; t <= depth; t += step) if (t > 1 && px(t) - px(ticks[ticks.length - 1]) >= 22) ticks.push(t);
  const last = ticks[ticks.length - 1];
  if (last !== depth) {
    if (px(depth) - px(last) < 22 && ticks.length > 1) ticks[ticks.length - 1] = depth;
    else ticks.push(depth);
  }
  return ticks;
}

function legend(input: HoverChartInput, left: number): string[] {
  const monteCarlo = input.monteCarlo !== null;
  const meanField = input.meanField !== null;
  const items: { label: string; colour: string; dashed: boolean }[] = [
    { label: 'activation std', colour: FORWARD_COLOUR, dashed: !monteCarlo },
    { label: 'gradient std (δ)', colour: BACKWARD_COLOUR, dashed: !monteCarlo },
  ];
  if (monteCarlo && meanField) items.push({ label: 'mean-field', colour: TEXT_COLOUR, dashed: true });
  const out: string[] = [];
  let x = left;
  for (const item of items) {
    const dash = item.dashed ? ' stroke-dasharray="4 3"' : '';
    out.push(`<line x1="${x}" y1="12" x2="${x + 16}" y2="12" stroke="${item.colour}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${x + 20}" y="15.5">${item.label}</text>`);
    // About 5.4 px per character at 10 px.
    x += 20 + Math.ceil(item.label.length * 5.4) + 12;
  }
  if (!monteCarlo && meanField) out.push(`<text x="${x}" y="15.5">(mean-field)</text>`);
  return out;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

function powerOfTen(exponent: number): string {
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** A coordinate with one decimal; never NaN (the scales only see finite logs). */
function num(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 10) / 10) : '0';
}
