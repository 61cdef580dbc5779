// The open review panels: one per repository (a new review of it replaces the old one in the same
// panel), and their restoration after a reload. A restored panel redraws from the report its
// webview saved; the host keeps no report for it (jumping to a line asks for a fresh review).

import * as vscode from 'vscode';
import { localResourceRoots } from './panelHtml';
import { REVIEW_VIEW_TYPE } from '../review/panelProtocol';
import { ReviewPanel, type ReviewPanelHost } from './reviewPanel';

/** More sites than a restored webview can claim to show. */
const MAX_RESTORED_SITES = 10_000;

export class ReviewPanels implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private readonly panels = new Set<ReviewPanel>();

  constructor(readonly host: ReviewPanelHost) {}

  /** The panel reviewing `root` (revealed), or a new one. */
  open(root: string, label: string): ReviewPanel {
    const existing = [...this.panels].find((p) => p.root === root);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, ReviewPanel.title(label), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.host.extensionUri),
    });
    return this.adopt(new ReviewPanel(webviewPanel, this.host, root));
  }

  all(): ReviewPanel[] {
    return [...this.panels];
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    this.adopt(new ReviewPanel(webviewPanel, this.host, null, restoredSiteCount(saved)));
  }

  dispose(): void {
    for (const panel of this.panels) panel.panel.dispose();
    this.panels.clear();
  }

  private adopt(panel: ReviewPanel): ReviewPanel {
    this.panels.add(panel);
    panel.onDidDispose(() => this.panels.delete(panel));
    return panel;
  }
}

/** Saved webview state is untrusted: only the number of sites it lists is read. */
export function restoredSiteCount(saved: unknown): number {
  if (typeof saved !== 'object' || saved === null) return 0;
  const report = (saved as { report?: unknown }).report;
  if (typeof report !== 'object' || report === null) return 0;
  const sites = (report as { sites?: unknown }).sites;
  return Array.isArray(sites) ? Math.min(sites.length, MAX_RESTORED_SITES) : 0;
}
