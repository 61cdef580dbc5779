// Python built-ins (isinstance, range, zip, len…) and the built-in methods of lists, strings,
// tensors and nn.Module (apply, modules, named_parameters, append…) for the interpreter.

import { INIT_ENTRY_POINTS, attribute, classMember, moduleClassName } from './torchAttributes';
import { addItem, arg, callTorchPath, initArgs } from './torchConstructors';
import { MAX_ITERATIONS, iterate } from './torchExpressions';
import { isInitMethod } from './torchInit';
import { tensorMethodActivation, torchModuleClass } from './torchNames';
import {
  NONE,
  equal,
  isModule,
  namedChildren,
  nameModule,
  namedModules,
  ownParameters,
  paramShape,
  setInstanceAttribute,
  type CallSite,
  type CallValues,
  type ListValue,
  type Machine,
  type MethodValue,
  type Module,
  type Runtime,
  type UserClass,
} from './torchValues';

const list = (items: Runtime[], uncertain = false): ListValue => ({ kind: 'list', items, uncertain });

export function callPath(m: Machine, path: string, args: CallValues, site: CallSite): Runtime {
  const [first, second] = args.positional;
  switch (path) {
    case 'isinstance':
      return isInstance(first ?? null, second ?? null);
    case 'type':
      return args.positional.length === 1 ? typeOf(first) : null;
    case 'len': {
      const items = iterate(first ?? null);
      return items ? items.length : null;
    }
    case 'range':
      return range(args.positional);
    case 'zip': {
      const lists = args.positional.map((a) => iterate(a));
      if (lists.some((l) => l === null) || lists.length === 0) return null;
      const n = Math.min(...lists.map((l) => (l as Runtime[]).length));
      return list(Array.from({ length: n }, (_, i) => list(lists.map((l) => (l as Runtime[])[i]))));
    }
    case 'enumerate': {
      const items = iterate(first ?? null);
      const start = arg(args, 1, 'start') ?? 0;
      return items && typeof start === 'number' ? list(items.map((item, i) => list([start + i, item]))) : null;
    }
    case 'list':
    case 'tuple':
    case 'sorted': {
      if (first === undefined) return list([]);
      const items = iterate(first);
      return items ? list(path === 'sorted' ? [...items].sort() : [...items]) : null;
    }
    case 'reversed': {
      const items = iterate(first ?? null);
      return items ? list([...items].reverse()) : null;
    }
    case 'dict':
    case 'OrderedDict':
    case 'collections.OrderedDict': {
      const entries: [Runtime, Runtime][] = [];
      for (const pair of iterate(first ?? list([])) ?? []) {
        const kv = iterate(pair);
        if (kv?.length === 2) entries.push([kv[0], kv[1]]);
      }
      for (const [k, v] of args.keywords) entries.push([k, v]);
      return { kind: 'dict', entries };
    }
    case 'int':
      return typeof first === 'number' ? Math.trunc(first) : null;
    case 'float':
      return typeof first === 'number' ? first : null;
    case 'abs':
      return typeof first === 'number' ? Math.abs(first) : null;
    case 'round':
      return typeof first === 'number' && second === undefined ? Math.round(first) : null;
    case 'min':
    case 'max':
    case 'sum': {
      const items = args.positional.length === 1 ? iterate(first ?? null) : args.positional;
      if (!items || items.length === 0 || !items.every((x) => typeof x === 'number')) return null;
      const numbers = items as number[];
      return path === 'sum' ? numbers.reduce((a, b) => a + b, 0) : path === 'min' ? Math.min(...numbers) : Math.max(...numbers);
    }
    case 'hasattr':
      return typeof second === 'string' && isModule(first ?? null) ? attribute(m, first ?? null, second, null) !== null : null;
    case 'getattr':
      if (typeof second !== 'string' || first === undefined || first === null) return args.positional[2] ?? null;
      return attribute(m, first, second, null) ?? args.positional[2] ?? null;
    case 'setattr':
      if (first && typeof first === 'object' && first.kind === 'instance') {
        const value = args.positional[2] ?? null;
        if (typeof second === 'string') setInstanceAttribute(first, second, value);
        else if (isModule(value)) setInstanceAttribute(first, `module_${first.children.length}`, value);
      }
      return NONE;
    case 'super': {
      const self = site.env.get('__self__');
      const cls = site.env.get('__class__');
      return self && typeof self === 'object' && self.kind === 'instance' && cls && typeof cls === 'object' && cls.kind === 'class' ? { kind: 'super', self, cls } : null;
    }
    case 'print':
      return NONE;
    default:
      return callTorchPath(m, path, args, site);
  }
}

function range(bounds: Runtime[]): Runtime {
  if (bounds.length === 0 || bounds.length > 3 || !bounds.every((b) => typeof b === 'number' && Number.isInteger(b))) return null;
  const [start, stop, step] = bounds.length === 1 ? [0, bounds[0] as number, 1] : [bounds[0] as number, bounds[1] as number, (bounds[2] ?? 1) as number];
  if (step === 0) return null;
  const count = Math.max(0, Math.ceil((stop - start) / step));
  // Longer ranges are training loops: unknown, so their bodies run once as "maybe".
  if (count > MAX_ITERATIONS) return list([], true);
  return list(Array.from({ length: count }, (_, i) => start + i * step));
}

function typeOf(value: Runtime | undefined): Runtime {
  if (value === undefined || !isModule(value)) return null;
  return value.kind === 'instance' ? value.cls : { kind: 'path', path: `torch.nn.${moduleClassName(value)}` };
}

/** isinstance(m, nn.Linear), isinstance(m, (nn.Conv2d, nn.Linear)), isinstance(m, MyBlock). */
function isInstance(value: Runtime, classes: Runtime): boolean | null {
  if (classes === null) return null;
  if (typeof classes === 'object' && classes.kind === 'list') {
    let unknown = false;
    for (const c of classes.items) {
      const r = isInstance(value, c);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    return unknown ? null : false;
  }
  if (value === null) return null;
  if (typeof classes !== 'object' || (classes.kind !== 'path' && classes.kind !== 'class')) return null;
  if (!isModule(value)) {
    if (classes.kind !== 'path') return false;
    const name = classes.path.split('.').pop();
    if (typeof value === 'object' && (value.kind === 'param' || value.kind === 'tensor')) return name === 'Parameter' || name === 'Tensor';
    return name === 'int' ? Number.isInteger(value) : name === 'float' ? typeof value === 'number' : name === 'str' ? typeof value === 'string' : false;
  }
  if (classes.kind === 'class') return value.kind === 'instance' && inherits(value.cls, classes);
  const wanted = torchModuleClass(classes.path);
  if (wanted === null) return false;
  if (wanted === 'Module') return true;
  if (value.kind === 'instance') return torchBases(value.cls).includes(wanted);
  const actual = moduleClassName(value);
  if (wanted === '_ConvNd') return actual.startsWith('Conv');
  if (wanted === '_BatchNorm' || wanted === '_NormBase') return actual.includes('BatchNorm') || (wanted === '_NormBase' && actual.includes('InstanceNorm'));
  return actual === wanted;
}

function inherits(cls: UserClass, ancestor: UserClass, depth = 0): boolean {
  if (cls === ancestor) return true;
  if (depth > 16) return false;
  return cls.bases.some((b) => b !== null && typeof b === 'object' && b.kind === 'class' && inherits(b, ancestor, depth + 1));
}

function torchBases(cls: UserClass, depth = 0): string[] {
  if (depth > 16) return [];
  return cls.bases.flatMap((b) => {
    if (b && typeof b === 'object' && b.kind === 'path') return [torchModuleClass(b.path) ?? ''];
    if (b && typeof b === 'object' && b.kind === 'class') return torchBases(b, depth + 1);
    return [];
  });
}

export function callMethod(m: Machine, method: MethodValue, args: CallValues, site: CallSite): Runtime {
  const { receiver, name } = method;
  const [first, second] = args.positional;
  if (isInitMethod(name) && !(receiver && typeof receiver === 'object' && receiver.kind === 'super')) {
    m.initCalled(site, name, 'method', receiver, initArgs(site, 0, null));
    return receiver;
  }
  const activation = tensorMethodActivation(name);
  if (activation && (receiver === null || (typeof receiver === 'object' && (receiver.kind === 'tensor' || receiver.kind === 'param')))) {
    if (m.tracing) m.flow({ kind: 'activation', spec: activation, uncertain: m.uncertain });
    return null;
  }
  if (receiver === null) return null;
  if (typeof receiver === 'string') return stringMethod(receiver, name, args.positional);
  if (typeof receiver !== 'object') return null;
  switch (receiver.kind) {
    case 'list':
      return listMethod(m, receiver, name, args.positional);
    case 'dict':
      if (name === 'items') return list(receiver.entries.map(([k, v]) => list([k, v])));
      if (name === 'values') return list(receiver.entries.map(([, v]) => v));
      if (name === 'keys') return list(receiver.entries.map(([k]) => k));
      if (name === 'get') return receiver.entries.find(([k]) => equal(k, first ?? null) === true)?.[1] ?? second ?? NONE;
      return null;
    case 'tensor':
    case 'param': {
      const shape = receiver.kind === 'tensor' ? receiver.shape : paramShape(receiver);
      if (name === 'detach') return receiver;
      if (name === 'dim') return shape ? shape.length : null;
      if (name === 'numel') return shape && shape.every((d) => d !== null) ? (shape as number[]).reduce((a, b) => a * b, 1) : null;
      if (name === 'size') return shape === null ? null : typeof first === 'number' ? (shape.at(first) ?? null) : list(shape);
      return null;
    }
    case 'super':
      return superInit(m, receiver.self, receiver.cls, args, site);
    default:
      return isModule(receiver) ? moduleMethod(m, receiver, name, args, site) : null;
  }
}

function stringMethod(s: string, name: string, args: Runtime[]): Runtime {
  const [a, b] = args;
  switch (name) {
    case 'find':
      return typeof a === 'string' ? s.indexOf(a) : null;
    case 'startswith':
      return typeof a === 'string' ? s.startsWith(a) : null;
    case 'endswith':
      return typeof a === 'string' ? s.endsWith(a) : null;
    case 'lower':
      return s.toLowerCase();
    case 'upper':
      return s.toUpperCase();
    case 'strip':
      return s.trim();
    case 'replace':
      return typeof a === 'string' && typeof b === 'string' ? s.split(a).join(b) : null;
    default:
      return null;
  }
}

function listMethod(m: Machine, target: ListValue, name: string, args: Runtime[]): Runtime {
  const [a, b] = args;
  if (['append', 'extend', 'insert', 'pop'].includes(name) && m.uncertain) target.uncertain = true;
  switch (name) {
    case 'append':
      target.items.push(a ?? null);
      return NONE;
    case 'extend': {
      const items = iterate(a ?? null);
      if (items === null) target.uncertain = true;
      else target.items.push(...items);
      return NONE;
    }
    case 'insert':
      if (typeof a === 'number' && Number.isInteger(a)) target.items.splice(a, 0, b ?? null);
      else target.uncertain = true;
      return NONE;
    case 'pop':
      return (typeof a === 'number' ? target.items.splice(a, 1)[0] : target.items.pop()) ?? null;
    case 'copy':
      return list([...target.items], target.uncertain);
    case 'index': {
      const at = target.items.findIndex((x) => equal(x, a ?? null) === true);
      return at >= 0 ? at : null;
    }
    case 'count':
      return target.items.filter((x) => equal(x, a ?? null) === true).length;
    default:
      return null;
  }
}

/** `super().__init__(...)`: the user base's __init__, or nn.Sequential's module list. */
function superInit(m: Machine, self: Module, cls: UserClass, args: CallValues, site: CallSite): Runtime {
  if (self.kind !== 'instance') return NONE;
  for (const base of cls.bases) {
    if (base && typeof base === 'object' && base.kind === 'class') {
      const init = classMember(base, '__init__', self);
      if (init !== null) return m.call(init, args, site);
    }
    if (base && typeof base === 'object' && base.kind === 'path' && torchModuleClass(base.path) === 'Sequential') {
      const [first] = args.positional;
      const items = first && typeof first === 'object' && first.kind === 'dict' ? first.entries.map(([, v]) => v) : args.positional;
      self.sequential = items.filter(isModule);
      self.sequential.forEach((child, i) => {
        self.children.push([String(i), child]);
        nameModule(child, `self[${i}]`);
      });
    }
  }
  return NONE;
}

function moduleMethod(m: Machine, module: Module, name: string, args: CallValues, site: CallSite): Runtime {
  const [first, second] = args.positional;
  switch (name) {
    case 'apply': {
      if (first === undefined) return module;
      // nn.Module.apply: children first (recursively), then the module itself.
      const visit = (current: Module, depth: number, seen: Set<Module>) => {
        if (depth > 64 || seen.has(current) || !m.tick()) return;
        seen.add(current);
        for (const [, child] of namedChildren(current)) visit(child, depth + 1, seen);
        m.call(first, { positional: [current], keywords: new Map(), opaque: false }, { node: null, env: site.env, args: [] });
      };
      visit(module, 0, new Set());
      return module;
    }
    case 'post_init':
    case 'init_weights': {
      if (!INIT_ENTRY_POINTS.has(name) || module.kind !== 'instance') return NONE;
      const fn = classMember(module.cls, '_init_weights', module);
      return fn === null ? NONE : moduleMethod(m, module, 'apply', { positional: [fn], keywords: new Map(), opaque: false }, site);
    }
    case 'modules':
      return list(namedModules(module).map(([, child]) => child));
    case 'named_modules':
      return list(namedModules(module).map(([key, child]) => list([key, child])));
    case 'children':
      return list(namedChildren(module).map(([, child]) => child));
    case 'named_children':
      return list(namedChildren(module).map(([key, child]) => list([key, child])));
    case 'parameters':
    case 'named_parameters': {
      const items: Runtime[] = [];
      for (const [prefix, child] of namedModules(module)) {
        for (const param of ownParameters(child)) items.push(name === 'parameters' ? param : list([prefix ? `${prefix}.${param.name}` : param.name, param]));
      }
      return list(items);
    }
    case 'add_module':
    case 'register_module':
      if (isModule(second ?? null)) {
        // An unreadable name still registers the module, so apply() and modules() reach it.
        const key = typeof first === 'string' ? first : `module_${namedChildren(module).length}`;
        if (module.kind === 'instance') setInstanceAttribute(module, key, second ?? null);
        else if (module.kind === 'container') addItem(module, second as Module, key);
      }
      return NONE;
    case 'append':
    case 'extend':
    case 'insert': {
      const target = module.kind === 'container' ? module : null;
      const items = name === 'extend' ? iterate(first ?? null) : name === 'insert' ? null : [first ?? null];
      if (target === null) {
        if (module.kind === 'instance' && module.sequential && items) module.sequential.push(...items.filter(isModule));
        return module;
      }
      if (m.uncertain || items === null) target.uncertain = true;
      for (const item of items ?? []) if (isModule(item)) addItem(target, item, null);
      return module;
    }
    default:
      // .to(device), .cuda(), .train(), .float(): the same module.
      return module;
  }
}
