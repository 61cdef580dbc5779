// What each line chart of the gain, depth and width sweeps draws, as plain data: series (with
// gaps where a value is missing, 0 or not finite, since the axes are logarithmic), Monte Carlo
// bands, marker lines and captions. sweepChart.ts turns a spec into a chart.js chart. Pure.

import type { Band } from '../../src/core/types';
import type { DepthSweepResult, GainSweepResult, MonteCarloRatios, WidthSweepResult } from '../../src/sweep/types';
import { formatValue } from '../format';
import { positiveOrNull, type Point } from '../series';
import { criticalGainLabel, depthScaleLabel, depthScaleText, engineLabel, enginesLabel } from './describe';

/** Colour roles; the view maps them to the theme's palette. */
export type Role = 'forward' | 'backward' | 'chi1' | 'std' | 'spread';

export interface LineSpec {
  label: string;
  role: Role;
  /** Dashed = theory (mean-field, a prediction), as in the main panel. */
  dashed: boolean;
  points: Point[];
  /** p5–p95 across draws, shaded; null without Monte Carlo. */
  band: { low: Point[]; high: Point[] } | null;
}

export interface MarkerSpec {
  axis: 'x' | 'y';
  value: number;
  label: string;
  role: 'critical' | 'current' | 'scale' | 'unit';
}

export interface ChartSpec {
  /** Stable id: the test hook data-chart and the export title key. */
  id: 'gain' | 'chi1' | 'depth' | 'width-std' | 'width-spread';
  title: string;
  xTitle: string;
  yTitle: string;
  /** The swept values, ascending; every series has one point per x (y null where missing). */
  xs: number[];
  /** Every value the sweep asked for: the x axis spans them all, so it stays put as points arrive. */
  requested: number[];
  lines: LineSpec[];
  markers: MarkerSpec[];
  caption: string;
  /** Whether a click (or Enter on the focused chart) posts openPoint with the swept value. */
  opensPoints: boolean;
}

function line(label: string, role: Role, xs: number[], ys: (number | null | undefined)[], dashed = false, band: LineSpec['band'] = null): LineSpec {
  return { label, role, dashed, points: xs.map((x, i) => ({ x, y: positiveOrNull(ys[i]) })), band };
}

function bandOf(xs: number[], bands: (Band | null | undefined)[]): LineSpec['band'] {
  if (!bands.some((b) => b)) return null;
  return { low: xs.map((x, i) => ({ x, y: positiveOrNull(bands[i]?.p5) })), high: xs.map((x, i) => ({ x, y: positiveOrNull(bands[i]?.p95) })) };
}

/** How many swept values have something drawn (the test hook data-points). */
export function drawnPoints(spec: ChartSpec): number {
  return spec.xs.filter((_, i) => spec.lines.some((l) => l.points[i]?.y !== null || (l.band !== null && (l.band.low[i]?.y !== null || l.band.high[i]?.y !== null)))).length;
}

function monteCarloNote(all: (MonteCarloRatios | null)[]): string {
  const mc = all.filter((m): m is MonteCarloRatios => m !== null);
  if (mc.length === 0) return '';
  const draws = Math.max(...mc.map((m) => m.draws));
  return ` Shaded: p5–p95 across ${draws} ${engineLabel(mc[0].engine)} draws (at ${mc.length} of ${all.length} points).`;
}

const RATIO_Y = 'last/first ratio (log)';

function ratioLines(xs: number[], points: { forwardRatio: number | null; backwardRatio: number | null; engine: Parameters<typeof engineLabel>[0]; monteCarlo: MonteCarloRatios | null }[]): LineSpec[] {
  const engines = enginesLabel(points.map((p) => p.engine));
  return [
    line(`forward std(a_L)/std(a_1) (${engines})`, 'forward', xs, points.map((p) => p.forwardRatio), false, bandOf(xs, points.map((p) => p.monteCarlo?.forwardRatio))),
    line(`backward std(δ_1)/std(δ_L) (${engines})`, 'backward', xs, points.map((p) => p.backwardRatio), false, bandOf(xs, points.map((p) => p.monteCarlo?.backwardRatio))),
  ];
}

const UNIT_RATIO: MarkerSpec = { axis: 'y', value: 1, label: 'ratio 1', role: 'unit' };

export function gainSpecs(result: GainSweepResult): ChartSpec[] {
  const xs = result.points.map((p) => p.gain);
  const critical = (label: boolean): MarkerSpec[] =>
    (result.criticalGains.length > 0 ? result.criticalGains : result.criticalGain !== null ? [result.criticalGain] : []).map((g) => ({
      axis: 'x',
      value: g,
      label: label ? criticalGainLabel(g, g === result.criticalGain) : 'g*',
      role: 'critical',
    }));
  const current: MarkerSpec[] = result.currentGain !== null ? [{ axis: 'x', value: result.currentGain, label: `your line (g = ${formatValue(result.currentGain)})`, role: 'current' }] : [];
  const noCrossing = result.criticalGain === null ? ' χ₁ does not cross 1 in this range.' : '';
  return [
    {
      id: 'gain',
      title: 'Last-layer ratios against gain',
      xTitle: 'gain g (std = g/√fan_in, log)',
      yTitle: RATIO_Y,
      xs,
      requested: result.request.gains,
      lines: ratioLines(xs, result.points),
      markers: [UNIT_RATIO, ...critical(true), ...current],
      caption: `Lines: ${enginesLabel(result.points.map((p) => p.engine))}.${monteCarloNote(result.points.map((p) => p.monteCarlo))}${noCrossing} Click a point to open that gain.`,
      opensPoints: true,
    },
    {
      id: 'chi1',
      title: 'χ₁ against gain (mean-field)',
      xTitle: 'gain g (log)',
      yTitle: 'χ₁ (log)',
      xs,
      requested: result.request.gains,
      lines: [line('χ₁ = σ_w² E[φ′(z)²]', 'chi1', xs, result.points.map((p) => p.chi1))],
      markers: [{ axis: 'y', value: 1, label: 'χ₁ = 1', role: 'unit' }, ...critical(false), ...current],
      caption: 'χ₁ is the per-layer gain of gradient variance: below 1 gradients vanish, above 1 they explode.',
      opensPoints: true,
    },
  ];
}

export function depthSpecs(result: DepthSweepResult): ChartSpec[] {
  const xs = result.points.map((p) => p.depth);
  const markers: MarkerSpec[] = [UNIT_RATIO];
  if (result.depthScale !== null && Number.isFinite(result.depthScale) && result.depthScale !== 0) {
    markers.push({ axis: 'x', value: Math.abs(result.depthScale), label: depthScaleLabel(result.depthScale), role: 'scale' });
  }
  return [
    {
      id: 'depth',
      title: 'Last-layer ratios against depth',
      xTitle: 'depth L (layers, log)',
      yTitle: RATIO_Y,
      xs,
      requested: result.request.depths,
      lines: ratioLines(xs, result.points),
      markers,
      caption: `${depthScaleText(result.depthScale, result.chi1)}${monteCarloNote(result.points.map((p) => p.monteCarlo))} Click a point to open that depth.`,
      opensPoints: true,
    },
  ];
}

export function widthSpecs(result: WidthSweepResult): ChartSpec[] {
  const xs = result.points.map((p) => p.width);
  const draws = Math.max(0, ...result.points.map((p) => p.draws));
  const engines = enginesLabel(result.points.map((p) => p.engine));
  const hasPrediction = result.points.some((p) => p.predictedLogStdSpread !== null);
  const hasMeanField = result.points.some((p) => p.meanFieldStd !== null);
  const missingPrediction = result.points.some((p) => p.predictedLogStdSpread === null);
  return [
    {
      id: 'width-std',
      title: 'Last-layer std against width',
      xTitle: 'width (log)',
      yTitle: 'std(a_L) (log)',
      xs,
      requested: result.request.widths,
      lines: [
        line(`median of ${draws} draws (${engines})`, 'std', xs, result.points.map((p) => p.std.p50), false, bandOf(xs, result.points.map((p) => p.std))),
        ...(hasMeanField ? [line('mean-field (infinite width)', 'forward', xs, result.points.map((p) => p.meanFieldStd), true)] : []),
      ],
      markers: [],
      caption: `Solid: median across draws; shaded: p5–p95.${hasMeanField ? ' Dashed: mean-field, the infinite-width limit.' : ' No mean-field line: it does not apply here.'} Click a point to open that width.`,
      opensPoints: true,
    },
    {
      id: 'width-spread',
      title: 'Draw-to-draw spread of ln std(a_L)',
      xTitle: 'width (log)',
      yTitle: 'sd of ln std(a_L) (log)',
      xs,
      requested: result.request.widths,
      lines: [
        line('measured', 'spread', xs, result.points.map((p) => p.logStdSpread)),
        ...(hasPrediction ? [line('log-normal prediction', 'spread', xs, result.points.map((p) => p.predictedLogStdSpread), true)] : []),
      ],
      markers: [],
      caption: `Narrow nets vary from draw to draw; the spread shrinks like √(Σ 1/width).${hasPrediction ? ' Dashed: the log-normal (delta-method) prediction.' : ''}${missingPrediction && result.predictionNote ? ` ${result.predictionNote}` : ''}`,
      opensPoints: true,
    },
  ];
}

/** Labels on a log x axis: the decades, and 2 and 5 (or 2, 3, 5) between them when few decades are shown. */
export function logTickLabel(value: number, min: number, max: number): string {
  if (!(value > 0) || !(min > 0) || !(max > 0)) return '';
  const span = Math.log10(max / min);
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round((value / 10 ** exponent) * 1000) / 1000;
  const allowed = span <= 1.2 ? [1, 2, 3, 5] : span <= 2.4 ? [1, 2, 5] : [1];
  if (!allowed.includes(mantissa)) return '';
  if (mantissa === 1 && span > 7 && exponent % Math.ceil(span / 7) !== 0) return '';
  return formatValue(value);
}

/** The index of the pixel nearest to x (the point a click picks), or −1 when there are none. */
export function nearestIndex(pixels: readonly number[], x: number): number {
  let best = -1;
  let bestDistance = Infinity;
  pixels.forEach((p, i) => {
    const d = Math.abs(p - x);
    if (Number.isFinite(p) && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/**
 * Rows for marker labels so that none overlap: each label (in x order) goes to the first row whose
 * last label ends before it starts. Returns the row of each input label.
 */
export function stackLabels(labels: readonly { left: number; width: number }[], gap = 6): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => labels[a].left - labels[b].left);
  const rowEnds: number[] = [];
  const rows = new Array<number>(labels.length).fill(0);
  for (const i of order) {
    let row = rowEnds.findIndex((end) => end + gap <= labels[i].left);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = labels[i].left + labels[i].width;
    rows[i] = row;
  }
  return rows;
}

/** Left edge of a marker label: right of its line, or left of it when that would leave the area. */
export function labelLeft(x: number, width: number, left: number, right: number, pad = 4): number {
  const preferred = x + pad;
  if (preferred + width <= right) return preferred;
  return Math.max(left, x - pad - width);
}
