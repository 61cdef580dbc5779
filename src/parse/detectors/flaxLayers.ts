// Flax layer constructors → ops: linen Dense/DenseGeneral/Conv and nnx Linear/Conv as weight
// layers (default kernel_init lecun_normal, i.e. VarianceScaling(1, fan_in, truncated_normal)),
// Sequential, width-keeping layers (Dropout, norms), Embed, and the pooling functions.

import { argument, callArgs, textOf, type CallArgs, type SyntaxNode } from '../syntax';
import type { Inferred } from '../types';
import { JAX_INITIALIZERS } from './flaxInitializers';
import { biasReading, kernelReading, padding, widthArgument, widthLabel, widthSource } from './kerasLayers';
import {
  channelsOf,
  isNone,
  layerTarget,
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
  type WeightLayer,
} from './kerasStack';

const FLAX_DEFAULT: InitReading = { init: { scheme: 'flax_default' }, unresolved: [], implicit: true };
const FAMILIES = [JAX_INITIALIZERS];

const IDENTITY = new Set(['Dropout', 'BatchNorm', 'LayerNorm', 'GroupNorm', 'RMSNorm', 'InstanceNorm']);

interface WeightArgs {
  /** Output width argument (features / out_features). */
  units: SyntaxNode | undefined;
  unitsName: string;
  /** nnx states the input width. */
  inFeatures?: SyntaxNode;
  kernelSize?: SyntaxNode;
  strides?: SyntaxNode;
  padding?: SyntaxNode;
  dilation?: SyntaxNode;
  groups?: SyntaxNode;
}

export function readFlaxLayer(rc: ReadContext, call: SyntaxNode, path: string): LayerReading | null {
  const linen = path.startsWith('flax.linen.');
  const nnx = path.startsWith('flax.nnx.');
  if (!linen && !nnx) return null;
  const cls = path.slice(path.lastIndexOf('.') + 1);
  const args = callArgs(rc.ctx.file, call);
  const text = textOf(rc.ctx.file, call);
  if (cls === 'Sequential') return { kind: 'sequential', items: linen ? (argument(args, 0, 'layers') ?? null) : (args.positional.length > 0 ? call.getChild('ArgList') : null) };
  const weight = (w: WeightArgs): LayerReading => ({ kind: 'ops', ops: [{ kind: 'weight', layer: flaxWeight(rc, call, args, cls, w) }] });
  if (linen && (cls === 'Dense' || cls === 'DenseGeneral')) return weight({ units: argument(args, 0, 'features'), unitsName: 'features' });
  if (linen && cls === 'Conv') {
    return weight({
      units: argument(args, 0, 'features'),
      unitsName: 'features',
      kernelSize: argument(args, 1, 'kernel_size'),
      strides: argument(args, 2, 'strides'),
      padding: argument(args, 3, 'padding'),
      dilation: argument(args, 5, 'kernel_dilation'),
      groups: argument(args, 6, 'feature_group_count'),
    });
  }
  if (nnx && cls === 'Linear') return weight({ inFeatures: argument(args, 0, 'in_features'), units: argument(args, 1, 'out_features'), unitsName: 'out_features' });
  if (nnx && cls === 'Conv') {
    return weight({
      inFeatures: argument(args, 0, 'in_features'),
      units: argument(args, 1, 'out_features'),
      unitsName: 'out_features',
      kernelSize: argument(args, 2, 'kernel_size'),
      strides: argument(args, 3, 'strides'),
      padding: args.keywords.get('padding'),
      dilation: args.keywords.get('kernel_dilation'),
      groups: args.keywords.get('feature_group_count'),
    });
  }
  if (IDENTITY.has(cls)) return { kind: 'ops', ops: [{ kind: 'identity' }] };
  if (cls === 'Embed') {
    const width = numberOf(rc, argument(args, 1, 'features'));
    return { kind: 'ops', ops: [{ kind: 'shape', transform: () => [null, width], source: text }] };
  }
  // Other modules (attention, recurrent cells, user modules re-exported): width unknown after them.
  if (/^[A-Z]/.test(cls)) return { kind: 'ops', ops: [{ kind: 'shape', transform: () => null, source: text }] };
  return null;
}

function flaxWeight(rc: ReadContext, call: SyntaxNode, args: CallArgs, cls: string, w: WeightArgs): WeightLayer {
  const file = rc.ctx.file;
  const unresolved: string[] = [];
  const units = widthArgument(rc, w.units, unresolved);
  const unitsText = widthLabel(rc, w.units, units);
  let conv: ConvGeometry | undefined;
  let label = `${cls}(${unitsText})`;
  if (w.kernelSize !== undefined || cls === 'Conv') {
    const size = shapeOf(rc, w.kernelSize);
    const rank = size?.length ?? 2;
    const kernel = perAxis(rc, w.kernelSize, rank, null);
    if (kernel.some((k) => k === null)) unresolved.push(w.kernelSize ? textOf(file, w.kernelSize) : 'kernel_size');
    // Flax convolutions default to SAME padding and stride 1.
    conv = {
      kernel,
      strides: perAxis(rc, w.strides, rank, 1),
      padding: padding(stringOf(rc, w.padding) ?? 'same'),
      dilation: perAxis(rc, w.dilation, rank, 1),
      channelsFirst: false,
    };
    label = `${cls}(${unitsText}, ${w.kernelSize ? textOf(file, w.kernelSize) : '?'})`;
  }
  let ownFanIn: Inferred<number> | undefined;
  if (w.inFeatures) {
    const inWidth = widthArgument(rc, w.inFeatures, unresolved);
    if (inWidth !== null) ownFanIn = { value: inWidth, source: widthSource(rc, 'in_features', w.inFeatures, inWidth) };
    label = `${cls}(${widthLabel(rc, w.inFeatures, inWidth)}, ${unitsText})`;
  }
  const groups = numberOf(rc, w.groups);
  const bias = biasReading(rc, args.keywords.get('bias_init'), FAMILIES);
  return {
    node: call,
    framework: 'flax',
    label,
    target: layerTarget(file, call, args.keywords.get('name'), label),
    units,
    unitsSource: widthSource(rc, w.unitsName, w.units, units),
    unresolved,
    kernel: kernelReading(rc, args.keywords.get('kernel_init'), FAMILIES, FLAX_DEFAULT),
    ...(conv ? { conv } : {}),
    ...(groups !== null && groups !== 1 ? { groups } : {}),
    ...(ownFanIn ? { ownFanIn } : {}),
    ...(bias ? { bias } : {}),
  };
}

/** nn.max_pool(x, window_shape, strides=None, padding='VALID'): Flax's strides default to 1. */
export function flaxPoolOp(rc: ReadContext, path: string, call: SyntaxNode | null): Op | null {
  if (!call || !['flax.linen.max_pool', 'flax.linen.avg_pool', 'flax.linen.min_pool'].includes(path)) return null;
  const args = callArgs(rc.ctx.file, call);
  const windowNode = argument(args, 1, 'window_shape');
  const window = shapeOf(rc, windowNode);
  const rank = window?.length ?? 2;
  const stridesNode = argument(args, 2, 'strides');
  const geometry: ConvGeometry = {
    kernel: perAxis(rc, windowNode, rank, null),
    strides: stridesNode && !isNone(rc.ctx.file, stridesNode) ? perAxis(rc, stridesNode, rank, 1) : Array<Dim>(rank).fill(1),
    padding: padding(stringOf(rc, argument(args, 3, 'padding')) ?? 'valid'),
    dilation: Array<Dim>(rank).fill(1),
    channelsFirst: false,
  };
  return { kind: 'shape', transform: (s) => windowShape(s, geometry, channelsOf(s)), source: textOf(rc.ctx.file, call) };
}
