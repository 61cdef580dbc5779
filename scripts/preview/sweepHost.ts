// A stand-in for the extension host side of the sweep panel, for the sweep preview: the data comes
// from the real sweep engine (runSweep with the in-process runner, at small sizes so it is quick),
// recorded as the snapshots onPartial delivers; a scene replays a snapshot as a running sweep, the
// final result, or a sweep really cancelled half-way. Every message from the webview goes through
// the host's validator (validateFromSweepPanel), as the real host does.
// Bundled by scripts/sweep-preview.mjs with esbuild; plain data in, plain data out.

import type { FromSweepPanel, SweepOrigin, ToSweepPanel } from '../../src/sweep/protocol';
import { runSweep } from '../../src/sweep/engine';
import { defaultDepths, defaultGains, defaultWidths, SWEEP_ACTIVATIONS, SWEEP_SCHEMES } from '../../src/sweep/presets';
import { inProcessRunner } from '../../src/sweep/runner';
import type { SweepRequest, SweepResult } from '../../src/sweep/types';
import { validateFromSweepPanel } from '../../src/sweep/validate';

export type ScenarioName = 'schemes' | 'gain' | 'depth' | 'width';

/** Small but realistic: the default grids, at sizes that run in seconds on one core. */
function request(name: ScenarioName): SweepRequest {
  switch (name) {
    case 'schemes':
      return {
        kind: 'schemes',
        depth: 30,
        width: 64,
        biasStd: 0,
        schemes: [...SWEEP_SCHEMES],
        activations: [...SWEEP_ACTIVATIONS],
        batch: 16,
        draws: 1,
        seed: 0,
        monteCarlo: 'auto',
      };
    case 'gain':
      // The cs231n line: randn * 0.01 at width 64 is gain 0.08; here the user's line is randn / √n (gain 1).
      return { kind: 'gain', depth: 30, width: 64, activation: { name: 'relu' }, biasStd: 0, gains: defaultGains(), currentGain: 1, batch: 32, draws: 4, seed: 0, monteCarlo: 'always' };
    case 'depth':
      return {
        kind: 'depth',
        init: { scheme: 'xavier_normal' },
        initLabel: 'Xavier normal',
        activation: { name: 'tanh' },
        width: 32,
        biasStd: 0.05,
        depths: defaultDepths(300),
        batch: 16,
        draws: 4,
        seed: 0,
        monteCarlo: 'always',
      };
    case 'width':
      return {
        kind: 'width',
        init: { scheme: 'he_normal' },
        initLabel: 'He normal',
        activation: { name: 'relu' },
        depth: 20,
        biasStd: 0,
        widths: defaultWidths(256),
        batch: 1,
        draws: 32,
        seed: 0,
        monteCarlo: 'always',
      };
  }
}

export const ORIGINS: Record<ScenarioName, SweepOrigin> = {
  schemes: { label: 'free-standing', canReveal: false },
  gain: { label: 'mlp.py:14 · W = np.random.randn(n, n) / np.sqrt(n)', canReveal: true },
  depth: { label: 'rnn.py:22 · nn.init.xavier_normal_(layer.weight)', canReveal: true },
  width: { label: 'model.py:31 · nn.init.kaiming_normal_(w, nonlinearity="relu")', canReveal: true },
};

export interface Recording {
  final: SweepResult;
  /** Every onPartial snapshot, in order. */
  partials: SweepResult[];
  /** The same sweep cancelled (AbortSignal) after about a third of its snapshots. */
  cancelled: SweepResult;
  ms: number;
}

const recordings = new Map<ScenarioName, Promise<Recording>>();

/** Runs each scenario once (twice: whole and cancelled) and keeps it for every scene. */
export function record(name: ScenarioName): Promise<Recording> {
  let recording = recordings.get(name);
  if (!recording) {
    recording = (async () => {
      const start = Date.now();
      const partials: SweepResult[] = [];
      const final = await runSweep(request(name), inProcessRunner(), { onPartial: (r) => partials.push(r) });
      const controller = new AbortController();
      let seen = 0;
      const stopAt = Math.max(1, Math.floor(partials.length / 3));
      const cancelled = await runSweep(request(name), inProcessRunner(), {
        signal: controller.signal,
        onPartial: () => {
          if (++seen >= stopAt) controller.abort();
        },
      });
      return { final, partials, cancelled, ms: Date.now() - start };
    })();
    recordings.set(name, recording);
  }
  return recording;
}

export interface SavedExport {
  format: string;
  fileName: string;
  data: string;
}

/** What a scene sends after 'ready'. */
export type Script = ToSweepPanel[];

/**
 * Answers one webview: replays its script after 'ready' (unless told not to), records and
 * validates what the webview posts, and answers cancel with the cancelled recording.
 */
export class SweepPreviewHost {
  readonly received: FromSweepPanel[] = [];
  readonly invalid: string[] = [];
  readonly exports: SavedExport[] = [];

  constructor(
    private readonly script: Script,
    private readonly send: (message: ToSweepPanel) => Promise<void>,
    private readonly answerReady = true,
    /** What a Cancel click gets back (the engine's own cancelled result). */
    private readonly onCancel: ToSweepPanel | null = null,
  ) {}

  async receive(raw: unknown): Promise<void> {
    let message: FromSweepPanel;
    try {
      message = validateFromSweepPanel(raw);
    } catch (error) {
      this.invalid.push(`${error instanceof Error ? error.message : String(error)}: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    this.received.push(message);
    switch (message.type) {
      case 'ready':
        if (this.answerReady) for (const m of this.script) await this.send(m);
        return;
      case 'export':
        this.exports.push({ format: message.format, fileName: message.fileName, data: message.data });
        await this.send({ type: 'notice', level: 'info', message: `Saved ${message.fileName}.` });
        return;
      case 'cancel':
        if (this.onCancel) await this.send(this.onCancel);
        return;
      case 'openCell':
        await this.send({ type: 'notice', level: 'info', message: `Opening ${message.scheme} × ${message.activation} (preview).` });
        return;
      case 'openPoint':
        await this.send({ type: 'notice', level: 'info', message: `Opening the point at ${message.value} (preview).` });
        return;
      case 'reveal':
        await this.send({ type: 'notice', level: 'info', message: 'Revealed the source line (preview).' });
        return;
    }
  }
}
