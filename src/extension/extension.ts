// Wiring only: settings, the analysis worker, the simulation pool, the site store, and the
// providers, panels and commands that read it. Decisions live in the modules it wires.

import * as vscode from 'vscode';
import { AnalysisClient } from '../analysis/client';
import { PANEL_VIEW_TYPE } from '../panel/protocol';
import { SWEEP_VIEW_TYPE } from '../sweep/protocol';
import { SimulationPool } from '../worker/pool';
import { applyToCode } from './applyToCode';
import { InitCodeLensProvider } from './codelens';
import { registerCommands } from './commands';
import { Config } from './config';
import { InitDiagnostics } from './diagnostics';
import { isPython, PYTHON_SELECTOR } from './documents';
import { InitHoverProvider } from './hover';
import { PanelManager } from './panels';
import { InitQuickFixProvider } from './quickFix';
import { registerReview } from './reviewCommands';
import { SiteStore } from './siteStore';
import { registerSweepCommands } from './sweepCommands';
import { SweepPanels } from './sweepPanels';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const activation = { ms: 0 };
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  const config = new Config();
  const settings = () => config.settings;
  const pool = new SimulationPool({ workerPath: `${dist}/worker.js`, ...(config.settings.workers > 0 ? { size: config.settings.workers } : {}) });
  const client = new AnalysisClient({ workerPath: `${dist}/analysisWorker.js` });
  const store = new SiteStore(client, pool, settings);
  const lenses = new InitCodeLensProvider(store, () => config.settings.codeLensEnabled);
  const diagnostics = new InitDiagnostics(store, () => config.settings.diagnosticSeverity);
  const panels = new PanelManager({ pool, extensionUri: context.extensionUri, settings, applyToCode: (state, setup) => applyToCode(store, state, setup) });
  const sweeps = new SweepPanels({ pool, extensionUri: context.extensionUri, settings, openSimulation: (state) => panels.open(null, state) });
  const review = registerReview({ pool, client, extensionUri: context.extensionUri, settings });

  context.subscriptions.push(
    config,
    store,
    lenses,
    diagnostics,
    panels,
    sweeps,
    { dispose: () => client.dispose() },
    { dispose: () => void pool.dispose() },
    vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(PYTHON_SELECTOR, new InitHoverProvider(store, () => config.settings.hoverEnabled)),
    vscode.languages.registerCodeActionsProvider(PYTHON_SELECTOR, new InitQuickFixProvider(store), { providedCodeActionKinds: InitQuickFixProvider.kinds }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    vscode.window.registerWebviewPanelSerializer(SWEEP_VIEW_TYPE, sweeps),
    ...review.disposables,
    ...registerCommands({ store, panels, sweeps, reviews: review.panels, config, activation }),
    ...registerSweepCommands(store, sweeps, config),
    vscode.workspace.onDidOpenTextDocument((d) => isPython(d) && store.schedule(d, true)),
    vscode.workspace.onDidChangeTextDocument((e) => isPython(e.document) && e.contentChanges.length > 0 && store.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => isPython(d) && store.forget(d)),
    vscode.workspace.onDidCloseNotebookDocument((nb) => store.forgetNotebook(nb)),
    // Cells added, removed or moved change what the cells below can see.
    vscode.workspace.onDidChangeNotebookDocument((e) => e.contentChanges.length > 0 && store.schedule(e.notebook)),
    config.onDidChange(() => {
      store.refreshAll();
      lenses.refresh();
      diagnostics.updateAll();
    }),
  );
  if (process.env.INIT_LENS_WORKER_TEST_HOOKS === '1') {
    // The real-editor suite provokes a worker crash through this.
    context.subscriptions.push(
      vscode.commands.registerCommand('initLens.test.crashWorker', () => pool.crashWorker('throw')),
      // Drives a sweep panel's host side as its webview would (cancel, open a cell).
      vscode.commands.registerCommand('initLens.test.sweepMessage', (id: string, message: unknown) => sweeps.all().find((p) => p.id === id)?.receiveForTest(message)),
    );
  }
  for (const document of vscode.workspace.textDocuments) if (isPython(document)) store.schedule(document, true);
  activation.ms = performance.now() - started;
}

export function deactivate(): void {}
