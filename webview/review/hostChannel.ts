// The review panel's side of the VS Code API: webview/vscodeApi.ts acquires it (once per page);
// typed here for the review protocol.

import type { FromReviewPanel, ReviewReportView } from '../../src/review/panelProtocol';
import { connectToHost, type HostChannel } from '../vscodeApi';

/** What setState keeps: the last report and the selected row, so a panel shown again redraws at once. */
export interface ReviewPanelState {
  report: ReviewReportView;
  selected: number;
}

export type ReviewHost = HostChannel<ReviewPanelState, FromReviewPanel>;

export function connectReviewHost(): ReviewHost {
  return connectToHost<ReviewPanelState, FromReviewPanel>();
}
