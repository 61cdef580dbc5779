// Histograms of activations a_l and gradients δ_l: a layer slider drives two large histograms
// (side by side when there is room), and small multiples show how the shape changes with depth.
// Each small multiple is a button that moves the slider to its layer.

import type { Histogram, LayerResult } from '../src/core/types';
import { Chart, chartCanvas, lineChartPlugins, lineDataset, type LineDataset, type SeriesMeta } from './chartKit';
import type { ChartInput, DrawnRun } from './charts';
import { h, replaceChildren, setHidden, uniqueId } from './dom';
import { formatValue } from './format';
import { evenlySpacedLayers, hasHistograms, type Point } from './series';
import { withAlpha, type Palette } from './theme';

const SMALL_MULTIPLES = 12;

type Direction = 'forward' | 'backward';

const DIRECTION_LABEL: Record<Direction, { title: string; symbol: string }> = {
  forward: { title: 'Activations', symbol: 'a' },
  backward: { title: 'Gradients', symbol: 'δ' },
};

function histogramOf(layer: LayerResult | undefined, direction: Direction): Histogram | null {
  if (!layer) return null;
  const histogram = direction === 'forward' ? layer.forward.histogram : layer.backward?.histogram;
  return histogram && histogram.counts.length > 0 ? histogram : null;
}

/** The histogram as a closed outline (fraction of entries per bin), which a filled line draws exactly. */
export function histogramOutline(histogram: Histogram): Point[] {
  const total = histogram.counts.reduce((s, c) => s + c, 0) || 1;
  const points: Point[] = [{ x: histogram.edges[0], y: 0 }];
  histogram.counts.forEach((count, i) => {
    const y = count / total;
    points.push({ x: histogram.edges[i], y }, { x: histogram.edges[i + 1], y });
  });
  points.push({ x: histogram.edges[histogram.edges.length - 1], y: 0 });
  return points;
}

function stdOf(layer: LayerResult, direction: Direction): number | null {
  return direction === 'forward' ? layer.forward.std : (layer.backward?.preGradStd ?? null);
}

class LargeHistogram {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly box: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly empty: HTMLElement;
  private chart: Chart<'line', Point[]> | null = null;
  private metas: SeriesMeta[] = [];

  constructor(private readonly direction: Direction) {
    const { box, canvas } = chartCanvas(`${DIRECTION_LABEL[direction].title} histogram`);
    this.box = box;
    this.canvas = canvas;
    this.heading = h('h4', {});
    this.empty = h('p', { class: 'placeholder' });
    this.element = h('figure', { class: 'histogram-large' }, this.heading, box, this.empty);
  }

  get title(): string {
    return this.heading.textContent ?? '';
  }

  isDrawn(): boolean {
    return this.chart !== null && !this.box.hidden;
  }

  update(runs: DrawnRun[], layer: number, palette: Palette): void {
    const { title, symbol } = DIRECTION_LABEL[this.direction];
    this.heading.textContent = `${title} ${symbol} at layer ${layer}`;
    const datasets: LineDataset[] = [];
    const description: string[] = [];
    this.metas = [];
    runs.forEach((run, r) => {
      const l = run.result.layers[layer - 1];
      const histogram = histogramOf(l, this.direction);
      if (!histogram || !l) return;
      const colour = r === 0 ? (this.direction === 'forward' ? palette.blue : palette.purple) : palette.green;
      const label = runs.length > 1 ? `${symbol} — ${run.name}` : symbol;
      const dataset = lineDataset(label, histogramOutline(histogram), { color: colour, width: Math.max(1, palette.lineWidth - 0.5), dash: r === 1 ? [4, 3] : [] });
      dataset.pointRadius = 0;
      dataset.fill = 'origin';
      dataset.backgroundColor = withAlpha(colour, r === 0 ? 0.35 : 0.15);
      datasets.push(dataset);
      this.metas.push({ group: String(r), band: false });
      const std = stdOf(l, this.direction);
      description.push(`${label}: ${histogram.counts.length} bins from ${formatValue(histogram.edges[0])} to ${formatValue(histogram.edges.at(-1))}, std ${formatValue(std)}`);
    });
    const empty = datasets.length === 0;
    setHidden(this.box, empty);
    setHidden(this.empty, !empty);
    if (empty) {
      this.empty.textContent = this.direction === 'backward' ? 'No gradient histogram at this layer (the backward pass did not reach it).' : 'No histogram at this layer.';
      return;
    }
    const metas = () => this.metas;
    const plugins = lineChartPlugins(palette, metas);
    if (plugins?.tooltip?.callbacks) {
      plugins.tooltip.callbacks.title = (items) => (items.length > 0 ? `${symbol} ≈ ${formatValue(items[0].parsed.x)}` : '');
      plugins.tooltip.callbacks.label = (item) => `${item.dataset.label ?? ''}: ${formatValue((item.parsed.y ?? 0) * 100)}% of entries`;
    }
    if (plugins?.legend) plugins.legend.display = runs.length > 1;
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: 'nearest' as const, intersect: false, axis: 'x' as const },
      scales: {
        x: {
          type: 'linear' as const,
          title: { display: true, text: `${symbol} value`, color: palette.muted },
          ticks: { color: palette.foreground, maxTicksLimit: 7, callback: (v: number | string) => formatValue(Number(v)) },
          grid: { color: palette.grid },
          border: { color: palette.border },
        },
        y: {
          type: 'linear' as const,
          min: 0,
          title: { display: true, text: 'fraction of entries', color: palette.muted },
          ticks: { color: palette.foreground, maxTicksLimit: 6 },
          grid: { color: palette.grid },
          border: { color: palette.border },
        },
      },
      plugins,
    };
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.canvas, { type: 'line', data: { datasets }, options });
    }
    this.canvas.setAttribute('aria-label', `${this.heading.textContent}. ${description.join('; ')}.`);
  }
}

/** A tiny bar chart per evenly spaced layer; clicking one selects that layer. */
class SmallMultiples {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private charts = new Map<number, Chart<'bar', number[], number>>();
  private shownLayers: number[] = [];

  constructor(
    private readonly direction: Direction,
    private readonly onPick: (layer: number) => void,
  ) {
    const { title, symbol } = DIRECTION_LABEL[direction];
    this.grid = h('div', { class: 'multiples', role: 'list' });
    this.element = h('div', { class: 'multiples-block' }, h('h4', {}, `${title} ${symbol}ₗ by layer`), this.grid);
  }

  update(result: LayerResult[], selected: number, palette: Palette): void {
    const layers = evenlySpacedLayers(result.length, SMALL_MULTIPLES).filter((l) => histogramOf(result[l - 1], this.direction) !== null);
    if (layers.join() !== this.shownLayers.join()) this.rebuild(layers);
    setHidden(this.element, layers.length === 0);
    const colour = this.direction === 'forward' ? palette.blue : palette.purple;
    for (const layer of layers) {
      const l = result[layer - 1];
      const histogram = histogramOf(l, this.direction);
      const chart = this.charts.get(layer);
      if (!histogram || !chart) continue;
      chart.data.labels = histogram.counts.map((_, i) => i);
      chart.data.datasets = [{ data: histogram.counts, backgroundColor: colour, borderWidth: 0, barPercentage: 1, categoryPercentage: 1 }];
      chart.update('none');
      const button = chart.canvas.closest('button');
      if (button) {
        const std = formatValue(stdOf(l, this.direction));
        button.setAttribute('aria-label', `Layer ${layer}: ${DIRECTION_LABEL[this.direction].title.toLowerCase()} std ${std}. Show this layer in the large histograms.`);
        button.setAttribute('aria-pressed', String(layer === selected));
        const caption = button.querySelector('.multiple-caption');
        if (caption) caption.textContent = `L${layer} · ${std}`;
      }
    }
  }

  clear(): void {
    this.rebuild([]);
  }

  private rebuild(layers: number[]): void {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
    const items = layers.map((layer) => {
      const canvas = h('canvas', { 'aria-hidden': 'true' });
      const box = h('div', { class: 'multiple-box' }, canvas);
      const button = h('button', { type: 'button', class: 'multiple' }, box, h('span', { class: 'multiple-caption' }));
      button.addEventListener('click', () => this.onPick(layer));
      this.charts.set(
        layer,
        new Chart(canvas, {
          type: 'bar',
          data: { labels: [], datasets: [] },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            events: [],
            scales: { x: { display: false }, y: { display: false, beginAtZero: true } },
            plugins: { legend: { display: false }, tooltip: { enabled: false } },
          },
        }),
      );
      return h('div', { role: 'listitem' }, button);
    });
    replaceChildren(this.grid, ...items);
    this.shownLayers = layers;
  }
}

export class HistogramPanel {
  readonly element: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly output: HTMLOutputElement;
  private readonly body: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly large: Record<Direction, LargeHistogram>;
  private readonly multiples: Record<Direction, SmallMultiples>;
  private layer = 1;
  private input: ChartInput = { main: null, compare: null };
  private palette: Palette | null = null;

  constructor(initialLayer: number, private readonly onLayerChange: (layer: number) => void) {
    this.layer = initialLayer;
    const id = uniqueId('layer-slider');
    this.slider = h('input', { type: 'range', id, min: 1, max: 1, step: 1, value: 1, class: 'layer-slider' });
    this.output = h('output', { for: id, class: 'layer-output' });
    this.slider.addEventListener('input', () => this.select(Number(this.slider.value)));
    this.large = { forward: new LargeHistogram('forward'), backward: new LargeHistogram('backward') };
    const pick = (layer: number) => {
      this.select(layer);
      this.slider.focus();
    };
    this.multiples = { forward: new SmallMultiples('forward', pick), backward: new SmallMultiples('backward', pick) };
    this.empty = h('p', { class: 'placeholder' }, 'Waiting for the first simulation…');
    this.body = h(
      'div',
      {},
      h('div', { class: 'slider-row' }, h('label', { for: id }, 'Layer'), this.slider, this.output),
      h('div', { class: 'histogram-pair' }, this.large.forward.element, this.large.backward.element),
      h('p', { class: 'caption' }, 'Histograms of the first draw. Use the slider (arrow keys, Page Up/Down, Home/End) or pick a small multiple.'),
      this.multiples.forward.element,
      this.multiples.backward.element,
    );
    this.element = h('section', { class: 'card histograms', 'aria-label': 'Histograms' }, h('h3', {}, 'Histograms per layer'), this.empty, this.body);
    setHidden(this.body, true);
  }

  get selectedLayer(): number {
    return this.layer;
  }

  /** The large histograms' canvases (with titles) for the PNG export. */
  exportCanvases(): { title: string; canvas: HTMLCanvasElement }[] {
    return (['forward', 'backward'] as const).filter((d) => this.large[d].isDrawn()).map((d) => ({ title: this.large[d].title, canvas: this.large[d].canvas }));
  }

  update(input: ChartInput, palette: Palette): void {
    this.input = input;
    this.palette = palette;
    const main = input.main;
    const available = main !== null && hasHistograms(main.result);
    setHidden(this.body, !available);
    setHidden(this.empty, available);
    if (!available) {
      this.empty.textContent =
        main === null
          ? 'Waiting for the first simulation…'
          : main.result.engine === 'mean-field'
            ? 'No histograms: the mean-field engine computes variances at infinite width, not samples. Choose auto, dense or matrix-free to see them.'
            : 'No histograms in this result.';
      this.multiples.forward.clear();
      this.multiples.backward.clear();
      return;
    }
    const reached = main.result.layers.length;
    this.slider.max = String(reached);
    this.layer = Math.min(Math.max(1, this.layer), reached);
    this.slider.value = String(this.layer);
    this.render();
  }

  private select(layer: number): void {
    if (layer === this.layer) return;
    this.layer = layer;
    this.slider.value = String(layer);
    this.onLayerChange(layer);
    this.render();
  }

  private render(): void {
    const palette = this.palette;
    const main = this.input.main;
    if (!palette || !main) return;
    const total = main.result.layers.length;
    this.output.textContent = `${this.layer} of ${total}`;
    this.slider.setAttribute('aria-valuetext', `layer ${this.layer} of ${total}`);
    const runs = [main, this.input.compare].filter((r): r is DrawnRun => r !== null && hasHistograms(r.result));
    this.large.forward.update(runs, this.layer, palette);
    this.large.backward.update(runs, this.layer, palette);
    this.multiples.forward.update(main.result.layers, this.layer, palette);
    this.multiples.backward.update(main.result.layers, this.layer, palette);
  }
}
