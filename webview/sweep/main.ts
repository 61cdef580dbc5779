// Sweep panel entry: redraws the last sweep from the webview state at once, announces 'ready', and
// then draws every 'sweep' message (partial results while running, the final one after) with the
// view of its kind. Clicks become openCell / openPoint, the header's buttons cancel and reveal,
// and the export bar posts PNG, CSV and JSON as the simulation panel does.

import '../style.css';
import './style.css';
import type { ExportFormat } from '../../src/panel/protocol';
import type { ToSweepPanel } from '../../src/sweep/protocol';
import type { SweepResult } from '../../src/sweep/types';
import { applyChartDefaults } from '../chartKit';
import { h, replaceChildren } from '../dom';
import { composePng } from '../exporting';
import { ExportBar, StatusLine } from '../layout';
import { observeTheme, readPalette, type Palette } from '../theme';
import { sweepCsv } from './csv';
import { exportBaseName, statusText, sweepTitle } from './describe';
import { SweepHeader } from './header';
import { connectSweepHost, type SweepPanelState } from './hostChannel';
import { createDepthView, createGainView, createWidthView } from './lineViews';
import { SchemesView } from './schemesView';
import type { SweepView, ViewActions } from './view';

const host = connectSweepHost();
const saved = host.getState();
let palette: Palette = readPalette();
applyChartDefaults(palette);

let current: SweepPanelState | null = null;
let view: SweepView | null = null;

const actions: ViewActions = {
  openCell: (scheme, activation) => host.post({ type: 'openCell', scheme, activation }),
  openPoint: (value) => {
    if (Number.isFinite(value) && value > 0) host.post({ type: 'openPoint', value });
  },
};

const header = new SweepHeader(
  () => host.post({ type: 'reveal' }),
  () => host.post({ type: 'cancel' }),
);
const status = new StatusLine();
const exportBar = new ExportBar((format) => exportAs(format));
retitleExports();
const placeholder = h('p', { class: 'placeholder' }, 'Waiting for the sweep…');
const slot = h('div', { class: 'sweep-slot' }, placeholder);
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));

/** The shared ExportBar describes the simulation panel's files; these are the sweep's. */
function retitleExports(): void {
  const titles = [
    'All charts (and the colour legend) as one image',
    'One row per cell or point: every number, its engine, the Monte Carlo bands',
    'The whole sweep result, as the engine returned it',
  ];
  exportBar.element.querySelectorAll('vscode-button').forEach((button, i) => {
    if (titles[i]) button.title = titles[i];
  });
}

function createView(kind: SweepResult['kind']): SweepView {
  switch (kind) {
    case 'schemes':
      return new SchemesView(actions);
    case 'gain':
      return createGainView(actions);
    case 'depth':
      return createDepthView(actions);
    case 'width':
      return createWidthView(actions);
  }
}

function render(): void {
  if (!current) {
    exportBar.setEnabled(false);
    return;
  }
  const { result, origin, running } = current;
  header.update(result, origin, running);
  if (!view || view.kind !== result.kind) {
    view = createView(result.kind);
    // In the page before the first draw: chart.js sizes a canvas by its parent.
    replaceChildren(slot, view.element);
  }
  view.update(result, palette);
  exportBar.setEnabled(true);
  // For the UI test and the preview: what is shown, without reading the canvases.
  app.dataset.sweepKind = result.kind;
  app.dataset.running = String(running);
  app.dataset.complete = String(result.complete);
  app.dataset.done = String(result.done);
  app.dataset.total = String(result.total);
  reportRendered(result.done, result.complete && !running);
}

/**
 * Tells the host what the charts drew (read from the hooks the charts set while painting), after
 * the next frame so chart.js has painted: the real-editor tests check the webview through it.
 */
function reportRendered(done: number, complete: boolean): void {
  requestAnimationFrame(() => {
    const heatmaps = Array.from(slot.querySelectorAll<HTMLElement>('.heatmap-box'));
    const lines = Array.from(slot.querySelectorAll<HTMLElement>('.chart-box[data-points]'));
    const count = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : 0);
    const drawn = heatmaps.length > 0 ? Math.max(0, ...heatmaps.map((b) => count(b.dataset.cellsDrawn))) : Math.max(0, ...lines.map((b) => count(b.dataset.points)));
    const charts = heatmaps.filter((b) => count(b.dataset.cellsDrawn) > 0).length + lines.filter((b) => count(b.dataset.points) > 0).length;
    host.post({ type: 'rendered', charts, drawn, done, complete });
  });
}

function show(state: SweepPanelState): void {
  current = { result: state.result, origin: state.origin, running: state.running };
  render();
  host.setState(current);
}

function exportAs(format: ExportFormat): void {
  if (!current || !view) return;
  const { result, origin, running } = current;
  const fileName = `${exportBaseName(result)}.${format}`;
  let data: string;
  if (format === 'png') {
    const heading = [sweepTitle(result), origin.label, result.engineNote, statusText(result, running)].filter((line) => line !== '');
    data = composePng(view.exportCharts(), heading, palette);
  } else if (format === 'csv') {
    data = sweepCsv(result);
  } else {
    data = `${JSON.stringify(result, null, 2)}\n`;
  }
  host.post({ type: 'export', format, fileName, data });
}

function onMessage(message: ToSweepPanel): void {
  switch (message.type) {
    case 'sweep':
      status.showMessage('info', '');
      show({ result: message.result, origin: message.origin, running: message.running });
      return;
    case 'error':
      status.showMessage('error', `The sweep failed: ${message.message}`);
      return;
    case 'notice':
      status.showMessage(message.level, message.message);
      return;
  }
}

function isSavedState(value: unknown): value is SweepPanelState {
  const v = value as Partial<SweepPanelState> | undefined;
  return !!v && typeof v === 'object' && !!v.result && typeof v.result.kind === 'string' && !!v.origin && typeof v.running === 'boolean';
}

app.textContent = '';
app.append(header.element, status.element, slot, exportBar.element);
if (isSavedState(saved)) {
  current = saved;
  render();
} else {
  exportBar.setEnabled(false);
}
observeTheme((next) => {
  palette = next;
  applyChartDefaults(palette);
  if (current && view) view.update(current.result, palette);
});
window.addEventListener('message', (event: MessageEvent<ToSweepPanel>) => {
  if (event.data && typeof event.data === 'object' && 'type' in event.data) onMessage(event.data);
});
host.post({ type: 'ready' });
