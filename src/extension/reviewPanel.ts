// One review panel: runs `reviewChange` (git through the async runner, simulations on the worker
// pool) under a cancellable progress notification, sends the report to the webview once it is
// ready, jumps to a site's line (the working tree for what exists after the change, the base
// version read-only for a removed site), and saves exports.

import { join } from 'node:path';
import * as vscode from 'vscode';
import { RefError, type GitRunner } from '../review/git';
import type { Simulator } from '../review/outcomeCache';
import { REVIEW_VIEW_TYPE, type ReviewReportView, type ReviewSideView, type ToReviewPanel } from '../review/panelProtocol';
import { validateFromReviewPanel } from '../review/panelValidate';
import { reviewChange } from '../review/reviewChange';
import type { ReviewOptions, ReviewReport, SiteVersion } from '../review/types';
import type { SimulationPool } from '../worker/pool';
import { validMessage, wirePanel } from './panelWiring';
import type { ReviewBaseDocuments } from './reviewBaseDocuments';
import { reviewReportView } from './reviewReportView';
import type { SourceSites } from '../analysis/sourceAnalysis';
import type { InitLensSettings } from '../settings/defaults';
import { poolSimulator } from './reviewSimulator';
import { revealLine, saveExport } from './saveExport';

export interface ReviewPanelHost {
  pool: SimulationPool;
  extensionUri: vscode.Uri;
  git: GitRunner;
  baseDocuments: ReviewBaseDocuments;
  settings(): InitLensSettings;
  analyseText(path: string, text: string): Promise<SourceSites>;
}

let nextReviewId = 1;

export class ReviewPanel implements vscode.Disposable {
  readonly id = `review-${nextReviewId++}`;
  private ready = false;
  private disposed = false;
  private running = false;
  private controller: AbortController | null = null;
  private progressMessage: string | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** The last finished review (null before one, and in a panel restored after a reload). */
  report: ReviewReport | null = null;
  view: ReviewReportView | null = null;
  /** Why the last run ended without a report (failed or cancelled). */
  error: string | null = null;
  /** Whether the last run was cancelled (then `error` says so). */
  cancelled = false;
  /** Messages the webview sent that failed validation (tests read it through initLens.state). */
  rejected = 0;
  /** What the webview last reported drawing. */
  rendered: { rows: number; charts: number } | null = null;
  /** The last line a reveal opened, "URI:LINE" (0-based), for tests. */
  lastRevealed: string | null = null;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: ReviewPanelHost,
    /** The repository this panel reviews; null for a panel restored without its report. */
    public root: string | null,
    /** Sites the restored webview still shows (it redraws from its own state). */
    private readonly restoredSites = 0,
  ) {
    this.disposables.push(...wirePanel(panel, host.extensionUri, panel.title, 'reviewView', (raw) => void this.receive(raw), () => this.dispose()));
  }

  static title(label: string): string {
    return `Init Lens: Review since ${label}`;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Reviews the change with a progress notification whose Cancel aborts it (git and the pool
   * runs). Resolves with the report's view, or null when the review failed or was cancelled (the
   * panel shows why, and `error` holds it).
   */
  run(options: Omit<ReviewOptions, 'signal'>, label: string): Thenable<ReviewReportView | null> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.running = true;
    this.error = null;
    this.cancelled = false;
    this.panel.title = ReviewPanel.title(label);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Init Lens: reviewing changes since ${label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const say = (message: string) => {
          if (this.controller !== controller) return;
          progress.report({ message });
          this.progressMessage = message;
          if (this.ready) this.post({ type: 'progress', message });
        };
        say('Reading both versions through git…');
        const simulate = countingSimulator(poolSimulator(this.host.pool, controller.signal, this.host.settings().thresholds), (done, total) => say(`Simulating ${done} of ${total} ${total === 1 ? 'network' : 'networks'}…`));
        try {
          const report = await reviewChange({ ...options, signal: controller.signal }, { git: this.host.git, simulate, analyseText: (path, text) => this.host.analyseText(path, text) });
          controller.signal.throwIfAborted();
          this.report = report;
          this.view = reviewReportView(report);
          this.root = report.root;
          this.host.baseDocuments.allow(report.root);
          if (this.ready) this.post({ type: 'review', report: this.view });
          return this.view;
        } catch (error) {
          // Superseded by a newer run of this panel: that run reports, not this one.
          if (this.controller !== controller) return null;
          const cancelled = controller.signal.aborted;
          this.cancelled = cancelled;
          this.error = cancelled ? 'The review was cancelled.' : reviewErrorMessage(error, options.cwd);
          if (this.ready) this.post({ type: 'error', message: this.error });
          if (!cancelled) void vscode.window.showErrorMessage(`Init Lens: ${this.error}`);
          return null;
        } finally {
          if (this.controller === controller) {
            this.progressMessage = null;
            this.running = false;
            this.controller = null;
          }
        }
      },
    );
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** What `initLens.state` reports for this panel (the real-editor tests read it). */
  state() {
    return {
      id: this.id,
      title: this.panel.title,
      running: this.running,
      root: this.root,
      base: this.view?.base.words ?? null,
      head: this.view?.head.words ?? null,
      counts: this.view?.counts ?? null,
      sites: (this.view?.sites ?? []).map((s) => ({
        location: (s.after ?? s.before)?.location ?? '',
        change: s.change,
        aspects: s.aspects,
        regressed: s.regressed,
        before: s.before ? { scheme: s.before.scheme, forward: s.before.forward, backward: s.before.backward, layers: s.before.stds.length } : null,
        after: s.after ? { scheme: s.after.scheme, forward: s.after.forward, backward: s.after.backward, layers: s.after.stds.length } : null,
        fix: s.fix,
      })),
      error: this.error,
      cancelled: this.cancelled,
      rejected: this.rejected,
      rendered: this.rendered,
      lastRevealed: this.lastRevealed,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller?.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }

  /** Handles a message as if the webview sent it (validation included); tests use it. */
  async receiveForTest(raw: unknown): Promise<void> {
    await this.receive(raw);
  }

  private post(message: ToReviewPanel): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /** A message that failed validation: counted (the editor tests read it) and shown in the panel. */
  private reject(notice: string): void {
    this.rejected++;
    this.post({ type: 'notice', level: 'error', message: notice });
  }

  private async receive(raw: unknown): Promise<void> {
    const sites = this.report ? this.report.sites.length : this.restoredSites;
    const message = validMessage(raw, (r) => validateFromReviewPanel(r, sites), (notice) => this.reject(notice));
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.view) this.post({ type: 'review', report: this.view });
        if (this.running && this.progressMessage) this.post({ type: 'progress', message: this.progressMessage });
        else if (this.error) this.post({ type: 'error', message: this.error });
        return;
      case 'rendered':
        this.rendered = { rows: message.rows, charts: message.charts };
        return;
      case 'reveal':
        try {
          await this.reveal(message.site);
        } catch (error) {
          this.post({ type: 'notice', level: 'error', message: `Could not open the line: ${error instanceof Error ? error.message : String(error)}` });
        }
        return;
      case 'export':
        this.post(await saveExport(message.format, message.fileName, message.data));
        return;
    }
  }

  /** Opens a site's line: after the change in the working tree, or before it for a removed site. */
  private async reveal(index: number): Promise<void> {
    const report = this.report;
    if (!report) {
      this.post({ type: 'notice', level: 'info', message: 'This review was restored after a reload: run “Init Lens: Review Initialization Changes…” again to jump to its lines.' });
      return;
    }
    const site = report.sites[index];
    const view = this.view?.sites[index];
    if (!site || !view) return;
    if (site.after && report.head.commit === null) {
      await this.open(join(report.root, site.after.file), site.after);
      return;
    }
    const version = (site.after ?? site.before) as SiteVersion;
    const side = (site.after ? view.after : view.before) as ReviewSideView;
    const endpoint = site.after ? report.head : report.base;
    const commit = endpoint.commit;
    if (commit === null || version.site.cell !== undefined) {
      const where = site.change === 'removed' ? `${side.location} was removed by this change (it was there in ${this.view?.base.words ?? 'the base'})` : `${side.location} is in ${endpoint.ref}`;
      this.post({ type: 'notice', level: 'info', message: `${where}; notebooks are not opened from git.` });
      return;
    }
    const uri = this.host.baseDocuments.uri(report.root, commit, version.file);
    await revealLine(uri.toString(), version.site.range.start.line);
    this.lastRevealed = `${uri.toString()}:${version.site.range.start.line}`;
    const removed = site.change === 'removed' ? `${side.location} was removed by this change: ` : '';
    this.post({ type: 'notice', level: 'info', message: `${removed}showing it in ${endpoint.ref} (${commit.slice(0, 12)}), read-only.` });
  }

  private async open(path: string, version: SiteVersion): Promise<void> {
    const uri = vscode.Uri.file(path);
    const line = version.site.range.start.line;
    const cell = version.site.cell;
    if (cell === undefined) {
      await revealLine(uri.toString(), line);
      this.lastRevealed = `${uri.toString()}:${line}`;
      return;
    }
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const range = new vscode.NotebookRange(cell, cell + 1);
    const editor = await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.One, selections: [range] });
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    const document = cell < notebook.cellCount ? notebook.cellAt(cell).document : undefined;
    if (document) {
      const position = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
      await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, selection: new vscode.Range(position, position) });
      this.lastRevealed = `${document.uri.toString()}:${line}`;
    }
  }
}

/** Counts the simulations started and finished, reporting each change. */
function countingSimulator(simulate: Simulator, report: (done: number, total: number) => void): Simulator {
  let started = 0;
  let done = 0;
  return async (network, batch) => {
    started++;
    report(done, started);
    try {
      return await simulate(network, batch);
    } finally {
      done++;
      report(done, started);
    }
  };
}

/** The failure in one line, naming the folder or ref it is about. */
export function reviewErrorMessage(error: unknown, cwd: string): string {
  if (error instanceof RefError) return `${error.message} (the repository at ${cwd})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(cwd) ? message : `${message} (in ${cwd})`;
}

export const REVIEW_PANEL_TYPE = REVIEW_VIEW_TYPE;
