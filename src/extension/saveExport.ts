// What both panels do with the host's help: save an export the webview produced (the user picks
// where) and jump back to a source line.

import * as vscode from 'vscode';
import type { ExportFormat } from '../panel/protocol';

/** Asks where to save and writes the file; returns the notice for the panel's status line, or nothing when cancelled. */
export async function saveExport(format: ExportFormat, fileName: string, data: string): Promise<{ type: 'notice'; level: 'info' | 'error'; message: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
    filters: { [format.toUpperCase()]: [format] },
    saveLabel: `Export ${format.toUpperCase()}`,
  });
  if (!target) return { type: 'notice', level: 'info', message: 'Export cancelled' };
  try {
    const bytes = format === 'png' ? Buffer.from(data.slice(data.indexOf(',') + 1), 'base64') : Buffer.from(data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    return { type: 'notice', level: 'info', message: `Saved ${target.path.split('/').pop()}` };
  } catch (error) {
    return { type: 'notice', level: 'error', message: `Could not save ${target.path.split('/').pop()}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function revealLine(uri: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  const position = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
