// What every Init Lens panel does with its webview: load its bundle under the panel CSP, route its
// messages and disposal, and act only on messages that validate.
import type * as vscode from 'vscode';
import { localResourceRoots, panelHtml } from './panelHtml';

type Bundle = NonNullable<Parameters<typeof panelHtml>[3]>;

/** Loads `bundle` into the panel; returns the listeners, for the panel to dispose. */
export function wirePanel(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
  title: string,
  bundle: Bundle,
  receive: (raw: unknown) => void,
  dispose: () => void,
): vscode.Disposable[] {
  panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
  panel.webview.html = panelHtml(panel.webview, extensionUri, title, bundle);
  return [panel.webview.onDidReceiveMessage(receive), panel.onDidDispose(dispose)];
}

/** The validated message, or null after `reject` got the notice to show (a webview is not trusted). */
export function validMessage<T>(raw: unknown, validate: (raw: unknown) => T, reject: (notice: string) => void): T | null {
  try {
    return validate(raw);
  } catch (error) {
    reject(`Ignored a panel message: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
