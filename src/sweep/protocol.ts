// Messages between the extension host and the sweep panel (webview). Defined once; both sides
// import it. The host validates every message from the webview before use (validateFromSweepPanel).

import type { ExportFormat } from '../panel/protocol';
import type { SweepResult } from './types';

export const SWEEP_VIEW_TYPE = 'initLens.sweep';

/** Where a sweep came from: the site under the cursor (its context pre-filled) or nowhere. */
export interface SweepOrigin {
  /** e.g. "cs231n.py:14 · np.random.randn(n, n) * 0.01", or "free-standing". */
  label: string;
  /** Whether the panel can jump back to the line. */
  canReveal: boolean;
}

export type ToSweepPanel =
  /** The sweep so far (sent again as points arrive) and whether it is still running. */
  | { type: 'sweep'; result: SweepResult; origin: SweepOrigin; running: boolean }
  | { type: 'error'; message: string }
  /** Feedback on export / open, shown in the panel's status line. */
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type FromSweepPanel =
  | { type: 'ready' }
  /** Schemes sweep: open the single simulation of one cell. */
  | { type: 'openCell'; scheme: string; activation: string }
  /** Gain, depth or width sweep: open the single simulation at this gain, depth or width. */
  | { type: 'openPoint'; value: number }
  /** Save a file the webview produced: PNG as a data: URL, CSV/JSON as text. */
  | { type: 'export'; format: ExportFormat; fileName: string; data: string }
  /** Stop the running sweep, keeping what was computed. */
  | { type: 'cancel' }
  /** Reveal the source line the sweep was started from. */
  | { type: 'reveal' }
  /**
   * Sent after each draw: how many charts hold data and how many cells or points they drew, so
   * the host (and the real-editor tests reading it) know the webview really drew the result; `done` names
   * the snapshot drawn (its runs finished).
   */
  | { type: 'rendered'; charts: number; drawn: number; done: number; complete: boolean };
