// Helpers for the suite that runs inside a real VS Code extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'init-lens.init-lens';

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface StateSite {
  key: string;
  uri: string;
  line: number;
  framework: string;
  meanField: { forward: string; backward: string } | null;
  refined: { forward: string; backward: string; engine: string } | null;
  refining: boolean;
  fix: string | null;
  reason: string | null;
}
export interface State {
  docs: { key: string; sites: StateSite[] }[];
  counters: { analyses: number; refinements: number; cacheHits: number; cancelled: number; failed: number };
  panels: { id: string; title: string; verdict: string | null; rejected: number }[];
  sweeps: {
    id: string;
    title: string;
    running: boolean;
    kind: string | null;
    complete: boolean;
    done: number;
    total: number;
    criticalGain: number | null;
    rejected: number;
    lastOpened: string | null;
    rendered: { charts: number; drawn: number; done: number; complete: boolean } | null;
  }[];
  activationMs: number;
}

export async function state(settle = true): Promise<State> {
  return (await vscode.commands.executeCommand('initLens.state', { settle })) as State;
}

/** Resolved lens titles per 0-based line. */
export async function lensTitles(uri: vscode.Uri): Promise<Map<number, string[]>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  const byLine = new Map<number, string[]>();
  for (const lens of lenses) {
    const line = lens.range.start.line;
    byLine.set(line, [...(byLine.get(line) ?? []), lens.command?.title ?? '']);
  }
  return byLine;
}

export function initLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Init Lens');
}
