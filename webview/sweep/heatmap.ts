// One heatmap of the schemes sweep (forward or backward): a chart.js scatter on two category axes
// (schemes across, activations down) whose points are invisible; a small plugin fills each cell
// with the colour of log₁₀ of its ratio, hatches cells without a ratio, writes the verdict letter
// where colour cannot tell (symmetric, dead, saturating) and outlines pending cells. chart.js
// keeps doing axes, layout, resizing and tooltips. Click, or arrows + Enter on the focused canvas,
// opens a cell.

import { ScatterController, type ChartEvent, type Plugin, type TooltipItem } from 'chart.js';
import type { SchemeCell } from '../../src/sweep/types';
import { Chart } from '../chartKit';
import { h } from '../dom';
import { formatRatio } from '../format';
import { withAlpha, type Palette } from '../theme';
import { colorScaleFor, logRatio, rgbCss, scaleColor, textColorOn, type ColorScale } from './colorScale';
import { engineLabel } from './describe';
import { cellAt, cellMark, cellRect, compactRatio, moveCell, ratioOf, type Area, type Direction, type GridCell, type Rect, type SchemeGrid } from './schemeGrid';

Chart.register(ScatterController);

type Position = { col: number; row: number };
/** A cell's place on the two category axes, by label. */
type CellPoint = { x: string; y: string };

const ROW_HEIGHT = 26;
/** Below this width the axis titles give their room to the cells. */
const ROOMY_WIDTH = 480;
/** A cell this large has room for its ratio in figures. */
const VALUE_MIN_WIDTH = 34;
const VALUE_MIN_HEIGHT = 16;

/** The hover/keyboard text of a cell, for the tooltip and the screen reader. */
export function cellLines(cell: SchemeCell): string[] {
  const lines = [
    `forward ratio ${formatRatio(cell.forwardRatio)} (${cell.verdict.forward})`,
    `backward ratio ${formatRatio(cell.backwardRatio)} (${cell.verdict.backward})`,
    `engine: ${engineLabel(cell.engine)}`,
  ];
  if (cell.meanField && cell.engine !== 'mean-field') {
    lines.push(`mean-field: forward ${formatRatio(cell.meanField.forwardRatio)}, backward ${formatRatio(cell.meanField.backwardRatio)}, χ₁ ${formatRatio(cell.meanField.chi1)}`);
  } else if (cell.meanField) {
    lines.push(`χ₁ ${formatRatio(cell.meanField.chi1)}`);
  }
  return lines;
}

function hatch(ctx: CanvasRenderingContext2D, r: Rect, color: string): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.x, r.y, r.width, r.height);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -r.height; d < r.width; d += 6) {
    ctx.moveTo(r.x + d, r.y + r.height);
    ctx.lineTo(r.x + d + r.height, r.y);
  }
  ctx.stroke();
  ctx.restore();
}

export class HeatmapCard {
  readonly title: string;
  readonly element: HTMLElement;
  private readonly box: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private chart: Chart<'scatter', CellPoint[]> | null = null;
  private grid: SchemeGrid | null = null;
  private palette: Palette | null = null;
  private scale: ColorScale | null = null;
  private focus: Position | null = null;
  private focused = false;
  private roomy = true;

  constructor(
    private readonly direction: Direction,
    private readonly onOpen: (cell: SchemeCell) => void,
  ) {
    this.title = direction === 'forward' ? 'Forward: std(a_L) / std(a_1)' : 'Backward: std(δ_1) / std(δ_L)';
    this.canvas = h('canvas', { role: 'img', tabindex: 0, 'aria-label': this.title });
    this.box = h('div', { class: 'chart-box heatmap-box', 'data-direction': direction, 'data-cells-drawn': 0, 'data-cells-total': 0 }, this.canvas);
    const help = h('p', { class: 'caption' }, 'Click a cell, or focus the map and use the arrow keys and Enter, to open that simulation.');
    this.element = h('figure', { class: 'card chart-card heatmap-card' }, h('h3', {}, this.title), this.box, help);
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('focus', () => {
      // A click focuses the canvas too; the outline and tooltip are for keyboard focus only.
      if (!this.canvas.matches(':focus-visible')) return;
      this.focused = true;
      this.showFocus();
    });
    this.canvas.addEventListener('blur', () => {
      this.focused = false;
      this.chart?.tooltip?.setActiveElements([], { x: 0, y: 0 });
      this.chart?.update('none');
    });
    new ResizeObserver(() => {
      this.fitHeight();
      // Crossing the narrow/wide line changes the axis titles: redraw with the new options.
      if (this.grid && this.palette && this.roomy !== this.box.clientWidth >= ROOMY_WIDTH) this.update(this.grid, this.palette);
    }).observe(this.box);
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.chart ? this.canvas : null;
  }

  update(grid: SchemeGrid, palette: Palette): void {
    this.grid = grid;
    this.palette = palette;
    this.scale = colorScaleFor(palette.kind);
    this.box.dataset.cellsTotal = String(grid.cells.length);
    this.fitHeight();
    const data: CellPoint[] = grid.cells.map((c) => ({ x: grid.columns[c.col].label, y: grid.rows[c.row].label }));
    const options = this.options(grid, palette);
    if (this.chart) {
      this.chart.data.datasets = [{ data, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0 }];
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart(this.canvas, {
        type: 'scatter',
        data: { datasets: [{ data, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0 }] },
        options,
        plugins: [this.cellPlugin()],
      });
    }
    this.canvas.setAttribute('aria-label', this.describe(grid));
  }

  /** Rows get a fixed height; the column labels get what their rotation needs. */
  private fitHeight(): void {
    const grid = this.grid;
    if (!grid) return;
    const longest = Math.max(1, ...grid.columns.map((c) => c.label.length));
    const perColumn = (this.box.clientWidth - 110) / Math.max(1, grid.columns.length);
    const labelPx = longest * 6.5;
    const labels = perColumn > labelPx ? 36 : Math.min(130, labelPx * 0.85 + 24);
    const height = `${Math.round(grid.rows.length * ROW_HEIGHT + labels)}px`;
    if (this.box.style.height !== height) this.box.style.height = height;
  }

  private options(grid: SchemeGrid, palette: Palette) {
    // When narrow, every pixel goes to the cells: the card's heading says what the axes are.
    const roomy = this.box.clientWidth >= ROOMY_WIDTH;
    this.roomy = roomy;
    const axis = (labels: string[], title: string) => ({
      type: 'category' as const,
      labels,
      offset: true,
      title: { display: roomy, text: title, color: palette.muted },
      ticks: { autoSkip: false, color: palette.foreground, maxRotation: 90, minRotation: 0 },
      grid: { display: false },
      border: { color: palette.border },
    });
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      interaction: { mode: 'nearest' as const, intersect: false },
      scales: { x: axis(grid.columns.map((c) => c.label), 'init scheme'), y: axis(grid.rows.map((r) => r.label), 'activation') },
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          titleFont: { family: palette.fontFamily },
          bodyFont: { family: palette.fontFamily },
          callbacks: {
            title: (items: TooltipItem<'scatter'>[]) => {
              const at = items[0] ? grid.cells[items[0].dataIndex] : undefined;
              return at ? `${grid.columns[at.col].label} × ${grid.rows[at.row].label}` : '';
            },
            label: (item: TooltipItem<'scatter'>) => {
              const cell = grid.cells[item.dataIndex]?.cell;
              return cell ? cellLines(cell) : 'not computed yet';
            },
          },
        },
      },
      onClick: (event: ChartEvent) => this.onClick(event),
      onHover: (event: ChartEvent) => {
        const at = this.cellAtEvent(event);
        this.canvas.style.cursor = at?.cell ? 'pointer' : 'default';
      },
    };
  }

  /** The plot area; the plugin passes its chart, since the first draw runs inside new Chart(). */
  private area(chart: { chartArea?: Area } | null = this.chart): Area | null {
    const a = chart?.chartArea;
    return a ? { left: a.left, top: a.top, right: a.right, bottom: a.bottom } : null;
  }

  private cellAtEvent(event: ChartEvent): GridCell | null {
    const area = this.area();
    const grid = this.grid;
    if (!area || !grid || event.x === null || event.y === null) return null;
    const at = cellAt(area, grid.columns.length, grid.rows.length, event.x, event.y);
    return at ? grid.cells[at.row * grid.columns.length + at.col] : null;
  }

  private onClick(event: ChartEvent): void {
    const at = this.cellAtEvent(event);
    if (!at) return;
    this.focus = { col: at.col, row: at.row };
    if (at.cell) this.onOpen(at.cell);
  }

  private onKey(event: KeyboardEvent): void {
    const grid = this.grid;
    if (!grid || grid.cells.length === 0) return;
    const position = this.focus ?? { col: 0, row: 0 };
    this.focused = true;
    if (event.key === 'Enter' || event.key === ' ') {
      const cell = grid.cells[position.row * grid.columns.length + position.col]?.cell;
      if (cell) this.onOpen(cell);
      event.preventDefault();
      return;
    }
    const next = moveCell(position, event.key, grid.columns.length, grid.rows.length);
    if (!next) return;
    event.preventDefault();
    this.focus = next;
    this.showFocus();
  }

  /** The focused cell gets an outline and its tooltip, as if hovered. */
  private showFocus(): void {
    const chart = this.chart;
    const grid = this.grid;
    const area = this.area();
    if (!chart || !grid || !area || grid.cells.length === 0) return;
    this.focus ??= { col: 0, row: 0 };
    const index = this.focus.row * grid.columns.length + this.focus.col;
    const r = cellRect(area, grid.columns.length, grid.rows.length, this.focus.col, this.focus.row, 0);
    chart.tooltip?.setActiveElements([{ datasetIndex: 0, index }], { x: r.x + r.width / 2, y: r.y + r.height / 2 });
    chart.update('none');
  }

  private describe(grid: SchemeGrid): string {
    const counts = new Map<string, number>();
    for (const c of grid.cells) {
      if (!c.cell) continue;
      const verdict = c.cell.verdict[this.direction];
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
    }
    const tally = [...counts.entries()].map(([v, n]) => `${n} ${v}`).join(', ');
    return `${this.title}: heatmap of ${grid.rows.length} activations by ${grid.columns.length} schemes, ${grid.computed} of ${grid.cells.length} cells computed${tally ? ` (${tally})` : ''}. The table below has the same numbers.`;
  }

  private cellPlugin(): Plugin<'scatter'> {
    return {
      id: 'sweepHeatmapCells',
      beforeDatasetsDraw: (chart) => {
        const grid = this.grid;
        const palette = this.palette;
        const scale = this.scale;
        const area = this.area(chart);
        if (!grid || !palette || !scale || !area) return;
        // Test hooks: where the cells are, and whether chart.js' category axes agree with them.
        this.box.dataset.area = [area.left, area.top, area.right, area.bottom].map((v) => Math.round(v)).join(',');
        const first = cellRect(area, grid.columns.length, grid.rows.length, 0, 0, 0);
        const xAxis = chart.scales.x.getPixelForValue(0) - (first.x + first.width / 2);
        const yAxis = chart.scales.y.getPixelForValue(0) - (first.y + first.height / 2);
        this.box.dataset.aligned = String(Math.abs(xAxis) < 1 && Math.abs(yAxis) < 1);
        const ctx = chart.ctx;
        const highContrast = palette.kind === 'high-contrast' || palette.kind === 'high-contrast-light';
        let drawn = 0;
        ctx.save();
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (const slot of grid.cells) {
          const r = cellRect(area, grid.columns.length, grid.rows.length, slot.col, slot.row, 1);
          const cell = slot.cell;
          if (!cell) {
            // Not computed yet: an outline only, so the grid's shape shows from the start.
            ctx.setLineDash([3, 3]);
            ctx.strokeStyle = withAlpha(palette.muted, 0.6);
            ctx.lineWidth = 1;
            ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.width - 1, r.height - 1);
            ctx.setLineDash([]);
            continue;
          }
          drawn++;
          const ratio = ratioOf(cell, this.direction);
          const color = scaleColor(logRatio(ratio), scale);
          if (color) {
            ctx.fillStyle = rgbCss(color);
            ctx.fillRect(r.x, r.y, r.width, r.height);
          } else {
            ctx.fillStyle = withAlpha(palette.muted, 0.18);
            ctx.fillRect(r.x, r.y, r.width, r.height);
            hatch(ctx, r, withAlpha(palette.foreground, 0.55));
          }
          if (highContrast) {
            ctx.strokeStyle = palette.border;
            ctx.lineWidth = 1;
            ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.width - 1, r.height - 1);
          }
          const ink = color ? textColorOn(color) : palette.foreground;
          const mark = cellMark(cell.verdict[this.direction], ratio);
          const value = compactRatio(ratio);
          const roomy = r.width >= VALUE_MIN_WIDTH && r.height >= VALUE_MIN_HEIGHT;
          ctx.fillStyle = ink;
          if (roomy && value) {
            // The letter takes the right edge; the number is centred in what is left, never under it.
            ctx.font = `600 9px ${palette.fontFamily}`;
            const markWidth = mark ? ctx.measureText(mark).width + 2 : 0;
            if (mark) {
              ctx.textAlign = 'right';
              ctx.textBaseline = 'top';
              ctx.fillText(mark, r.x + r.width - 2, r.y + 1);
              ctx.textAlign = 'center';
              ctx.textBaseline = 'middle';
            }
            ctx.font = `${Math.min(11, r.height - 6)}px ${palette.fontFamily}`;
            const room = r.width - 4 - markWidth;
            ctx.fillText(value, r.x + 2 + room / 2, r.y + r.height / 2 + 0.5, room);
          } else if (mark) {
            ctx.font = `600 ${Math.max(9, Math.min(12, r.height - 6))}px ${palette.fontFamily}`;
            ctx.fillText(mark, r.x + r.width / 2, r.y + r.height / 2 + 0.5, r.width - 2);
          }
        }
        if (this.focused && this.focus) {
          const r = cellRect(area, grid.columns.length, grid.rows.length, this.focus.col, this.focus.row, 0);
          ctx.strokeStyle = palette.focus;
          ctx.lineWidth = 2;
          ctx.strokeRect(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
        }
        ctx.restore();
        this.box.dataset.cellsDrawn = String(drawn);
      },
    };
  }
}
