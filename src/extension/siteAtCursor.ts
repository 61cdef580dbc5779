// The init site under (or just above) the cursor of the active Python editor, if any.

import * as vscode from 'vscode';
import { isPython } from './documents';
import type { SiteStore, SiteView } from './siteStore';

export async function siteAtCursor(store: SiteStore): Promise<SiteView | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isPython(editor.document)) return undefined;
  const views = await store.sitesOf(editor.document);
  const cursor = editor.selection.active;
  return (
    views.find((v) => v.range.contains(cursor) || v.range.start.line === cursor.line) ??
    // The nearest site above the cursor within a few lines (the cursor on the layer's next line).
    views.filter((v) => v.range.start.line <= cursor.line && cursor.line - v.range.end.line <= 3).at(-1)
  );
}
