// The review's wiring: its panels (and their restoration), the read-only base documents, and the
// command "Init Lens: Review Initialization Changes…" (initLens.reviewChanges).

import * as vscode from 'vscode';
import type { AnalysisClient } from '../analysis/client';
import { REVIEW_VIEW_TYPE } from '../review/panelProtocol';
import { runGit } from '../review/git';
import type { InitLensSettings } from '../settings/defaults';
import { TEST_HOOKS_ENV, type SimulationPool } from '../worker/pool';
import { REVIEW_BASE_SCHEME, ReviewBaseDocuments } from './reviewBaseDocuments';
import { reviewChanges } from './reviewFlow';
import { ReviewPanels } from './reviewPanels';

export const REVIEW_COMMAND = 'initLens.reviewChanges';

export interface ReviewWiring {
  panels: ReviewPanels;
  disposables: vscode.Disposable[];
}

export function registerReview(host: { pool: SimulationPool; client: AnalysisClient; extensionUri: vscode.Uri; settings(): InitLensSettings }): ReviewWiring {
  const git = runGit;
  const baseDocuments = new ReviewBaseDocuments(git);
  const panels = new ReviewPanels({
    pool: host.pool,
    extensionUri: host.extensionUri,
    git,
    baseDocuments,
    settings: host.settings,
    // Both versions of every changed file are parsed in the analysis worker, not on this thread.
    analyseText: (path, text) => host.client.sites(path, text),
  });
  const disposables: vscode.Disposable[] = [
    panels,
    vscode.window.registerWebviewPanelSerializer(REVIEW_VIEW_TYPE, panels),
    vscode.workspace.registerTextDocumentContentProvider(REVIEW_BASE_SCHEME, baseDocuments),
    vscode.commands.registerCommand(REVIEW_COMMAND, (args?: unknown) => reviewChanges({ panels, git, settings: host.settings }, args)),
  ];
  if (process.env[TEST_HOOKS_ENV] === '1') {
    // The real-editor suite drives a review panel's host side as its webview would (reveal, forged messages).
    disposables.push(vscode.commands.registerCommand('initLens.test.reviewMessage', (id: string, message: unknown) => panels.all().find((p) => p.id === id)?.receiveForTest(message)));
  }
  return { panels, disposables };
}
