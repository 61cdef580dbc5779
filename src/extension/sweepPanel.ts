// One sweep panel: runs its sweep on the worker pool (all workers), streams partial results to
// the webview once it is ready, stops on Cancel (notification or panel) keeping what finished,
// opens the single simulation behind a cell or point, and saves exports.

import * as vscode from 'vscode';
import { getActivation } from '../core/activations';
import { resolveInit } from '../core/schemes';
import type { NetworkSpec } from '../core/types';
import type { PanelSetup, PanelState, RunOptions } from '../panel/protocol';
import type { InitLensSettings } from '../settings/defaults';
import { runSweep } from '../sweep/engine';
import { gainInit, squareNetwork } from '../sweep/networks';
import type { SweepOrigin, ToSweepPanel } from '../sweep/protocol';
import { poolRunner } from '../sweep/runner';
import type { SweepRequest, SweepResult } from '../sweep/types';
import { validateFromSweepPanel } from '../sweep/validate';
import type { SimulationPool } from '../worker/pool';
import { validMessage, wirePanel } from './panelWiring';
import { revealLine, saveExport } from './saveExport';

export interface SweepPanelHost {
  pool: SimulationPool;
  extensionUri: vscode.Uri;
  settings(): InitLensSettings;
  /** Opens a simulation panel for one cell or point. */
  openSimulation(state: PanelState): void;
}

/** At most this many partial results per second reach the webview. */
const PARTIAL_INTERVAL_MS = 150;

const KIND_TITLES: Readonly<Record<SweepRequest['kind'], string>> = {
  schemes: 'Schemes × activations',
  gain: 'Gain sweep',
  depth: 'Depth sweep',
  width: 'Width sweep',
};

let nextSweepId = 1;

export class SweepPanel implements vscode.Disposable {
  readonly id = `sweep-${nextSweepId++}`;
  private ready = false;
  private running = false;
  private controller: AbortController | null = null;
  private lastPost = 0;
  private error: string | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** The latest result (partial while running). */
  latest: SweepResult | null = null;
  /** Messages the webview sent that failed validation (tests read it through initLens.state). */
  rejected = 0;
  /** What openCell / openPoint opened last, for tests. */
  lastOpened: string | null = null;
  /** What the webview last reported drawing. */
  rendered: { charts: number; drawn: number; done: number; complete: boolean } | null = null;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: SweepPanelHost,
    readonly origin: SweepOrigin,
    private readonly source: { uri: string; line: number } | null,
    latest: SweepResult | null = null,
  ) {
    this.latest = latest;
    this.disposables.push(...wirePanel(panel, host.extensionUri, panel.title, 'sweepView', (raw) => void this.receive(raw), () => this.dispose()));
  }

  static title(request: SweepRequest): string {
    return `Init Lens: ${KIND_TITLES[request.kind]}`;
  }

  /**
   * Runs the sweep with a progress notification whose Cancel (like the panel's) keeps what was
   * computed. Resolves with the final result, or null when the sweep failed (the panel shows why).
   */
  run(request: SweepRequest): Thenable<SweepResult | null> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.error = null;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${SweepPanel.title(request)}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          const result = await runSweep(request, poolRunner(this.host.pool), {
            signal: controller.signal,
            thresholds: this.host.settings().thresholds,
            onPartial: (partial) => {
              this.latest = partial;
              const fraction = partial.total > 0 ? (100 * partial.done) / partial.total : 0;
              progress.report({ increment: fraction - reported, message: `${partial.done} of ${partial.total} runs` });
              reported = fraction;
              this.postLatest(false);
            },
          });
          this.latest = result;
          return result;
        } catch (error) {
          this.error = error instanceof Error ? error.message : String(error);
          void vscode.window.showErrorMessage(`Init Lens: the sweep failed: ${this.error}`);
          return null;
        } finally {
          if (this.controller === controller) {
            this.running = false;
            this.controller = null;
          }
          this.postLatest(true);
        }
      },
    );
  }

  cancel(): void {
    this.controller?.abort();
  }

  get isRunning(): boolean {
    return this.running;
  }

  dispose(): void {
    this.controller?.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }

  private post(message: ToSweepPanel): void {
    void this.panel.webview.postMessage(message);
  }

  private postLatest(force: boolean): void {
    if (!this.ready) return;
    const now = Date.now();
    if (!force && now - this.lastPost < PARTIAL_INTERVAL_MS) return;
    this.lastPost = now;
    if (this.latest) this.post({ type: 'sweep', result: this.latest, origin: this.origin, running: this.running });
    if (force && this.error) this.post({ type: 'error', message: this.error });
  }

  /** Handles a message as if the webview sent it (validation included); tests use it. */
  async receiveForTest(raw: unknown): Promise<void> {
    await this.receive(raw);
  }

  /** A message that failed validation: counted (the editor tests read it) and shown in the panel. */
  private reject(notice: string): void {
    this.rejected++;
    this.post({ type: 'notice', level: 'error', message: notice });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = validMessage(raw, validateFromSweepPanel, (notice) => this.reject(notice));
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postLatest(true);
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'rendered':
        this.rendered = { charts: message.charts, drawn: message.drawn, done: message.done, complete: message.complete };
        return;
      case 'reveal':
        if (this.source) await revealLine(this.source.uri, this.source.line);
        return;
      case 'export':
        this.post(await saveExport(message.format, message.fileName, message.data));
        return;
      case 'openCell':
      case 'openPoint':
        try {
          const network = message.type === 'openCell' ? this.cellNetwork(message.scheme, message.activation) : this.pointNetwork(message.value);
          this.host.openSimulation(simulationState(network, this.latest?.request, this.host.settings()));
          this.lastOpened = message.type === 'openCell' ? `${message.scheme}×${message.activation}` : `${this.latest?.kind}=${message.value}`;
        } catch (error) {
          this.post({ type: 'notice', level: 'error', message: error instanceof Error ? error.message : String(error) });
        }
        return;
    }
  }

  private cellNetwork(scheme: string, activation: string): NetworkSpec {
    const result = this.latest;
    if (result?.kind !== 'schemes') throw new Error('This panel shows no schemes × activations sweep.');
    const cell = result.cells.find((c) => c.scheme === scheme && c.activation === activation);
    if (!cell) throw new Error(`No cell ${scheme} × ${activation} has been computed.`);
    const r = result.request;
    // Saved state comes back from the webview: re-validate what goes into a simulation.
    resolveInit(cell.init, r.width, r.width);
    getActivation(cell.activationSpec);
    return squareNetwork(cell.init, cell.activationSpec, r.depth, r.width, r.biasStd);
  }

  private pointNetwork(value: number): NetworkSpec {
    const result = this.latest;
    if (!result || result.kind === 'schemes') throw new Error('This panel shows no gain, depth or width sweep.');
    const r = result.request;
    const near = (xs: readonly number[]) => xs.find((x) => Math.abs(x - value) <= 1e-9 * Math.max(1, Math.abs(x)));
    switch (r.kind) {
      case 'gain': {
        const gain = near(r.gains);
        if (gain === undefined) throw new Error(`Gain ${value} is not a point of this sweep.`);
        return squareNetwork(gainInit(gain, r.width), r.activation, r.depth, r.width, r.biasStd);
      }
      case 'depth': {
        const depth = near(r.depths);
        if (depth === undefined) throw new Error(`Depth ${value} is not a point of this sweep.`);
        return squareNetwork(r.init, r.activation, depth, r.width, r.biasStd);
      }
      case 'width': {
        const width = near(r.widths);
        if (width === undefined) throw new Error(`Width ${value} is not a point of this sweep.`);
        return squareNetwork(r.init, r.activation, r.depth, width, r.biasStd);
      }
      default:
        throw new Error('This panel shows no gain, depth or width sweep.');
    }
  }
}

function simulationState(network: NetworkSpec, request: SweepRequest | undefined, settings: InitLensSettings): PanelState {
  const options: RunOptions = { batch: request?.batch ?? settings.defaultBatch, draws: settings.draws, seed: settings.seed, engine: settings.engine };
  const setup: PanelSetup = { network, siteLayers: network.layers.map((_, i) => i), shape: 'square', options, assumptions: [] };
  return { source: null, setup, compare: null };
}

