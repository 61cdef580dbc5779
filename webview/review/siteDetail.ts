// The selected site up close: its chart (forward std per layer, before vs after), then each
// version side by side: init and network, verdict badges with their ratios, the summary, the
// engine and the assumptions, and the fix the CLI would print. "Go to line" jumps to it.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ReviewSideView, ReviewSiteView } from '../../src/review/panelProtocol';
import { h, replaceChildren } from '../dom';
import type { Palette } from '../theme';
import { ratioWords, shownSide, TONE } from './describe';
import { ReviewStdChart } from './stdChart';

function badge(direction: 'forward' | 'backward', side: ReviewSideView): HTMLElement {
  const verdict = side[direction];
  const ratio = direction === 'forward' ? side.forwardRatio : side.backwardRatio;
  const label = direction === 'forward' ? 'Forward' : 'Backward';
  if (!verdict) return h('span', { class: 'badge muted' }, h('span', { class: 'badge-direction' }, label), ' ', h('strong', {}, 'not simulated'));
  const meaning = direction === 'forward' ? 'std(a_L) / std(a_1): healthy between 0.5 and 2' : 'std(δ_1) / std(δ_L): the gradient reaching layer 1 relative to the last layer';
  return h(
    'span',
    { class: `badge tone-${TONE[verdict]}`, title: meaning },
    h('span', { class: 'badge-direction' }, label),
    ' ',
    h('strong', {}, verdict),
    ratio === null ? null : h('span', { class: 'badge-ratio' }, ` ratio ${ratioWords(ratio)}`),
  );
}

function sideBlock(label: 'Before' | 'After', side: ReviewSideView | null, change: ReviewSiteView['change']): HTMLElement {
  if (!side) {
    return h('section', { class: 'side side-missing', 'aria-label': label }, h('h3', {}, label), h('p', { class: 'muted' }, change === 'added' ? 'Not there: the change added this site.' : 'Gone: the change removed this site.'));
  }
  return h(
    'section',
    { class: `side side-${label.toLowerCase()}`, 'aria-label': label },
    h('h3', {}, label, h('span', { class: 'side-location muted' }, ` · ${side.location}`)),
    h('p', { class: 'side-scheme' }, h('strong', {}, side.scheme), ` · ${side.network}`),
    h('p', {}, h('code', {}, side.code)),
    h('div', { class: 'badges' }, badge('forward', side), badge('backward', side)),
    h('p', { class: 'summary' }, side.summary),
    side.engine ? h('p', { class: 'caption' }, `Engine: ${side.engine}`) : null,
    side.assumptions.length > 0 ? h('div', { class: 'assumptions caption' }, h('span', {}, 'Assumed:'), h('ul', {}, ...side.assumptions.map((a) => h('li', {}, a)))) : null,
  );
}

export class SiteDetail {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { class: 'detail-heading' });
  private readonly chart = new ReviewStdChart();
  private readonly caption = h('p', { class: 'caption' }, 'Forward std of the activations per layer: a healthy init keeps it level; a line falling or rising by decades is what “vanishing” and “exploding” mean.');
  private readonly sides = h('div', { class: 'sides' });
  private readonly fix = h('p', { class: 'fix note' });
  private readonly reveal: VscodeButton;
  private site: ReviewSiteView | null = null;

  constructor(onReveal: (index: number) => void) {
    this.reveal = document.createElement('vscode-button');
    this.reveal.secondary = true;
    this.reveal.textContent = 'Go to line';
    this.reveal.addEventListener('click', () => {
      if (this.site) onReveal(this.site.index);
    });
    this.element = h(
      'section',
      { class: 'card site-detail', 'aria-live': 'polite' },
      h('div', { class: 'detail-top' }, this.heading, this.reveal),
      this.chart.element,
      this.caption,
      this.sides,
      this.fix,
    );
  }

  /** Charts drawn (0 or 1), for the test hook. */
  get chartsDrawn(): number {
    return this.site && this.chart.drawn > 0 ? 1 : 0;
  }

  exportCanvas(): HTMLCanvasElement | null {
    return this.chart.exportCanvas();
  }

  update(site: ReviewSiteView, palette: Palette): void {
    this.site = site;
    const shown = shownSide(site);
    replaceChildren(
      this.heading,
      h('span', {}, shown.location),
      h('span', { class: 'muted' }, ` · ${site.changeWords}`),
      site.regressed ? h('span', { class: 'badge tone-bad regressed-badge' }, 'regressed') : null,
    );
    this.reveal.title = site.change === 'removed' ? `Show ${shown.location} in the base version (read-only)` : `Show ${shown.location} in its editor`;
    this.chart.update(site, palette);
    replaceChildren(this.sides, sideBlock('Before', site.before, site.change), sideBlock('After', site.after, site.change));
    this.fix.hidden = site.fix === null;
    replaceChildren(this.fix, site.fix ? h('strong', {}, 'Fix: ') : null, site.fix ?? '');
  }

  redraw(palette: Palette): void {
    if (this.site) this.chart.update(this.site, palette);
  }
}
