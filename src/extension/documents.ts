// Which editor documents Init Lens reads, and what it reads from them: a Python file or
// untitled buffer on its own, or a whole notebook (so a cell can use constants and layers
// defined in the cells above it).

import * as vscode from 'vscode';
import type { AnalysisInput } from '../analysis/analyse';
import type { NotebookCell } from '../parse/notebook';

export type Target = { kind: 'text'; document: vscode.TextDocument } | { kind: 'notebook'; notebook: vscode.NotebookDocument };

export const PYTHON_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }];

export function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python';
}

/** The notebook a cell document belongs to, if any. */
export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((cell) => cell.document === document));
}

export function targetOf(document: vscode.TextDocument): Target {
  const notebook = notebookOf(document);
  return notebook ? { kind: 'notebook', notebook } : { kind: 'text', document };
}

export function keyOf(target: Target): string {
  return target.kind === 'notebook' ? target.notebook.uri.toString() : target.document.uri.toString();
}

export function inputOf(target: Target): AnalysisInput {
  if (target.kind === 'text') return { kind: 'python', text: target.document.getText() };
  const cells: NotebookCell[] = target.notebook.getCells().map((cell) => ({
    kind: cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'python' ? 'code' : 'markdown',
    source: cell.document.getText(),
  }));
  return { kind: 'notebook', cells };
}

/** The text document a site lives in: the document itself, or its notebook cell. */
export function documentOfSite(target: Target, cell: number | undefined): vscode.TextDocument | undefined {
  if (target.kind === 'text') return target.document;
  if (cell === undefined || cell < 0 || cell >= target.notebook.cellCount) return undefined;
  return target.notebook.cellAt(cell).document;
}

/** A short name for headers and messages: "cs231n.py:14", "mlp.ipynb#cell 3:2". */
export function siteLabel(target: Target, cell: number | undefined, line: number): string {
  const uri = target.kind === 'notebook' ? target.notebook.uri : target.document.uri;
  const name = uri.path.split('/').pop() || uri.toString();
  return cell === undefined ? `${name}:${line + 1}` : `${name}#cell ${cell + 1}:${line + 1}`;
}
