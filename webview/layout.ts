// The panel's frame: header (title, source line, reveal), status line with progress, validation
// problems, and the export toolbar. The sections with data live in their own modules.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { ExportFormat, PanelSource } from '../src/panel/protocol';
import { h, replaceChildren, setHidden } from './dom';

export class Header {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'title' });
  private readonly source = h('div', { class: 'source' });

  constructor(private readonly onReveal: () => void) {
    this.element = h('header', { class: 'panel-header' }, this.title, this.source);
  }

  update(title: string, source: PanelSource | null): void {
    this.title.textContent = title;
    document.title = `Init Lens: ${title}`;
    if (!source) {
      replaceChildren(this.source, h('span', { class: 'muted' }, 'Not tied to a line of code.'));
      return;
    }
    const reveal = h('button', { type: 'button', class: 'link', title: `Show ${source.label} in its editor` }, 'reveal');
    reveal.addEventListener('click', () => this.onReveal());
    replaceChildren(this.source, h('span', { class: 'source-label' }, source.label), ' ', h('code', { class: 'source-text' }, source.text), ' ', reveal);
  }
}

export interface Progress {
  label: string;
  done: number;
  total: number;
}

/** Progress of the runs in flight, and the last notice or error. */
export class StatusLine {
  readonly element: HTMLElement;
  private readonly bar: VscodeProgressBar;
  private readonly progressText = h('span', { class: 'progress-text' });
  private readonly progress: HTMLElement;
  private readonly message = h('p', { class: 'status-message', role: 'status' });
  private readonly problems = h('div', { class: 'problems', role: 'alert' });

  constructor() {
    this.bar = document.createElement('vscode-progress-bar');
    this.bar.ariaLabel = 'Simulation progress';
    this.progress = h('div', { class: 'progress' }, this.bar, this.progressText);
    this.element = h('div', { class: 'status' }, this.problems, this.progress, this.message);
    setHidden(this.progress, true);
  }

  showProgress(runs: Progress[]): void {
    setHidden(this.progress, runs.length === 0);
    if (runs.length === 0) return;
    const done = runs.reduce((s, r) => s + r.done, 0);
    const total = runs.reduce((s, r) => s + r.total, 0);
    this.bar.indeterminate = total === 0;
    if (total > 0) {
      this.bar.max = total;
      this.bar.value = done;
    }
    this.progressText.textContent = `Simulating ${runs.map((r) => (r.total > 0 ? `${r.label} ${r.done}/${r.total} layer steps` : `${r.label}…`)).join(', ')}. The last result stays shown until the new one is ready.`;
  }

  showMessage(level: 'info' | 'error', text: string): void {
    this.message.textContent = text;
    this.message.className = `status-message ${level === 'error' ? 'error' : ''}`;
    this.message.setAttribute('role', level === 'error' ? 'alert' : 'status');
  }

  showProblems(problems: string[]): void {
    if (problems.length === 0) replaceChildren(this.problems);
    else replaceChildren(this.problems, h('p', { class: 'problem-lead' }, 'Not simulated:'), ...problems.map((p) => h('p', { class: 'problem' }, p)));
  }
}

export class ExportBar {
  readonly element: HTMLElement;
  private readonly buttons: VscodeButton[];

  constructor(onExport: (format: ExportFormat) => void) {
    const make = (format: ExportFormat, label: string, title: string) => {
      const button = document.createElement('vscode-button');
      button.secondary = true;
      button.textContent = label;
      button.title = title;
      button.addEventListener('click', () => {
        if (!button.disabled) onExport(format);
      });
      return button;
    };
    this.buttons = [
      make('png', 'Export PNG', 'All charts as one image'),
      make('csv', 'Export CSV', 'One row per layer: std, p5/p95, mean-field, saturated, dead'),
      make('json', 'Export JSON', 'The full outcome: result, verdict, mean-field'),
    ];
    this.element = h('div', { class: 'export-bar', role: 'toolbar', 'aria-label': 'Export' }, ...this.buttons);
  }

  setEnabled(enabled: boolean): void {
    for (const button of this.buttons) button.disabled = !enabled;
  }
}
