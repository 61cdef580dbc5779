// The four sweep commands: start from the site under the cursor (its context pre-filled) or from
// the settings, ask what is missing, and run the sweep in a panel with a cancellable progress.

import * as vscode from 'vscode';
import type { SweepKind } from '../sweep/types';
import type { Config } from './config';
import { siteAtCursor } from './siteAtCursor';
import type { SiteStore } from './siteStore';
import { buildSweepRequest, contextOfSite, freeContext, type SweepArgs } from './sweepFlow';
import type { SweepPanels } from './sweepPanels';

export const SWEEP_COMMANDS: Readonly<Record<SweepKind, string>> = {
  schemes: 'initLens.sweepSchemes',
  gain: 'initLens.sweepGain',
  depth: 'initLens.sweepDepth',
  width: 'initLens.sweepWidth',
};

export function registerSweepCommands(store: SiteStore, sweeps: SweepPanels, config: Config): vscode.Disposable[] {
  return (Object.keys(SWEEP_COMMANDS) as SweepKind[]).map((kind) =>
    vscode.commands.registerCommand(SWEEP_COMMANDS[kind], async (args?: SweepArgs) => {
      const settings = config.settings;
      const view = await siteAtCursor(store);
      const context = (view && contextOfSite(view)) ?? freeContext(settings);
      let request;
      try {
        request = await buildSweepRequest(kind, context, typeof args === 'object' && args !== null ? args : {}, settings);
      } catch (error) {
        void vscode.window.showErrorMessage(`Init Lens: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
      if (!request) return undefined;
      const panel = sweeps.open(request, context.origin, context.source);
      const result = await panel.run(request);
      return { panelId: panel.id, kind, complete: result?.complete ?? false, done: result?.done ?? 0, total: result?.total ?? 0 };
    }),
  );
}
