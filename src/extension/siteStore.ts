// What the editor knows about every open Python document and notebook: the analysis worker's
// per-site answer (instant, mean-field), refined by one quick Monte Carlo draw per site on the
// simulation pool. Debounced on edits; a document has at most one analysis waiting; refinement
// jobs are keyed by document + site, so a newer one supersedes the stale one; outcomes are
// cached by the simulated configuration, so an edit elsewhere costs nothing.

import * as vscode from 'vscode';
import type { AnalysisSettings } from '../analysis/analyse';
import type { AnalysisClient } from '../analysis/client';
import type { DocumentAnalysis, Outcome, SiteAnalysis } from '../analysis/types';
import { diagnose } from '../diagnose/verdict';
import type { InitLensSettings } from '../settings/defaults';
import type { SimulationPool } from '../worker/pool';
import { documentOfSite, inputOf, keyOf, siteLabel, targetOf, type Target } from './documents';

/** One site as the providers see it. */
export interface SiteView {
  docKey: string;
  target: Target;
  /** The text document (or notebook cell) the site is in. */
  document: vscode.TextDocument;
  range: vscode.Range;
  analysis: SiteAnalysis;
  /** The quick Monte Carlo outcome, once it arrived. */
  refined: Outcome | null;
  /** A refinement is queued or running. */
  refining: boolean;
  /** Why the refinement failed, if it did. */
  refineError: string | null;
  label: string;
  /** The analysis is of the document's current text (its edit offsets are valid). */
  current: boolean;
}

interface RefineJob {
  configKey: string;
  controller: AbortController;
}

interface DocEntry {
  key: string;
  target: Target;
  /** Bumped on every change; an analysis of an older version is dropped. */
  version: number;
  analysis: DocumentAnalysis | null;
  analysing: Promise<void> | null;
  analysingVersion: number;
  error: string | null;
  timer: NodeJS.Timeout | undefined;
  refined: Map<string, Outcome>;
  refineErrors: Map<string, string>;
  jobs: Map<string, RefineJob>;
}

/** Counters a test in the real editor reads through `initLens.state`. */
export interface StoreCounters {
  analyses: number;
  refinements: number;
  cacheHits: number;
  cancelled: number;
  failed: number;
}

const CACHE_LIMIT = 500;

export class SiteStore implements vscode.Disposable {
  private readonly docs = new Map<string, DocEntry>();
  private readonly cache = new Map<string, Outcome>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a document key when its sites or their outcomes changed. */
  readonly onDidChange = this.changed.event;
  readonly counters: StoreCounters = { analyses: 0, refinements: 0, cacheHits: 0, cancelled: 0, failed: 0 };

  constructor(
    private readonly client: AnalysisClient,
    private readonly pool: SimulationPool,
    private readonly settings: () => InitLensSettings,
  ) {}

  /** Re-reads a document after an edit, after the debounce interval. */
  schedule(document: vscode.TextDocument | vscode.NotebookDocument, immediate = false): void {
    const entry = this.entryFor('notebookType' in document ? { kind: 'notebook', notebook: document } : targetOf(document));
    entry.version++;
    clearTimeout(entry.timer);
    const delay = immediate ? 0 : this.settings().debounceMs;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.analyse(entry);
    }, delay);
  }

  /** Everything changed (settings): forget outcomes and re-read every known document. */
  refreshAll(): void {
    this.cache.clear();
    for (const entry of this.docs.values()) {
      entry.refined.clear();
      entry.version++;
      void this.analyse(entry);
    }
  }

  /** The sites in this text document (or notebook cell), analysing it first if it is new or edited. */
  async sitesOf(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<SiteView[]> {
    const target = targetOf(document);
    const entry = this.entryFor(target);
    await this.current(entry);
    if (token?.isCancellationRequested) return [];
    return this.viewsOf(entry).filter((v) => v.document === document);
  }

  /** Waits for the analysis of the document's newest version, starting it now if it is only scheduled. */
  private current(entry: DocEntry): Promise<void> {
    if (entry.timer !== undefined) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    if (entry.analysis?.version === entry.version) return Promise.resolve();
    if (entry.analysing && entry.analysingVersion === entry.version) return entry.analysing;
    return this.analyse(entry);
  }

  /** Known sites without waiting (hover, code actions and diagnostics use the latest answer). */
  currentSites(document: vscode.TextDocument): SiteView[] {
    const entry = this.docs.get(keyOf(targetOf(document)));
    return entry ? this.viewsOf(entry).filter((v) => v.document === document) : [];
  }

  /** All sites of every document, by document key. */
  allSites(): Map<string, SiteView[]> {
    return new Map([...this.docs.values()].map((e) => [e.key, this.viewsOf(e)]));
  }

  /** The sites of one document (or notebook) by its key; empty when it is not known. */
  sitesOfKey(docKey: string): SiteView[] {
    const entry = this.docs.get(docKey);
    return entry ? this.viewsOf(entry) : [];
  }

  find(docKey: string, siteKey: string): SiteView | undefined {
    return this.sitesOfKey(docKey).find((v) => v.analysis.key === siteKey);
  }

  problems(docKey: string): DocumentAnalysis['problems'] {
    return this.docs.get(docKey)?.analysis?.problems ?? [];
  }

  /** Stops a closed document's work and forgets it. */
  forget(document: vscode.TextDocument): void {
    const entry = this.docs.get(keyOf(targetOf(document)));
    // A notebook stays while any of its cells is open.
    if (entry?.target.kind === 'notebook' && !entry.target.notebook.isClosed) return;
    if (entry) this.drop(entry);
  }

  forgetNotebook(notebook: vscode.NotebookDocument): void {
    const entry = this.docs.get(notebook.uri.toString());
    if (entry) this.drop(entry);
  }

  private drop(entry: DocEntry): void {
    clearTimeout(entry.timer);
    for (const job of entry.jobs.values()) job.controller.abort();
    this.client.forget(entry.key);
    this.docs.delete(entry.key);
    this.changed.fire(entry.key);
  }

  /** Resolves once no analysis or refinement is pending (tests and commands wait on it). */
  async settled(timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const busy = [...this.docs.values()].some((e) => e.timer !== undefined || e.analysing !== null || e.jobs.size > 0);
      if (!busy) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  dispose(): void {
    for (const entry of this.docs.values()) {
      clearTimeout(entry.timer);
      for (const job of entry.jobs.values()) job.controller.abort();
    }
    this.docs.clear();
    this.changed.dispose();
  }

  private entryFor(target: Target): DocEntry {
    const key = keyOf(target);
    let entry = this.docs.get(key);
    if (!entry) {
      entry = { key, target, version: 1, analysis: null, analysing: null, analysingVersion: 0, error: null, timer: undefined, refined: new Map(), refineErrors: new Map(), jobs: new Map() };
      this.docs.set(key, entry);
    }
    entry.target = target;
    return entry;
  }

  private analysisSettings(): AnalysisSettings {
    const s = this.settings();
    return { depth: s.defaultDepth, width: s.defaultWidth, activation: s.defaultActivation, batch: s.defaultBatch, seed: s.seed, thresholds: s.thresholds };
  }

  private analyse(entry: DocEntry): Promise<void> {
    const version = entry.version;
    const run = (async () => {
      try {
        const analysis = await this.client.analyse(entry.key, version, inputOf(entry.target), this.analysisSettings());
        // Superseded by a newer request, or the document changed meanwhile: that newer run reports.
        if (analysis === null || this.docs.get(entry.key) !== entry) return;
        this.counters.analyses++;
        entry.analysis = analysis;
        entry.error = null;
        this.refine(entry);
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
        void vscode.window.showWarningMessage(`Init Lens could not analyse ${siteLabel(entry.target, undefined, 0).replace(/:1$/, '')}: ${entry.error}`);
      } finally {
        if (entry.analysingVersion === version) entry.analysing = null;
      }
      this.changed.fire(entry.key);
    })();
    entry.analysing = run;
    entry.analysingVersion = version;
    return run;
  }

  /** Starts (or reuses from the cache) one quick Monte Carlo draw per site; cancels jobs of sites that changed or left. */
  private refine(entry: DocEntry): void {
    const analysis = entry.analysis;
    if (!analysis) return;
    const wanted = new Map<string, { site: SiteAnalysis; configKey: string }>();
    for (const site of analysis.sites) {
      if (!site.quickRun || !site.network.network) continue;
      wanted.set(site.key, { site, configKey: this.configKey(site) });
    }
    for (const [siteKey, job] of entry.jobs) {
      if (wanted.get(siteKey)?.configKey !== job.configKey) {
        job.controller.abort();
        entry.jobs.delete(siteKey);
      }
    }
    for (const siteKey of [...entry.refined.keys()]) {
      const want = wanted.get(siteKey);
      if (!want || this.cache.get(want.configKey) !== entry.refined.get(siteKey)) entry.refined.delete(siteKey);
    }
    for (const [siteKey, { site, configKey }] of wanted) {
      const cached = this.cache.get(configKey);
      if (cached) {
        if (entry.refined.get(siteKey) !== cached) this.counters.cacheHits++;
        entry.refined.set(siteKey, cached);
        continue;
      }
      if (entry.jobs.has(siteKey)) continue;
      this.startRefinement(entry, site, configKey);
    }
  }

  private startRefinement(entry: DocEntry, site: SiteAnalysis, configKey: string): void {
    const network = site.network.network;
    const quick = site.quickRun;
    if (!network || !quick) return;
    const controller = new AbortController();
    entry.jobs.set(site.key, { configKey, controller });
    entry.refineErrors.delete(site.key);
    const thresholds = this.settings().thresholds;
    this.pool
      .run({
        key: `${entry.key}#${site.key}`,
        network,
        options: { batch: quick.batch, seeds: 1, seed: quick.seed, rng: 'xoshiro', engine: 'auto', bins: 20 },
        signal: controller.signal,
      })
      .then(
        (result) => {
          this.counters.refinements++;
          const engine = `${result.engine} Monte Carlo (batch ${quick.batch}, 1 draw, seed ${quick.seed})`;
          const outcome: Outcome = { result, verdict: diagnose(result, thresholds), engine };
          this.remember(configKey, outcome);
          if (entry.jobs.get(site.key)?.controller !== controller) return;
          entry.jobs.delete(site.key);
          entry.refined.set(site.key, outcome);
          this.changed.fire(entry.key);
        },
        (error: unknown) => {
          const name = error instanceof Error ? error.name : '';
          if (name === 'CancelledError') this.counters.cancelled++;
          else this.counters.failed++;
          if (entry.jobs.get(site.key)?.controller !== controller) return;
          entry.jobs.delete(site.key);
          if (name !== 'CancelledError') {
            entry.refineErrors.set(site.key, error instanceof Error ? error.message : String(error));
            this.changed.fire(entry.key);
          }
        },
      );
  }

  private configKey(site: SiteAnalysis): string {
    const s = this.settings();
    return JSON.stringify([site.network.network, site.quickRun, s.thresholds]);
  }

  private remember(configKey: string, outcome: Outcome): void {
    this.cache.delete(configKey);
    this.cache.set(configKey, outcome);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }

  private viewsOf(entry: DocEntry): SiteView[] {
    const analysis = entry.analysis;
    if (!analysis) return [];
    const views: SiteView[] = [];
    for (const site of analysis.sites) {
      const document = documentOfSite(entry.target, site.site.cell);
      if (!document) continue;
      const { start, end } = site.site.range;
      views.push({
        docKey: entry.key,
        target: entry.target,
        document,
        range: new vscode.Range(start.line, start.column, end.line, end.column),
        analysis: site,
        refined: entry.refined.get(site.key) ?? null,
        refining: entry.jobs.has(site.key),
        refineError: entry.refineErrors.get(site.key) ?? null,
        label: siteLabel(entry.target, site.site.cell, start.line),
        current: analysis.version === entry.version,
      });
    }
    return views;
  }
}
