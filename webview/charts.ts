// The per-layer charts: forward std (a and z), backward std (δ and dL/dW), both on log axes
// with the p5–p95 band across draws and the dashed mean-field curve, and the saturated / dead
// fractions. The compare run is overlaid in other colours and named in the legend.

import type { MeanFieldResult, SimulationResult } from '../src/core/types';
import { activationLabel } from '../src/panel/setup';
import { bandDatasets, Chart, chartCanvas, layerAxis, lineChartPlugins, lineDataset, logAxis, type LineDataset, type SeriesMeta } from './chartKit';
import { h, replaceChildren, setHidden } from './dom';
import { formatPercent, formatValue } from './format';
import { fractionSeries, stdSeries, type Point, type StdKey } from './series';
import type { Palette } from './theme';

/** One run as the charts draw it (a partial result while a run is in progress). */
export interface DrawnRun {
  result: SimulationResult;
  meanField: MeanFieldResult | null;
  /** Legend name of the init when two runs are overlaid, e.g. "He normal". */
  name: string;
}

export interface ChartInput {
  main: DrawnRun | null;
  compare: DrawnRun | null;
}

/** A chart in a card: heading, canvas, caption, notes. The canvas is exported by exporting.ts. */
export interface ChartCard {
  title: string;
  element: HTMLElement;
  /** The canvas to export, or null while the card shows no chart. */
  exportCanvas(): HTMLCanvasElement | null;
  update(input: ChartInput, palette: Palette): void;
}

interface StdSpec {
  title: string;
  yTitle: string;
  series: { key: StdKey; label: string }[];
}

function card(title: string, canvasLabel: string) {
  const { box, canvas } = chartCanvas(canvasLabel);
  const placeholder = h('p', { class: 'placeholder' }, 'Waiting for the first simulation…');
  const caption = h('figcaption', { class: 'caption' });
  const notes = h('div', { class: 'notes' });
  const element = h('figure', { class: 'card chart-card' }, h('h3', {}, title), box, placeholder, caption, notes);
  return { element, box, canvas, placeholder, caption, notes };
}

function hasValues(points: Point[]): boolean {
  return points.some((p) => p.y !== null);
}

function lastValue(points: Point[]): Point | undefined {
  for (let i = points.length - 1; i >= 0; i--) if (points[i].y !== null) return points[i];
  return undefined;
}

function firstValue(points: Point[]): Point | undefined {
  return points.find((p) => p.y !== null);
}

/** "std(a) 0.82 at layer 1 → 1.1e−5 at layer 20" for the screen-reader description. */
function describeSeries(label: string, points: Point[]): string | null {
  const first = firstValue(points);
  const last = lastValue(points);
  if (!first || !last) return null;
  return `${label} ${formatValue(first.y)} at layer ${first.x} → ${formatValue(last.y)} at layer ${last.x}`;
}

class StdChart implements ChartCard {
  readonly title: string;
  readonly element: HTMLElement;
  private readonly parts: ReturnType<typeof card>;
  private chart: Chart<'line', Point[]> | null = null;
  private metas: SeriesMeta[] = [];

  constructor(private readonly spec: StdSpec) {
    this.title = spec.title;
    this.parts = card(spec.title, spec.title);
    this.element = this.parts.element;
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.chart && !this.parts.box.hidden ? this.parts.canvas : null;
  }

  update(input: ChartInput, palette: Palette): void {
    const runs = [input.main, input.compare].filter((r): r is DrawnRun => r !== null);
    setHidden(this.parts.box, runs.length === 0);
    setHidden(this.parts.placeholder, runs.length > 0);
    if (runs.length === 0) return;
    const overlay = runs.length > 1;
    const colours = [
      [palette.blue, palette.purple],
      [palette.green, palette.orange],
    ];
    const bands: LineDataset[] = [];
    const lines: LineDataset[] = [];
    const bandMetas: SeriesMeta[] = [];
    const lineMetas: SeriesMeta[] = [];
    const description: string[] = [];
    let lastLayer = 1;
    runs.forEach((run, r) => {
      const suffix = overlay ? ` — ${run.name}` : '';
      lastLayer = Math.max(lastLayer, run.result.config.network.layers.length);
      this.spec.series.forEach(({ key, label }, s) => {
        const series = stdSeries(run.result, run.meanField, key);
        const colour = colours[r][s];
        const group = `${r}:${key}`;
        // A series with nothing drawable (every layer 0 or beyond an overflow) stays out of the legend too.
        if (hasValues(series.monteCarlo)) {
          // The compare run's Monte Carlo lines are dotted too, so the overlay reads without colour.
          lines.push(lineDataset(`${label}${suffix}`, series.monteCarlo, { color: colour, width: palette.lineWidth, dash: r === 1 ? [2, 3] : [] }));
          lineMetas.push({ group, band: false });
          const text = describeSeries(`${label}${suffix}`, series.monteCarlo);
          if (text) description.push(text);
        }
        if (series.band) {
          bands.push(...bandDatasets(`${label}${suffix}`, series.band.low, series.band.high, colour, palette));
          bandMetas.push({ group, band: true }, { group, band: true });
        }
        if (series.meanField && hasValues(series.meanField)) {
          lines.push(lineDataset(`${label} mean-field${suffix}`, series.meanField, { color: colour, width: Math.max(1, palette.lineWidth - 0.5), dash: [7, 4] }));
          lineMetas.push({ group: `${group}:mf`, band: false });
          const text = describeSeries(`${label} mean-field${suffix}`, series.meanField);
          if (text) description.push(text);
        }
      });
    });
    // Bands first, so that every line is drawn over every band.
    this.metas = [...bandMetas, ...lineMetas];
    const datasets = [...bands, ...lines];
    if (!datasets.some((d) => hasValues(d.data))) {
      // A log axis cannot show 0: say so rather than draw an empty frame.
      setHidden(this.parts.box, true);
      setHidden(this.parts.placeholder, false);
      this.parts.placeholder.textContent = 'Every std here is exactly 0 (or not finite), which a log scale cannot show: all units carry the same value.';
      this.parts.caption.textContent = '';
      replaceChildren(this.parts.notes);
      return;
    }
    this.parts.placeholder.textContent = 'Waiting for the first simulation…';
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      normalized: true,
      interaction: { mode: 'nearest' as const, intersect: false, axis: 'x' as const },
      scales: { x: layerAxis(palette, lastLayer), y: logAxis(palette, this.spec.yTitle) },
      plugins: lineChartPlugins(palette, () => this.metas),
    };
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.parts.canvas, { type: 'line', data: { datasets }, options });
    }
    this.parts.canvas.setAttribute('aria-label', `${this.spec.title}, log scale. ${description.join('; ')}.`);
    this.renderCaption(runs);
  }

  private renderCaption(runs: DrawnRun[]): void {
    const main = runs[0].result;
    const parts: string[] = [];
    const draws = main.config.options.seeds;
    if (main.engine === 'mean-field') parts.push('Mean-field engine: infinite-width theory only (dashed).');
    else {
      parts.push(draws > 1 ? `Solid: Monte Carlo mean of ${draws} draws; shaded: p5–p95 across draws.` : 'Solid: Monte Carlo (1 draw; use more draws for a p5–p95 band).');
      if (runs.some((r) => (r.meanField ?? r.result.meanField) !== null)) parts.push('Dashed: mean-field (infinite width).');
    }
    if (runs.length > 1) parts.push('Dotted: compare.');
    this.parts.caption.textContent = parts.join(' ');
    const notes = runs.flatMap((run, r) => {
      const overflow = run.result.overflow;
      if (!overflow) return [];
      const relevant = this.spec.series.some((s) => s.key === 'std' || s.key === 'preStd') ? overflow.direction === 'forward' : true;
      if (!relevant) return [];
      const who = runs.length > 1 ? `${r === 0 ? 'Main' : 'Compare'} (${run.name}): ` : '';
      const message = overflow.message.charAt(0).toUpperCase() + overflow.message.slice(1);
      const isBackwardChart = this.spec.series.some((s) => s.key === 'preGradStd');
      const noGradients = isBackwardChart && run.result.layers.every((l) => l.backward === null);
      const consequence = noGradients
        ? 'The backward pass starts from the last layer, so there are no Monte Carlo gradients to draw.'
        : `Layers from ${overflow.layer} on are not drawn (${overflow.direction} pass).`;
      return [h('p', { class: 'note warning' }, `${who}${message}. ${consequence}`)];
    });
    replaceChildren(this.parts.notes, ...notes);
  }
}

class FractionChart implements ChartCard {
  readonly title = 'Saturated and dead units';
  readonly element: HTMLElement;
  private readonly parts: ReturnType<typeof card>;
  private chart: Chart<'line', Point[]> | null = null;
  private metas: SeriesMeta[] = [];

  constructor() {
    this.parts = card(this.title, 'Fraction of saturated and dead units per layer');
    this.element = this.parts.element;
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.chart && !this.parts.box.hidden ? this.parts.canvas : null;
  }

  update(input: ChartInput, palette: Palette): void {
    const runs = [input.main, input.compare].filter((r): r is DrawnRun => r !== null);
    const overlay = runs.length > 1;
    const datasets: LineDataset[] = [];
    const metas: SeriesMeta[] = [];
    const description: string[] = [];
    let lastLayer = 1;
    runs.forEach((run, r) => {
      const suffix = overlay ? ` — ${run.name}` : '';
      const fractions = fractionSeries(run.result);
      lastLayer = Math.max(lastLayer, run.result.config.network.layers.length);
      const add = (label: string, points: Point[] | null, colour: string) => {
        if (!points) return;
        datasets.push(lineDataset(`${label}${suffix}`, points, { color: colour, width: palette.lineWidth, dash: r === 1 ? [2, 3] : [] }));
        metas.push({ group: `${r}:${label}`, band: false });
        const worst = Math.max(...points.map((p) => p.y ?? 0));
        description.push(`${label}${suffix}: at most ${formatPercent(worst)}`);
      };
      add('saturated (|a| in the flat tails)', fractions.saturated, r === 0 ? palette.red : palette.orange);
      add('dead (0 for the whole batch)', fractions.dead, r === 0 ? palette.purple : palette.yellow);
    });
    this.metas = metas;
    const empty = datasets.length === 0;
    setHidden(this.parts.box, empty);
    setHidden(this.parts.placeholder, !empty);
    if (empty) {
      const activations = runs.map((run) => activationLabel(run.result.config.network.layers[0].activation));
      this.parts.placeholder.textContent =
        runs.length === 0
          ? 'Waiting for the first simulation…'
          : `Not applicable to ${[...new Set(activations)].join(' and ')}: only tanh and sigmoid saturate, and only ReLU-like units die.`;
      this.parts.caption.textContent = '';
      return;
    }
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: 'nearest' as const, intersect: false, axis: 'x' as const },
      scales: {
        x: layerAxis(palette, lastLayer),
        y: {
          type: 'linear' as const,
          min: 0,
          max: fractionAxisMax(datasets),
          title: { display: true, text: 'fraction of units', color: palette.muted },
          ticks: { color: palette.foreground, callback: (v: number | string) => formatPercent(Number(v)) },
          grid: { color: palette.grid },
          border: { color: palette.border },
        },
      },
      plugins: lineChartPlugins(palette, () => this.metas),
    };
    const tooltip = options.plugins?.tooltip;
    if (tooltip?.callbacks) tooltip.callbacks.label = (item) => `${item.dataset.label ?? ''}: ${formatPercent(item.parsed.y)}`;
    if (this.chart) {
      this.chart.data.datasets = datasets;
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.parts.canvas, { type: 'line', data: { datasets }, options });
    }
    this.parts.canvas.setAttribute('aria-label', `Saturated and dead fractions per layer. ${description.join('; ')}.`);
    const shown = new Set(runs.flatMap((run) => Object.entries(fractionSeries(run.result)).flatMap(([key, points]) => (points ? [key] : []))));
    this.parts.caption.textContent = [
      shown.has('saturated') ? 'Saturated: tanh |a| > 0.99, sigmoid a < 0.01 or > 0.99.' : '',
      shown.has('dead') ? 'Dead: a unit whose z ≤ 0 for every sample of the batch.' : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
}

/** 10%, 25%, 50% or 100%: small fractions stay readable instead of lying flat on the axis. */
function fractionAxisMax(datasets: LineDataset[]): number {
  const highest = Math.max(0, ...datasets.flatMap((d) => d.data.map((p) => p.y ?? 0)));
  return [0.1, 0.25, 0.5, 1].find((m) => highest <= m * 0.95) ?? 1;
}

export function createStdCharts(): ChartCard[] {
  return [
    new StdChart({
      title: 'Forward: activation std per layer',
      yTitle: 'std (log)',
      series: [
        { key: 'std', label: 'std(a)' },
        { key: 'preStd', label: 'std(z)' },
      ],
    }),
    new StdChart({
      title: 'Backward: gradient std per layer',
      yTitle: 'std (log)',
      series: [
        { key: 'preGradStd', label: 'std(δ)' },
        { key: 'weightGradStd', label: 'std(dL/dW)' },
      ],
    }),
  ];
}

export function createFractionChart(): ChartCard {
  return new FractionChart();
}
