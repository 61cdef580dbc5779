// CodeLens above each init site: "▶ Simulate depth", the verdict (mean-field at once, then the
// quick Monte Carlo draw), and the assumed values, which a click lets the user set. Lenses
// carry only their site; titles are filled in resolveCodeLens, so providing them stays cheap.

import * as vscode from 'vscode';
import { assumptionLensTitle, lensTitle } from '../present/lensTitle';
import type { SiteStore, SiteView } from './siteStore';

type LensKind = 'simulate' | 'summary' | 'assumptions';

class SiteLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly view: SiteView,
    readonly kind: LensKind,
  ) {
    super(range);
  }
}

export const COMMANDS = {
  simulateSite: 'initLens.simulateSite',
  setAssumption: 'initLens.setAssumption',
} as const;

export class InitCodeLensProvider implements vscode.CodeLensProvider<SiteLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: SiteStore,
    private readonly enabled: () => boolean,
  ) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<SiteLens[]> {
    if (!this.enabled()) return [];
    const views = await this.store.sitesOf(document, token);
    const lenses: SiteLens[] = [];
    for (const view of views) {
      const line = new vscode.Range(view.range.start.line, 0, view.range.start.line, 0);
      lenses.push(new SiteLens(line, view, 'simulate'), new SiteLens(line, view, 'summary'));
      if (assumptionLensTitle(view.analysis) !== null) lenses.push(new SiteLens(line, view, 'assumptions'));
    }
    return lenses;
  }

  resolveCodeLens(lens: SiteLens): SiteLens {
    const { view } = lens;
    const args = [view.docKey, view.analysis.key];
    switch (lens.kind) {
      case 'simulate':
        lens.command = { title: '▶ Simulate depth', command: COMMANDS.simulateSite, arguments: args, tooltip: 'Open the simulation panel for this initialization' };
        break;
      case 'summary': {
        const { title, tooltip } = lensTitle(view.analysis, view.refined);
        lens.command = { title, command: COMMANDS.simulateSite, arguments: args, tooltip };
        break;
      }
      case 'assumptions':
        lens.command = {
          title: assumptionLensTitle(view.analysis) ?? 'assumptions',
          command: COMMANDS.setAssumption,
          arguments: args,
          tooltip: `Set the values the code does not say:\n${view.analysis.network.assumptions.join('\n')}`,
        };
        break;
    }
    return lens;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
