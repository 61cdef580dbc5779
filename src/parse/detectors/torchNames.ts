// PyTorch vocabulary: which `torch.nn` classes are weight layers, activations, normalizations
// or pass-through modules, and which functions are activations. Names are canonical dotted
// paths as `qualify` produces them (`torch.nn.Linear`, `torch.nn.functional.relu`).

import type { ActivationSpec } from '../../core/types';
import type { ImportTable } from '../imports';
import { qualify } from '../imports';

/** The weight layers whose default init and fans Init Lens models. */
export type LayerClass = 'Linear' | 'Conv1d' | 'Conv2d' | 'Conv3d';

export const LAYER_CLASSES: readonly LayerClass[] = ['Linear', 'Conv1d', 'Conv2d', 'Conv3d'];

/** How a module behaves in a stack. */
export type ModuleCategory =
  | 'layer'
  | 'activation'
  /** No weights and no effect on the channel width: dropout, pooling, reshaping, softmax heads. */
  | 'passthrough'
  /** Normalization: its affine weight is not a layer weight; it re-normalizes the signal. */
  | 'norm'
  /** A lookup table, not a z = a·W step. */
  | 'embedding'
  | 'container'
  /** A module Init Lens does not model (RNNs, attention, transposed convs, unknown classes). */
  | 'opaque';

const PASSTHROUGH = new Set([
  'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout',
  'Flatten', 'Unflatten', 'Softmax', 'LogSoftmax', 'Softmax2d', 'Softmin', 'Upsample',
  'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d',
  'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d',
  'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AdaptiveMaxPool3d',
  'ZeroPad1d', 'ZeroPad2d', 'ZeroPad3d', 'ConstantPad1d', 'ConstantPad2d', 'ReflectionPad2d', 'ReplicationPad2d',
]);

const NORMS = new Set([
  'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'SyncBatchNorm', 'LayerNorm', 'GroupNorm', 'RMSNorm',
  'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'LocalResponseNorm',
  'LazyBatchNorm1d', 'LazyBatchNorm2d', 'LazyBatchNorm3d',
]);

const EMBEDDINGS = new Set(['Embedding', 'EmbeddingBag']);

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict']);

/** Activation modules without parameters that matter at init. */
const PLAIN_ACTIVATIONS: Readonly<Record<string, ActivationSpec>> = {
  ReLU: { name: 'relu' },
  // ReLU6 clips at 6, which a unit-variance signal almost never reaches.
  ReLU6: { name: 'relu' },
  Tanh: { name: 'tanh' },
  Sigmoid: { name: 'sigmoid' },
  SiLU: { name: 'silu' },
  SELU: { name: 'selu' },
  Softplus: { name: 'softplus' },
  Mish: { name: 'mish' },
  Identity: { name: 'linear' },
};

/** The last segment of a `torch.nn.*` class path, or null for anything else. */
export function torchModuleClass(path: string): string | null {
  if (!path.startsWith('torch.nn.')) return null;
  const rest = path.slice('torch.nn.'.length);
  const last = rest.split('.').pop() ?? '';
  // torch.nn.init.*, torch.nn.functional.* are functions; classes are capitalized.
  if (rest.startsWith('init.') || rest.startsWith('functional.') || !/^[A-Z]/.test(last)) return null;
  return last;
}

export function moduleCategory(className: string): ModuleCategory {
  if ((LAYER_CLASSES as readonly string[]).includes(className)) return 'layer';
  if (CONTAINERS.has(className)) return 'container';
  if (PASSTHROUGH.has(className)) return 'passthrough';
  if (NORMS.has(className)) return 'norm';
  if (EMBEDDINGS.has(className)) return 'embedding';
  if (Object.hasOwn(PLAIN_ACTIVATIONS, className) || ['LeakyReLU', 'PReLU', 'GELU', 'ELU', 'CELU'].includes(className)) return 'activation';
  return 'opaque';
}

/** Argument readers the activation constructors need (values already evaluated). */
export interface ActivationArgs {
  number(index: number, name: string): number | null | undefined;
  string(index: number, name: string): string | null | undefined;
}

/**
 * The activation an `nn.<className>(...)` module computes; null when the arguments cannot be
 * read (an unknown slope would silently change the statistics).
 */
export function activationModule(className: string, args: ActivationArgs): ActivationSpec | null {
  if (Object.hasOwn(PLAIN_ACTIVATIONS, className)) return { ...PLAIN_ACTIVATIONS[className] };
  switch (className) {
    case 'LeakyReLU':
      return withParam('leaky_relu', args.number(0, 'negative_slope'), 0.01);
    case 'PReLU':
      // Learned slope; at init it is `init` (default 0.25).
      return withParam('leaky_relu', args.number(1, 'init'), 0.25);
    case 'ELU':
    case 'CELU':
      return withParam('elu', args.number(0, 'alpha'), 1);
    case 'GELU': {
      const approximate = args.string(0, 'approximate');
      if (approximate === null) return null;
      return { name: approximate === 'tanh' ? 'gelu_tanh' : 'gelu' };
    }
    default:
      return null;
  }
}

function withParam(name: 'leaky_relu' | 'elu', value: number | null | undefined, fallback: number): ActivationSpec | null {
  if (value === null) return null;
  return { name, param: value ?? fallback };
}

/** Functional activations: canonical path → positional index and keyword of the parameter. */
const FUNCTIONAL_ACTIVATIONS: Readonly<Record<string, { spec: ActivationSpec; param?: [number, string, number] }>> = {
  relu: { spec: { name: 'relu' } },
  relu_: { spec: { name: 'relu' } },
  relu6: { spec: { name: 'relu' } },
  tanh: { spec: { name: 'tanh' } },
  tanh_: { spec: { name: 'tanh' } },
  sigmoid: { spec: { name: 'sigmoid' } },
  sigmoid_: { spec: { name: 'sigmoid' } },
  expit: { spec: { name: 'sigmoid' } },
  silu: { spec: { name: 'silu' } },
  selu: { spec: { name: 'selu' } },
  softplus: { spec: { name: 'softplus' } },
  mish: { spec: { name: 'mish' } },
  leaky_relu: { spec: { name: 'leaky_relu' }, param: [1, 'negative_slope', 0.01] },
  leaky_relu_: { spec: { name: 'leaky_relu' }, param: [1, 'negative_slope', 0.01] },
  elu: { spec: { name: 'elu' }, param: [1, 'alpha', 1] },
  celu: { spec: { name: 'elu' }, param: [1, 'alpha', 1] },
  gelu: { spec: { name: 'gelu' } },
};

const FUNCTIONAL_PREFIXES = ['torch.nn.functional.', 'torch.special.', 'torch.'];

/** Output heads that do not change what init analysis sees. */
const FUNCTIONAL_PASSTHROUGH = new Set(['softmax', 'log_softmax', 'dropout', 'flatten', 'max_pool2d', 'avg_pool2d', 'max_pool1d', 'adaptive_avg_pool2d']);

export function functionalActivationName(path: string): string | null {
  for (const prefix of FUNCTIONAL_PREFIXES) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if (Object.hasOwn(FUNCTIONAL_ACTIVATIONS, rest)) return rest;
  }
  return null;
}

export function isFunctionalPassthrough(path: string): boolean {
  return FUNCTIONAL_PREFIXES.some((p) => path.startsWith(p) && FUNCTIONAL_PASSTHROUGH.has(path.slice(p.length)));
}

/** `F.leaky_relu(x, 0.2)`, `F.gelu(x, approximate='tanh')`, `x.relu()` → the activation. */
export function functionalActivation(name: string, args: ActivationArgs): ActivationSpec | null {
  if (!Object.hasOwn(FUNCTIONAL_ACTIVATIONS, name)) return null;
  const entry = FUNCTIONAL_ACTIVATIONS[name];
  if (name === 'gelu') {
    const approximate = args.string(1, 'approximate');
    if (approximate === null) return null;
    return { name: approximate === 'tanh' ? 'gelu_tanh' : 'gelu' };
  }
  if (!entry.param) return { ...entry.spec };
  const [index, keyword, fallback] = entry.param;
  const value = args.number(index, keyword);
  if (value === null) return null;
  return { name: entry.spec.name, param: value ?? fallback };
}

/** Tensor methods that apply an activation: `x.relu()`, `h.tanh_()`. */
export function tensorMethodActivation(method: string): ActivationSpec | null {
  if (!Object.hasOwn(FUNCTIONAL_ACTIVATIONS, method)) return null;
  const entry = FUNCTIONAL_ACTIVATIONS[method];
  return !entry.param && method !== 'gelu' ? { ...entry.spec } : null;
}

/** calculate_gain / kaiming nonlinearity names → the activation they stand for. */
export function nonlinearityActivation(name: string, param?: number): ActivationSpec | null {
  switch (name) {
    case 'relu':
      return { name: 'relu' };
    case 'leaky_relu':
      return (param ?? 0.01) === 0 ? { name: 'relu' } : { name: 'leaky_relu', param: param ?? 0.01 };
    case 'tanh':
      return { name: 'tanh' };
    case 'sigmoid':
      return { name: 'sigmoid' };
    case 'selu':
      return { name: 'selu' };
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
      return { name: 'linear' };
    default:
      return null;
  }
}

/**
 * Canonical path of a dotted name. Snippets often use `nn`, `F` and `init` without importing
 * them; when the file does not bind those names they mean PyTorch's.
 */
export function torchPath(dotted: string, imports: ImportTable): string {
  let cache = PATHS.get(imports);
  if (!cache) PATHS.set(imports, (cache = new Map()));
  const cached = cache.get(dotted);
  if (cached !== undefined) return cached;
  const path = resolvePath(dotted, imports);
  cache.set(dotted, path);
  return path;
}

/** Per import table: the interpreter asks for the same few names thousands of times. */
const PATHS = new WeakMap<ImportTable, Map<string, string>>();

function resolvePath(dotted: string, imports: ImportTable): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  if (!imports.has(head)) {
    const rest = dot < 0 ? '' : dotted.slice(dot);
    if (head === 'nn') return `torch.nn${rest}`;
    if (head === 'F') return `torch.nn.functional${rest}`;
    if (head === 'init' && rest !== '') return `torch.nn.init${rest}`;
  }
  return qualify(dotted, imports);
}

/** `nn.init.xavier_uniform_` → `xavier_uniform_`; timm's trunc_normal_ counts too. */
export function torchInitFunction(path: string): string | null {
  for (const prefix of ['torch.nn.init.', 'timm.models.layers.', 'timm.layers.', 'timm.models.layers.weight_init.', 'timm.layers.weight_init.']) {
    if (!path.startsWith(prefix)) continue;
    const name = path.slice(prefix.length);
    if (prefix.startsWith('timm') && name !== 'trunc_normal_') return null;
    return name;
  }
  return null;
}
