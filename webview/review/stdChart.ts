// One site's forward std per layer before and after the change, on a log axis: before dashed and
// grey, after solid (red when the change made a verdict worse), with a legend naming each
// version's init. The focused canvas walks the layers with ← → Home End, showing the tooltip.

import { Chart, chartCanvas, layerAxis, lineChartPlugins, lineDataset, logAxis, type LineDataset, type SeriesMeta } from '../chartKit';
import { h } from '../dom';
import type { Point } from '../series';
import type { Palette } from '../theme';
import type { ReviewSiteView } from '../../src/review/panelProtocol';
import { chartDescription, drawnCount, stdPoints } from './describe';

export class ReviewStdChart {
  readonly element: HTMLElement;
  private readonly box: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly placeholder = h('p', { class: 'placeholder' });
  private chart: Chart<'line', Point[]> | null = null;
  private metas: SeriesMeta[] = [];
  private active: number | null = null;
  private layers = 0;
  /** Points drawn on the current chart (0: nothing drawn). */
  drawn = 0;

  constructor() {
    const { box, canvas } = chartCanvas('');
    this.box = box;
    this.canvas = canvas;
    canvas.tabIndex = 0;
    this.element = h('div', { class: 'review-chart' }, box, this.placeholder);
    canvas.addEventListener('keydown', (event) => this.onKey(event));
    canvas.addEventListener('blur', () => {
      this.active = null;
      this.chart?.setActiveElements([]);
      this.chart?.tooltip?.setActiveElements([], { x: 0, y: 0 });
      this.chart?.update('none');
    });
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.chart && this.drawn > 0 ? this.canvas : null;
  }

  update(site: ReviewSiteView, palette: Palette): void {
    const before = stdPoints(site.before);
    const after = stdPoints(site.after);
    this.drawn = drawnCount(before) + drawnCount(after);
    this.layers = Math.max(before.length, after.length);
    this.box.dataset.drawn = String(this.drawn);
    this.box.dataset.site = String(site.index);
    this.box.hidden = this.drawn === 0;
    this.placeholder.hidden = this.drawn > 0;
    if (this.drawn === 0) {
      this.placeholder.textContent = 'Nothing to draw: neither version could be simulated (the reasons are below).';
      return;
    }
    const datasets: LineDataset[] = [];
    this.metas = [];
    if (drawnCount(before) > 0 && site.before) {
      const d = lineDataset(`before · ${site.before.scheme}`, before, { color: palette.muted, width: palette.lineWidth, dash: [6, 4] });
      d.pointRadius = before.length <= 40 ? 2 : 0;
      d.pointStyle = 'rectRot';
      datasets.push(d);
      this.metas.push({ group: 'before', band: false });
    }
    if (drawnCount(after) > 0 && site.after) {
      const d = lineDataset(`after · ${site.after.scheme}`, after, { color: site.regressed ? palette.red : palette.blue, width: palette.lineWidth + 0.5 });
      d.pointRadius = after.length <= 40 ? 3 : 0;
      d.pointStyle = 'circle';
      datasets.push(d);
      this.metas.push({ group: 'after', band: false });
    }
    const plugins = lineChartPlugins(palette, () => this.metas);
    const labels = plugins?.legend?.labels;
    const generate = labels?.generateLabels;
    // The legend shows each version as a short line (dashed for before), not its point marker.
    if (labels && generate) labels.generateLabels = (chart) => generate(chart).map((item) => ({ ...item, pointStyle: 'line' as const }));
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: 'nearest' as const, intersect: false, axis: 'x' as const },
      scales: { x: layerAxis(palette, this.layers), y: logAxis(palette, 'std of activations a_l') },
      plugins,
    };
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
    }
    this.canvas.setAttribute('aria-label', `${chartDescription(site)} Arrow keys read the values layer by layer.`);
  }

  private onKey(event: KeyboardEvent): void {
    const chart = this.chart;
    if (!chart || this.layers === 0) return;
    const last = this.layers - 1;
    const at = this.active;
    const next =
      event.key === 'ArrowRight' ? Math.min(last, at === null ? 0 : at + 1) : event.key === 'ArrowLeft' ? Math.max(0, at === null ? 0 : at - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this.active = next;
    const elements = chart.data.datasets.flatMap((d, datasetIndex) => ((d.data[next] as Point | undefined)?.y != null ? [{ datasetIndex, index: next }] : []));
    const x = chart.scales.x.getPixelForValue(next + 1);
    chart.setActiveElements(elements);
    chart.tooltip?.setActiveElements(elements, { x, y: (chart.chartArea.top + chart.chartArea.bottom) / 2 });
    chart.update('none');
  }
}
