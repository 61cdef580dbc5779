// What a PyTorch site's context and numbers are, given the layers it initializes: fans (with the
// receptive field and groups), the stack and position, depth, activation, and params.std.

import { computeFans, distributionMoments, resolveInit } from '../../core/schemes';
import type { ActivationSpec, InitSpec } from '../../core/types';
import { assignDepths, assignStacks, stackCandidate, type StackCandidate } from '../context/torchStack';
import { positionAt, textOf, type SourceFile } from '../syntax';
import type { Inferred, SiteContext } from '../types';
import type { InterpreterResult } from './torchInterpreter';
import type { LayerInstance, TensorValue } from './torchValues';

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** Fans the layers agree on; one may be known while the other differs across layers. */
export interface KnownFans {
  fanIn?: number;
  fanOut?: number;
}

export interface LayerContext {
  context: SiteContext;
  /** The fans an init sees (receptive field and groups applied), where all layers agree. */
  fans: KnownFans;
  /** Conv geometry for params, when all layers agree. */
  receptiveField?: number;
  groups?: number;
}

/** Stacks and depths for every layer the interpreter built, computed once per file. */
export class StackIndex {
  private readonly stacks: Map<LayerInstance, StackCandidate>;
  private readonly depths: Map<LayerInstance, { depth: number; source: string }>;

  constructor(
    private readonly file: SourceFile,
    result: InterpreterResult,
  ) {
    const roots = result.modules.filter((m) => (m.kind === 'container' && m.className === 'Sequential') || m.kind === 'instance');
    const candidates: StackCandidate[] = [];
    for (const root of roots) {
      const candidate = stackCandidate(file, root, result.trace(root));
      if (candidate) candidates.push(candidate);
    }
    this.stacks = assignStacks(candidates);
    this.depths = assignDepths(file, candidates, result.modules);
  }

  contextFor(layers: LayerInstance[]): LayerContext {
    const context: SiteContext = {};
    const all = layers.map(effectiveFans);
    const fanIn = agree(all.map((f) => f?.fanIn ?? null));
    const fanOut = agree(all.map((f) => f?.fanOut ?? null));
    const describe = layers.length === 1 ? this.layerText(layers[0]) : `${layers.length} layers it initializes, e.g. ${this.layerText(layers[0])}`;
    const fans: KnownFans = {};
    if (fanIn !== null) {
      fans.fanIn = fanIn;
      context.fanIn = { value: fanIn, source: describe };
    }
    if (fanOut !== null) {
      fans.fanOut = fanOut;
      context.fanOut = { value: fanOut, source: describe };
    }
    const stack = this.sharedStack(layers);
    if (stack && stack.specs) {
      const positions = layers.map((l) => stack.layers.indexOf(l)).filter((i) => i >= 0);
      const index = Math.min(...positions);
      context.stack = { value: stack.specs, source: stack.source };
      context.stackIndex = index;
      context.depth = { value: stack.specs.length, source: `${stack.specs.length} weight layers in ${stack.source}` };
      const activation = majority(positions.map((i) => stack.activations[i]));
      if (activation) {
        const where =
          positions.length === 1
            ? `the activation after it in ${stack.source}`
            : activation.count === positions.length
              ? `the activation after each of the ${positions.length} layers it initializes in ${stack.source}`
              : `the activation after ${activation.count} of the ${positions.length} layers it initializes in ${stack.source}`;
        context.activation = { value: activation.value, source: where };
      }
    } else {
      const depth = agree(layers.map((l) => this.depths.get(l) ?? null), (a, b) => a.depth === b.depth);
      if (depth) context.depth = { value: depth.depth, source: depth.source };
    }
    const out: LayerContext = { context, fans };
    const rf = agree(layers.map((l) => (l.className === 'Linear' || l.kernel === null ? null : l.kernel.reduce((p, k) => p * k, 1))));
    if (rf !== null) out.receptiveField = rf;
    const groups = agree(layers.map((l) => l.groups));
    if (groups !== null && groups !== 1) out.groups = groups;
    return out;
  }

  private layerText(layer: LayerInstance): string {
    const text = textOf(this.file, layer.call).replace(/\s+/g, ' ');
    const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    return `${short} (line ${positionAt(this.file, layer.call.from).line + 1})`;
  }

  /** The one stack all layers belong to (or identical stacks, e.g. two instances of a class). */
  private sharedStack(layers: LayerInstance[]): StackCandidate | null {
    const stacks = layers.map((l) => this.stacks.get(l) ?? null);
    const first = stacks[0];
    if (!first || !first.specs) return null;
    const key = JSON.stringify(first.specs);
    return stacks.every((s) => s === first || (s !== null && JSON.stringify(s.specs) === key)) ? first : null;
  }
}

/** The fans PyTorch computes for the weight: (out, in/groups, *kernel). */
export function effectiveFans(layer: LayerInstance): Fans | null {
  if (layer.inFeatures === null || layer.outFeatures === null || layer.kernel === null || layer.groups === null) return null;
  if (layer.inFeatures % layer.groups !== 0) return null;
  try {
    const fans = computeFans([layer.outFeatures, layer.inFeatures / layer.groups, ...layer.kernel], 'torch');
    return { fanIn: fans.fanIn, fanOut: fans.fanOut };
  } catch {
    return null;
  }
}

export function tensorFans(tensor: TensorValue): Fans | null {
  if (!tensor.shape || tensor.shape.length < 2 || tensor.shape.some((d) => d === null)) return null;
  try {
    const fans = computeFans(tensor.shape as number[], 'torch');
    return { fanIn: fans.fanIn, fanOut: fans.fanOut };
  } catch {
    return null;
  }
}

function agree<T>(values: (T | null)[], same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b)): T | null {
  const first = values[0];
  if (first === null || first === undefined) return null;
  return values.every((v) => v !== null && same(v, first)) ? first : null;
}

function majority(values: ActivationSpec[]): { value: ActivationSpec; count: number } | null {
  const counts = new Map<string, { value: ActivationSpec; count: number }>();
  for (const v of values) {
    const key = JSON.stringify(v);
    const entry = counts.get(key) ?? { value: v, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { value: ActivationSpec; count: number } | null = null;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best;
}

/** Which fans a scheme's formula reads. */
function fansNeeded(init: InitSpec): ('fan_in' | 'fan_out')[] {
  switch (init.scheme) {
    case 'normal':
    case 'uniform':
    case 'truncated_normal':
    case 'zeros':
    case 'constant':
      return [];
    case 'he_normal':
    case 'he_uniform':
      return [init.mode === 'fan_out' ? 'fan_out' : 'fan_in'];
    case 'torch_default':
    case 'lecun_normal':
    case 'lecun_uniform':
      return ['fan_in'];
    case 'sparse':
      return ['fan_out'];
    default:
      return ['fan_in', 'fan_out'];
  }
}

/**
 * params.std: the weight standard deviation the init produces (bound/√3 for uniform), computed
 * with the layer's fans when the formula needs them. Missing fans are reported as unresolved.
 */
export function withStd(init: InitSpec, params: Record<string, number | string>, fans: KnownFans, complete: boolean): { params: Record<string, number | string>; unresolved: string[] } {
  const out = { ...params };
  if (!complete) return { params: out, unresolved: [] };
  const missing = fansNeeded(init).filter((f) => (f === 'fan_in' ? fans.fanIn : fans.fanOut) === undefined);
  if (missing.length > 0) return { params: out, unresolved: missing };
  // A fan the formula does not read can be anything valid.
  const fanIn = fans.fanIn ?? 1;
  const fanOut = fans.fanOut ?? 1;
  try {
    const moments = distributionMoments(resolveInit(init, fanIn, fanOut), fanIn, fanOut);
    out.std = Math.sqrt(moments.variance);
  } catch {
    // Arguments PyTorch itself would reject (a ≥ b, a negative std): no number to report.
  }
  return { params: out, unresolved: [] };
}

export function activationHint(hint: { activation: ActivationSpec; source: string } | undefined): Inferred<ActivationSpec> | undefined {
  return hint ? { value: hint.activation, source: hint.source } : undefined;
}
