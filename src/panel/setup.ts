// Building and changing what the panel simulates (PanelSetup). Pure (no DOM, no vscode), so the
// host builds setups with the same functions the webview uses to change them.

import { recommendedInit } from '../diagnose/fixes';
import type { ActivationName, ActivationSpec, InitSpec, LayerSpec, NetworkSpec } from '../core/types';
import { initLabel } from './initControls';
import type { PanelSetup, RunOptions } from './protocol';

/** `depth` layers of width × width, every one with this init and activation. */
export function squareNetwork(init: InitSpec, activation: ActivationSpec, depth: number, width: number): NetworkSpec {
  const layers: LayerSpec[] = Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init: { ...init }, activation: { ...activation } }));
  return { inputWidth: width, layers };
}

/** A square setup whose controls change every layer. */
export function squareSetup(init: InitSpec, activation: ActivationSpec, depth: number, width: number, options: RunOptions, assumptions: string[] = []): PanelSetup {
  return {
    network: squareNetwork(init, activation, depth, width),
    siteLayers: Array.from({ length: depth }, (_, i) => i),
    shape: 'square',
    options: { ...options },
    assumptions: [...assumptions],
  };
}

function siteLayer(setup: PanelSetup): LayerSpec {
  const layer = setup.network.layers[setup.siteLayers[0] ?? 0];
  if (!layer) throw new Error('The panel setup has no layers.');
  return layer;
}

/** The init the controls show and change (the first site layer's). */
export function siteInit(setup: PanelSetup): InitSpec {
  return siteLayer(setup).init;
}

export function siteActivation(setup: PanelSetup): ActivationSpec {
  return siteLayer(setup).activation;
}

export function setupDepth(setup: PanelSetup): number {
  return setup.network.layers.length;
}

/** The width the controls show: the site layer's output width (every layer's, for a square net). */
export function setupWidth(setup: PanelSetup): number {
  return siteLayer(setup).fanOut;
}

/** The setup with `init` at its site layers; every other layer (of a stack) keeps its own. */
export function withInit(setup: PanelSetup, init: InitSpec): PanelSetup {
  const sites = new Set(setup.siteLayers);
  return {
    ...setup,
    network: {
      inputWidth: setup.network.inputWidth,
      layers: setup.network.layers.map((layer, i) => (sites.has(i) ? { ...layer, init: { ...init } } : layer)),
    },
  };
}

export interface ShapeChange {
  depth?: number;
  width?: number;
  activation?: ActivationSpec;
}

/**
 * Assumption lines (model/network.ts wording) that a value the user set makes untrue:
 * "depth 10 (assumed: …)" is no longer assumed once depth is typed in.
 */
const ASSUMPTION_OF = {
  depth: /^depth \d/,
  width: /^(input width|width|layer \d+ width) \d/,
  activation: /^activation /,
  batch: /^batch \d/,
} as const;

function dropAssumptions(assumptions: string[], keys: (keyof typeof ASSUMPTION_OF)[]): string[] {
  return assumptions.filter((text) => !keys.some((key) => ASSUMPTION_OF[key].test(text)));
}

/**
 * The setup with a new depth, width or activation. Any real change makes the network square with
 * the site's init (design: changing the shape leaves the stack the code spells out); a change to
 * the same values returns the setup itself. A square net that only changes depth or activation
 * keeps its input width (the site's own fan_in).
 */
export function withShape(setup: PanelSetup, change: ShapeChange): PanelSetup {
  const depth = change.depth ?? setupDepth(setup);
  const width = change.width ?? setupWidth(setup);
  const activation = change.activation ?? siteActivation(setup);
  const changed: (keyof typeof ASSUMPTION_OF)[] = [];
  if (depth !== setupDepth(setup)) changed.push('depth');
  if (width !== setupWidth(setup)) changed.push('width');
  if (!sameActivation(activation, siteActivation(setup))) changed.push('activation');
  if (changed.length === 0) return setup;
  const square = squareSetup(siteInit(setup), activation, depth, width, setup.options, dropAssumptions(setup.assumptions, changed));
  const keepInput = setup.shape === 'square' && !changed.includes('width') && setup.network.inputWidth !== width;
  if (keepInput) {
    const [first, ...rest] = square.network.layers;
    square.network = { inputWidth: setup.network.inputWidth, layers: [{ ...first, fanIn: setup.network.inputWidth }, ...rest] };
  }
  return square;
}

export function withOptions(setup: PanelSetup, options: Partial<RunOptions>): PanelSetup {
  const next = { ...setup.options, ...options };
  const assumptions = next.batch !== setup.options.batch ? dropAssumptions(setup.assumptions, ['batch']) : setup.assumptions;
  return { ...setup, options: next, assumptions };
}

export function sameActivation(a: ActivationSpec, b: ActivationSpec): boolean {
  return a.name === b.name && (a.param ?? null) === (b.param ?? null);
}

/**
 * The compare overlay for `setup`: the suggested init on the same network. The suggestion was
 * worked out for the activation the panel opened with; once the activation changes, the scheme
 * recommended for the new one is used instead (He for ReLU-like, Xavier for tanh, LeCun for SELU).
 */
export function compareSetup(setup: PanelSetup, suggestion: PanelSetup): PanelSetup {
  const activation = siteActivation(setup);
  const init = sameActivation(activation, siteActivation(suggestion)) ? siteInit(suggestion) : recommendedInit(activation).init;
  return withInit(setup, init);
}

const ACTIVATION_LABELS: Readonly<Record<ActivationName, string>> = {
  linear: 'linear',
  relu: 'ReLU',
  leaky_relu: 'LeakyReLU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  gelu: 'GELU',
  gelu_tanh: 'GELU (tanh)',
  silu: 'SiLU',
  selu: 'SELU',
  elu: 'ELU',
  softplus: 'softplus',
  mish: 'Mish',
};

/** "ReLU", "LeakyReLU(0.2)", "ELU(1.5)". */
export function activationLabel(activation: ActivationSpec): string {
  const name = ACTIVATION_LABELS[activation.name] ?? activation.name;
  return activation.param === undefined ? name : `${name}(${activation.param})`;
}

/** "20×512" for a square net, "784→512→256→10" for a stack (equal widths run-length coded past 3). */
export function shapeLabel(network: NetworkSpec): string {
  const widths = [network.inputWidth, ...network.layers.map((l) => l.fanOut)];
  if (widths.every((w) => w === widths[0])) return `${network.layers.length}×${widths[0]}`;
  const runs: [number, number][] = [];
  for (const w of widths) {
    const last = runs.at(-1);
    if (last && last[0] === w) last[1]++;
    else runs.push([w, 1]);
  }
  return runs.map(([w, n]) => (n > 3 ? `${w}×${n}` : Array<number>(n).fill(w).join('→'))).join('→');
}

/** "He normal · ReLU · 20×512"; a stack lists its distinct activations: "He normal · ReLU, linear · 784→512→10". */
export function setupTitle(setup: PanelSetup): string {
  const labels = [...new Set(setup.network.layers.map((l) => activationLabel(l.activation)))];
  return [initLabel(siteInit(setup)), labels.join(', '), shapeLabel(setup.network)].join(' · ');
}

/** Structural equality of setups (plain JSON data; key order does not matter). */
export function sameSetup(a: PanelSetup | null, b: PanelSetup | null): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Structural equality of networks, e.g. a result's config.network against the setup it was run for. */
export function sameNetwork(a: NetworkSpec, b: NetworkSpec): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
