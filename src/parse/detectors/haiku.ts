// Haiku: hk.Linear / hk.Conv{1,2,3}D / hk.nets.MLP / hk.Sequential and hk.initializers.
// Haiku's layer default is TruncatedNormal(stddev = 1/√fan_in): truncated at ±2σ and NOT
// rescaled, unlike VarianceScaling(1, fan_in, truncated_normal). Haiku's VarianceScaling
// defaults to distribution='truncated_normal', and its 'normal' is untruncated.

import type { InitSpec } from '../../core/types';
import { TRUNCATED_NORMAL_STD_CORRECTION } from '../../core/schemes';
import { argument, callArgs, textOf, type CallArgs, type SyntaxNode } from '../syntax';
import { ArgReader, spec, snakeCase, type InitializerFamily } from './kerasInitializers';
import { activationArgument, biasReading, kernelReading, padding, widthArgument, widthLabel, widthSource } from './kerasLayers';
import {
  flatten,
  layerTarget,
  numberOf,
  perAxis,
  stringOf,
  valueOf,
  type InitReading,
  type LayerReading,
  type Op,
  type ReadContext,
  type WeightLayer,
} from './kerasStack';

const HAIKU_NAMES = new Set(['truncated_normal', 'random_normal', 'random_uniform', 'variance_scaling', 'uniform_scaling', 'orthogonal', 'constant', 'identity']);

export const HAIKU_INITIALIZERS: InitializerFamily = {
  framework: 'haiku',
  strings: false,
  shapeIndex: 0,
  nameOf(path) {
    if (!path.startsWith('haiku.initializers.')) return null;
    const name = snakeCase(path.slice('haiku.initializers.'.length));
    return HAIKU_NAMES.has(name) ? name : null;
  },
  read(rc, name, call) {
    const a = new ArgReader(rc, call);
    let init: InitSpec;
    switch (name) {
      case 'truncated_normal': {
        const std = a.number(0, 'stddev', 1);
        const mean = a.number(1, 'mean', 0);
        const lower = a.number(2, 'lower', -2);
        const upper = a.number(3, 'upper', 2);
        // Bounds other than ±2 are mean + stddev·[lower, upper], absolute.
        init =
          lower === -2 && upper === 2
            ? spec({ scheme: 'truncated_normal', mean, std, truncation: 'plain' })
            : spec({ scheme: 'truncated_normal', mean, std, low: affine(mean, std, lower), high: affine(mean, std, upper) });
        break;
      }
      case 'random_normal':
        init = spec({ scheme: 'normal', std: a.number(0, 'stddev', 1), mean: a.number(1, 'mean', 0) });
        break;
      case 'random_uniform':
        init = spec({ scheme: 'uniform', low: a.number(0, 'minval', 0), high: a.number(1, 'maxval', 1) });
        break;
      case 'variance_scaling':
        init = spec({ scheme: 'variance_scaling', scale: a.number(0, 'scale', 1), mode: a.mode(1, 'fan_in'), distribution: a.distribution(2, 'truncated_normal', false) });
        break;
      case 'uniform_scaling': {
        // U(±scale·√(3/fan_in)) = VarianceScaling(scale², fan_in, uniform).
        const scale = a.number(0, 'scale', 1);
        init = spec({ scheme: 'variance_scaling', scale: scale === undefined ? undefined : scale * scale, mode: 'fan_in', distribution: 'uniform' });
        break;
      }
      case 'orthogonal':
        init = spec({ scheme: 'orthogonal', gain: a.number(0, 'scale', 1) });
        break;
      case 'constant':
        init = spec({ scheme: 'constant', value: a.number(0, 'constant', 0) });
        break;
      case 'identity':
        init = spec({ scheme: 'eye', gain: a.number(0, 'gain', 1) });
        break;
      default:
        return null;
    }
    return { init, unresolved: a.unresolved };
  },
};

function affine(mean: number | undefined, std: number | undefined, k: number | undefined): number | undefined {
  return mean === undefined || std === undefined || k === undefined ? undefined : mean + std * k;
}

/**
 * Haiku's default. With fan_in known it is written out as TruncatedNormal(1/√fan_in); before
 * that it is the same distribution as VarianceScaling(c², fan_in, truncated_normal), c = 0.8796…,
 * because that VarianceScaling divides its std by c and truncates at ±2σ.
 */
export const HAIKU_DEFAULT: InitReading = {
  init: { scheme: 'variance_scaling', scale: TRUNCATED_NORMAL_STD_CORRECTION ** 2, mode: 'fan_in', distribution: 'truncated_normal' },
  unresolved: [],
  implicit: true,
  withFanIn: (fanIn) => ({ scheme: 'truncated_normal', mean: 0, std: 1 / Math.sqrt(fanIn), truncation: 'plain' }),
};

const FAMILIES = [HAIKU_INITIALIZERS];
const IDENTITY = new Set(['BatchNorm', 'LayerNorm', 'RMSNorm', 'GroupNorm']);
const CONV = /^Conv([123])D$/;

export function readHaikuLayer(rc: ReadContext, call: SyntaxNode, path: string): LayerReading | null {
  if (!path.startsWith('haiku.') || path.startsWith('haiku.initializers.')) return null;
  const file = rc.ctx.file;
  const cls = path.slice(path.lastIndexOf('.') + 1);
  const args = callArgs(file, call);
  const text = textOf(file, call);
  if (cls === 'Sequential') return { kind: 'sequential', items: argument(args, 0, 'layers') ?? null };
  if (cls === 'Linear') return { kind: 'ops', ops: [{ kind: 'weight', layer: haikuWeight(rc, call, args, 'Linear', argument(args, 0, 'output_size'), 'output_size', 2) }] };
  if (path === 'haiku.nets.MLP') return mlp(rc, call, args);
  const conv = CONV.exec(cls);
  if (conv) {
    const rank = Number(conv[1]);
    const channelsNode = argument(args, 0, 'output_channels');
    const layer = haikuWeight(rc, call, args, cls, channelsNode, 'output_channels', 6);
    const kernelNode = argument(args, 1, 'kernel_shape');
    layer.conv = {
      kernel: perAxis(rc, kernelNode, rank, null),
      strides: perAxis(rc, argument(args, 2, 'stride'), rank, 1),
      padding: padding(stringOf(rc, argument(args, 4, 'padding')) ?? 'same'),
      dilation: perAxis(rc, argument(args, 3, 'rate'), rank, 1),
      channelsFirst: (stringOf(rc, args.keywords.get('data_format')) ?? 'N').startsWith('NC'),
    };
    if (layer.conv.kernel.some((k) => k === null)) layer.unresolved.push(kernelNode ? textOf(file, kernelNode) : 'kernel_shape');
    const labelWas = layer.label;
    layer.label = `${cls}(${widthLabel(rc, channelsNode, layer.units)}, ${kernelNode ? textOf(file, kernelNode) : '?'})`;
    if (layer.target === labelWas) layer.target = layer.label;
    const groups = numberOf(rc, args.keywords.get('feature_group_count'));
    if (groups !== null && groups !== 1) layer.groups = groups;
    return { kind: 'ops', ops: [{ kind: 'weight', layer }] };
  }
  if (cls === 'Flatten') return { kind: 'ops', ops: [{ kind: 'shape', transform: flatten, source: text }] };
  if (IDENTITY.has(cls)) return { kind: 'ops', ops: [{ kind: 'identity' }] };
  if (cls === 'Embed') {
    const width = numberOf(rc, argument(args, 1, 'embed_dim'));
    return { kind: 'ops', ops: [{ kind: 'shape', transform: () => [null, width], source: text }] };
  }
  if (/^[A-Z]/.test(cls)) return { kind: 'ops', ops: [{ kind: 'shape', transform: () => null, source: text }] };
  return null;
}

/** hk.dropout(rng, rate, x) keeps the width. */
export function haikuFunctionOp(path: string): Op | null {
  return path === 'haiku.dropout' ? { kind: 'identity' } : null;
}

function haikuWeight(rc: ReadContext, call: SyntaxNode, args: CallArgs, cls: string, unitsNode: SyntaxNode | undefined, unitsName: string, wInitIndex: number): WeightLayer {
  const file = rc.ctx.file;
  const unresolved: string[] = [];
  const units = widthArgument(rc, unitsNode, unresolved);
  const label = `${cls}(${widthLabel(rc, unitsNode, units)})`;
  const bias = biasReading(rc, argument(args, wInitIndex + 1, 'b_init'), FAMILIES);
  return {
    node: call,
    framework: 'haiku',
    label,
    target: layerTarget(file, call, args.keywords.get('name'), label),
    units,
    unitsSource: widthSource(rc, unitsName, unitsNode, units),
    unresolved,
    kernel: kernelReading(rc, argument(args, wInitIndex, 'w_init'), FAMILIES, HAIKU_DEFAULT),
    ...(bias ? { bias } : {}),
  };
}

/** hk.nets.MLP(output_sizes, w_init, b_init, with_bias, activation=jax.nn.relu, activate_final=False). */
function mlp(rc: ReadContext, call: SyntaxNode, args: CallArgs): LayerReading {
  const file = rc.ctx.file;
  const sizesNode = argument(args, 0, 'output_sizes');
  const sizes = valueOf(rc, sizesNode);
  const unresolved: string[] = [];
  const activation = activationArgument(rc, argument(args, 4, 'activation'), unresolved) ?? { value: { name: 'relu' as const }, source: 'hk.nets.MLP default activation jax.nn.relu' };
  const activateFinal = valueOf(rc, argument(args, 5, 'activate_final')) === true;
  const label = `MLP(${sizesNode ? textOf(file, sizesNode) : '?'})`;
  const target = layerTarget(file, call, args.keywords.get('name'), label);
  const bias = biasReading(rc, argument(args, 2, 'b_init'), FAMILIES);
  const kernel = kernelReading(rc, argument(args, 1, 'w_init'), FAMILIES, HAIKU_DEFAULT);
  const widths = Array.isArray(sizes) && sizes.every((s) => typeof s === 'number') ? (sizes as number[]) : null;
  if (!widths) unresolved.push(sizesNode ? textOf(file, sizesNode) : 'output_sizes');
  const ops: Op[] = [];
  (widths ?? [Number.NaN]).forEach((width, i, all) => {
    const units = Number.isInteger(width) && width >= 1 ? width : null;
    const layer: WeightLayer = {
      node: call,
      framework: 'haiku',
      label: `Linear(${units ?? '?'})`,
      target,
      units,
      unitsSource: `output_sizes[${i}] of ${label}`,
      unresolved: [...unresolved],
      kernel,
      ...(bias ? { bias } : {}),
    };
    ops.push({ kind: 'weight', layer });
    if (i < all.length - 1 || activateFinal) ops.push({ kind: 'activation', activation: activation.value, source: activation.source });
  });
  return { kind: 'ops', ops, certain: widths !== null };
}
