// The charts' text alternative: the per-layer numbers as a table, in a collapsible section, for
// screen readers and for anyone who wants the exact values.

import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { RunOutcome } from '../src/panel/protocol';
import { h, replaceChildren } from './dom';
import { formatPercent, formatValue } from './format';
import { thin } from './series';

/** Past this many layers the table shows evenly spaced ones (the CSV export has them all). */
const MAX_ROWS = 200;

export class LayerTable {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor() {
    this.body = h('div', { class: 'table-wrap' });
    const collapsible = document.createElement('vscode-collapsible');
    collapsible.title = 'Per-layer numbers (table)';
    collapsible.append(this.body);
    this.element = h('section', { class: 'card layer-table', 'aria-label': 'Per-layer numbers' }, collapsible);
  }

  update(main: RunOutcome | null, compare: RunOutcome | null, compareName: string | null): void {
    if (!main) {
      replaceChildren(this.body, h('p', { class: 'placeholder' }, 'Waiting for the first simulation…'));
      return;
    }
    const theory = main.meanField ?? main.result.meanField;
    const theoryByLayer = new Map((theory?.layers ?? []).map((l) => [l.layer, l]));
    const compareByLayer = new Map((compare?.result.layers ?? []).map((l) => [l.layer, l]));
    const showSaturated = main.result.layers.some((l) => l.forward.saturated !== null);
    const showDead = main.result.layers.some((l) => l.forward.dead !== null);
    const headers = [
      'layer',
      'std(a)',
      'std(z)',
      'std(δ)',
      'std(dL/dW)',
      ...(theory ? ['mean-field std(a)', 'mean-field std(δ)'] : []),
      ...(showSaturated ? ['saturated'] : []),
      ...(showDead ? ['dead'] : []),
      ...(compare && compareName ? [`std(a) ${compareName}`, `std(δ) ${compareName}`] : []),
    ];
    const layers = thin(main.result.layers, MAX_ROWS);
    const rows = layers.map((l) => {
      const mf = theoryByLayer.get(l.layer);
      const other = compareByLayer.get(l.layer);
      const cells = [
        String(l.layer),
        formatValue(l.forward.std),
        formatValue(l.forward.preStd),
        formatValue(l.backward?.preGradStd),
        formatValue(l.backward?.weightGradStd),
        ...(theory ? [formatValue(mf?.std), formatValue(mf?.preGradStd)] : []),
        ...(showSaturated ? [formatPercent(l.forward.saturated)] : []),
        ...(showDead ? [formatPercent(l.forward.dead)] : []),
        ...(compare && compareName ? [formatValue(other?.forward.std), formatValue(other?.backward?.preGradStd)] : []),
      ];
      return h('tr', {}, h('th', { scope: 'row' }, cells[0]), ...cells.slice(1).map((c) => h('td', {}, c)));
    });
    const note =
      layers.length < main.result.layers.length
        ? h('p', { class: 'muted' }, `Every ${Math.ceil(main.result.layers.length / MAX_ROWS)}th layer of ${main.result.layers.length}; the CSV export has them all.`)
        : null;
    const table = h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, 'Per-layer statistics'),
      h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, ...rows),
    );
    replaceChildren(this.body, note, table);
  }
}
