// The sweep panel's side of the VS Code API: webview/vscodeApi.ts acquires it (once per page) and
// types it for the simulation panel's messages; this narrows it to the sweep protocol.

import type { FromPanel } from '../../src/panel/protocol';
import type { FromSweepPanel, SweepOrigin } from '../../src/sweep/protocol';
import type { SweepResult } from '../../src/sweep/types';
import { connectToHost } from '../vscodeApi';

/** What setState keeps: the last 'sweep' message, so a panel shown again redraws at once. */
export interface SweepPanelState {
  result: SweepResult;
  origin: SweepOrigin;
  running: boolean;
}

export interface SweepHost {
  post(message: FromSweepPanel): void;
  getState(): SweepPanelState | undefined;
  setState(state: SweepPanelState): void;
}

export function connectSweepHost(): SweepHost {
  const channel = connectToHost<SweepPanelState>();
  return {
    // Only the static type differs: postMessage sends any plain object.
    post: (message) => channel.post(message as unknown as FromPanel),
    getState: () => channel.getState(),
    setState: (state) => channel.setState(state),
  };
}
