// The review panel's side of the VS Code API: webview/vscodeApi.ts acquires it (once per page);
// this narrows it to the review protocol.

import type { FromPanel } from '../../src/panel/protocol';
import type { FromReviewPanel, ReviewReportView } from '../../src/review/panelProtocol';
import { connectToHost } from '../vscodeApi';

/** What setState keeps: the last report and the selected row, so a panel shown again redraws at once. */
export interface ReviewPanelState {
  report: ReviewReportView;
  selected: number;
}

export interface ReviewHost {
  post(message: FromReviewPanel): void;
  getState(): ReviewPanelState | undefined;
  setState(state: ReviewPanelState): void;
}

export function connectReviewHost(): ReviewHost {
  const channel = connectToHost<ReviewPanelState>();
  return {
    // Only the static type differs: postMessage sends any plain object.
    post: (message) => channel.post(message as unknown as FromPanel),
    getState: () => channel.getState(),
    setState: (state) => channel.setState(state),
  };
}
