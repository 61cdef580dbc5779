// A line chart of a gain, depth or width sweep, drawn from a ChartSpec: log x (the swept value),
// log y, Monte Carlo bands under the lines, marker lines on top. A click picks the nearest swept
// value; so do the arrow keys on the focused canvas, with Enter to open it.

import type { ChartEvent, ScaleOptions, TooltipItem } from 'chart.js';
import { bandDatasets, Chart, chartCanvas, lineChartPlugins, lineDataset, logAxis, type LineDataset, type SeriesMeta } from '../chartKit';
import { h } from '../dom';
import { formatValue } from '../format';
import type { Point } from '../series';
import type { Palette } from '../theme';
import { drawnPoints, logTickLabel, nearestIndex, type ChartSpec, type LineSpec, type Role } from './lineSpecs';
import { markerLabelRoom, markerPlugin } from './markers';

function colorOf(role: Role, palette: Palette): string {
  switch (role) {
    case 'forward':
      return palette.blue;
    case 'backward':
      return palette.orange;
    case 'chi1':
      return palette.purple;
    case 'std':
      return palette.blue;
    case 'spread':
      return palette.purple;
  }
}

/** A log x axis over exactly the swept range (a little headroom), labelled 1-2-5 when it is short. */
function sweptAxis(palette: Palette, title: string, xs: number[]): ScaleOptions<'logarithmic'> {
  const positive = xs.filter((x) => x > 0 && Number.isFinite(x));
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const [min, max] = low === high ? [low / 2, high * 2] : [low / 1.08, high * 1.08];
  return {
    type: 'logarithmic',
    min,
    max,
    title: { display: true, text: title, color: palette.muted },
    ticks: { autoSkip: false, maxRotation: 0, color: palette.foreground, callback: (value) => logTickLabel(Number(value), min, max) },
    grid: { color: (context) => (logTickLabel(Number(context.tick?.value), min, max) ? palette.grid : 'transparent') },
    border: { color: palette.border },
  };
}

export class SweepLineChart {
  readonly element: HTMLElement;
  private readonly box: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly heading = h('h3');
  private readonly caption = h('figcaption', { class: 'caption' });
  private readonly placeholder = h('p', { class: 'placeholder' }, 'Waiting for the first points…');
  private chart: Chart<'line', Point[]> | null = null;
  private spec: ChartSpec | null = null;
  private palette: Palette | null = null;
  private metas: SeriesMeta[] = [];
  /** Dataset indices of the lines (not bands), whose points the keyboard walks. */
  private lineIndices: number[] = [];
  private active: number | null = null;

  constructor(
    private readonly onOpen: (value: number) => void,
    small = false,
  ) {
    const { box, canvas } = chartCanvas('');
    this.box = box;
    this.canvas = canvas;
    if (small) box.classList.add('small');
    canvas.tabIndex = 0;
    this.element = h('figure', { class: 'card chart-card sweep-chart' }, this.heading, box, this.placeholder, this.caption);
    canvas.addEventListener('keydown', (event) => this.onKey(event));
    canvas.addEventListener('blur', () => {
      this.chart?.setActiveElements([]);
      this.chart?.tooltip?.setActiveElements([], { x: 0, y: 0 });
      this.chart?.update('none');
    });
  }

  get title(): string {
    return this.spec?.title ?? '';
  }

  /** The box the test hooks live on (data-points, data-chart, and what a view adds). */
  get hookElement(): HTMLElement {
    return this.box;
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.chart && !this.box.hidden ? this.canvas : null;
  }

  update(spec: ChartSpec, palette: Palette): void {
    this.spec = spec;
    this.palette = palette;
    this.heading.textContent = spec.title;
    this.caption.textContent = spec.caption;
    const points = drawnPoints(spec);
    this.box.dataset.chart = spec.id;
    this.box.dataset.points = String(points);
    const empty = points === 0;
    this.box.hidden = empty;
    this.placeholder.hidden = !empty;
    if (empty) {
      this.placeholder.textContent = spec.xs.length === 0 ? 'Waiting for the first points…' : 'Nothing to draw on a log scale: every value here is 0, missing or not finite.';
      return;
    }
    const datasets = this.datasets(spec, palette);
    const plugins = lineChartPlugins(palette, () => this.metas);
    const xName = spec.xTitle.split(' ')[0];
    const labels = plugins?.legend?.labels;
    const generate = labels?.generateLabels;
    // The legend shows each series as a short line (dashed where the series is), not its point marker.
    if (labels && generate) labels.generateLabels = (chart) => generate(chart).map((item) => ({ ...item, pointStyle: 'line' as const }));
    if (plugins?.tooltip?.callbacks) {
      plugins.tooltip.callbacks.title = (items: TooltipItem<'line'>[]) => (items.length > 0 ? `${xName} ${formatValue(items[0].parsed.x)}` : '');
      plugins.tooltip.callbacks.label = (item: TooltipItem<'line'>) => this.tooltipLine(item);
    }
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: 'nearest' as const, intersect: false, axis: 'x' as const },
      layout: { padding: { top: markerLabelRoom(spec.markers) } },
      scales: { x: sweptAxis(palette, spec.xTitle, [...spec.requested, ...spec.xs]), y: logAxis(palette, spec.yTitle) },
      plugins,
      onClick: (event: ChartEvent) => this.onClick(event),
      onHover: (event: ChartEvent) => {
        this.canvas.style.cursor = spec.opensPoints && this.indexAt(event) !== -1 ? 'pointer' : 'default';
      },
    };
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options, plugins: [markerPlugin(() => ({ markers: this.spec?.markers ?? [], palette: this.palette }))] });
    }
    this.canvas.setAttribute('aria-label', this.describe(spec));
  }

  /** Bands first so that every line is drawn over every band; the metas tie a band to its line. */
  private datasets(spec: ChartSpec, palette: Palette): LineDataset[] {
    const bands: LineDataset[] = [];
    const bandMetas: SeriesMeta[] = [];
    const lines: LineDataset[] = [];
    const lineMetas: SeriesMeta[] = [];
    spec.lines.forEach((line: LineSpec, i) => {
      const color = colorOf(line.role, palette);
      const group = `${i}`;
      if (line.band) {
        bands.push(...bandDatasets(line.label, line.band.low, line.band.high, color, palette));
        bandMetas.push({ group, band: true }, { group, band: true });
      }
      // Forward and backward often coincide (mean-field ReLU): the backward line is drawn wider,
      // with larger diamonds, under the forward one, so both stay visible where they overlap.
      const under = line.role === 'backward';
      const dataset = lineDataset(line.label, line.points, { color, width: under ? palette.lineWidth * 2.2 : palette.lineWidth, dash: line.dashed ? [7, 4] : [] });
      dataset.pointRadius = line.dashed ? 0 : under ? 5 : 3;
      dataset.pointHitRadius = 8;
      dataset.pointStyle = line.role === 'backward' ? 'rectRot' : 'circle';
      lines.push(dataset);
      lineMetas.push({ group, band: false });
    });
    this.metas = [...bandMetas, ...lineMetas];
    this.lineIndices = lines.map((_, i) => bands.length + i);
    return [...bands, ...lines];
  }

  /** "forward …: 0.98 (p5–p95 0.91 – 1.05)": the band of the line, where it has one. */
  private tooltipLine(item: TooltipItem<'line'>): string {
    const text = `${item.dataset.label ?? ''}: ${formatValue(item.parsed.y)}`;
    const group = this.metas[item.datasetIndex]?.group;
    const band = this.metas.flatMap((m, i) => (m.band && m.group === group ? [i] : []));
    if (band.length !== 2 || !this.chart) return text;
    const low = (this.chart.data.datasets[band[0]].data[item.dataIndex] as Point | undefined)?.y;
    const high = (this.chart.data.datasets[band[1]].data[item.dataIndex] as Point | undefined)?.y;
    return low != null && high != null ? `${text} (p5–p95 ${formatValue(low)} – ${formatValue(high)})` : text;
  }

  private describe(spec: ChartSpec): string {
    const parts = spec.lines.map((line) => {
      const drawn = line.points.filter((p) => p.y !== null);
      if (drawn.length === 0) return `${line.label}: no values`;
      const first = drawn[0];
      const last = drawn[drawn.length - 1];
      return `${line.label}: ${formatValue(first.y)} at ${formatValue(first.x)} to ${formatValue(last.y)} at ${formatValue(last.x)}`;
    });
    const markers = spec.markers.filter((m) => m.axis === 'x').map((m) => m.label);
    return `${spec.title}, log scales. ${parts.join('; ')}.${markers.length ? ` Markers: ${markers.join('; ')}.` : ''}${spec.opensPoints ? ' Arrow keys pick a point, Enter opens it.' : ''}`;
  }

  /** Index of the swept value nearest the pointer (among those drawn), −1 outside the plot. */
  private indexAt(event: ChartEvent): number {
    const chart = this.chart;
    const spec = this.spec;
    const area = chart?.chartArea;
    if (!chart || !spec || !area || event.x === null || event.y === null) return -1;
    if (event.x < area.left - 6 || event.x > area.right + 6 || event.y < area.top || event.y > area.bottom) return -1;
    return nearestIndex(this.drawnPixels(), event.x);
  }

  /** Pixel x of each swept value, NaN for values with nothing drawn (so they are never picked). */
  private drawnPixels(): number[] {
    const spec = this.spec;
    const x = this.chart?.scales.x;
    if (!spec || !x) return [];
    return spec.xs.map((value, i) => (spec.lines.some((l) => l.points[i]?.y !== null) ? x.getPixelForValue(value) : Number.NaN));
  }

  private onClick(event: ChartEvent): void {
    const spec = this.spec;
    const index = this.indexAt(event);
    if (!spec?.opensPoints || index === -1) return;
    this.active = index;
    this.onOpen(spec.xs[index]);
  }

  private onKey(event: KeyboardEvent): void {
    const spec = this.spec;
    const chart = this.chart;
    if (!spec || !chart) return;
    const drawable = this.drawnPixels()
      .map((p, i) => (Number.isFinite(p) ? i : -1))
      .filter((i) => i !== -1);
    if (drawable.length === 0) return;
    const at = this.active === null ? -1 : drawable.indexOf(this.active);
    if ((event.key === 'Enter' || event.key === ' ') && spec.opensPoints && this.active !== null) {
      event.preventDefault();
      this.onOpen(spec.xs[this.active]);
      return;
    }
    const next =
      event.key === 'ArrowRight' ? drawable[Math.min(drawable.length - 1, at + 1)] : event.key === 'ArrowLeft' ? drawable[Math.max(0, at === -1 ? 0 : at - 1)] : event.key === 'Home' ? drawable[0] : event.key === 'End' ? drawable.at(-1) : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this.active = next;
    const elements = this.lineIndices.filter((d) => (chart.data.datasets[d].data[next] as Point | undefined)?.y != null).map((datasetIndex) => ({ datasetIndex, index: next }));
    const px = chart.scales.x.getPixelForValue(spec.xs[next]);
    chart.setActiveElements(elements);
    chart.tooltip?.setActiveElements(elements, { x: px, y: (chart.chartArea.top + chart.chartArea.bottom) / 2 });
    chart.update('none');
  }
}
