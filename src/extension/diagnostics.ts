// Problems-panel entries (source "Init Lens") for sites whose verdict is a problem, plus
// bad `# init-lens:` comments. Rebuilt for a document whenever its sites change.

import * as vscode from 'vscode';
import { isProblem } from '../diagnose/verdict';
import type { SeveritySetting } from '../settings/defaults';
import { documentOfSite } from './documents';
import type { SiteStore, SiteView } from './siteStore';

export const DIAGNOSTIC_SOURCE = 'Init Lens';

const SEVERITY: Record<Exclude<SeveritySetting, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The diagnostic's site, for the quick fix. */
export interface SiteDiagnostic extends vscode.Diagnostic {
  siteKey?: string;
  docKey?: string;
}

export class InitDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('initLens');
  /** URIs this class set diagnostics on, per document key (a notebook spans many cells). */
  private readonly owned = new Map<string, Set<string>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: SiteStore,
    private readonly severity: () => SeveritySetting,
  ) {
    this.subscription = store.onDidChange((docKey) => this.update(docKey));
  }

  updateAll(): void {
    for (const docKey of new Set([...this.owned.keys(), ...this.store.allSites().keys()])) this.update(docKey);
  }

  private update(docKey: string): void {
    const views = this.store.sitesOfKey(docKey);
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    const add = (uri: vscode.Uri, d: vscode.Diagnostic) => {
      const slot = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
      slot.diagnostics.push(d);
      byUri.set(uri.toString(), slot);
    };
    const setting = this.severity();
    if (setting !== 'off') {
      for (const view of views) {
        const d = siteDiagnostic(view, SEVERITY[setting]);
        if (d) add(view.document.uri, d);
      }
    }
    const target = views[0]?.target;
    for (const problem of this.store.problems(docKey)) {
      const document = target ? documentOfSite(target, problem.cell) : undefined;
      if (!document) continue;
      const range = document.lineAt(Math.min(problem.line, document.lineCount - 1)).range;
      const d = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      add(document.uri, d);
    }
    for (const uri of this.owned.get(docKey) ?? []) if (!byUri.has(uri)) this.collection.delete(vscode.Uri.parse(uri));
    for (const { uri, diagnostics } of byUri.values()) this.collection.set(uri, diagnostics);
    this.owned.set(docKey, new Set(byUri.keys()));
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}

export function siteDiagnostic(view: SiteView, severity: vscode.DiagnosticSeverity): SiteDiagnostic | null {
  const outcome = view.refined ?? view.analysis.meanField;
  if (!outcome) return null;
  const { verdict } = outcome;
  const forward = isProblem(verdict.forward);
  const backward = isProblem(verdict.backward);
  if (!forward && !backward) return null;
  // The summary opens with the consequence in words ("Activations vanish: std 0.21 at layer 1 → …").
  const d: SiteDiagnostic = new vscode.Diagnostic(view.range, `${verdict.summary} [${outcome.engine}]`, severity);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = verdict.forward !== 'healthy' && verdict.forward !== 'drifting' ? verdict.forward : verdict.backward;
  d.siteKey = view.analysis.key;
  d.docKey = view.docKey;
  return d;
}
