// The changed sites as a table: where, what changed, the init before → after, and the forward and
// backward verdicts before → after, with a "regressed" badge. The rows are one tab stop (arrow
// keys, Home and End move between them and show that site's chart); a click or Enter jumps to the
// site's line in the editor. Below about 560px each row stacks into a labelled block.

import type { ReviewSideView, ReviewSiteView } from '../../src/review/panelProtocol';
import { h, replaceChildren } from '../dom';
import { ratioOf, ratioWords, schemeChange, shownSide, TONE, verdictChange, verdictWord } from './describe';

const COLUMNS = ['Site', 'Change', 'Init (before → after)', 'Forward', 'Backward'] as const;

function verdictSpan(side: ReviewSideView | null, direction: 'forward' | 'backward'): HTMLElement {
  const verdict = side?.[direction] ?? null;
  const ratio = ratioOf(side, direction);
  return h('span', { class: verdict ? `verdict tone-${TONE[verdict]}` : 'verdict muted', title: ratio === null ? '' : `ratio ${ratioWords(ratio)}` }, verdictWord(side, direction));
}

function verdictCell(site: ReviewSiteView, direction: 'forward' | 'backward', label: string): HTMLElement {
  return h('td', { class: 'text verdicts', 'data-label': label }, verdictSpan(site.before, direction), h('span', { class: 'arrow', 'aria-label': 'to' }, ' → '), verdictSpan(site.after, direction));
}

export class SiteTable {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private readonly note = h('p', { class: 'caption' });
  private selected = 0;

  constructor(
    /** Arrow keys, Home, End and clicks pick a row (its chart is shown). */
    private readonly onSelect: (index: number) => void,
    /** A click or Enter on a row: jump to its line. */
    private readonly onReveal: (index: number) => void,
  ) {
    const table = h(
      'table',
      { class: 'site-table' },
      h('caption', { class: 'visually-hidden' }, 'Init sites the change touched: location, change, init and verdicts before and after'),
      h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col', class: 'text' }, c)))),
      this.body,
    );
    this.element = h('section', { class: 'card site-table-card', 'aria-label': 'Changed init sites' }, h('h2', {}, 'Changed sites'), this.note, h('div', { class: 'table-wrap' }, table));
    this.body.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Rows drawn (the test hook). */
  get rows(): number {
    return this.body.querySelectorAll('tr.site-row').length;
  }

  update(sites: ReviewSiteView[], selected: number, emptyText: string): void {
    const hadFocus = this.body.contains(document.activeElement);
    this.selected = selected;
    this.note.textContent = sites.length === 0 ? '' : 'Click a row, or focus it and press Enter, to go to its line; ↑ ↓ show another site’s chart.';
    if (sites.length === 0) {
      replaceChildren(this.body, h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'placeholder text' }, emptyText)));
      return;
    }
    const rows = sites.map((site) => this.row(site));
    replaceChildren(this.body, ...rows);
    if (hadFocus) rows[selected]?.focus();
  }

  /** Marks row `index` as the selected one (and the tab stop) without rebuilding the table. */
  select(index: number): void {
    this.selected = index;
    for (const row of Array.from(this.body.querySelectorAll<HTMLTableRowElement>('tr.site-row'))) {
      const mine = Number(row.dataset.index) === index;
      row.tabIndex = mine ? 0 : -1;
      row.setAttribute('aria-current', mine ? 'true' : 'false');
      row.classList.toggle('selected', mine);
    }
  }

  private row(site: ReviewSiteView): HTMLTableRowElement {
    const shown = shownSide(site);
    const mine = site.index === this.selected;
    const row = h(
      'tr',
      {
        class: `site-row${mine ? ' selected' : ''}${site.regressed ? ' regressed' : ''}`,
        tabindex: mine ? 0 : -1,
        'aria-current': mine ? 'true' : 'false',
        'data-index': site.index,
        'data-change': site.change,
        title: `Go to ${shown.location}`,
        'aria-label': `${shown.location}, ${site.changeWords}${site.regressed ? ', regressed' : ''}, ${schemeChange(site)}, ${verdictChange(site)}`,
      },
      h('th', { scope: 'row', class: 'text site-cell', 'data-label': 'Site' }, h('span', { class: 'site-location' }, shown.location), h('code', { class: 'site-code' }, shown.code)),
      h(
        'td',
        { class: 'text', 'data-label': 'Change' },
        h('span', { class: `change change-${site.change}` }, site.changeWords),
        site.regressed ? h('span', { class: 'badge tone-bad regressed-badge' }, 'regressed') : null,
      ),
      h('td', { class: 'text scheme-cell', 'data-label': 'Init' }, schemeChange(site)),
      verdictCell(site, 'forward', 'Forward'),
      verdictCell(site, 'backward', 'Backward'),
    );
    row.addEventListener('click', () => {
      this.onSelect(site.index);
      this.onReveal(site.index);
    });
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.onReveal(site.index);
      }
    });
    return row;
  }

  private onKey(event: KeyboardEvent): void {
    const rows = Array.from(this.body.querySelectorAll<HTMLTableRowElement>('tr.site-row'));
    const at = rows.findIndex((r) => r === document.activeElement);
    if (at === -1) return;
    const target = event.key === 'ArrowDown' ? rows[at + 1] : event.key === 'ArrowUp' ? rows[at - 1] : event.key === 'Home' ? rows[0] : event.key === 'End' ? rows.at(-1) : undefined;
    if (!target) return;
    event.preventDefault();
    const index = Number(target.dataset.index);
    this.select(index);
    target.focus();
    this.onSelect(index);
  }
}
