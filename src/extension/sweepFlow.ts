// What a sweep starts from (the site under the cursor, or the settings when free-standing) and
// the few prompts that turn it into a request. Tests pass the answers as arguments instead.

import * as vscode from 'vscode';
import { ACTIVATION_NAMES, parseActivation } from '../core/activations';
import { distributionMoments, parseInitName, resolveInit } from '../core/schemes';
import { LIMITS } from '../core/simulate';
import type { ActivationSpec, InitSpec } from '../core/types';
import { recommendedInit } from '../diagnose/fixes';
import { siteLayers } from '../model/network';
import { initLabel, PICKER_SCHEMES, SCHEME_LABELS } from '../panel/initControls';
import type { InitLensSettings } from '../settings/defaults';
import { gainOf } from '../sweep/networks';
import { DEPTH_RANGE, defaultDepths, defaultGains, defaultWidths, SWEEP_ACTIVATIONS, SWEEP_DRAWS, SWEEP_SCHEMES, WIDTH_RANGE, WIDTH_SWEEP_BATCH } from '../sweep/presets';
import type { SweepOrigin } from '../sweep/protocol';
import { MONTE_CARLO_POLICIES, type MonteCarloPolicy, type SweepKind, type SweepRequest } from '../sweep/types';
import type { SiteView } from './siteStore';

export interface SweepContext {
  origin: SweepOrigin;
  /** The source line, for "Go to line". */
  source: { uri: string; line: number } | null;
  activation: ActivationSpec;
  depth: number;
  width: number;
  init: InitSpec;
  biasStd: number;
  currentGain: number | null;
  batch: number;
}

/** Answers to the prompts, e.g. from a test or a keybinding's args; any missing one is asked for unless interactive is false. */
export interface SweepArgs {
  interactive?: boolean;
  depth?: number;
  width?: number;
  activation?: string;
  init?: string;
  maxDepth?: number;
  maxWidth?: number;
  batch?: number;
  draws?: number;
  monteCarlo?: MonteCarloPolicy;
  /** Schemes sweep: a subset of activations (names). */
  activations?: string[];
}

export function contextOfSite(view: SiteView): SweepContext | null {
  const network = view.analysis.network.network;
  if (!network) return null;
  const index = siteLayers(view.analysis.site, network.layers.length)[0] ?? 0;
  const layer = network.layers[index];
  let biasStd = 0;
  if (layer.bias) {
    const b = distributionMoments(resolveInit(layer.bias, layer.fanIn, layer.fanOut), layer.fanIn, layer.fanOut);
    biasStd = Math.sqrt(b.variance + b.mean * b.mean);
  }
  return {
    origin: { label: `${view.label} · ${view.analysis.site.text.replace(/\s+/g, ' ').slice(0, 80)}`, canReveal: true },
    source: { uri: view.document.uri.toString(), line: view.range.start.line },
    activation: layer.activation,
    depth: network.layers.length,
    width: layer.fanIn,
    init: layer.init,
    biasStd,
    currentGain: gainOf(layer.init, layer.fanIn, layer.fanOut),
    batch: view.analysis.network.batch,
  };
}

export function freeContext(settings: InitLensSettings): SweepContext {
  const activation = parseActivation(settings.defaultActivation);
  return {
    origin: { label: 'free-standing (settings defaults)', canReveal: false },
    source: null,
    activation,
    depth: settings.defaultDepth,
    width: settings.defaultWidth,
    init: recommendedInit(activation).init,
    biasStd: 0,
    currentGain: null,
    batch: settings.defaultBatch,
  };
}

/** The request for `kind`, or undefined when the user dismissed a prompt. */
export async function buildSweepRequest(kind: SweepKind, context: SweepContext, args: SweepArgs, settings: InitLensSettings): Promise<SweepRequest | undefined> {
  const ask = args.interactive !== false;
  const run = {
    batch: args.batch ?? (kind === 'width' ? WIDTH_SWEEP_BATCH : context.batch),
    draws: args.draws ?? SWEEP_DRAWS[kind],
    seed: settings.seed,
    monteCarlo: args.monteCarlo && MONTE_CARLO_POLICIES.includes(args.monteCarlo) ? args.monteCarlo : ('auto' as const),
  };
  const integer = (value: number | undefined, fallback: number, prompt: string, max: number) =>
    value !== undefined ? Promise.resolve(value) : ask ? askInteger(prompt, fallback, max) : Promise.resolve(fallback);
  switch (kind) {
    case 'schemes': {
      const depth = await integer(args.depth, context.depth, `Depth (layers) for every scheme × activation cell`, LIMITS.depth);
      if (depth === undefined) return undefined;
      const width = await integer(args.width, context.width, 'Width of every layer', LIMITS.width);
      if (width === undefined) return undefined;
      const activations = args.activations ? args.activations.map((a) => parseActivation(a)) : [...SWEEP_ACTIVATIONS];
      return { kind, ...run, depth, width, biasStd: context.biasStd, schemes: [...SWEEP_SCHEMES], activations };
    }
    case 'gain': {
      const activation = args.activation !== undefined ? parseActivation(args.activation) : ask ? await askActivation(context.activation) : context.activation;
      if (!activation) return undefined;
      const depth = await integer(args.depth, context.depth, 'Depth (layers)', LIMITS.depth);
      if (depth === undefined) return undefined;
      return { kind, ...run, depth, width: args.width ?? context.width, biasStd: context.biasStd, activation, gains: defaultGains(context.currentGain), currentGain: context.currentGain };
    }
    case 'depth': {
      const init = args.init !== undefined ? parseInitName(args.init) : context.source || !ask ? context.init : await askInit(context.init);
      if (!init) return undefined;
      const maxDepth = await integer(args.maxDepth, DEPTH_RANGE.high, 'Deepest network to simulate (log-spaced from 1)', LIMITS.depth);
      if (maxDepth === undefined) return undefined;
      return { kind, ...run, width: args.width ?? context.width, biasStd: context.biasStd, activation: context.activation, init, initLabel: initLabel(init), depths: defaultDepths(maxDepth) };
    }
    case 'width': {
      const init = args.init !== undefined ? parseInitName(args.init) : context.source || !ask ? context.init : await askInit(context.init);
      if (!init) return undefined;
      const depth = await integer(args.depth, context.depth, 'Depth (layers) at every width', LIMITS.depth);
      if (depth === undefined) return undefined;
      const maxWidth = args.maxWidth ?? Math.max(WIDTH_RANGE.low, Math.min(WIDTH_RANGE.high, 2 * context.width));
      return { kind, ...run, depth, biasStd: context.biasStd, activation: context.activation, init, initLabel: initLabel(init), widths: defaultWidths(maxWidth) };
    }
  }
}

async function askInteger(prompt: string, value: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Init Lens: sweep',
    prompt,
    value: String(value),
    validateInput: (t) => (/^\d+$/.test(t.trim()) && Number(t) >= 1 && Number(t) <= max ? null : `An integer from 1 to ${max}`),
  });
  return text === undefined ? undefined : Number(text.trim());
}

async function askActivation(current: ActivationSpec): Promise<ActivationSpec | undefined> {
  const names = [current.name, ...ACTIVATION_NAMES.filter((n) => n !== current.name)];
  const pick = await vscode.window.showQuickPick(
    names.map((name, i) => ({ label: name, description: i === 0 ? 'current' : undefined, name })),
    { title: 'Init Lens: sweep the gain for which activation?' },
  );
  return pick ? (pick.name === current.name ? current : { name: pick.name }) : undefined;
}

async function askInit(current: InitSpec): Promise<InitSpec | undefined> {
  const pick = await vscode.window.showQuickPick(
    [{ label: initLabel(current), description: 'current', init: current }, ...PICKER_SCHEMES.map((scheme) => ({ label: SCHEME_LABELS[scheme], description: scheme, init: parseInitName(scheme) }))],
    { title: 'Init Lens: sweep which initialization?' },
  );
  return pick?.init;
}
