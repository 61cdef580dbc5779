// InitSite + context → the NetworkSpec to simulate. Priority: the `# init-lens:` comment, then
// what the code says, then the settings defaults — and every default used is named in
// `assumptions`, so nothing about the network is silently invented (design.md §5).

import { getActivation } from '../core/activations';
import { requireInteger } from '../core/errors';
import { LIMITS, validateNetwork } from '../core/simulate';
import type { ActivationSpec, InitSpec, LayerSpec, NetworkSpec } from '../core/types';
import type { InitSite } from '../parse/types';
import { denseEquivalentLayer, simulatableInit, unreadNote } from './context';

export interface NetworkDefaults {
  depth: number;
  width: number;
  activation: ActivationSpec;
  batch: number;
  /**
   * Where each default comes from, named in the assumption texts ("--depth default").
   * Unset: the editor setting (initLens.defaultDepth, …).
   */
  origin?: Partial<Record<DefaultKey, string>>;
}

export type DefaultKey = 'depth' | 'width' | 'activation' | 'batch';

const SETTING: Record<DefaultKey, string> = {
  depth: 'setting initLens.defaultDepth',
  width: 'setting initLens.defaultWidth',
  activation: 'setting initLens.defaultActivation',
  batch: 'setting initLens.defaultBatch',
};

export interface NetworkSummary {
  /** Weight layers. */
  depth: number;
  /** n_0 … n_L */
  widths: number[];
  /** One label per layer, e.g. "relu", "leaky_relu(0.2)". */
  activations: string[];
}

interface SiteNetworkBase {
  batch: number;
  /** Defaults the network relies on and modelling approximations, in words. */
  assumptions: string[];
  /** The network as inferred (layers as written: channels for convs), also when it cannot be simulated. */
  summary: NetworkSummary;
  /** Which of the defaults were used (the editor marks them `depth 10?` and lets the user set them). */
  assumed: DefaultKey[];
}

/** A simulatable network, or the reason the site cannot be simulated (e.g. an unresolved scale). */
export type SiteNetwork = (SiteNetworkBase & { network: NetworkSpec; reason?: undefined }) | (SiteNetworkBase & { network: null; reason: string });

export function networkForSite(site: InitSite, defaults: NetworkDefaults): SiteNetwork {
  const assumptions: string[] = [];
  const assumedKeys = new Set<DefaultKey>();
  const assumed = (key: DefaultKey, what: string) => {
    assumedKeys.add(key);
    assumptions.push(`${what} (assumed: ${defaults.origin?.[key] ?? SETTING[key]})`);
  };
  const result = (r: Omit<SiteNetwork, 'assumed'>): SiteNetwork => ({ ...r, assumed: [...assumedKeys] }) as SiteNetwork;
  const override = site.override ?? {};
  const context = site.context;

  const batch = override.batch ?? defaults.batch;

  const init = simulatableInit(site);
  // The network is still worked out for an unsimulatable site, so the user sees what was inferred.
  const layerInit = 'init' in init ? init.init : site.init;
  const stack = usesStack(site) ? context.stack?.value : undefined;
  let layers: LayerSpec[];
  try {
    layers = stack ? stackLayers(stack, site, layerInit, override.activation, defaults, assumed) : squareLayers(site, layerInit, defaults, assumed);
  } catch (error) {
    // A depth or width out of range (range(10**6)) is named here rather than allocated.
    return result({ network: null, reason: `the inferred network is invalid: ${messageOf(error)}`, batch, assumptions, summary: summarize([]) });
  }
  if (override.batch === undefined) assumed('batch', `batch ${batch}`);
  // Summarize the layers as written (channels, not the dense equivalent), for the user.
  const summary = summarize(layers);
  if ('reason' in init) return result({ network: null, reason: init.reason, batch, assumptions, summary });
  const unread = unreadNote(site);
  if (unread) assumptions.push(unread);
  try {
    const converted = layers.map((layer) => denseEquivalentLayer(layer));
    assumptions.push(...new Set(converted.flatMap((c) => (c.note ? [c.note] : []))));
    const network: NetworkSpec = { inputWidth: converted[0]?.layer.fanIn ?? 0, layers: converted.map((c) => c.layer) };
    // Named errors (a negative std, fans that do not chain) become the reason, never a throw.
    validateNetwork(network);
    return result({ network, batch, assumptions, summary });
  } catch (error) {
    return result({ network: null, reason: `the inferred network is invalid: ${messageOf(error)}`, batch, assumptions, summary });
  }
}

/** An override of the shape asks for a different network than the stack the code spells out. */
function usesStack(site: InitSite): boolean {
  const override = site.override ?? {};
  const stack = site.context.stack?.value;
  return stack !== undefined && stack.length > 0 && override.depth === undefined && override.width === undefined;
}

/**
 * The 0-based layers of `network` that carry the site's own init: its place in the stack the
 * code spells out, or every layer of the square network built around it.
 */
export function siteLayers(site: InitSite, depth: number): number[] {
  if (usesStack(site)) {
    const index = site.context.stackIndex;
    return index !== undefined && index >= 0 && index < depth ? [index] : [];
  }
  return Array.from({ length: depth }, (_, i) => i);
}

/**
 * The stack the code spells out, with this site's init in its place and an overridden activation.
 * A width the code leaves open (the input of a Keras model without input_shape, a Flax Dense's
 * input) is chained from the layer before, or taken from the defaults and said so.
 */
function stackLayers(
  stack: LayerSpec[],
  site: InitSite,
  init: InitSpec,
  activation: ActivationSpec | undefined,
  defaults: NetworkDefaults,
  assumed: (key: DefaultKey, what: string) => void,
): LayerSpec[] {
  const known = (n: number) => Number.isSafeInteger(n) && n >= 1;
  const layers: LayerSpec[] = [];
  for (const [i, layer] of stack.entries()) {
    let fanIn = layer.fanIn;
    let fanOut = layer.fanOut;
    if (!known(fanIn)) {
      const previous = layers.at(-1);
      if (previous) fanIn = previous.fanOut;
      else {
        fanIn = defaults.width;
        assumed('width', `input width ${fanIn}`);
      }
    }
    if (!known(fanOut)) {
      fanOut = defaults.width;
      assumed('width', `layer ${i + 1} width ${fanOut}`);
    }
    layers.push({
      ...layer,
      fanIn,
      fanOut,
      ...(i === site.context.stackIndex ? { init } : {}),
      ...(activation !== undefined ? { activation } : {}),
    });
  }
  return layers;
}

/** `depth` layers: the site's own fans first (when known), then square at its fan_out. */
function squareLayers(site: InitSite, init: InitSpec, defaults: NetworkDefaults, assumed: (key: DefaultKey, what: string) => void): LayerSpec[] {
  const override = site.override ?? {};
  const context = site.context;

  let depth: number;
  if (override.depth !== undefined) depth = override.depth;
  else if (context.depth !== undefined) depth = context.depth.value;
  else {
    depth = defaults.depth;
    assumed('depth', `depth ${depth}`);
  }

  let fanIn: number;
  let fanOut: number;
  if (override.width !== undefined) {
    fanIn = fanOut = override.width;
  } else {
    const knownIn = context.fanIn?.value;
    const knownOut = context.fanOut?.value;
    if (knownIn === undefined && knownOut === undefined) assumed('width', `width ${defaults.width}`);
    else if (knownIn === undefined) assumed('width', `input width ${defaults.width}`);
    else if (knownOut === undefined) assumed('width', `width ${defaults.width} after the ${knownIn} inputs`);
    fanIn = knownIn ?? defaults.width;
    fanOut = knownOut ?? defaults.width;
  }

  let activation: ActivationSpec;
  if (override.activation !== undefined) activation = override.activation;
  else if (context.activation !== undefined) activation = context.activation.value;
  else {
    activation = defaults.activation;
    assumed('activation', `activation ${labelOf(activation)}`);
  }

  requireInteger('depth', depth, 1, LIMITS.depth);
  requireInteger('layer fan_in', fanIn, 1, LIMITS.width);
  requireInteger('layer fan_out', fanOut, 1, LIMITS.width);
  return Array.from({ length: depth }, (_, i) => ({ fanIn: i === 0 ? fanIn : fanOut, fanOut, init, activation }));
}

export function summarize(layers: readonly LayerSpec[]): NetworkSummary {
  return {
    depth: layers.length,
    widths: layers.length === 0 ? [] : [layers[0].fanIn, ...layers.map((l) => l.fanOut)],
    activations: layers.map((l) => labelOf(l.activation)),
  };
}

/** "10 × 500, tanh" for a square net; "784 → 512 → 512 → 10, relu ×2, linear" otherwise. */
export function describeNetwork(summary: NetworkSummary): string {
  const { widths, activations } = summary;
  const square = widths.every((w) => w === widths[0]);
  const shape = square ? `${summary.depth} × ${widths[0]}` : compressWidths(widths);
  const uniform = activations.every((a) => a === activations[0]);
  return `${shape}, ${uniform ? (activations[0] ?? 'no layers') : compressRuns(activations)}`;
}

function compressWidths(widths: readonly number[]): string {
  // A long stack of equal widths reads better as a run: 784 → 512 ×19 → 10.
  const runs = runsOf(widths.map(String));
  return runs.map(([w, n]) => (n > 3 ? `${w} ×${n}` : Array(n).fill(w).join(' → '))).join(' → ');
}

function compressRuns(labels: readonly string[]): string {
  return runsOf(labels)
    .map(([label, n]) => (n > 1 ? `${label} ×${n}` : label))
    .join(', ');
}

function runsOf(items: readonly string[]): [string, number][] {
  const runs: [string, number][] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && last[0] === item) last[1]++;
    else runs.push([item, 1]);
  }
  return runs;
}

function labelOf(activation: ActivationSpec): string {
  try {
    return getActivation(activation).label;
  } catch {
    return activation.name;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
