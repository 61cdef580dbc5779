// Exports: the charts as one PNG on the theme's background, the per-layer numbers as CSV and
// the outcome as JSON. The webview only produces the data; the host asks where to save it.

import type { LayerResult, MeanFieldLayer } from '../src/core/types';
import type { RunOutcome } from '../src/panel/protocol';
import type { Palette } from './theme';

export interface ExportedChart {
  title: string;
  canvas: HTMLCanvasElement;
}

/**
 * All charts in one image, two per row (one when there is a single chart), each under its title,
 * with the run's title and verdict line on top, drawn at the canvases' own (device) resolution.
 */
export function composePng(charts: ExportedChart[], heading: string[], palette: Palette): string {
  const scale = window.devicePixelRatio || 1;
  const columns = charts.length > 1 ? 2 : 1;
  const cellWidth = Math.max(1, ...charts.map((c) => c.canvas.width));
  const cellHeight = Math.max(1, ...charts.map((c) => c.canvas.height));
  const padding = Math.round(16 * scale);
  const titleHeight = Math.round(24 * scale);
  const lineHeight = Math.round(20 * scale);
  const headingHeight = heading.length * lineHeight + padding;
  const rows = Math.ceil(charts.length / columns);
  const out = document.createElement('canvas');
  out.width = columns * cellWidth + (columns + 1) * padding;
  out.height = headingHeight + rows * (cellHeight + titleHeight + padding) + padding;
  const context = out.getContext('2d');
  if (!context) throw new Error('This webview cannot draw to a canvas.');
  context.fillStyle = palette.background;
  context.fillRect(0, 0, out.width, out.height);
  context.fillStyle = palette.foreground;
  context.textBaseline = 'top';
  heading.forEach((line, i) => {
    context.font = `${i === 0 ? '600 ' : ''}${Math.round((i === 0 ? 15 : 12) * scale)}px ${palette.fontFamily}`;
    context.fillText(line, padding, padding + i * lineHeight, out.width - 2 * padding);
  });
  charts.forEach((chart, i) => {
    const x = padding + (i % columns) * (cellWidth + padding);
    const y = headingHeight + Math.floor(i / columns) * (cellHeight + titleHeight + padding) + padding;
    context.font = `600 ${Math.round(13 * scale)}px ${palette.fontFamily}`;
    context.fillStyle = palette.foreground;
    context.fillText(chart.title, x, y, cellWidth);
    context.drawImage(chart.canvas, x, y + titleHeight);
  });
  return out.toDataURL('image/png');
}

type Column = { name: string; value: (layer: number) => number | null | undefined };

function columnsFor(outcome: RunOutcome, prefix: string): Column[] {
  const byLayer = new Map<number, LayerResult>(outcome.result.layers.map((l) => [l.layer, l]));
  const theory = outcome.meanField ?? outcome.result.meanField;
  const theoryByLayer = new Map<number, MeanFieldLayer>((theory?.layers ?? []).map((l) => [l.layer, l]));
  const hasBand = outcome.result.layers.some((l) => l.band !== undefined);
  const columns: Column[] = [];
  const add = (name: string, value: Column['value']) => columns.push({ name: `${prefix}${name}`, value });
  const forward = (key: 'std' | 'preStd') => (layer: number) => byLayer.get(layer)?.forward[key];
  const backward = (key: 'preGradStd' | 'gradStd' | 'weightGradStd') => (layer: number) => byLayer.get(layer)?.backward?.[key];
  for (const key of ['std', 'preStd'] as const) {
    add(key, forward(key));
    if (hasBand) {
      add(`${key}_p5`, (layer) => byLayer.get(layer)?.band?.[key].p5);
      add(`${key}_p95`, (layer) => byLayer.get(layer)?.band?.[key].p95);
    }
  }
  for (const key of ['preGradStd', 'gradStd', 'weightGradStd'] as const) {
    add(key, backward(key));
    if (hasBand) {
      add(`${key}_p5`, (layer) => byLayer.get(layer)?.band?.[key]?.p5);
      add(`${key}_p95`, (layer) => byLayer.get(layer)?.band?.[key]?.p95);
    }
  }
  if (theory) {
    for (const key of ['std', 'preStd', 'preGradStd', 'weightGradStd'] as const) add(`meanField_${key}`, (layer) => theoryByLayer.get(layer)?.[key]);
  }
  add('saturated', (layer) => byLayer.get(layer)?.forward.saturated);
  add('dead', (layer) => byLayer.get(layer)?.forward.dead);
  return columns;
}

/** A number exactly as JavaScript prints it (round-trips); empty for what is missing. */
function cell(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** One row per layer: the Monte Carlo stats, their p5/p95 where present, mean-field, fractions; compare columns prefixed. */
export function toCsv(main: RunOutcome, compare: RunOutcome | null): string {
  const columns = [...columnsFor(main, ''), ...(compare ? columnsFor(compare, 'compare_') : [])];
  const depth = main.result.config.network.layers.length;
  const rows = [['layer', ...columns.map((c) => c.name)].join(',')];
  for (let layer = 1; layer <= depth; layer++) rows.push([String(layer), ...columns.map((c) => cell(c.value(layer)))].join(','));
  return `${rows.join('\n')}\n`;
}

export function toJson(title: string, main: RunOutcome, compare: RunOutcome | null): string {
  return `${JSON.stringify({ title, main, compare }, null, 2)}\n`;
}
