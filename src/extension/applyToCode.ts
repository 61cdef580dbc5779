// "Apply to code" from the panel: the panel's chosen init, written at its source line in the
// line's own framework idiom. The site is looked up again by key, so edits made since the
// panel opened are respected (or the user is told the line changed).

import * as vscode from 'vscode';
import { cellEditOptions } from '../edit/notebookEdit';
import { initEdit } from '../edit/writeInit';
import { inputOf } from './documents';
import { siteActivation, siteInit } from '../panel/setup';
import type { PanelSetup, PanelState } from '../panel/protocol';
import { describeInit } from '../core/schemes';
import { workspaceEdit } from './quickFix';
import type { SiteStore } from './siteStore';

export async function applyToCode(store: SiteStore, state: PanelState, setup: PanelSetup): Promise<string> {
  const source = state.source;
  if (!source) throw new Error('This panel was not opened from a line of code: there is nothing to write to.');
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.uri) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri)));
  const views = await store.sitesOf(document);
  const view = views.find((v) => v.analysis.key === source.siteKey);
  if (!view) throw new Error(`${source.label}: the init site is no longer there (the code changed); open the panel again from its lens.`);
  const init = siteInit(setup);
  const input = inputOf(view.target);
  const cell = view.analysis.site.cell;
  const options = input.kind === 'notebook' && cell !== undefined ? cellEditOptions(input.cells, cell) : {};
  const written = initEdit(view.analysis.site, document.getText(), init, siteActivation(setup), options);
  if ('reason' in written) throw new Error(`Cannot write ${describeInit(init)} at ${view.label}: ${written.reason}`);
  const ok = await vscode.workspace.applyEdit(workspaceEdit(document, written.edits));
  if (!ok) throw new Error(`The editor refused the edit at ${view.label}.`);
  return `Wrote ${describeInit(init)} at ${view.label}: ${written.preview}`;
}
