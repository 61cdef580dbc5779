// What every sweep view (one per kind) offers the panel: its element, a redraw with a new (or
// partial) result or palette, and its canvases for the PNG export.

import type { SweepResult } from '../../src/sweep/types';
import type { ExportedChart } from '../exporting';
import type { Palette } from '../theme';

export interface SweepView {
  readonly kind: SweepResult['kind'];
  readonly element: HTMLElement;
  update(result: SweepResult, palette: Palette): void;
  exportCharts(): ExportedChart[];
}

/** Where a view sends a click: open a cell (schemes) or a point (gain, depth, width). */
export interface ViewActions {
  openCell(scheme: string, activation: string): void;
  openPoint(value: number): void;
}
