// The panel's starting state for a site, a free-standing scheme, and the fix to compare with.

import { parseActivation } from '../core/activations';
import type { InitSpec } from '../core/types';
import { recommendedInit, sameVariance } from '../diagnose/fixes';
import { siteLayers } from '../model/network';
import { siteActivation, siteInit, squareSetup, withInit } from '../panel/setup';
import type { PanelSetup, PanelState, RunOptions } from '../panel/protocol';
import type { InitLensSettings } from '../settings/defaults';
import { simulatableInit } from '../model/context';
import type { SiteView } from './siteStore';

function runOptions(settings: InitLensSettings, batch = settings.defaultBatch): RunOptions {
  return { batch, draws: settings.draws, seed: settings.seed, engine: settings.engine };
}

/** The site's own network when it can be simulated; otherwise a square default net and why. */
export function siteState(view: SiteView, settings: InitLensSettings): { state: PanelState; notice: string | null } {
  const { analysis } = view;
  const site = analysis.site;
  const source = {
    uri: view.document.uri.toString(),
    line: view.range.start.line,
    siteKey: analysis.key,
    framework: site.framework,
    text: site.text,
    label: view.label,
  };
  const network = analysis.network.network;
  if (network) {
    const layers = siteLayers(site, network.layers.length);
    const setup: PanelSetup = {
      network,
      siteLayers: layers.length > 0 ? layers : network.layers.map((_, i) => i),
      shape: layers.length === network.layers.length ? 'square' : 'stack',
      options: runOptions(settings, analysis.network.batch),
      assumptions: analysis.network.assumptions,
    };
    return { state: { source, setup, compare: null }, notice: null };
  }
  const resolved = simulatableInit(site);
  const init: InitSpec = 'init' in resolved ? resolved.init : recommendedInit(parseActivation(settings.defaultActivation)).init;
  const setup = squareSetup(init, parseActivation(settings.defaultActivation), settings.defaultDepth, settings.defaultWidth, runOptions(settings), [
    `depth ${settings.defaultDepth}, width ${settings.defaultWidth}, activation ${settings.defaultActivation} (assumed: settings)`,
  ]);
  const what = 'init' in resolved ? 'the network around it' : 'its scale';
  return {
    state: { source, setup, compare: null },
    notice: `This line cannot be simulated as written (${analysis.network.reason}); Init Lens could not work out ${what}, so the panel starts from ${'init' in resolved ? 'the settings\' default network' : 'the recommended init on the default network'}.`,
  };
}

export function freeState(init: InitSpec, settings: InitLensSettings): PanelState {
  const activation = parseActivation(settings.defaultActivation);
  return { source: null, setup: squareSetup(init, activation, settings.defaultDepth, settings.defaultWidth, runOptions(settings)), compare: null };
}

/** The recommended init for the site layers' activation on the same network, or null when it is already that. */
export function suggestionFor(setup: PanelSetup): PanelSetup | null {
  const { init } = recommendedInit(siteActivation(setup));
  const layer = setup.network.layers[setup.siteLayers[0] ?? 0];
  if (!layer || sameVariance(siteInit(setup), init, layer.fanIn, layer.fanOut)) return null;
  return withInit(setup, init);
}
