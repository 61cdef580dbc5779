// Hover on an init site: a small per-layer chart (inline SVG as a data: URI), the verdict
// and the assumptions, from the latest analysis (never waits for a simulation).

import * as vscode from 'vscode';
import { hoverMarkdown } from '../present/hoverMarkdown';
import type { SiteStore } from './siteStore';

export class InitHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly store: SiteStore,
    private readonly enabled: () => boolean,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled()) return undefined;
    const view = this.store.currentSites(document).find((v) => v.range.contains(position) || v.range.start.line === position.line);
    if (!view) return undefined;
    const markdown = new vscode.MarkdownString(hoverMarkdown(view.analysis, view.refined));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, view.range);
  }
}
