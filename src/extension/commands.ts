// The commands: the lens's "Simulate depth", Simulate at Cursor, Show Panel (with a scheme
// picker when no panel is open), Toggle CodeLens, setting an assumed value, and `state`
// for tests driving the real editor through executeCommand.

import * as vscode from 'vscode';
import { parseInitName } from '../core/schemes';
import { PICKER_SCHEMES, SCHEME_LABELS } from '../panel/initControls';
import { isAssumptionChoice, setAssumption } from './assumptions';
import { COMMANDS } from './codelens';
import type { Config } from './config';
import type { PanelManager } from './panels';
import type { SweepPanels } from './sweepPanels';
import type { ReviewPanels } from './reviewPanels';
import { freeState, siteState } from './panelState';
import type { SiteStore, SiteView } from './siteStore';
import { isPython } from './documents';
import { siteAtCursor } from './siteAtCursor';

export interface CommandDeps {
  store: SiteStore;
  panels: PanelManager;
  sweeps: SweepPanels;
  reviews: ReviewPanels;
  config: Config;
  /** How long activate() took (reported by `initLens.state`). */
  activation: { ms: number };
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { store, panels, config } = deps;
  const openSite = (view: SiteView) => {
    const { state, notice } = siteState(view, config.settings);
    return panels.open(`${state.source?.uri}#${view.analysis.key}`, state, notice);
  };
  const openFree = async (message?: string) => {
    const pick = await vscode.window.showQuickPick(
      PICKER_SCHEMES.map((scheme) => ({ label: SCHEME_LABELS[scheme], description: scheme, scheme })),
      { title: message ?? 'Init Lens: simulate which initialization?', placeHolder: 'He normal, Xavier uniform, N(0, 0.01)…' },
    );
    if (!pick) return undefined;
    return panels.open(null, freeState(parseInitName(pick.scheme), config.settings));
  };

  return [
    vscode.commands.registerCommand(COMMANDS.simulateSite, (docKey: unknown, siteKey: unknown) => {
      const view = typeof docKey === 'string' && typeof siteKey === 'string' ? store.find(docKey, siteKey) : undefined;
      if (!view) {
        void vscode.window.showWarningMessage('Init Lens: that init site is no longer in the document.');
        return undefined;
      }
      return openSite(view).id;
    }),
    vscode.commands.registerCommand('initLens.simulateAtCursor', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !isPython(editor.document)) return (await openFree('No Python editor is active: simulate which initialization?'))?.id;
      const view = await siteAtCursor(store);
      if (view) return openSite(view).id;
      return (await openFree('No init site at the cursor: simulate which initialization?'))?.id;
    }),
    vscode.commands.registerCommand('initLens.showPanel', async () => {
      if (panels.revealLast()) return panels.all()[0]?.id;
      return (await openFree())?.id;
    }),
    vscode.commands.registerCommand('initLens.toggleCodeLens', async () => {
      await config.update('codeLens.enabled', !config.settings.codeLensEnabled);
    }),
    vscode.commands.registerCommand(COMMANDS.setAssumption, async (docKey: unknown, siteKey: unknown, choice?: unknown) => {
      const view = typeof docKey === 'string' && typeof siteKey === 'string' ? store.find(docKey, siteKey) : undefined;
      return view ? setAssumption(view, config, isAssumptionChoice(choice) ? choice : undefined) : false;
    }),
    vscode.commands.registerCommand('initLens.state', async (options?: { settle?: boolean }) => {
      if (options?.settle) await store.settled();
      const docs = [...store.allSites()].map(([key, views]) => ({
        key,
        sites: views.map((v) => ({
          key: v.analysis.key,
          uri: v.document.uri.toString(),
          line: v.range.start.line,
          framework: v.analysis.site.framework,
          meanField: v.analysis.meanField ? { forward: v.analysis.meanField.verdict.forward, backward: v.analysis.meanField.verdict.backward } : null,
          refined: v.refined ? { forward: v.refined.verdict.forward, backward: v.refined.verdict.backward, engine: v.refined.engine } : null,
          refining: v.refining,
          fix: v.analysis.fix?.title ?? null,
          reason: v.analysis.network.reason ?? null,
        })),
      }));
      const openPanels = panels.all().map((p) => ({ id: p.id, title: p.panel.title, verdict: p.lastVerdict, rejected: p.rejected }));
      const sweeps = deps.sweeps.all().map((p) => ({
        id: p.id,
        title: p.panel.title,
        running: p.isRunning,
        kind: p.latest?.kind ?? null,
        complete: p.latest?.complete ?? false,
        done: p.latest?.done ?? 0,
        total: p.latest?.total ?? 0,
        criticalGain: p.latest?.kind === 'gain' ? p.latest.criticalGain : null,
        rejected: p.rejected,
        lastOpened: p.lastOpened,
        rendered: p.rendered,
      }));
      const reviews = deps.reviews.all().map((p) => p.state());
      return { docs, counters: { ...store.counters }, panels: openPanels, sweeps, reviews, activationMs: deps.activation.ms };
    }),
  ];
}
