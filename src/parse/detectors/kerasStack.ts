// Layer stacks shared by the Keras, Flax and Haiku detectors: what a layer call means (ops),
// how a chain of ops becomes per-layer fans and activations, and how a weight layer becomes
// an InitSite. Framework readers (kerasLayers, flaxLayers, haiku) produce the ops.

import type { ActivationSpec, InitSpec, LayerSpec } from '../../core/types';
import { distributionMoments, resolveInit } from '../../core/schemes';
import { makeSite, type DetectContext } from '../detect';
import type { Value } from '../evaluate';
import { dottedName, stringValue, type SourceFile, type SyntaxNode } from '../syntax';
import type { Framework, Inferred, InitSite } from '../types';
import type { Bindings } from './kerasBindings';
import { channelsOf, windowShape, type ConvGeometry, type Shape } from './kerasValues';

// Readers import values, shapes and stacks from one place.
export * from './kerasValues';

/**
 * Width the code does not state, in a stack's LayerSpec (the first layer's fanIn of a Flax
 * model, a conv's input channels): the model layer fills it from settings as an assumption.
 */
export const UNKNOWN_WIDTH = Number.NaN;

export interface InitReading {
  init: InitSpec;
  /** Argument texts that could not be evaluated (their InitSpec fields are left unset). */
  unresolved: string[];
  implicit: boolean;
  /** Haiku's default TruncatedNormal(1/√fan_in): written out once fan_in is known. */
  withFanIn?: (fanIn: number) => InitSpec;
}

export interface WeightLayer {
  /** The constructor call: the site's range. */
  node: SyntaxNode;
  framework: Framework;
  /** "Dense(512)", "Conv2D(32, 3)", "Linear(300)". */
  label: string;
  target: string;
  units: number | null;
  /** "units=512", "features=self.width (128)". */
  unitsSource: string;
  unresolved: string[];
  kernel: InitReading;
  bias?: InitSpec;
  /** The layer's own activation argument (Keras activation=, nnx has none). */
  activation?: Inferred<ActivationSpec>;
  conv?: ConvGeometry;
  groups?: number;
  /** An input width the constructor itself states (nnx.Linear(in_features, …)). */
  ownFanIn?: Inferred<number>;
}

export type Op =
  | { kind: 'weight'; layer: WeightLayer }
  | { kind: 'activation'; activation: ActivationSpec; source: string }
  /** `onlyFirst`: input_shape=/input_dim= on a layer, which Keras honours on the first layer only. */
  | { kind: 'input'; shape: Shape; source: string; onlyFirst?: boolean }
  | { kind: 'shape'; transform: (shape: Shape) => Shape; source: string }
  | { kind: 'identity' };

/** `certain: false` when the layer's own depth is unknown (hk.nets.MLP(sizes) with unevaluable sizes). */
export type LayerReading = { kind: 'ops'; ops: Op[]; certain?: boolean } | { kind: 'sequential'; items: SyntaxNode | null };

/** What readers need: the detect context, name bindings, loop variables, and consumption marks. */
export interface ReadContext {
  ctx: DetectContext;
  bindings: Bindings;
  /** Values of enclosing loop variables during an unrolled `for`. */
  loopVars: ReadonlyMap<string, Value>;
  /** Initializer expressions a layer or a weight already accounts for (not standalone sites). */
  consumed: Set<string>;
}

export interface Readers {
  layer(rc: ReadContext, call: SyntaxNode, path: string): LayerReading | null;
  /** A function applied to a tensor (`nn.relu(x)`) or referenced in a layer list (`jax.nn.relu`). */
  fn(rc: ReadContext, path: string, call: SyntaxNode | null): Op | null;
}

export const nodeKey = (node: { from: number; to: number }): string => `${node.from}:${node.to}`;

// ── Stacks ──────────────────────────────────────────────────────────────────────────────

export interface StackEntry {
  layer: WeightLayer;
  fanIn: Inferred<number> | null;
  fanOut: Inferred<number> | null;
  activation: Inferred<ActivationSpec>;
}

/** Walks a chain of ops, tracking the feature shape, and pairs each weight layer with its fans and activation. */
export function buildStack(ops: readonly Op[]): StackEntry[] {
  const entries: StackEntry[] = [];
  let shape: Shape = null;
  let shapeSource = '';
  // Whether the last weight layer's activation came from an activation op (later ones do not compose).
  let followed = false;
  for (const op of ops) {
    switch (op.kind) {
      case 'input':
        if (op.onlyFirst && entries.length > 0) break;
        shape = op.shape;
        shapeSource = op.source;
        break;
      case 'weight': {
        const layer = op.layer;
        const channelsFirst = layer.conv?.channelsFirst ?? false;
        const inWidth = channelsOf(shape, channelsFirst);
        const fanIn = layer.ownFanIn ?? (inWidth !== null ? { value: inWidth, source: shapeSource } : null);
        const fanOut = layer.units !== null ? { value: layer.units, source: layer.unitsSource } : null;
        const activation = layer.activation ?? { value: { name: 'linear' as const }, source: layer.framework === 'keras' ? `${layer.label} has no activation=` : `no activation after ${layer.label}` };
        entries.push({ layer, fanIn, fanOut, activation });
        shape = layer.conv ? windowShape(shape, layer.conv, layer.units) : shape ? [...shape.slice(0, -1), layer.units] : [layer.units];
        shapeSource = `output of ${layer.label}`;
        followed = false;
        break;
      }
      case 'activation': {
        const last = entries[entries.length - 1];
        if (last && !followed && (last.layer.activation === undefined || last.layer.activation.value.name === 'linear')) {
          last.activation = { value: op.activation, source: op.source };
          followed = true;
        }
        break;
      }
      case 'shape':
        shape = op.transform(shape);
        shapeSource = `output of ${op.source}`;
        break;
      case 'identity':
        break;
    }
  }
  return entries;
}

/** "Dense(512) ×4 → Dense(10)": the stack in words, for the `source` of depth and stack. */
export function describeStack(entries: readonly StackEntry[]): string {
  const runs: { label: string; count: number }[] = [];
  for (const e of entries) {
    const last = runs[runs.length - 1];
    if (last && last.label === e.layer.label) last.count++;
    else runs.push({ label: e.layer.label, count: 1 });
  }
  return `layers in order: ${runs.map((r) => (r.count > 1 ? `${r.label} ×${r.count}` : r.label)).join(' → ')}`;
}

/** The init a layer's weights get once its input width is known (conv receptive field included). */
export function layerInit(layer: WeightLayer, fanIn: number | null): InitSpec {
  const field = receptiveField(layer);
  // Haiku's default std is 1/√(in·receptive field): written out, it needs no receptive field.
  if (fanIn !== null && layer.kernel.withFanIn && Number.isFinite(field)) return layer.kernel.withFanIn(fanIn * field);
  const base = { ...layer.kernel.init };
  if (layer.conv) {
    if (field !== 1 && Number.isFinite(field)) base.receptiveField = field;
    if (layer.groups !== undefined && layer.groups !== 1) base.groups = layer.groups;
  }
  return base;
}

/** Product of the kernel sizes; NaN when one is unknown. */
export function receptiveField(layer: WeightLayer): number {
  return layer.conv ? layer.conv.kernel.reduce<number>((p, k) => p * (k ?? Number.NaN), 1) : 1;
}

export function layerSpecs(entries: readonly StackEntry[]): LayerSpec[] {
  return entries.map((e) => ({
    fanIn: e.fanIn?.value ?? UNKNOWN_WIDTH,
    fanOut: e.fanOut?.value ?? UNKNOWN_WIDTH,
    init: layerInit(e.layer, e.fanIn?.value ?? null),
    activation: e.activation.value,
    ...(e.layer.bias ? { bias: e.layer.bias } : {}),
  }));
}

// ── Parameters ──────────────────────────────────────────────────────────────────────────

type FanName = 'fan_in' | 'fan_out';

function fansNeeded(init: InitSpec): FanName[] {
  const byMode = (mode: string | undefined): FanName[] => (mode === 'fan_out' ? ['fan_out'] : mode === 'fan_avg' ? ['fan_in', 'fan_out'] : ['fan_in']);
  switch (init.scheme) {
    case 'variance_scaling':
    case 'he_normal':
    case 'he_uniform':
      return byMode(init.mode);
    case 'lecun_normal':
    case 'lecun_uniform':
    case 'flax_default':
    case 'torch_default':
      return ['fan_in'];
    case 'xavier_normal':
    case 'xavier_uniform':
    case 'keras_default':
    case 'orthogonal':
    case 'eye':
    case 'sparse':
      return ['fan_in', 'fan_out'];
    default:
      return [];
  }
}

const PARAM_FIELDS = ['mean', 'low', 'high', 'gain', 'a', 'mode', 'nonlinearity', 'scale', 'distribution', 'value', 'sparsity'] as const;

/**
 * The init's stated parameters plus `std`, the standard deviation of the resolved per-entry
 * distribution, when the fans it depends on are known. `missing` names the fans that are not.
 */
export function initParams(init: InitSpec, fanIn: number | null, fanOut: number | null, complete = true): { params: Record<string, number | string>; missing: FanName[] } {
  const params: Record<string, number | string> = {};
  for (const field of PARAM_FIELDS) {
    const v = init[field];
    if (v !== undefined) params[field] = v;
  }
  const missing = fansNeeded(init).filter((f) => (f === 'fan_in' ? fanIn : fanOut) === null);
  // An argument we could not evaluate left a field unset: its default would give a wrong std.
  if (missing.length > 0 || !complete) return { params, missing };
  // A fan the scheme ignores still has to pass resolveInit's checks.
  const placeholder = init.groups ?? 1;
  try {
    const fi = fanIn ?? placeholder;
    const fo = fanOut ?? 1;
    const moments = distributionMoments(resolveInit(init, fi, fo), fi, fo);
    if (Number.isFinite(moments.variance)) params.std = Math.sqrt(moments.variance);
  } catch {
    // An invalid init (minval > maxval, NaN receptive field) has no std; it is still reported.
  }
  return { params, missing };
}

// ── Sites ───────────────────────────────────────────────────────────────────────────────

export interface Placement {
  entries: StackEntry[];
  index: number;
  /**
   * 'known': the chain is the network. 'loop': a loop with an unknown count built it, so only
   * what follows the layer (its activation) is known. 'isolated': a layer outside any chain,
   * with only what its own arguments say (input_dim=, input_shape=).
   */
  network: 'known' | 'loop' | 'isolated';
}

const summaries = new WeakMap<StackEntry[], { specs: LayerSpec[]; description: string }>();

/**
 * One LayerSpec[] per network, shared by the sites of its layers (read-only): a 2,000-layer
 * Sequential would otherwise build 2,000² specs.
 */
function stackSummary(entries: StackEntry[]): { specs: LayerSpec[]; description: string } {
  let summary = summaries.get(entries);
  if (!summary) {
    summary = { specs: layerSpecs(entries), description: describeStack(entries) };
    summaries.set(entries, summary);
  }
  return summary;
}

/** Keras states "no activation" by omission; Flax and Haiku say nothing until something follows. */
function ownActivation(layer: WeightLayer): Inferred<ActivationSpec> | undefined {
  if (layer.activation) return layer.activation;
  return layer.framework === 'keras' ? { value: { name: 'linear' }, source: `${layer.label} has no activation=` } : undefined;
}

export function weightLayerSite(ctx: DetectContext, layer: WeightLayer, placement: Placement): InitSite {
  const entry = placement.entries[placement.index];
  const network = placement.network;
  const fanIn = network !== 'loop' ? (entry?.fanIn ?? null) : (layer.ownFanIn ?? null);
  const fanOut = entry?.fanOut ?? (layer.units !== null ? { value: layer.units, source: layer.unitsSource } : null);
  const init = layerInit(layer, fanIn?.value ?? null);
  const { params, missing } = initParams(init, fanIn?.value ?? null, fanOut?.value ?? null, layer.kernel.unresolved.length === 0 && Number.isFinite(receptiveField(layer)));
  const activation = network === 'isolated' ? ownActivation(layer) : entry?.activation;
  // An unknown input width is listed even when this init's std does not need it: the
  // simulation does (n_0 of a Flax model, the input of a lone layer).
  const unresolved = [...layer.unresolved, ...layer.kernel.unresolved, ...missing, ...(fanIn ? [] : ['fan_in'])];
  if (network === 'loop') unresolved.push('depth');
  const context: InitSite['context'] = {
    ...(fanIn ? { fanIn } : {}),
    ...(fanOut ? { fanOut } : {}),
    ...(activation ? { activation } : {}),
  };
  if (network === 'known') {
    const { specs, description } = stackSummary(placement.entries);
    context.stack = { value: specs, source: description };
    context.stackIndex = placement.index;
    context.depth = { value: placement.entries.length, source: description };
  }
  return makeSite(ctx, layer.node, {
    framework: layer.framework,
    init,
    params,
    unresolved: [...new Set(unresolved)],
    implicit: layer.kernel.implicit,
    target: layer.target,
    context,
  });
}

/** The name a layer is bound to (`self.fc1 = nn.Dense(…)`), else its `name=`, else its label. */
export function layerTarget(file: SourceFile, call: SyntaxNode, nameArg: SyntaxNode | undefined, label: string): string {
  const parent = call.parent;
  if (parent?.name === 'AssignStatement' && parent.lastChild && nodeKey(parent.lastChild) === nodeKey(call)) {
    const target = dottedName(file, parent.firstChild);
    if (target !== null) return target;
  }
  return stringValue(file, nameArg) ?? label;
}
