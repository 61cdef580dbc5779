// Webview entry: restores the last state at once, announces 'ready', and from then on turns host
// messages (setup, running, progress, result, error, notice) into what the panel shows, and
// control changes into 'run' messages. The panel state is persisted with setState so a reload
// (or a restart, through the host's serializer) shows the same panel immediately.

import './style.css';
import type { RunOutcome, PanelLimits, PanelSetup, PanelState, ToPanel, Which } from '../src/panel/protocol';
import { initLabel } from '../src/panel/initControls';
import { compareSetup, sameNetwork, sameSetup, setupTitle, siteInit } from '../src/panel/setup';
import { applyChartDefaults } from './chartKit';
import { createFractionChart, createStdCharts, type ChartCard, type ChartInput, type DrawnRun } from './charts';
import { Controls } from './controls';
import { h } from './dom';
import { composePng, toCsv, toJson } from './exporting';
import { slug } from './format';
import { HistogramPanel } from './histograms';
import { ExportBar, Header, StatusLine, type Progress } from './layout';
import { LayerTable } from './layerTable';
import { observeTheme, readPalette, type Palette } from './theme';
import { VerdictView } from './verdictView';
import { connectToHost } from './vscodeApi';
import type { SimulationResult } from '../src/core/types';

/** What setState stores: the PanelState the host's serializer reads, plus what only the view needs. */
interface PersistedState extends PanelState {
  view?: {
    suggestion: PanelSetup | null;
    limits: PanelLimits;
    outcomes: Record<Which, RunOutcome | null>;
    histogramLayer: number;
  };
}

/** Results of deeper nets are not persisted: setState is synchronous and meant for small state. */
const MAX_PERSISTED_LAYERS = 400;
/** When a 'setup' arrives, the host may already be starting a run; only if it does not is one requested. */
const AUTO_RUN_DELAY_MS = 150;

const DEFAULT_LIMITS: PanelLimits = { depth: 10000, width: 65536, batch: 1_000_000, draws: 10000 };

interface RunningState {
  runId: number;
  done: number;
  total: number;
}

const host = connectToHost<PersistedState>();
const saved = host.getState();
let palette: Palette = readPalette();
applyChartDefaults(palette);

let panel: PanelState | null = null;
let suggestion: PanelSetup | null = null;
let limits: PanelLimits = DEFAULT_LIMITS;
const outcomes: Record<Which, RunOutcome | null> = { main: null, compare: null };
/** Partial results of runs in flight, drawn instead of the outcome until the result arrives. */
const partials: Record<Which, SimulationResult | null> = { main: null, compare: null };
const running: Record<Which, RunningState | null> = { main: null, compare: null };
/** The newest run id per side: anything older is a superseded run. */
const latestRunId: Record<Which, number> = { main: -1, compare: -1 };
let autoRun: ReturnType<typeof setTimeout> | null = null;

const header = new Header(() => host.post({ type: 'reveal' }));
const status = new StatusLine();
const controls = new Controls({
  onSetup: (setup) => {
    if (!panel) return;
    panel = { ...panel, setup, compare: panel.compare && suggestion ? compareSetup(setup, suggestion) : null };
    showControls();
    // The title names what is being simulated; the charts keep the last result until the new one arrives.
    header.update(setupTitle(panel.setup), panel.source);
    requestRun();
  },
  onProblems: (problems) => status.showProblems(problems),
  onCompare: (on) => {
    if (!panel) return;
    if (on && suggestion) {
      panel = { ...panel, compare: compareSetup(panel.setup, suggestion) };
      requestRun();
    } else {
      panel = { ...panel, compare: null };
      // The host stops a compare run still in flight instead of finishing it for nothing.
      if (running.compare) host.post({ type: 'cancel', which: 'compare' });
      outcomes.compare = null;
      partials.compare = null;
      running.compare = null;
    }
    render();
  },
  onApply: () => {
    if (panel?.source) host.post({ type: 'applyToCode', setup: panel.setup });
  },
});
const verdict = new VerdictView();
const stdCharts = createStdCharts();
const fractionChart = createFractionChart();
const chartCards: ChartCard[] = [...stdCharts, fractionChart];
const histograms = new HistogramPanel(saved?.view?.histogramLayer ?? 1, () => persistSoon());
const table = new LayerTable();
const exportBar = new ExportBar((format) => exportAs(format));

function mount(): void {
  const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
  app.textContent = '';
  app.append(
    header.element,
    controls.element,
    status.element,
    h('div', { class: 'overview' }, verdict.element, ...chartCards.map((c) => c.element)),
    histograms.element,
    table.element,
    exportBar.element,
  );
}

/**
 * The init a shown run simulated, in words. Taken from the result itself, not the controls: while a
 * new run is in flight the charts still show the previous one, and must name it.
 */
function nameOf(which: Which, fallback: string): string {
  const result = partials[which] ?? outcomes[which]?.result;
  const setup = which === 'main' ? panel?.setup : panel?.compare;
  const index = setup?.siteLayers[0] ?? 0;
  const init = result?.config.network.layers[index]?.init ?? (setup ? siteInit(setup) : null);
  return init ? initLabel(init) : fallback;
}

/** Legend names of the two runs; distinct even when both inits read the same. */
function runNames(): { main: string; compare: string } {
  const main = nameOf('main', 'main');
  const compare = nameOf('compare', 'compare');
  return { main, compare: compare === main ? `${compare} (suggested)` : compare };
}

function drawn(which: Which, name: string): DrawnRun | null {
  const partial = partials[which];
  if (partial) return { result: partial, meanField: partial.meanField, name };
  const outcome = outcomes[which];
  return outcome ? { result: outcome.result, meanField: outcome.meanField, name } : null;
}

function chartInput(): ChartInput {
  const names = runNames();
  return { main: drawn('main', names.main), compare: panel?.compare ? drawn('compare', names.compare) : null };
}

function showControls(): void {
  if (!panel) return;
  controls.show(panel.setup, { limits, suggestion, source: panel.source, compareOn: panel.compare !== null });
}

function renderCharts(): void {
  const input = chartInput();
  for (const chart of chartCards) chart.update(input, palette);
  histograms.update(input, palette);
}

function render(): void {
  if (!panel) return;
  header.update(setupTitle(panel.setup), panel.source);
  const names = runNames();
  const compare = panel.compare ? outcomes.compare : null;
  verdict.update(outcomes.main, compare, compare ? names.compare : null, panel.setup.assumptions);
  renderCharts();
  table.update(outcomes.main, compare, compare ? names.compare : null);
  exportBar.setEnabled(outcomes.main !== null);
  renderProgress();
}

function renderProgress(): void {
  const runs: Progress[] = [];
  if (running.main) runs.push({ label: 'main', ...running.main });
  if (running.compare && panel?.compare) runs.push({ label: 'compare', ...running.compare });
  status.showProgress(runs);
}

function outcomeMatches(outcome: RunOutcome | null, setup: PanelSetup | null): boolean {
  if (!outcome || !setup) return false;
  const options = outcome.result.config.options;
  return (
    sameNetwork(outcome.result.config.network, setup.network) &&
    options.batch === setup.options.batch &&
    options.seeds === setup.options.draws &&
    options.seed === setup.options.seed &&
    options.engine === setup.options.engine
  );
}

let lastRequest: string | null = null;

function requestRun(): void {
  if (!panel) return;
  if (autoRun !== null) clearTimeout(autoRun);
  autoRun = null;
  lastRequest = JSON.stringify([panel.setup, panel.compare]);
  host.post({ type: 'run', setup: panel.setup, compare: panel.compare });
  persist();
}

function persist(): void {
  if (!panel) return;
  const small = (o: RunOutcome | null) => (o && o.result.layers.length <= MAX_PERSISTED_LAYERS ? o : null);
  host.setState({
    ...panel,
    view: { suggestion, limits, outcomes: { main: small(outcomes.main), compare: small(outcomes.compare) }, histogramLayer: histograms.selectedLayer },
  });
}

let persistTimer: ReturnType<typeof setTimeout> | null = null;

/** For the slider: setState serializes the outcomes, too much to do on every arrow key. */
function persistSoon(): void {
  if (persistTimer !== null) clearTimeout(persistTimer);
  persistTimer = setTimeout(() => {
    persistTimer = null;
    persist();
  }, 400);
}

function onSetup(message: Extract<ToPanel, { type: 'setup' }>): void {
  const changed = !panel || !sameSetup(panel.setup, message.state.setup) || !sameSetup(panel.compare, message.state.compare);
  // Only the PanelState fields: whatever else the host echoes back is not ours to keep.
  panel = { source: message.state.source, setup: message.state.setup, compare: message.state.compare };
  suggestion = message.suggestion;
  limits = message.limits;
  // A compare overlay without a suggestion to compare with cannot be kept.
  if (panel.compare && !suggestion) panel = { ...panel, compare: null };
  if (!panel.compare) outcomes.compare = null;
  showControls();
  render();
  persist();
  const upToDate = outcomeMatches(outcomes.main, panel.setup) && (!panel.compare || outcomeMatches(outcomes.compare, panel.compare));
  if (upToDate || (!changed && lastRequest === JSON.stringify([panel.setup, panel.compare]))) return;
  if (autoRun !== null) clearTimeout(autoRun);
  autoRun = setTimeout(requestRun, AUTO_RUN_DELAY_MS);
}

function isCurrent(which: Which, runId: number): boolean {
  return runId >= latestRunId[which];
}

function onMessage(message: ToPanel): void {
  switch (message.type) {
    case 'setup':
      onSetup(message);
      return;
    case 'running':
      if (autoRun !== null) clearTimeout(autoRun);
      autoRun = null;
      latestRunId[message.which] = Math.max(latestRunId[message.which], message.runId);
      running[message.which] = { runId: message.runId, done: 0, total: 0 };
      status.showMessage('info', '');
      renderProgress();
      return;
    case 'progress': {
      if (!isCurrent(message.which, message.runId)) return;
      running[message.which] = { runId: message.runId, done: message.layersDone, total: message.layersTotal };
      if (message.partial && message.partial.layers.length > 0) {
        partials[message.which] = message.partial;
        renderCharts();
      }
      renderProgress();
      return;
    }
    case 'result':
      if (!isCurrent(message.which, message.runId)) return;
      if (message.which === 'compare' && !panel?.compare) return;
      outcomes[message.which] = message.outcome;
      partials[message.which] = null;
      running[message.which] = null;
      render();
      persist();
      return;
    case 'error':
      if (!isCurrent(message.which, message.runId)) return;
      partials[message.which] = null;
      running[message.which] = null;
      status.showMessage('error', `${message.which === 'compare' ? 'The compare run' : 'The simulation'} failed: ${message.message}`);
      render();
      return;
    case 'notice':
      status.showMessage(message.level, message.message);
      return;
  }
}

function exportAs(format: 'png' | 'csv' | 'json'): void {
  const main = outcomes.main;
  if (!panel || !main) return;
  const title = setupTitle(panel.setup);
  const compare = panel.compare ? outcomes.compare : null;
  const fileName = `init-lens-${slug(title)}.${format}`;
  let data: string;
  if (format === 'png') {
    const charts = [
      ...chartCards.flatMap((c) => {
        const canvas = c.exportCanvas();
        return canvas ? [{ title: c.title, canvas }] : [];
      }),
      ...histograms.exportCanvases(),
    ];
    const heading = [title, `Forward ${main.verdict.forward}, backward ${main.verdict.backward} · engine ${main.result.engine}`];
    if (compare) heading.push(`Compare: ${runNames().compare} — forward ${compare.verdict.forward}, backward ${compare.verdict.backward}`);
    data = composePng(charts, heading, palette);
  } else if (format === 'csv') {
    data = toCsv(main, compare);
  } else {
    data = toJson(title, main, compare);
  }
  host.post({ type: 'export', format, fileName, data });
}

function restore(): void {
  if (!saved || !saved.setup || !Array.isArray(saved.setup.network?.layers) || saved.setup.network.layers.length === 0) return;
  panel = { source: saved.source ?? null, setup: saved.setup, compare: saved.compare ?? null };
  suggestion = saved.view?.suggestion ?? null;
  limits = saved.view?.limits ?? DEFAULT_LIMITS;
  outcomes.main = saved.view?.outcomes.main ?? null;
  outcomes.compare = saved.view?.outcomes.compare ?? null;
  showControls();
  render();
}

mount();
restore();
observeTheme((next) => {
  palette = next;
  applyChartDefaults(palette);
  renderCharts();
});
window.addEventListener('message', (event: MessageEvent<ToPanel>) => {
  if (event.data && typeof event.data === 'object' && 'type' in event.data) onMessage(event.data);
});
host.post({ type: 'ready' });
