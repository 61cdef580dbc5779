// The schemes sweep as a table: the heatmaps' text alternative and the way to open a cell by
// keyboard. A header button sorts by its column (aria-sort says how); rows are one tab stop
// (arrow keys move between them) and Enter opens the row's simulation.

import type { DirectionVerdict } from '../../src/diagnose/verdict';
import type { SchemeCell } from '../../src/sweep/types';
import { h, replaceChildren } from '../dom';
import { formatRatio } from '../format';
import { engineLabel } from './describe';
import type { SchemeGrid } from './schemeGrid';
import { nextSort, sortCells, type SortKey, type SortState } from './sorting';
import { TONE } from '../verdictTone';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'scheme', label: 'Scheme', numeric: false },
  { key: 'activation', label: 'Activation', numeric: false },
  { key: 'forward', label: 'Forward ratio', numeric: true },
  { key: 'backward', label: 'Backward ratio', numeric: true },
  { key: 'verdict', label: 'Verdicts (fwd / bwd)', numeric: false },
  { key: 'engine', label: 'Engine', numeric: false },
];


function cellKey(cell: SchemeCell): string {
  return `${cell.scheme}\u0000${cell.activation}`;
}

export class SchemeTable {
  readonly element: HTMLElement;
  private readonly note = h('p', { class: 'caption' });
  private readonly head = h('tr');
  private readonly body = h('tbody');
  private sort: SortState | null = null;
  private grid: SchemeGrid | null = null;
  /** The row that is the tab stop, by cell identity (survives re-sorting and partial updates). */
  private current: string | null = null;

  constructor(private readonly onOpen: (cell: SchemeCell) => void) {
    const table = h(
      'table',
      { class: 'scheme-table' },
      h('caption', { class: 'visually-hidden' }, 'Schemes × activations: ratios, verdicts and engine per cell'),
      h('thead', {}, this.head),
      this.body,
    );
    this.element = h('section', { class: 'card scheme-table-card', 'aria-label': 'Schemes × activations table' }, h('h3', {}, 'Every cell'), this.note, h('div', { class: 'table-wrap' }, table));
    this.body.addEventListener('keydown', (event) => this.onKey(event));
    this.renderHead();
  }

  update(grid: SchemeGrid): void {
    this.grid = grid;
    const pending = grid.cells.length - grid.computed;
    this.note.textContent = `${grid.computed} of ${grid.cells.length} cells${pending > 0 ? ' so far; the rest appear as they finish' : ''}. Click a header to sort; click a row, or focus it and press Enter, to open that simulation.`;
    this.renderBody();
  }

  private renderHead(): void {
    replaceChildren(
      this.head,
      ...COLUMNS.map((column) => {
        const sorted = this.sort?.key === column.key ? this.sort.direction : null;
        const arrow = sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : '';
        const button = h('button', { type: 'button', class: 'sort-button', title: `Sort by ${column.label.toLowerCase()}` }, column.label, h('span', { 'aria-hidden': 'true' }, arrow));
        button.addEventListener('click', () => {
          this.sort = nextSort(this.sort, column.key);
          this.renderHead();
          this.renderBody();
          // The header was rebuilt: keep keyboard focus on the same column's button.
          (this.head.children[COLUMNS.indexOf(column)]?.querySelector('button') as HTMLButtonElement | null)?.focus();
        });
        return h('th', { scope: 'col', class: column.numeric ? 'numeric' : 'text', 'aria-sort': sorted ?? 'none' }, button);
      }),
    );
  }

  private renderBody(): void {
    const grid = this.grid;
    if (!grid) return;
    const hadFocus = this.body.contains(document.activeElement);
    const inGridOrder = grid.cells.flatMap((c) => (c.cell ? [c.cell] : []));
    const cells = this.sort ? sortCells(inGridOrder, this.sort) : inGridOrder;
    if (cells.length === 0) {
      replaceChildren(this.body, h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'placeholder text' }, 'No cell computed yet…')));
      return;
    }
    if (!this.current || !cells.some((c) => cellKey(c) === this.current)) this.current = cellKey(cells[0]);
    const rows = cells.map((cell) => this.row(cell));
    replaceChildren(this.body, ...rows);
    if (hadFocus) (rows.find((r) => r.dataset.key === this.current) ?? rows[0]).focus();
  }

  private row(cell: SchemeCell): HTMLTableRowElement {
    const key = cellKey(cell);
    const verdict = (v: DirectionVerdict) => h('span', { class: `tone-${TONE[v]}` }, v);
    const row = h(
      'tr',
      { class: 'cell-row', tabindex: key === this.current ? 0 : -1, 'data-key': key, title: cell.summary },
      h('th', { scope: 'row', class: 'text' }, cell.schemeLabel),
      h('td', { class: 'text' }, cell.activation),
      h('td', { class: 'numeric' }, formatRatio(cell.forwardRatio)),
      h('td', { class: 'numeric' }, formatRatio(cell.backwardRatio)),
      h('td', { class: 'text' }, verdict(cell.verdict.forward), ' / ', verdict(cell.verdict.backward)),
      h('td', { class: 'text' }, engineLabel(cell.engine)),
    );
    row.addEventListener('click', () => {
      this.setCurrent(row);
      this.onOpen(cell);
    });
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.onOpen(cell);
      }
    });
    return row;
  }

  private setCurrent(row: HTMLTableRowElement): void {
    for (const r of Array.from(this.body.querySelectorAll<HTMLTableRowElement>('tr.cell-row'))) r.tabIndex = r === row ? 0 : -1;
    this.current = row.dataset.key ?? null;
  }

  private onKey(event: KeyboardEvent): void {
    const rows = Array.from(this.body.querySelectorAll<HTMLTableRowElement>('tr.cell-row'));
    const index = rows.findIndex((r) => r === document.activeElement);
    if (index === -1) return;
    const target =
      event.key === 'ArrowDown' ? rows[index + 1] : event.key === 'ArrowUp' ? rows[index - 1] : event.key === 'Home' ? rows[0] : event.key === 'End' ? rows.at(-1) : undefined;
    if (!target) return;
    event.preventDefault();
    this.setCurrent(target);
    target.focus();
  }
}
