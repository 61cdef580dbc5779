// The schemes × activations grid as the heatmap and the table see it: one column per scheme and
// one row per activation in the request's order, every combination present (cells not computed
// yet are pending), plus the cell geometry inside a chart area and the cell letters. Pure.

import { getActivation } from '../../src/core/activations';
import type { ActivationSpec } from '../../src/core/types';
import type { DirectionVerdict } from '../../src/diagnose/verdict';
import type { SchemeCell, SchemesSweepResult } from '../../src/sweep/types';

export type Direction = 'forward' | 'backward';

export interface GridColumn {
  id: string;
  /** Unique among the columns (chart.js category axes find a value by its label). */
  label: string;
}

export interface GridRow {
  key: string;
  label: string;
}

export interface GridCell {
  col: number;
  row: number;
  /** null while the cell is not computed yet. */
  cell: SchemeCell | null;
}

export interface SchemeGrid {
  columns: GridColumn[];
  rows: GridRow[];
  /** Row-major: cells[row * columns.length + col]. */
  cells: GridCell[];
  /** How many cells are computed. */
  computed: number;
}

/** Activations match by name and parameter, not by label (a label is only for people). */
export function activationKey(spec: ActivationSpec): string {
  return spec.param === undefined ? spec.name : `${spec.name}:${spec.param}`;
}

function unique(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} (${n})`;
  });
}

export function schemeGrid(result: SchemesSweepResult): SchemeGrid {
  const columnIds = result.request.schemes.map((s) => s.id);
  const columnLabels = new Map(result.request.schemes.map((s) => [s.id, s.label]));
  const rowKeys = result.request.activations.map(activationKey);
  const rowLabels = new Map(result.request.activations.map((a) => [activationKey(a), getActivation(a).label]));
  // A cell outside the request (should not happen) still gets a place rather than vanishing.
  for (const cell of result.cells) {
    if (!columnLabels.has(cell.scheme)) {
      columnIds.push(cell.scheme);
      columnLabels.set(cell.scheme, cell.schemeLabel);
    }
    const key = activationKey(cell.activationSpec);
    if (!rowLabels.has(key)) rowKeys.push(key);
    // The engine's own label wins: it is the one openCell sends back.
    rowLabels.set(key, cell.activation);
  }
  const columns = unique(columnIds.map((id) => columnLabels.get(id) ?? id)).map((label, i) => ({ id: columnIds[i], label }));
  const rows = unique(rowKeys.map((key) => rowLabels.get(key) ?? key)).map((label, i) => ({ key: rowKeys[i], label }));
  const colIndex = new Map(columns.map((c, i) => [c.id, i]));
  const rowIndex = new Map(rows.map((r, i) => [r.key, i]));
  const cells: GridCell[] = [];
  for (let row = 0; row < rows.length; row++) for (let col = 0; col < columns.length; col++) cells.push({ col, row, cell: null });
  let computed = 0;
  for (const cell of result.cells) {
    const col = colIndex.get(cell.scheme);
    const row = rowIndex.get(activationKey(cell.activationSpec));
    if (col === undefined || row === undefined) continue;
    const slot = cells[row * columns.length + col];
    if (slot.cell === null) computed++;
    slot.cell = cell;
  }
  return { columns, rows, cells, computed };
}

export function ratioOf(cell: SchemeCell, direction: Direction): number | null {
  return direction === 'forward' ? cell.forwardRatio : cell.backwardRatio;
}

/**
 * The letter a cell carries: the verdicts colour cannot show (symmetric, dead, saturating) always,
 * and the verdict itself where there is no ratio to colour by. Empty for the rest.
 */
const MARKS: Record<DirectionVerdict, string> = {
  healthy: 'H',
  drifting: '~',
  vanishing: 'V',
  exploding: 'E',
  saturating: 'S',
  dead: 'D',
  symmetric: '=',
};

const ALWAYS_MARKED: ReadonlySet<DirectionVerdict> = new Set(['saturating', 'dead', 'symmetric']);

export function cellMark(verdict: DirectionVerdict, ratio: number | null): string {
  return ratio === null || ALWAYS_MARKED.has(verdict) ? MARKS[verdict] : '';
}

/** A chart area in canvas pixels. */
export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Cell (col, row) of a grid filling the area, row 0 at the top (as chart.js lays out a category
 * y axis), inset by `gap` on every side so neighbouring cells are visibly apart.
 */
export function cellRect(area: Area, columns: number, rows: number, col: number, row: number, gap = 1): Rect {
  const w = (area.right - area.left) / columns;
  const hgt = (area.bottom - area.top) / rows;
  const inset = Math.min(gap, w / 4, hgt / 4);
  return { x: area.left + col * w + inset, y: area.top + row * hgt + inset, width: w - 2 * inset, height: hgt - 2 * inset };
}

/** The cell under a pixel, or null outside the area. */
export function cellAt(area: Area, columns: number, rows: number, x: number, y: number): { col: number; row: number } | null {
  if (columns <= 0 || rows <= 0 || x < area.left || x >= area.right || y < area.top || y >= area.bottom) return null;
  const col = Math.min(columns - 1, Math.floor(((x - area.left) / (area.right - area.left)) * columns));
  const row = Math.min(rows - 1, Math.floor(((y - area.top) / (area.bottom - area.top)) * rows));
  return { col, row };
}

/** Arrow-key movement over the grid, stopping at the edges; Home/End go to the row's ends. */
export function moveCell(position: { col: number; row: number }, key: string, columns: number, rows: number): { col: number; row: number } | null {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowLeft':
      return { col: clamp(position.col - 1, columns), row: position.row };
    case 'ArrowRight':
      return { col: clamp(position.col + 1, columns), row: position.row };
    case 'ArrowUp':
      return { col: position.col, row: clamp(position.row - 1, rows) };
    case 'ArrowDown':
      return { col: position.col, row: clamp(position.row + 1, rows) };
    case 'Home':
      return { col: 0, row: position.row };
    case 'End':
      return { col: columns - 1, row: position.row };
    default:
      return null;
  }
}

/** A ratio short enough to print inside a cell: "0.98", "12", "1e−5", "3e12". */
export function compactRatio(ratio: number | null): string {
  if (ratio === null || Number.isNaN(ratio)) return '';
  if (ratio === 0) return '0';
  if (!Number.isFinite(ratio)) return '∞';
  if (ratio >= 0.01 && ratio < 100) return String(Number(ratio.toPrecision(2)));
  const exponent = Math.floor(Math.log10(ratio));
  const mantissa = Math.round(ratio / 10 ** exponent);
  // 9.6e4 rounds to 10e4: carry it into the exponent.
  const [m, e] = mantissa === 10 ? [1, exponent + 1] : [mantissa, exponent];
  return `${m}e${e}`.replace('-', '−');
}
