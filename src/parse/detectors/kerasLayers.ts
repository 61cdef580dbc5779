// Keras / tf.keras layer constructors → ops: Dense and Conv{1,2,3}D as weight layers (kernel
// axes (…, in, out), so fans include the receptive field), Input/input_shape/input_dim as the
// input width, activation layers, shape-changing layers (Flatten, pooling, Reshape, Embedding)
// and layers that keep the width (Dropout, BatchNormalization).

import type { ActivationSpec, InitSpec } from '../../core/types';
import { argument, callArgs, textOf, type CallArgs, type SyntaxNode } from '../syntax';
import type { Inferred } from '../types';
import { kerasActivationLayer, readActivationArgument } from './kerasActivations';
import { asKeras, KERAS_INITIALIZERS, readInitializer, type InitializerFamily } from './kerasInitializers';
import {
  channelsOf,
  flatten,
  isNone,
  layerTarget,
  nodeKey,
  numberOf,
  perAxis,
  shapeOf,
  stringOf,
  windowShape,
  type ConvGeometry,
  type Dim,
  type InitReading,
  type LayerReading,
  type Op,
  type ReadContext,
  type Shape,
  type WeightLayer,
} from './kerasStack';

const IDENTITY_LAYERS = new Set([
  'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'AlphaDropout', 'GaussianDropout',
  'GaussianNoise', 'BatchNormalization', 'LayerNormalization', 'GroupNormalization', 'UnitNormalization',
  'ActivityRegularization', 'Masking', 'Identity',
]);

const CONV = /^Conv(?:olution)?([123])D$/;
const POOL = /^(?:MaxPooling|MaxPool|AveragePooling|AvgPool)([123])D$/;
const GLOBAL_POOL = /^Global(?:MaxPooling|MaxPool|AveragePooling|AvgPool)[123]D$/;

export function readKerasLayer(rc: ReadContext, call: SyntaxNode, qualified: string): LayerReading | null {
  const path = asKeras(qualified);
  if (path === null) return null;
  const file = rc.ctx.file;
  const cls = path.slice(path.lastIndexOf('.') + 1);
  const args = callArgs(file, call);
  if (cls === 'Sequential' && (path === 'keras.Sequential' || path.startsWith('keras.models.'))) {
    return { kind: 'sequential', items: argument(args, 0, 'layers') ?? null };
  }
  if (path !== 'keras.Input' && !path.split('.').includes('layers')) return null;
  const text = textOf(file, call);
  if (cls === 'Input' || cls === 'InputLayer') {
    const batch = args.keywords.get('batch_shape') ?? args.keywords.get('batch_input_shape');
    const shape = batch ? (shapeOf(rc, batch)?.slice(1) ?? null) : shapeOf(rc, argument(args, 0, 'shape') ?? args.keywords.get('input_shape'));
    return { kind: 'ops', ops: [{ kind: 'input', shape, source: text }] };
  }
  const ops: Op[] = inputArguments(rc, args, cls);
  const conv = CONV.exec(cls);
  const pool = POOL.exec(cls);
  if (cls === 'Dense') ops.push({ kind: 'weight', layer: denseLayer(rc, call, args) });
  else if (conv) ops.push({ kind: 'weight', layer: convLayer(rc, call, args, cls, Number(conv[1])) });
  else if (IDENTITY_LAYERS.has(cls)) ops.push({ kind: 'identity' });
  else if (cls === 'Flatten') ops.push({ kind: 'shape', transform: flatten, source: text });
  else if (pool) ops.push(poolOp(rc, args, Number(pool[1]), text));
  else if (GLOBAL_POOL.test(cls)) ops.push({ kind: 'shape', transform: (s) => [channelsOf(s)], source: text });
  else if (cls === 'Reshape') {
    const target = shapeOf(rc, argument(args, 0, 'target_shape'));
    ops.push({ kind: 'shape', transform: () => target, source: text });
  } else if (cls === 'Embedding') {
    // A lookup table, not a z = a·W step: no site; its output width feeds the next layer.
    const length = numberOf(rc, args.keywords.get('input_length'));
    const width = numberOf(rc, argument(args, 1, 'output_dim'));
    ops.push({ kind: 'shape', transform: () => [length, width], source: text });
  } else {
    const activation = kerasActivationLayer(rc, cls, call);
    // Unknown layers (LSTM, custom) change the width in ways we do not model.
    ops.push(activation ?? { kind: 'shape', transform: () => null, source: text });
  }
  return { kind: 'ops', ops };
}

/** input_shape=, batch_input_shape= and Dense's input_dim=: honoured on the first layer only. */
function inputArguments(rc: ReadContext, args: CallArgs, cls: string): Op[] {
  const file = rc.ctx.file;
  const shapeNode = args.keywords.get('input_shape');
  const batchNode = args.keywords.get('batch_input_shape');
  const dimNode = cls === 'Embedding' ? undefined : args.keywords.get('input_dim');
  const node = shapeNode ?? batchNode ?? dimNode;
  if (!node) return [];
  const shape = batchNode && !shapeNode ? (shapeOf(rc, batchNode)?.slice(1) ?? null) : shapeOf(rc, node);
  return [{ kind: 'input', shape, source: `${shapeNode ? 'input_shape' : batchNode ? 'batch_input_shape' : 'input_dim'}=${textOf(file, node)}`, onlyFirst: true }];
}

/** The layer's kernel init: what the argument says, or the framework default when it is absent. */
export function kernelReading(rc: ReadContext, node: SyntaxNode | undefined, families: readonly InitializerFamily[], fallback: InitReading): InitReading {
  if (!node || isNone(rc.ctx.file, node)) return fallback;
  const read = readInitializer(rc, node, families);
  if (read) {
    rc.consumed.add(nodeKey(read.node));
    return { init: read.init, unresolved: read.unresolved, implicit: false };
  }
  // An initializer we cannot read (a custom function): the default stands in, and the text is listed.
  return { ...fallback, implicit: false, unresolved: [textOf(rc.ctx.file, node)] };
}

/** A bias init worth simulating (non-zero); zero biases are the contract's default. */
export function biasReading(rc: ReadContext, node: SyntaxNode | undefined, families: readonly InitializerFamily[]): InitSpec | undefined {
  if (!node) return undefined;
  const read = readInitializer(rc, node, families);
  if (!read) return undefined;
  rc.consumed.add(nodeKey(read.node));
  const zero = read.init.scheme === 'zeros' || (read.init.scheme === 'constant' && read.init.value === 0);
  return zero || read.unresolved.length > 0 ? undefined : read.init;
}

/** Units/filters/features: an integer ≥ 1, or null with its text listed as unresolved. */
export function widthArgument(rc: ReadContext, node: SyntaxNode | undefined, unresolved: string[]): number | null {
  const v = numberOf(rc, node);
  if (v !== null && Number.isInteger(v) && v >= 1) return v;
  unresolved.push(node ? textOf(rc.ctx.file, node) : 'units');
  return null;
}

/** A width in a label: the evaluated value (n_hidden → 512), else the text as written. */
export function widthLabel(rc: ReadContext, node: SyntaxNode | undefined, value: number | null): string {
  return value !== null ? String(value) : node ? textOf(rc.ctx.file, node) : '?';
}

/** "units=512", or "units=n_hidden (512)" when a name had to be evaluated. */
export function widthSource(rc: ReadContext, keyword: string, node: SyntaxNode | undefined, value: number | null): string {
  if (!node) return keyword;
  const text = textOf(rc.ctx.file, node);
  return value !== null && text !== String(value) ? `${keyword}=${text} (${value})` : `${keyword}=${text}`;
}

export function activationArgument(rc: ReadContext, node: SyntaxNode | undefined, unresolved: string[]): Inferred<ActivationSpec> | undefined {
  if (!node) return undefined;
  const read = readActivationArgument(rc, node);
  const text = textOf(rc.ctx.file, node);
  if (read) return { value: read.value, source: `activation=${read.source}` };
  unresolved.push(text);
  return { value: { name: 'linear' }, source: `${text} (not recognised; simulated as linear)` };
}

const KERAS_DEFAULT: InitReading = { init: { scheme: 'keras_default' }, unresolved: [], implicit: true };

function denseLayer(rc: ReadContext, call: SyntaxNode, args: CallArgs): WeightLayer {
  const file = rc.ctx.file;
  const unresolved: string[] = [];
  const unitsNode = argument(args, 0, 'units');
  const units = widthArgument(rc, unitsNode, unresolved);
  const label = `Dense(${widthLabel(rc, unitsNode, units)})`;
  const activation = activationArgument(rc, argument(args, 1, 'activation'), unresolved);
  const bias = biasReading(rc, argument(args, 4, 'bias_initializer'), [KERAS_INITIALIZERS]);
  return {
    node: call,
    framework: 'keras',
    label,
    target: layerTarget(file, call, args.keywords.get('name'), label),
    units,
    unitsSource: widthSource(rc, 'units', unitsNode, units),
    unresolved,
    kernel: kernelReading(rc, argument(args, 3, 'kernel_initializer'), [KERAS_INITIALIZERS], KERAS_DEFAULT),
    ...(bias ? { bias } : {}),
    ...(activation ? { activation } : {}),
  };
}

function convLayer(rc: ReadContext, call: SyntaxNode, args: CallArgs, cls: string, rank: number): WeightLayer {
  const file = rc.ctx.file;
  const unresolved: string[] = [];
  const filtersNode = argument(args, 0, 'filters');
  const kernelNode = argument(args, 1, 'kernel_size');
  const filters = widthArgument(rc, filtersNode, unresolved);
  const kernel = perAxis(rc, kernelNode, rank, null);
  if (kernel.some((k) => k === null)) unresolved.push(kernelNode ? textOf(file, kernelNode) : 'kernel_size');
  const groups = numberOf(rc, argument(args, 6, 'groups'));
  const geometry: ConvGeometry = {
    kernel,
    strides: perAxis(rc, argument(args, 2, 'strides'), rank, 1),
    padding: padding(stringOf(rc, argument(args, 3, 'padding')) ?? 'valid'),
    dilation: perAxis(rc, argument(args, 5, 'dilation_rate'), rank, 1),
    channelsFirst: stringOf(rc, argument(args, 4, 'data_format')) === 'channels_first',
  };
  const label = `${cls}(${widthLabel(rc, filtersNode, filters)}, ${kernelNode ? textOf(file, kernelNode) : '?'})`;
  const activation = activationArgument(rc, argument(args, 7, 'activation'), unresolved);
  const bias = biasReading(rc, argument(args, 10, 'bias_initializer'), [KERAS_INITIALIZERS]);
  return {
    node: call,
    framework: 'keras',
    label,
    target: layerTarget(file, call, args.keywords.get('name'), label),
    units: filters,
    unitsSource: widthSource(rc, 'filters', filtersNode, filters),
    unresolved,
    kernel: kernelReading(rc, argument(args, 9, 'kernel_initializer'), [KERAS_INITIALIZERS], KERAS_DEFAULT),
    conv: geometry,
    ...(groups !== null && groups !== 1 ? { groups } : {}),
    ...(bias ? { bias } : {}),
    ...(activation ? { activation } : {}),
  };
}

/** 'same' / 'valid' (any case); 'causal' keeps the length like 'same'; anything else is unknown. */
export function padding(text: string | null): 'same' | 'valid' | null {
  const p = text?.toLowerCase();
  return p === 'same' || p === 'causal' ? 'same' : p === 'valid' ? 'valid' : null;
}

function poolOp(rc: ReadContext, args: CallArgs, rank: number, source: string): Op {
  const size = perAxis(rc, argument(args, 0, 'pool_size'), rank, 2);
  const stridesNode = argument(args, 1, 'strides');
  const strides: Dim[] = stridesNode && !isNone(rc.ctx.file, stridesNode) ? perAxis(rc, stridesNode, rank, 1) : size;
  const geometry: ConvGeometry = {
    kernel: size,
    strides,
    padding: padding(stringOf(rc, argument(args, 2, 'padding')) ?? 'valid'),
    dilation: Array<Dim>(rank).fill(1),
    channelsFirst: stringOf(rc, argument(args, 3, 'data_format')) === 'channels_first',
  };
  return { kind: 'shape', transform: (s: Shape) => windowShape(s, geometry, channelsOf(s, geometry.channelsFirst)), source };
}
