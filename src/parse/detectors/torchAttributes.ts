// Attribute access on interpreter values: `m.weight`, `layer.in_features`, `self.fc1`,
// `m.__class__.__name__`, and the built-in methods that the built-ins module then calls.

import type { SyntaxNode } from '../syntax';
import { isInitMethod } from './torchInit';
import { tensorMethodActivation } from './torchNames';
import { NONE, fromValue, paramShape, type InstanceModule, type Machine, type Module, type Runtime, type UserClass } from './torchValues';

/** nn.Module methods the interpreter understands (see torchBuiltins). */
export const MODULE_METHODS = new Set([
  'apply', 'modules', 'children', 'named_modules', 'named_children', 'parameters', 'named_parameters',
  'to', 'cuda', 'cpu', 'float', 'double', 'half', 'train', 'eval', 'requires_grad_', 'add_module', 'register_module',
]);
const CONTAINER_METHODS = new Set(['append', 'extend', 'insert']);
const LIST_METHODS = new Set(['append', 'extend', 'insert', 'pop', 'index', 'count', 'copy']);
const DICT_METHODS = new Set(['items', 'values', 'keys', 'get']);
const STRING_METHODS = new Set(['find', 'startswith', 'endswith', 'lower', 'upper', 'strip', 'replace']);
const TENSOR_METHODS = new Set(['size', 'dim', 'numel', 'detach', 't']);
/** HF-style entry points that apply `_init_weights` to every submodule. */
export const INIT_ENTRY_POINTS = new Set(['post_init', 'init_weights']);

export function attribute(m: Machine, object: Runtime, name: string, node: SyntaxNode | null): Runtime {
  if (isInitMethod(name) && !(object && typeof object === 'object' && (object.kind === 'path' || object.kind === 'instance'))) {
    return { kind: 'method', receiver: object, name };
  }
  // `h.relu()`, `x.tanh()` on an unknown tensor: an activation when a forward pass is traced.
  if (tensorMethodActivation(name) && (object === null || (typeof object === 'object' && (object.kind === 'tensor' || object.kind === 'param')))) {
    return { kind: 'method', receiver: object, name };
  }
  if (object === null) return constantAt(m, node);
  if (typeof object === 'string') return STRING_METHODS.has(name) ? { kind: 'method', receiver: object, name } : null;
  if (typeof object !== 'object') return null;
  switch (object.kind) {
    case 'path': {
      if (name === '__name__') return object.path.split('.').pop() ?? null;
      const constant = constantAt(m, node);
      return constant ?? { kind: 'path', path: `${object.path}.${name}` };
    }
    case 'list':
      return LIST_METHODS.has(name) ? { kind: 'method', receiver: object, name } : null;
    case 'dict':
      return DICT_METHODS.has(name) ? { kind: 'method', receiver: object, name } : null;
    case 'class':
      if (name === '__name__') return object.name;
      return classMember(object, name, null);
    case 'tensor':
      if (name === 'data') return object;
      if (name === 'shape') return object.shape ? { kind: 'list', items: object.shape, uncertain: false } : null;
      if (name === 'ndim') return object.shape ? object.shape.length : null;
      return TENSOR_METHODS.has(name) ? { kind: 'method', receiver: object, name } : null;
    case 'param': {
      if (name === 'data') return object;
      const shape = paramShape(object);
      if (name === 'shape') return shape ? { kind: 'list', items: shape, uncertain: false } : null;
      if (name === 'ndim') return dims(object.owner, object.name);
      return TENSOR_METHODS.has(name) ? { kind: 'method', receiver: object, name } : null;
    }
    case 'super':
      if (name === '__init__') return { kind: 'method', receiver: object, name };
      for (const base of object.cls.bases) {
        if (base && typeof base === 'object' && base.kind === 'class') {
          const found = classMember(base, name, object.self);
          if (found !== null) return found;
        }
      }
      return null;
    case 'none':
    case 'function':
    case 'method':
      return null;
    default:
      return moduleAttribute(object, name);
  }
}

/** Constants the shared Scope knows by dotted name: `math.pi`, `config.initializer_range`. */
function constantAt(m: Machine, node: SyntaxNode | null): Runtime {
  if (!node || node.name !== 'MemberExpression') return null;
  const value = m.scope.evaluate(node);
  return value === null ? null : fromValue(value);
}

function dims(owner: Module, part: 'weight' | 'bias'): number | null {
  if (part === 'bias') return 1;
  if (owner.kind === 'layer') return owner.layer.kernel === null ? null : 2 + owner.layer.kernel.length;
  if (owner.kind === 'embedding') return 2;
  if (owner.kind === 'norm') return 1;
  return null;
}

function moduleAttribute(module: Module, name: string): Runtime {
  if (module.kind === 'instance') {
    if (module.attrs.has(name)) return module.attrs.get(name) ?? null;
    const member = classMember(module.cls, name, module);
    if (member !== null) return member;
    if (INIT_ENTRY_POINTS.has(name) && classMember(module.cls, '_init_weights', module) !== null) return { kind: 'method', receiver: module, name };
    if (module.sequential && CONTAINER_METHODS.has(name)) return { kind: 'method', receiver: module, name };
  }
  if (name === '__class__') return module.kind === 'instance' ? module.cls : { kind: 'path', path: `torch.nn.${moduleClassName(module)}` };
  if (name === 'training') return true;
  if (MODULE_METHODS.has(name)) return { kind: 'method', receiver: module, name };
  switch (module.kind) {
    case 'layer': {
      const layer = module.layer;
      switch (name) {
        case 'weight':
          return { kind: 'param', owner: module, name: 'weight' };
        case 'bias':
          return layer.hasBias ? { kind: 'param', owner: module, name: 'bias' } : NONE;
        case 'in_features':
        case 'in_channels':
          return layer.inFeatures;
        case 'out_features':
        case 'out_channels':
          return layer.outFeatures;
        case 'kernel_size':
          return layer.kernel ? { kind: 'list', items: layer.kernel, uncertain: false } : null;
        case 'groups':
          return layer.groups;
        default:
          return null;
      }
    }
    case 'norm':
    case 'embedding':
    case 'opaque':
      return name === 'weight' || name === 'bias' ? { kind: 'param', owner: module, name } : null;
    case 'activation':
      return name === 'weight' ? { kind: 'param', owner: module, name } : null;
    case 'container': {
      if (CONTAINER_METHODS.has(name)) return { kind: 'method', receiver: module, name };
      const at = module.keys.indexOf(name);
      return at >= 0 ? module.items[at] : null;
    }
    default:
      return null;
  }
}

export function moduleClassName(module: Module): string {
  switch (module.kind) {
    case 'layer':
      return module.layer.className;
    case 'instance':
      return module.cls.name;
    default:
      return module.className;
  }
}

/** A method (bound to `self` when given) or class attribute, searched through user base classes. */
export function classMember(cls: UserClass, name: string, self: InstanceModule | null, depth = 0): Runtime {
  if (depth > 16) return null;
  const method = cls.methods.get(name);
  if (method) return { kind: 'function', node: method, closure: cls.closure, self, owner: cls };
  if (cls.attrs.has(name)) return cls.attrs.get(name) ?? null;
  for (const base of cls.bases) {
    if (base && typeof base === 'object' && base.kind === 'class') {
      const found = classMember(base, name, self, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Python's `None` check used by several built-ins. */
export function isNone(value: Runtime): boolean {
  return value !== null && typeof value === 'object' && value.kind === 'none';
}
