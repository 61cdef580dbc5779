// Quick fixes for Init Lens diagnostics: the recommended init written in the site's own
// framework idiom (checked by mean-field before it is offered, in the analysis), and
// "Simulate depth" for any site under the cursor.

import * as vscode from 'vscode';
import type { SourceEdit } from '../analysis/types';
import { COMMANDS } from './codelens';
import { DIAGNOSTIC_SOURCE, type SiteDiagnostic } from './diagnostics';
import type { SiteStore, SiteView } from './siteStore';

export class InitQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly store: SiteStore) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const views = this.store.currentSites(document);
    const actions: vscode.CodeAction[] = [];
    const fixed = new Set<string>();
    for (const diagnostic of context.diagnostics as readonly SiteDiagnostic[]) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const view = views.find((v) => v.analysis.key === diagnostic.siteKey) ?? views.find((v) => v.range.intersection(diagnostic.range));
      if (!view || fixed.has(view.analysis.key)) continue;
      const action = fixAction(view);
      if (!action) continue;
      action.diagnostics = [diagnostic];
      actions.push(action);
      fixed.add(view.analysis.key);
    }
    for (const view of views.filter((v) => v.range.intersection(range) || v.range.start.line === range.start.line)) {
      const simulate = new vscode.CodeAction('Simulate depth…', vscode.CodeActionKind.Empty);
      simulate.command = { title: 'Simulate depth', command: COMMANDS.simulateSite, arguments: [view.docKey, view.analysis.key] };
      actions.push(simulate);
    }
    return actions;
  }
}

export function fixAction(view: SiteView): vscode.CodeAction | null {
  const fix = view.analysis.fix;
  // Offsets are into the analysed text: after a newer edit they could land anywhere.
  if (!fix || !view.current) return null;
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.edit = workspaceEdit(view.document, fix.edits);
  action.isPreferred = true;
  return action;
}

export function workspaceEdit(document: vscode.TextDocument, edits: readonly SourceEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.from), document.positionAt(e.to)), e.newText);
  return edit;
}
