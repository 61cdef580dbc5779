// The review panel's header: base → head (refs and commits), the counts as badges (changed,
// regressed), what else the CLI says (files changed, sites not listed, the defaults), and while
// a review runs, a progress bar with what it is doing.

import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { ReviewEndpointView, ReviewReportView } from '../../src/review/panelProtocol';
import { h, replaceChildren, setHidden } from '../dom';
import { countsText } from './describe';

function endpoint(role: string, e: ReviewEndpointView): HTMLElement {
  const commit = e.commit === null ? null : e.mergeBase ? `merge base ${e.commit.slice(0, 12)}` : e.commit.slice(0, 12);
  return h(
    'span',
    { class: 'endpoint', title: e.words },
    h('span', { class: 'endpoint-role' }, role),
    ' ',
    e.commit === null ? h('strong', {}, e.ref) : h('code', { class: 'endpoint-ref' }, e.ref),
    commit ? h('span', { class: 'endpoint-commit muted' }, ` ${commit}`) : null,
  );
}

export class ReviewHeader {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'title' }, 'Initialization review');
  private readonly range = h('div', { class: 'review-range' });
  private readonly counts = h('div', { class: 'badges review-counts', role: 'status' });
  private readonly notes = h('p', { class: 'caption review-notes' });
  private readonly bar: VscodeProgressBar;
  private readonly progressText = h('span', { class: 'progress-text' });
  private readonly progress: HTMLElement;

  constructor() {
    this.bar = document.createElement('vscode-progress-bar');
    this.bar.ariaLabel = 'Review progress';
    this.bar.indeterminate = true;
    this.progress = h('div', { class: 'progress' }, this.bar, this.progressText);
    setHidden(this.progress, true);
    this.element = h('header', { class: 'panel-header review-header' }, this.title, this.range, this.counts, this.notes, this.progress);
  }

  update(report: ReviewReportView | null): void {
    if (!report) {
      replaceChildren(this.range, h('span', { class: 'muted' }, 'Comparing the working tree with a base commit…'));
      replaceChildren(this.counts);
      this.notes.textContent = '';
      return;
    }
    document.title = `Init Lens: review since ${report.base.ref}`;
    replaceChildren(this.range, endpoint('base', report.base), h('span', { class: 'arrow', 'aria-label': 'to' }, ' → '), endpoint('head', report.head));
    const { changed, regressed } = report.counts;
    replaceChildren(
      this.counts,
      h('span', { class: 'badge tone-neutral', title: report.headline }, h('strong', {}, String(changed)), ` ${changed === 1 ? 'site' : 'sites'} changed`),
      h('span', { class: `badge ${regressed > 0 ? 'tone-bad' : 'tone-good'}`, title: 'A verdict got worse: healthy < drifting < any problem (a new problem counts)' }, h('strong', {}, String(regressed)), ' regressed'),
      h('span', { class: 'visually-hidden' }, countsText(report)),
    );
    const files = `${report.filesChanged} Python/notebook ${report.filesChanged === 1 ? 'file' : 'files'} changed`;
    this.notes.textContent = `${[`${files}: ${report.headline}`, report.omitted, `Defaults where the code does not say: ${report.defaults}`].filter((t) => t !== null).join('. ')}.`;
  }

  showProgress(message: string | null): void {
    setHidden(this.progress, message === null);
    this.progressText.textContent = message ?? '';
  }
}
