// Messages between the extension host and the simulation panel (webview). Defined once; both
// sides import it. The host validates every message from the webview (validateFromPanel)
// before use: a webview is a browser page, and its messages are untrusted input.

import type { EngineName, MeanFieldResult, NetworkSpec, SimulationResult } from '../core/types';
import type { Verdict } from '../diagnose/verdict';
import type { Framework } from '../parse/types';

/** The source line a panel was opened for (absent on a free-standing panel). */
export interface PanelSource {
  /** Document URI (file, untitled or notebook cell). */
  uri: string;
  /** 0-based line within the document (the cell for notebooks). */
  line: number;
  /** Stable id of the site within its document (see analysis/siteKey.ts). */
  siteKey: string;
  framework: Framework;
  /** The init text as written, e.g. "np.random.randn(n, n) * 0.01". */
  text: string;
  /** Short file name + line for the header, e.g. "cs231n.py:14". */
  label: string;
}

export interface RunOptions {
  batch: number;
  draws: number;
  seed: number;
  engine: EngineName;
}

/**
 * What the panel simulates. `network` is exactly what runs; `siteLayers` are the 0-based layers
 * whose init the controls change (every layer of a square net, this site's layer in a stack the
 * code spells out). `shape` says which: changing depth, width or activation makes it square.
 */
export interface PanelSetup {
  network: NetworkSpec;
  siteLayers: number[];
  shape: 'square' | 'stack';
  options: RunOptions;
  /** Defaults the network relies on, in words (from model/network.ts). */
  assumptions: string[];
}

/**
 * Persisted with the webview (getState/setState) and by the serializer across reloads. The webview
 * may save extra keys next to these (its view: slider position, last results); the host ignores them.
 */
export interface PanelState {
  source: PanelSource | null;
  setup: PanelSetup;
  /** The overlay's setup when "compare" is on. */
  compare: PanelSetup | null;
}

/** A simulation's outcome as the panel draws it. */
export interface RunOutcome {
  result: SimulationResult;
  verdict: Verdict;
  /** Mean-field curve (also inside result.meanField for Monte Carlo runs); null where it does not apply. */
  meanField: MeanFieldResult | null;
  /** e.g. "matrix-free: exact in distribution for Gaussian weights, B < n/2". */
  engineReason: string;
}

export type Which = 'main' | 'compare';

export type ToPanel =
  /**
   * The state to show (first message after 'ready', and whenever the host changes it).
   * `suggestion` is the fix's setup for the compare toggle, or null when the init is already the
   * recommended one. `limits` bound the numeric controls.
   */
  | { type: 'setup'; state: PanelState; suggestion: PanelSetup | null; limits: PanelLimits }
  /** A run started; the previous result stays on screen until the new one arrives. */
  | { type: 'running'; runId: number; which: Which }
  /** Finished layer steps of a run (forward + backward over all draws) and draws aggregated so far. */
  | { type: 'progress'; runId: number; which: Which; layersDone: number; layersTotal: number; partial: SimulationResult | null }
  | { type: 'result'; runId: number; which: Which; outcome: RunOutcome }
  | { type: 'error'; runId: number; which: Which; message: string }
  /** Feedback on applyToCode / export, shown in the panel's status line. */
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export interface PanelLimits {
  depth: number;
  width: number;
  batch: number;
  draws: number;
}

export type ExportFormat = 'png' | 'csv' | 'json';

export type FromPanel =
  | { type: 'ready' }
  /** Controls changed: simulate this setup (and the compare overlay, when on). */
  | { type: 'run'; setup: PanelSetup; compare: PanelSetup | null }
  /** Write the setup's init (at its site layers) back to the source line. */
  | { type: 'applyToCode'; setup: PanelSetup }
  /** Save a file the webview produced: PNG as a data: URL, CSV/JSON as text. */
  | { type: 'export'; format: ExportFormat; fileName: string; data: string }
  /** Reveal the source line in its editor. */
  | { type: 'reveal' }
  /** Compare was turned off: stop its run, if one is in flight. */
  | { type: 'cancel'; which: Which };

export const PANEL_VIEW_TYPE = 'initLens.panel';
