// One simulation panel: waits for the webview's `ready`, sends its state, runs what the
// controls ask for on the worker pool (validated first), streams progress and partial
// results, and saves exports. The previous result stays on screen until a new one arrives.

import * as vscode from 'vscode';
import { aggregateDraws, LIMITS, planSimulation } from '../core/simulate';
import type { SimulationResult } from '../core/types';
import type { DrawResult } from '../core/dense';
import { diagnose } from '../diagnose/verdict';
import type { PanelSetup, PanelState, ToPanel, Which } from '../panel/protocol';
import { setupTitle } from '../panel/setup';
import { toSimulationOptions, validateFromPanel } from '../panel/validate';
import type { InitLensSettings } from '../settings/defaults';
import type { SimulationPool } from '../worker/pool';
import { validMessage, wirePanel } from './panelWiring';
import { revealLine, saveExport } from './saveExport';
import { suggestionFor } from './panelState';

export interface PanelHost {
  pool: SimulationPool;
  extensionUri: vscode.Uri;
  settings(): InitLensSettings;
  /** Writes the setup's init back to the panel's source line; returns a message for the status line. */
  applyToCode(state: PanelState, setup: PanelSetup): Promise<string>;
}

/** Histogram bins in the panel (the lens and hover need none). */
const PANEL_BINS = 40;
/** At most this many partial results per second reach the webview. */
const PARTIAL_INTERVAL_MS = 150;

let nextPanelId = 1;

export class SimulationPanel implements vscode.Disposable {
  readonly id = `panel-${nextPanelId++}`;
  private ready = false;
  private runId = 0;
  private readonly controllers = new Map<Which, AbortController>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** Messages the webview sent that failed validation (tests read it through initLens.state). */
  rejected = 0;
  lastVerdict: string | null = null;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public state: PanelState,
    private readonly host: PanelHost,
    private notice: string | null = null,
  ) {
    this.disposables.push(...wirePanel(panel, host.extensionUri, setupTitle(state.setup), 'webview', (raw) => void this.receive(raw), () => this.dispose()));
    panel.title = this.title();
  }

  /** Shows another state (the lens was clicked again after an edit). */
  show(state: PanelState, notice: string | null = null): void {
    this.state = state;
    this.notice = notice;
    this.panel.title = this.title();
    this.panel.reveal(undefined, false);
    if (this.ready) this.sendSetup();
  }

  dispose(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }

  private title(): string {
    return `Init Lens: ${this.state.source?.label ?? setupTitle(this.state.setup)}`;
  }

  private post(message: ToPanel): void {
    void this.panel.webview.postMessage(message);
  }

  private sendSetup(): void {
    const limits = { depth: LIMITS.depth, width: LIMITS.width, batch: LIMITS.batch, draws: LIMITS.seeds };
    this.post({ type: 'setup', state: this.state, suggestion: suggestionFor(this.state.setup), limits });
    if (this.notice) this.post({ type: 'notice', level: 'info', message: this.notice });
    this.run(this.state.setup, this.state.compare);
  }

  /** A message that failed validation: counted (the editor tests read it) and shown in the panel. */
  private reject(notice: string): void {
    this.rejected++;
    this.post({ type: 'notice', level: 'error', message: notice });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = validMessage(raw, validateFromPanel, (notice) => this.reject(notice));
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSetup();
        return;
      case 'run':
        this.state = { ...this.state, setup: message.setup, compare: message.compare };
        this.run(message.setup, message.compare);
        return;
      case 'applyToCode':
        try {
          const text = await this.host.applyToCode(this.state, message.setup);
          this.post({ type: 'notice', level: 'info', message: text });
        } catch (error) {
          this.post({ type: 'notice', level: 'error', message: error instanceof Error ? error.message : String(error) });
        }
        return;
      case 'export':
        this.post(await saveExport(message.format, message.fileName, message.data));
        return;
      case 'reveal':
        await this.reveal();
        return;
      case 'cancel':
        this.controllers.get(message.which)?.abort();
        if (message.which === 'compare') this.state = { ...this.state, compare: null };
        return;
    }
  }

  private run(setup: PanelSetup, compare: PanelSetup | null): void {
    this.runOne('main', setup);
    if (compare) this.runOne('compare', compare);
    else this.controllers.get('compare')?.abort();
  }

  private runOne(which: Which, setup: PanelSetup): void {
    this.controllers.get(which)?.abort();
    const controller = new AbortController();
    this.controllers.set(which, controller);
    const runId = ++this.runId;
    const options = toSimulationOptions(setup.options, PANEL_BINS);
    this.post({ type: 'running', runId, which });
    const draws = new Map<number, DrawResult>();
    let lastPartial = 0;
    const thresholds = this.host.settings().thresholds;
    this.host.pool
      .run({
        key: `${this.id}:${which}`,
        network: setup.network,
        options,
        signal: controller.signal,
        onProgress: (event) => {
          let partial: SimulationResult | null = null;
          if (event.kind === 'draw') {
            draws.set(event.draw, event.result);
            const now = Date.now();
            if (now - lastPartial >= PARTIAL_INTERVAL_MS && event.drawsDone < event.drawsTotal) {
              lastPartial = now;
              partial = partialResult(setup, options, [...draws.values()]);
            }
          }
          this.post({ type: 'progress', runId, which, layersDone: event.layersDone, layersTotal: event.layersTotal, partial });
        },
      })
      .then(
        (result) => {
          if (controller.signal.aborted) return;
          const verdict = diagnose(result, thresholds);
          if (which === 'main') this.lastVerdict = `${verdict.forward}/${verdict.backward}`;
          this.post({ type: 'result', runId, which, outcome: { result, verdict, meanField: result.meanField, engineReason: result.engineReason } });
        },
        (error: unknown) => {
          if (error instanceof Error && error.name === 'CancelledError') return;
          this.post({ type: 'error', runId, which, message: error instanceof Error ? error.message : String(error) });
        },
      );
  }

  private async reveal(): Promise<void> {
    if (this.state.source) await revealLine(this.state.source.uri, this.state.source.line);
  }
}

/** The draws finished so far, aggregated like the final result (bands need 2 draws or more). */
function partialResult(setup: PanelSetup, options: ReturnType<typeof toSimulationOptions>, draws: DrawResult[]): SimulationResult {
  const { layers, overflow } = aggregateDraws(draws);
  const plan = planSimulation(setup.network, options);
  return {
    config: { network: setup.network, options },
    engine: plan.engine,
    engineReason: `partial: ${draws.length} of ${options.seeds} draws (${plan.engineReason})`,
    layers,
    meanField: null,
    overflow,
  };
}
