// The sweep panel's side of the VS Code API: webview/vscodeApi.ts acquires it (once per page),
// typed here for the sweep protocol.

import type { FromSweepPanel, SweepOrigin } from '../../src/sweep/protocol';
import type { SweepResult } from '../../src/sweep/types';
import { connectToHost, type HostChannel } from '../vscodeApi';

/** What setState keeps: the last 'sweep' message, so a panel shown again redraws at once. */
export interface SweepPanelState {
  result: SweepResult;
  origin: SweepOrigin;
  running: boolean;
}

export type SweepHost = HostChannel<SweepPanelState, FromSweepPanel>;

export function connectSweepHost(): SweepHost {
  return connectToHost<SweepPanelState, FromSweepPanel>();
}
