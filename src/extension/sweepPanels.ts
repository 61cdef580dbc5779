// The open sweep panels, and their restoration after a reload from the result the webview saved
// (shown as it was; re-running a sweep is a command away).

import * as vscode from 'vscode';
import { localResourceRoots } from './panelHtml';
import { SWEEP_VIEW_TYPE, type SweepOrigin } from '../sweep/protocol';
import type { SweepRequest, SweepResult } from '../sweep/types';
import { validateSweepRequest } from '../sweep/validateRequest';
import { SweepPanel, type SweepPanelHost } from './sweepPanel';

export class SweepPanels implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private readonly panels = new Set<SweepPanel>();

  constructor(private readonly host: SweepPanelHost) {}

  open(request: SweepRequest, origin: SweepOrigin, source: { uri: string; line: number } | null): SweepPanel {
    const webviewPanel = vscode.window.createWebviewPanel(SWEEP_VIEW_TYPE, SweepPanel.title(request), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.host.extensionUri),
    });
    return this.adopt(new SweepPanel(webviewPanel, this.host, origin, source));
  }

  all(): SweepPanel[] {
    return [...this.panels];
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    const restored = restoredSweep(saved);
    if (!restored) {
      webviewPanel.dispose();
      return;
    }
    this.adopt(new SweepPanel(webviewPanel, this.host, { label: restored.origin.label, canReveal: false }, null, restored.result));
  }

  dispose(): void {
    for (const panel of this.panels) panel.panel.dispose();
    this.panels.clear();
  }

  private adopt(panel: SweepPanel): SweepPanel {
    this.panels.add(panel);
    panel.onDidDispose(() => this.panels.delete(panel));
    return panel;
  }
}

/** Saved webview state is untrusted: only a result whose request validates comes back. */
function restoredSweep(saved: unknown): { result: SweepResult; origin: SweepOrigin } | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const s = saved as { result?: unknown; origin?: unknown };
  const result = s.result as SweepResult | undefined;
  try {
    if (!result || typeof result !== 'object' || typeof result.request !== 'object' || result.request === null) return null;
    validateSweepRequest(result.request);
    if (result.kind !== result.request.kind) return null;
    const origin = s.origin as SweepOrigin | undefined;
    const label = origin && typeof origin.label === 'string' ? origin.label.slice(0, 200) : 'restored sweep';
    return { result, origin: { label, canReveal: false } };
  } catch {
    return null;
  }
}
