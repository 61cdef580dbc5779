// chart.js with only the parts the panel uses, plus the options every chart shares: theme
// colours, a layer axis, a log axis that labels whole decades, and a legend that hides the
// p5–p95 band datasets and toggles a series together with its band.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type LegendItem,
  type ScaleOptions,
  type TooltipItem,
} from 'chart.js';
import { formatPowerOfTen, formatValue } from './format';
import type { Point } from './series';
import { withAlpha, type Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Tooltip);

export { Chart };

/** What a dataset is, beyond what chart.js knows: its legend group and whether it is a band edge. */
export interface SeriesMeta {
  group: string;
  band: boolean;
}

export type LineDataset = ChartDataset<'line', Point[]>;

/** Theme-wide chart.js defaults; called on boot and on every theme change. */
export function applyChartDefaults(palette: Palette): void {
  Chart.defaults.color = palette.foreground;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = palette.fontFamily;
  Chart.defaults.font.size = Math.max(10, palette.fontSize - 1);
  Chart.defaults.animation = false;
}

export interface LineStyle {
  color: string;
  dash?: number[];
  width: number;
}

export function lineDataset(label: string, data: Point[], style: LineStyle): LineDataset {
  return {
    label,
    data,
    borderColor: style.color,
    backgroundColor: style.color,
    borderWidth: style.width,
    borderDash: style.dash ?? [],
    pointRadius: data.length <= 40 ? 2 : 0,
    pointHoverRadius: 4,
    pointStyle: 'line',
    tension: 0,
    spanGaps: false,
    fill: false,
  };
}

/** The two edges of a shaded p5–p95 band; the upper one fills down to the lower one (the dataset before it). */
export function bandDatasets(label: string, low: Point[], high: Point[], color: string, palette: Palette): [LineDataset, LineDataset] {
  const edge = (name: string, data: Point[], fill: LineDataset['fill']): LineDataset => ({
    label: `${label} ${name}`,
    data,
    borderWidth: 0,
    borderColor: 'transparent',
    backgroundColor: withAlpha(color, palette.bandAlpha),
    pointRadius: 0,
    pointHoverRadius: 0,
    fill,
    spanGaps: false,
  });
  return [edge('p5', low, false), edge('p95', high, '-1')];
}

export function layerAxis(palette: Palette, lastLayer: number): ScaleOptions<'linear'> {
  return {
    type: 'linear',
    min: 1,
    max: Math.max(2, lastLayer),
    title: { display: true, text: 'layer', color: palette.muted },
    ticks: { precision: 0, color: palette.foreground, maxTicksLimit: 11 },
    grid: { color: palette.grid },
    border: { color: palette.border },
  };
}

/** The smallest of 1, 2, 5, 10, 20, 25, 50, 100, … decades at least `raw`, so labels read 1e-10, 1e-20, … */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const step = factor * magnitude;
    if (step >= raw && Number.isInteger(step)) return step;
  }
  return 10 * magnitude;
}

function isDecade(value: number): boolean {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/**
 * A log axis labelled at powers of ten only, every k-th decade when the range spans many (a
 * vanishing net spans 1e-30 … 1), with grid lines at the labelled decades.
 */
export function logAxis(palette: Palette, title: string): ScaleOptions<'logarithmic'> {
  let decadeStep = 1;
  return {
    type: 'logarithmic',
    title: { display: true, text: title, color: palette.muted },
    afterDataLimits: (scale) => {
      // Whole decades at both ends, so the axis is always labelled at least twice.
      // Whole decades at both ends, with a little headroom so a curve never runs along the frame.
      if (scale.min > 0 && scale.max > 0 && Number.isFinite(scale.min) && Number.isFinite(scale.max)) {
        const low = Math.floor(Math.log10(scale.min) - 0.05);
        let high = Math.ceil(Math.log10(scale.max) + 0.05);
        if (high === low) high += 1;
        scale.min = 10 ** low;
        scale.max = 10 ** high;
      }
      const span = Math.log10(scale.max) - Math.log10(scale.min);
      decadeStep = Number.isFinite(span) ? niceStep(span / 7) : 1;
    },
    ticks: {
      color: palette.foreground,
      autoSkip: false,
      callback: (value) => {
        const v = Number(value);
        if (!(v > 0) || !isDecade(v)) return '';
        return Math.round(Math.log10(v)) % decadeStep === 0 ? formatPowerOfTen(v) : '';
      },
    },
    grid: {
      color: (context) => {
        const v = context.tick?.value;
        return v > 0 && isDecade(v) && Math.round(Math.log10(v)) % decadeStep === 0 ? palette.grid : 'transparent';
      },
    },
    border: { color: palette.border },
  };
}

/** Legend and tooltip options for line charts whose bands are datasets too. */
export function lineChartPlugins(palette: Palette, metas: () => SeriesMeta[]): ChartOptions<'line'>['plugins'] {
  return {
    legend: {
      position: 'bottom',
      labels: {
        color: palette.foreground,
        usePointStyle: true,
        pointStyleWidth: 26,
        boxHeight: 8,
        filter: (item: LegendItem) => !metas()[item.datasetIndex ?? -1]?.band,
        // With usePointStyle, chart.js styles the sample like a point (width 0.5, no dash): use the line's own.
        generateLabels: (chart) =>
          Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
            const dataset = chart.data.datasets[item.datasetIndex ?? -1] as LineDataset | undefined;
            if (!dataset) return item;
            return { ...item, lineDash: (dataset.borderDash as number[] | undefined) ?? [], lineWidth: Number(dataset.borderWidth ?? 1), strokeStyle: String(dataset.borderColor ?? item.strokeStyle) };
          }),
      },
      onClick: (_event, item, legend) => {
        // A series and its band are shown and hidden together.
        const chart = legend.chart;
        const all = metas();
        const group = all[item.datasetIndex ?? -1]?.group;
        const visible = !chart.isDatasetVisible(item.datasetIndex ?? 0);
        all.forEach((meta, i) => {
          if (meta.group === group) chart.setDatasetVisibility(i, visible);
        });
        chart.update('none');
      },
    },
    tooltip: {
      mode: 'nearest',
      intersect: false,
      axis: 'x',
      filter: (item: TooltipItem<'line'>) => !metas()[item.datasetIndex]?.band,
      callbacks: {
        title: (items) => (items.length > 0 ? `layer ${items[0].parsed.x}` : ''),
        label: (item) => `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y)}`,
      },
      titleFont: { family: palette.fontFamily },
      bodyFont: { family: palette.fontFamily },
    },
  };
}

/** A chart.js instance in a sized box (chart.js sizes the canvas to its parent). */
export function chartCanvas(label: string): { box: HTMLDivElement; canvas: HTMLCanvasElement } {
  const box = document.createElement('div');
  box.className = 'chart-box';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  box.append(canvas);
  return { box, canvas };
}
