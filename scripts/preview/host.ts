// A stand-in for the extension host side of the simulation panel, for the preview harness: it
// answers the webview's messages as panel.ts does, and really simulates with the core (on this
// Node thread, draw by draw, so progress and partial results arrive as they would from the pool).
// Bundled by scripts/webview-preview.mjs with esbuild; plain data in, plain data out.

import { CancelledError } from '../../src/core/cancel';
import { finishSimulation, LIMITS, planSimulation, runDraw } from '../../src/core/simulate';
import { meanFieldForNetwork } from '../../src/core/theory';
import type { LayerSpec, SimulationOptions } from '../../src/core/types';
import type { DrawResult } from '../../src/core/dense';
import { diagnose } from '../../src/diagnose/verdict';
import { recommendedInit } from '../../src/diagnose/fixes';
import type { FromPanel, PanelLimits, PanelSetup, PanelSource, PanelState, ToPanel, Which } from '../../src/panel/protocol';
import { siteActivation, squareSetup, withInit } from '../../src/panel/setup';

export const PREVIEW_LIMITS: PanelLimits = { depth: LIMITS.depth, width: LIMITS.width, batch: LIMITS.batch, draws: LIMITS.seeds };

export interface Scenario {
  state: PanelState;
  suggestion: PanelSetup | null;
}

const options = { batch: 128, draws: 8, seed: 0, engine: 'auto' as const };

function suggestionFor(setup: PanelSetup): PanelSetup {
  return withInit(setup, recommendedInit(siteActivation(setup)).init);
}

function source(label: string, text: string): PanelSource {
  return { uri: 'file:///work/example.py', line: 13, siteKey: 'example:14', framework: 'numpy', text, label };
}

/** The situations the screenshots show: a vanishing classic, a healthy deep net, a stack, an explosion. */
export function scenario(name: string): Scenario {
  switch (name) {
    case 'cs231n': {
      // The cs231n lecture example: std 0.01 with tanh, 10 layers of 500; compare shows Xavier.
      const setup = squareSetup({ scheme: 'normal', std: 0.01 }, { name: 'tanh' }, 10, 500, options, [
        'batch 128 (assumed: setting initLens.defaultBatch)',
      ]);
      const suggestion = suggestionFor(setup);
      return { state: { source: source('cs231n.py:14', 'W = np.random.randn(fan_in, fan_out) * 0.01'), setup, compare: suggestion }, suggestion };
    }
    case 'he-deep': {
      const setup = squareSetup({ scheme: 'he_normal', nonlinearity: 'relu' }, { name: 'relu' }, 50, 256, options, [
        'depth 50 (assumed: setting initLens.defaultDepth)',
        'width 256 (assumed: setting initLens.defaultWidth)',
      ]);
      return { state: { source: source('model.py:31', "nn.init.kaiming_normal_(layer.weight, nonlinearity='relu')"), setup, compare: null }, suggestion: null };
    }
    case 'stack': {
      const relu = { name: 'relu' as const };
      const torch = { scheme: 'torch_default' as const };
      const layers: LayerSpec[] = [
        { fanIn: 784, fanOut: 512, init: torch, activation: relu },
        { fanIn: 512, fanOut: 256, init: torch, activation: relu },
        { fanIn: 256, fanOut: 10, init: torch, activation: { name: 'linear' } },
      ];
      const setup: PanelSetup = { network: { inputWidth: 784, layers }, siteLayers: [1], shape: 'stack', options, assumptions: ['batch 128 (assumed: setting initLens.defaultBatch)'] };
      return { state: { source: null, setup, compare: null }, suggestion: suggestionFor(setup) };
    }
    case 'exploding': {
      // std 1 with ReLU at width 64: every layer multiplies the variance by 32, past 1e308 near layer 410.
      const setup = squareSetup({ scheme: 'normal', std: 1 }, { name: 'relu' }, 450, 64, { ...options, draws: 4 });
      return { state: { source: source('net.py:7', 'w = torch.randn(64, 64)'), setup, compare: null }, suggestion: suggestionFor(setup) };
    }
    case 'sigmoid': {
      const setup = squareSetup({ scheme: 'normal', std: 1 }, { name: 'sigmoid' }, 20, 256, options);
      const suggestion = suggestionFor(setup);
      return { state: { source: source('old.py:3', 'W = np.random.randn(256, 256)'), setup, compare: suggestion }, suggestion };
    }
    case 'zeros': {
      // Every std is exactly 0: nothing may reach a log axis, and the verdict is "symmetric".
      const setup = squareSetup({ scheme: 'zeros' }, { name: 'relu' }, 8, 128, options);
      return { state: { source: source('bad.py:2', 'nn.init.zeros_(layer.weight)'), setup, compare: null }, suggestion: suggestionFor(setup) };
    }
    default:
      throw new Error(`Unknown preview scenario "${name}" (cs231n, he-deep, stack, exploding, sigmoid, zeros).`);
  }
}

export interface SavedExport {
  format: string;
  fileName: string;
  data: string;
}

/**
 * Answers one webview. `send` delivers a message to the page; runs are sequential and a new 'run'
 * cancels the one in flight between draws, as the real host does.
 */
export class PreviewHost {
  readonly received: FromPanel[] = [];
  readonly exports: SavedExport[] = [];
  private runId = 0;
  private generation = 0;
  private busy: Promise<void> = Promise.resolve();
  private results = 0;

  constructor(
    private readonly current: Scenario,
    private readonly send: (message: ToPanel) => Promise<void>,
    /** Whether to answer 'ready' with 'setup' (off to look at a restored panel before the host speaks). */
    private readonly answerReady = true,
    /** Pause after each draw, to look at a run in progress. */
    private readonly drawDelayMs = 0,
  ) {}

  /** Resolves once every requested run has finished. */
  idle(): Promise<void> {
    return this.busy;
  }

  get resultCount(): number {
    return this.results;
  }

  receive(message: FromPanel): void {
    this.received.push(message);
    switch (message.type) {
      case 'ready':
        if (this.answerReady) void this.send({ type: 'setup', state: this.current.state, suggestion: this.current.suggestion, limits: PREVIEW_LIMITS });
        return;
      case 'run': {
        const generation = ++this.generation;
        this.current.state = { ...this.current.state, setup: message.setup, compare: message.compare };
        this.busy = this.busy.then(() => this.runBoth(message.setup, message.compare, generation));
        return;
      }
      case 'export':
        this.exports.push({ format: message.format, fileName: message.fileName, data: message.data });
        void this.send({ type: 'notice', level: 'info', message: `Saved ${message.fileName}.` });
        return;
      case 'applyToCode':
        void this.send({ type: 'notice', level: 'info', message: 'Applied to code (preview: nothing is written).' });
        return;
      case 'reveal':
        void this.send({ type: 'notice', level: 'info', message: 'Revealed the source line (preview).' });
        return;
    }
  }

  private async runBoth(setup: PanelSetup, compare: PanelSetup | null, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    await this.runOne('main', setup, generation);
    if (compare) await this.runOne('compare', compare, generation);
  }

  private async runOne(which: Which, setup: PanelSetup, generation: number): Promise<void> {
    const runId = ++this.runId;
    await this.send({ type: 'running', runId, which });
    const simulation: SimulationOptions = { batch: setup.options.batch, seeds: setup.options.draws, seed: setup.options.seed, rng: 'xoshiro', engine: setup.options.engine, bins: 40 };
    try {
      const network = setup.network;
      const plan = planSimulation(network, simulation);
      const meanField = meanFieldForNetwork(network, simulation.batch);
      const draws: DrawResult[] = [];
      const total = plan.engine === 'mean-field' ? 1 : simulation.seeds * network.layers.length * 2;
      if (plan.engine !== 'mean-field') {
        for (let d = 0; d < simulation.seeds; d++) {
          draws.push(runDraw(network, simulation, plan.engine, d, { isCancelled: () => generation !== this.generation }));
          const partial = finishSimulation(network, simulation, plan, draws, meanField);
          await this.send({ type: 'progress', runId, which, layersDone: (d + 1) * network.layers.length * 2, layersTotal: total, partial });
          // Let a newer 'run' arrive (and cancel this one) between draws.
          await new Promise((resolve) => (this.drawDelayMs > 0 ? setTimeout(resolve, this.drawDelayMs) : setImmediate(resolve)));
          if (generation !== this.generation) throw new CancelledError();
        }
      }
      const result = finishSimulation(network, simulation, plan, draws, meanField);
      this.results++;
      await this.send({ type: 'result', runId, which, outcome: { result, verdict: diagnose(result), meanField: result.meanField, engineReason: result.engineReason } });
    } catch (error) {
      if (error instanceof CancelledError) return;
      await this.send({ type: 'error', runId, which, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
