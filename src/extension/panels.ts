// The simulation panels: one per site (clicking the same lens again reveals it), any number of
// free-standing ones, all restored after a reload by the serializer from their saved state.

import * as vscode from 'vscode';
import { localResourceRoots } from './panelHtml';
import { PANEL_VIEW_TYPE, type PanelState } from '../panel/protocol';
import { setupTitle } from '../panel/setup';
import { validateFromPanel } from '../panel/validate';
import { SimulationPanel, type PanelHost } from './simulationPanel';

export class PanelManager implements vscode.WebviewPanelSerializer<unknown>, vscode.Disposable {
  private readonly panels = new Map<string, SimulationPanel>();
  private lastActive: SimulationPanel | undefined;

  constructor(private readonly host: PanelHost) {}

  /** Opens (or reveals and updates) the panel of a site, or a new free-standing one when key is null. */
  open(key: string | null, state: PanelState, notice: string | null = null): SimulationPanel {
    const existing = key !== null ? this.panels.get(key) : undefined;
    if (existing) {
      existing.show(state, notice);
      this.lastActive = existing;
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Init Lens: ${state.source?.label ?? setupTitle(state.setup)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: localResourceRoots(this.host.extensionUri),
    });
    return this.adopt(key, webviewPanel, state, notice);
  }

  /** Reveals the most recently used panel; false when there is none. */
  revealLast(): boolean {
    if (!this.lastActive) return false;
    this.lastActive.panel.reveal();
    return true;
  }

  all(): SimulationPanel[] {
    return [...new Set([...this.panels.values(), ...(this.lastActive ? [this.lastActive] : [])])];
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    const state = restoredState(saved);
    if (!state) {
      webviewPanel.dispose();
      return;
    }
    const key = state.source ? `${state.source.uri}#${state.source.siteKey}` : null;
    this.adopt(key, webviewPanel, state, null);
  }

  dispose(): void {
    for (const panel of this.all()) panel.panel.dispose();
    this.panels.clear();
  }

  private adopt(key: string | null, webviewPanel: vscode.WebviewPanel, state: PanelState, notice: string | null): SimulationPanel {
    const panel = new SimulationPanel(webviewPanel, state, this.host, notice);
    const mapKey = key ?? panel.id;
    this.panels.set(mapKey, panel);
    this.lastActive = panel;
    webviewPanel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.lastActive = panel;
    });
    panel.onDidDispose(() => {
      this.panels.delete(mapKey);
      if (this.lastActive === panel) this.lastActive = undefined;
    });
    return panel;
  }
}

/** A saved state is webview data: it is validated like any panel message before use. */
function restoredState(saved: unknown): PanelState | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const s = saved as Partial<PanelState>;
  try {
    const run = validateFromPanel({ type: 'run', setup: s.setup, compare: s.compare ?? null });
    if (run.type !== 'run') return null;
    const source = s.source && typeof s.source === 'object' && typeof s.source.uri === 'string' && typeof s.source.siteKey === 'string' ? s.source : null;
    return { source, setup: run.setup, compare: run.compare };
  } catch {
    return null;
  }
}
