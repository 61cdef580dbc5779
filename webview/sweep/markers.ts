// Marker lines on a sweep chart, drawn by a small chart.js plugin rather than as datasets so they
// stay out of the tooltip and the legend: vertical lines at a gain or depth (critical gain, your
// line, ξ) with labels stacked so none overlap, and horizontal reference lines (ratio 1, χ₁ = 1).

import type { Chart, Plugin } from 'chart.js';
import { withAlpha, type Palette } from '../theme';
import { labelLeft, stackLabels, type MarkerSpec } from './lineSpecs';

const LABEL_ROW = 16;

/**
 * Room above the plot for the vertical markers' labels (chart.js layout.padding.top), so they
 * never cover the curves: one row per marker at most, as stackLabels may need.
 */
export function markerLabelRoom(markers: readonly MarkerSpec[]): number {
  const vertical = markers.filter((m) => m.axis === 'x').length;
  return vertical === 0 ? 0 : vertical * LABEL_ROW + 2;
}

function colorOf(marker: MarkerSpec, palette: Palette): string {
  switch (marker.role) {
    case 'critical':
      return palette.green;
    case 'current':
      return palette.foreground;
    case 'scale':
      return palette.purple;
    case 'unit':
      return withAlpha(palette.muted, 0.9);
  }
}

function dashOf(marker: MarkerSpec): number[] {
  return marker.role === 'current' ? [] : marker.role === 'unit' ? [2, 3] : [6, 4];
}

/** The plugin reads the markers and palette at draw time, so one instance serves every update. */
export function markerPlugin(current: () => { markers: MarkerSpec[]; palette: Palette | null }): Plugin<'line'> {
  return {
    id: 'sweepMarkers',
    afterDatasetsDraw: (chart) => {
      const { markers, palette } = current();
      if (!palette || markers.length === 0) return;
      draw(chart as unknown as Chart, markers, palette);
    },
  };
}

function draw(chart: Chart, markers: MarkerSpec[], palette: Palette): void {
  const { ctx, chartArea: area } = chart;
  const x = chart.scales.x;
  const y = chart.scales.y;
  if (!area || !x || !y) return;
  const font = Math.max(10, palette.fontSize - 2);
  ctx.save();
  ctx.font = `${font}px ${palette.fontFamily}`;
  ctx.textBaseline = 'middle';
  const inside = (p: number, low: number, high: number) => Number.isFinite(p) && p >= low - 0.5 && p <= high + 0.5;
  // Horizontal lines first, under the vertical ones.
  for (const marker of markers.filter((m) => m.axis === 'y')) {
    const py = y.getPixelForValue(marker.value);
    if (!inside(py, area.top, area.bottom)) continue;
    ctx.strokeStyle = colorOf(marker, palette);
    ctx.setLineDash(dashOf(marker));
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(area.left, py);
    ctx.lineTo(area.right, py);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = palette.muted;
    ctx.textAlign = 'right';
    ctx.fillText(marker.label, area.right - 4, py - 8);
  }
  const vertical = markers
    .filter((m) => m.axis === 'x')
    .map((marker) => ({ marker, px: x.getPixelForValue(marker.value) }))
    .filter((m) => inside(m.px, area.left, area.right));
  const boxes = vertical.map(({ marker, px }) => {
    const width = ctx.measureText(marker.label).width + 8;
    return { left: labelLeft(px, width, area.left, area.right), width };
  });
  const rows = stackLabels(boxes);
  // Every line first, then every label, so a label's plate covers any line it crosses.
  vertical.forEach(({ marker, px }, i) => {
    ctx.strokeStyle = colorOf(marker, palette);
    ctx.setLineDash(dashOf(marker));
    ctx.lineWidth = marker.role === 'current' ? 2 : 1.5;
    ctx.beginPath();
    // Labels sit in the room markerLabelRoom() reserves above the plot, the first row nearest to it.
    ctx.moveTo(px, area.top - (rows[i] + 0.5) * LABEL_ROW);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
  });
  ctx.setLineDash([]);
  vertical.forEach(({ marker }, i) => {
    const top = area.top - (rows[i] + 1) * LABEL_ROW;
    ctx.fillStyle = withAlpha(palette.background, 0.92);
    ctx.fillRect(boxes[i].left, top, boxes[i].width, LABEL_ROW - 2);
    ctx.fillStyle = colorOf(marker, palette);
    ctx.textAlign = 'left';
    ctx.fillText(marker.label, boxes[i].left + 4, top + (LABEL_ROW - 2) / 2);
  });
  ctx.restore();
}
