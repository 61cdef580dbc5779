// The schemes × activations view: forward and backward heatmaps side by side (stacked when
// narrow), their shared colour legend, and the sortable table with the same cells.

import type { SweepResult } from '../../src/sweep/types';
import { h } from '../dom';
import type { ExportedChart } from '../exporting';
import type { Palette } from '../theme';
import { ColorLegend } from './colorLegend';
import { HeatmapCard } from './heatmap';
import { schemeGrid } from './schemeGrid';
import { SchemeTable } from './schemeTable';
import type { SweepView, ViewActions } from './view';

export class SchemesView implements SweepView {
  readonly kind = 'schemes' as const;
  readonly element: HTMLElement;
  private readonly forward: HeatmapCard;
  private readonly backward: HeatmapCard;
  private readonly legend = new ColorLegend();
  private readonly table: SchemeTable;

  constructor(actions: ViewActions) {
    const open = (cell: { scheme: string; activation: string }) => actions.openCell(cell.scheme, cell.activation);
    this.forward = new HeatmapCard('forward', open);
    this.backward = new HeatmapCard('backward', open);
    this.table = new SchemeTable(open);
    this.element = h(
      'div',
      { class: 'sweep-view schemes-view' },
      h('div', { class: 'heatmap-pair' }, this.forward.element, this.backward.element),
      this.legend.element,
      this.table.element,
    );
  }

  update(result: SweepResult, palette: Palette): void {
    if (result.kind !== 'schemes') return;
    const grid = schemeGrid(result);
    this.forward.update(grid, palette);
    this.backward.update(grid, palette);
    this.legend.update(palette);
    this.table.update(grid);
  }

  exportCharts(): ExportedChart[] {
    const charts: ExportedChart[] = [];
    for (const card of [this.forward, this.backward, this.legend]) {
      const canvas = card.exportCanvas();
      if (canvas) charts.push({ title: card.title, canvas });
    }
    return charts;
  }
}
