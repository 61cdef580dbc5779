// Calls to PyTorch by path: module constructors (nn.Linear, nn.Conv2d, nn.ReLU, nn.Sequential…),
// torch.nn.init functions, functional activations and tensor factories.

import { calculateGain } from '../../core/activations';
import { textOf, type SyntaxNode } from '../syntax';
import { isInitFunction, type InitArgs } from './torchInit';
import {
  activationModule,
  functionalActivation,
  functionalActivationName,
  moduleCategory,
  torchInitFunction,
  torchModuleClass,
  type ActivationArgs,
  type LayerClass,
} from './torchNames';
import { iterate, spreadOf } from './torchExpressions';
import { isModule, nameModule, type CallSite, type CallValues, type ContainerModule, type LayerInstance, type Machine, type Module, type Runtime } from './torchValues';

const TENSOR_FACTORIES = new Set(['empty', 'zeros', 'ones', 'randn', 'rand', 'Tensor', 'FloatTensor', 'DoubleTensor', 'HalfTensor', 'normal']);
/** Functions that combine tensors: a forward that uses them is not a plain chain of layers. */
const COMBINING = new Set(['torch.cat', 'torch.stack', 'torch.matmul', 'torch.bmm', 'torch.einsum', 'torch.add', 'torch.mul', 'torch.nn.functional.linear', 'torch.nn.functional.conv2d', 'torch.nn.functional.scaled_dot_product_attention']);
const MATH: Readonly<Record<string, (x: number) => number>> = { sqrt: Math.sqrt, log: Math.log, exp: Math.exp, floor: Math.floor, ceil: Math.ceil, fabs: Math.abs };

/** The argument `index` / `name` as PyTorch binds it: undefined when absent. */
export function arg(args: CallValues, index: number, name: string): Runtime | undefined {
  if (args.keywords.has(name)) return args.keywords.get(name) ?? null;
  if (args.opaque) return null;
  return index < args.positional.length ? args.positional[index] : undefined;
}

/** The source node of the same argument, for "could not evaluate" messages. */
export function argNode(site: CallSite, index: number, name: string): SyntaxNode | undefined {
  const keyword = site.args.find((a) => a.kind === 'keyword' && a.name === name);
  if (keyword) return keyword.node;
  if (site.args.some((a) => a.kind === 'splat')) return undefined;
  return site.args.filter((a) => a.kind === 'positional')[index]?.node;
}

export function callTorchPath(m: Machine, path: string, args: CallValues, site: CallSite): Runtime {
  const className = torchModuleClass(path);
  if (className === 'Parameter') {
    const tensor = arg(args, 0, 'data');
    return tensor && typeof tensor === 'object' && tensor.kind === 'tensor' ? { ...tensor, parameter: true } : { kind: 'tensor', shape: null, parameter: true };
  }
  if (className !== null) return construct(m, className, args, site);
  const initName = torchInitFunction(path);
  if (initName === 'calculate_gain') return gainOf(arg(args, 0, 'nonlinearity'), arg(args, 1, 'param'));
  if (initName !== null && isInitFunction(initName)) {
    const target = arg(args, 0, 'tensor') ?? null;
    m.initCalled(site, initName, 'function', target, initArgs(site, 1, 'tensor'));
    return target;
  }
  const activation = functionalActivationName(path);
  if (activation !== null) {
    if (m.tracing) {
      const spec = functionalActivation(activation, valueReader(args));
      m.flow(spec ? { kind: 'activation', spec, uncertain: m.uncertain } : { kind: 'opaque', name: path });
    }
    return null;
  }
  const last = path.split('.').pop() ?? '';
  if (path.startsWith('torch.') && path.split('.').length === 2 && TENSOR_FACTORIES.has(last)) return tensorFactory(args);
  if (m.tracing && COMBINING.has(path)) m.flow({ kind: 'opaque', name: path });
  if ((path.startsWith('math.') || path.startsWith('numpy.')) && Object.hasOwn(MATH, last)) {
    const x = args.positional[0];
    return typeof x === 'number' && Number.isFinite(MATH[last](x)) ? MATH[last](x) : null;
  }
  return null;
}

/** `calculate_gain('leaky_relu', 0.2)` as PyTorch computes it. */
function gainOf(nonlinearity: Runtime | undefined, param: Runtime | undefined): Runtime {
  if (typeof nonlinearity !== 'string') return null;
  if (param !== undefined && typeof param !== 'number' && !(param && typeof param === 'object' && param.kind === 'none')) return null;
  try {
    return calculateGain(nonlinearity, typeof param === 'number' ? param : undefined);
  } catch {
    return null;
  }
}

/** The init call's arguments after the tensor, as syntax nodes. */
export function initArgs(site: CallSite, skip: number, tensorKeyword: string | null): InitArgs {
  const keywords = new Map<string, SyntaxNode>();
  for (const a of site.args) if (a.kind === 'keyword' && a.name && a.name !== tensorKeyword) keywords.set(a.name, a.node);
  const positional = site.args.filter((a) => a.kind === 'positional').map((a) => a.node);
  const tensorByKeyword = tensorKeyword !== null && site.args.some((a) => a.kind === 'keyword' && a.name === tensorKeyword);
  return { positional: positional.slice(tensorByKeyword ? 0 : skip), keywords };
}

export function valueReader(args: CallValues): ActivationArgs {
  return {
    number: (i, name) => {
      const v = arg(args, i, name);
      return v === undefined ? undefined : typeof v === 'number' ? v : null;
    },
    string: (i, name) => {
      const v = arg(args, i, name);
      return v === undefined ? undefined : typeof v === 'string' ? v : null;
    },
  };
}

function tensorFactory(args: CallValues): Runtime {
  const first = args.positional[0];
  const sized = args.keywords.get('size');
  const dims = sized !== undefined ? iterate(sized) : first && typeof first === 'object' && first.kind === 'list' ? iterate(first) : args.positional;
  if (args.opaque || dims === null) return { kind: 'tensor', shape: null, parameter: false };
  const shape = dims.map((d) => (typeof d === 'number' && Number.isInteger(d) && d > 0 ? d : null));
  return { kind: 'tensor', shape, parameter: false };
}

function construct(m: Machine, className: string, args: CallValues, site: CallSite): Module {
  const base = { id: m.nextId(), path: null };
  const category = moduleCategory(className);
  let module: Module;
  switch (category) {
    case 'layer':
      module = site.node ? { ...base, kind: 'layer', layer: layerInstance(m, className as LayerClass, args, site, site.node) } : { ...base, kind: 'opaque', className };
      break;
    case 'activation':
      module = { ...base, kind: 'activation', spec: activationModule(className, valueReader(args)), className };
      break;
    case 'container':
      module = container(m, className as ContainerModule['className'], args, site);
      break;
    default:
      module = { ...base, kind: category, className };
  }
  m.moduleCreated(module);
  return module;
}

function layerInstance(m: Machine, className: LayerClass, args: CallValues, site: CallSite, call: SyntaxNode): LayerInstance {
  const linear = className === 'Linear';
  const unresolved: string[] = [];
  const read = (index: number, name: string, fallback?: number): number | null => {
    const v = arg(args, index, name);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    const node = argNode(site, index, name);
    unresolved.push(node ? textOf(m.file, node) : name);
    return null;
  };
  const inFeatures = read(0, linear ? 'in_features' : 'in_channels');
  const outFeatures = read(1, linear ? 'out_features' : 'out_channels');
  let kernel: number[] | null = [];
  let groups: number | null = 1;
  if (!linear) {
    const dims = Number(className.charAt(4));
    const k = arg(args, 2, 'kernel_size');
    const items = typeof k === 'number' ? Array<number>(dims).fill(k) : k !== undefined ? iterate(k) : null;
    kernel = items && items.length === dims && items.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0) ? (items as number[]) : null;
    if (kernel === null) {
      const node = argNode(site, 2, 'kernel_size');
      unresolved.push(node ? textOf(m.file, node) : 'kernel_size');
    }
    groups = read(6, 'groups', 1);
  }
  const bias = arg(args, linear ? 2 : 7, 'bias');
  const layer: LayerInstance = {
    id: m.nextId(),
    call,
    className,
    inFeatures,
    outFeatures,
    kernel,
    groups,
    hasBias: bias !== false,
    unresolved,
    path: null,
    uncertain: m.uncertain,
    weightInit: null,
  };
  m.layerCreated(layer);
  return layer;
}

function container(m: Machine, className: ContainerModule['className'], args: CallValues, site: CallSite): ContainerModule {
  const result: ContainerModule = { id: m.nextId(), path: null, kind: 'container', className, items: [], keys: [], call: site.node, uncertain: args.opaque || args.uncertain === true || m.uncertain };
  const first = args.positional[0];
  const addPairs = (entries: [Runtime, Runtime][]) => {
    for (const [key, value] of entries) if (isModule(value)) addItem(result, value, typeof key === 'string' ? key : null);
  };
  if (className === 'Sequential' && first && typeof first === 'object' && first.kind === 'dict' && args.positional.length === 1) addPairs(first.entries);
  else if (className === 'Sequential') {
    for (const item of args.positional) {
      if (isModule(item)) addItem(result, item, null);
      else result.uncertain = true;
    }
  } else if (first !== undefined) {
    if (first && typeof first === 'object' && first.kind === 'dict') addPairs(first.entries);
    else {
      const spread = spreadOf(first);
      if (spread === null || spread.uncertain) result.uncertain = true;
      for (const item of spread?.items ?? []) if (isModule(item)) addItem(result, item, null);
    }
  }
  return result;
}

export function addItem(target: ContainerModule, module: Module, key: string | null): void {
  target.items.push(module);
  target.keys.push(key ?? String(target.items.length - 1));
  if (target.path !== null) nameModule(module, `${target.path}[${target.items.length - 1}]`);
}
