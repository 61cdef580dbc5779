// The sweep panel's header: what was swept, where it came from (with "Go to line" when the host
// can reveal it), the engine note verbatim (which engine produced which numbers), and the state:
// a progress bar with Cancel while running, "Cancelled: showing N of M" after a cancel, elapsed time.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { SweepOrigin } from '../../src/sweep/protocol';
import type { SweepResult } from '../../src/sweep/types';
import { h, replaceChildren, setHidden } from '../dom';
import { statusText, sweepState, sweepTitle } from './describe';

export class SweepHeader {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'title' }, 'Sweep');
  private readonly origin = h('div', { class: 'source' });
  private readonly engineNote = h('p', { class: 'engine-note muted' });
  private readonly state = h('span', { class: 'sweep-state', role: 'status' });
  private readonly bar: VscodeProgressBar;
  private readonly cancel: VscodeButton;
  private readonly reveal: VscodeButton;
  private cancelling = false;

  constructor(onReveal: () => void, onCancel: () => void) {
    this.bar = document.createElement('vscode-progress-bar');
    this.bar.ariaLabel = 'Sweep progress';
    this.cancel = document.createElement('vscode-button');
    this.cancel.secondary = true;
    this.cancel.textContent = 'Cancel';
    this.cancel.title = 'Stop the sweep and keep what is computed';
    this.cancel.addEventListener('click', () => {
      if (this.cancel.disabled) return;
      // Until the host confirms, say so rather than let a second click look ignored.
      this.cancelling = true;
      this.cancel.disabled = true;
      this.cancel.textContent = 'Cancelling…';
      onCancel();
    });
    this.reveal = document.createElement('vscode-button');
    this.reveal.secondary = true;
    this.reveal.textContent = 'Go to line';
    this.reveal.addEventListener('click', () => onReveal());
    this.element = h(
      'header',
      { class: 'panel-header sweep-header' },
      this.title,
      this.origin,
      this.engineNote,
      h('div', { class: 'sweep-status' }, this.bar, h('div', { class: 'sweep-status-line' }, this.state, this.cancel)),
    );
    setHidden(this.bar, true);
    setHidden(this.cancel, true);
  }

  update(result: SweepResult, origin: SweepOrigin, running: boolean): void {
    const title = sweepTitle(result);
    this.title.textContent = title;
    document.title = `Init Lens: ${title}`;
    this.reveal.title = `Show ${origin.label} in its editor`;
    replaceChildren(this.origin, h('span', { class: 'source-label' }, origin.label), origin.canReveal ? this.reveal : null);
    this.engineNote.textContent = result.engineNote;
    setHidden(this.engineNote, result.engineNote === '');
    const state = sweepState(result, running);
    this.state.textContent = statusText(result, running);
    this.state.className = `sweep-state state-${state}`;
    setHidden(this.bar, !running);
    setHidden(this.cancel, !running);
    if (running) {
      this.bar.indeterminate = result.total === 0;
      if (result.total > 0) {
        this.bar.max = result.total;
        this.bar.value = result.done;
      }
      if (!this.cancelling) {
        this.cancel.disabled = false;
        this.cancel.textContent = 'Cancel';
      }
    } else {
      this.cancelling = false;
      this.cancel.disabled = false;
      this.cancel.textContent = 'Cancel';
    }
  }
}
