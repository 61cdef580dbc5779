// Values of the small PyTorch-aware interpreter that reads model code: modules (layers,
// activations, containers, instances of the user's classes), Python lists, numbers and the
// references init calls write through (`m.weight`). Nothing of the user's code is ever run.

import type { ActivationSpec, InitSpec } from '../../core/types';
import type { Scope, Value } from '../evaluate';
import type { ImportTable } from '../imports';
import type { SourceFile, SyntaxNode } from '../syntax';
import type { InitArgs, ParsedInit } from './torchInit';
import type { LayerClass } from './torchNames';

/** One weight layer as constructed at run time (a constructor in a loop makes several). */
export interface LayerInstance {
  id: number;
  /** The constructor call `nn.Linear(784, 512)`. */
  call: SyntaxNode;
  className: LayerClass;
  /** in_features / in_channels, out_features / out_channels; null when not computable. */
  inFeatures: number | null;
  outFeatures: number | null;
  /** Kernel dims ([] for Linear); null when unresolved. */
  kernel: number[] | null;
  groups: number | null;
  hasBias: boolean;
  /** Argument texts that could not be evaluated. */
  unresolved: string[];
  /** Where the code names it first: `self.fc1`, `model[0]`, `linear1`. */
  path: string | null;
  /** Built inside a loop or branch whose outcome is unknown. */
  uncertain: boolean;
  /** The last init applied to the weight (null: the constructor's default). */
  weightInit: InitEvent | null;
  /** The bias init as a spec; undefined: the default U(±1/√fan_in); null: zero or absent. */
  biasInit?: InitSpec | null;
}

interface ModuleBase {
  id: number;
  path: string | null;
}

export interface LayerModule extends ModuleBase {
  kind: 'layer';
  layer: LayerInstance;
}

export interface ActivationModule extends ModuleBase {
  kind: 'activation';
  /** null: an activation whose parameters could not be read. */
  spec: ActivationSpec | null;
  className: string;
}

export interface SimpleModule extends ModuleBase {
  kind: 'passthrough' | 'norm' | 'embedding' | 'opaque';
  className: string;
}

export interface ContainerModule extends ModuleBase {
  kind: 'container';
  className: 'Sequential' | 'ModuleList' | 'ModuleDict';
  items: Module[];
  keys: string[];
  call: SyntaxNode | null;
  uncertain: boolean;
}

export interface InstanceModule extends ModuleBase {
  kind: 'instance';
  cls: UserClass;
  attrs: Map<string, Runtime>;
  /** Registered submodules in registration order (what `children()` yields). */
  children: [string, Module][];
  /** Set when the class extends nn.Sequential and passes its modules to super().__init__. */
  sequential: Module[] | null;
}

export type Module = LayerModule | ActivationModule | SimpleModule | ContainerModule | InstanceModule;

export interface NoneValue {
  kind: 'none';
}
export interface ListValue {
  kind: 'list';
  items: Runtime[];
  uncertain: boolean;
}
export interface DictValue {
  kind: 'dict';
  entries: [Runtime, Runtime][];
}
/** A name from outside the file: `torch.nn.Linear`, `math.sqrt`, `isinstance`. */
export interface PathValue {
  kind: 'path';
  path: string;
}
export interface UserClass {
  kind: 'class';
  node: SyntaxNode;
  name: string;
  bases: Runtime[];
  methods: Map<string, SyntaxNode>;
  attrs: Map<string, Runtime>;
  /** The environment the class was defined in: its methods' globals. */
  closure: Env;
}
export interface FunctionValue {
  kind: 'function';
  /** FunctionDefinition or LambdaExpression. */
  node: SyntaxNode;
  closure: Env;
  self: InstanceModule | null;
  /** The class a method is defined in, for `super()`. */
  owner: UserClass | null;
}
/** A built-in method bound to its receiver: `layers.append`, `model.apply`, `w.normal_`. */
export interface MethodValue {
  kind: 'method';
  receiver: Runtime;
  name: string;
}
export interface TensorValue {
  kind: 'tensor';
  shape: (number | null)[] | null;
  /** Wrapped in nn.Parameter: a learnable tensor, weight when ≥ 2-D. */
  parameter: boolean;
}
/** `m.weight` / `m.bias` of a module (with or without `.data`). */
export interface ParamValue {
  kind: 'param';
  owner: Module;
  name: 'weight' | 'bias';
}

/** `super()` inside a method of `cls`. */
export interface SuperValue {
  kind: 'super';
  self: InstanceModule;
  cls: UserClass;
}

/** null is an unknown value; Python's None is NoneValue. */
export type Runtime =
  | number
  | string
  | boolean
  | null
  | NoneValue
  | ListValue
  | DictValue
  | PathValue
  | UserClass
  | FunctionValue
  | MethodValue
  | TensorValue
  | ParamValue
  | SuperValue
  | Module;

export const NONE: NoneValue = { kind: 'none' };

/** Lexical environment: a function's locals, then its closure, then the module's globals. */
export class Env {
  readonly vars = new Map<string, Runtime>();
  constructor(readonly parent: Env | null) {}

  has(name: string): boolean {
    for (let env: Env | null = this; env; env = env.parent) if (env.vars.has(name)) return true;
    return false;
  }

  get(name: string): Runtime {
    for (let env: Env | null = this; env; env = env.parent) if (env.vars.has(name)) return env.vars.get(name) ?? null;
    return null;
  }

  set(name: string, value: Runtime): void {
    this.vars.set(name, value);
  }
}

/** What an init call wrote to. */
export type InitTarget =
  | { kind: 'layer'; layer: LayerInstance; part: 'weight' | 'bias' }
  | { kind: 'tensor'; tensor: TensorValue }
  /** Not a layer weight: a bias, a normalization's affine weight, an embedding table, a vector. */
  | { kind: 'skip'; reason: 'bias' | 'norm' | 'embedding' | 'vector' | 'activation' }
  /** A weight of a module Init Lens does not model (LSTM, ConvTranspose…). */
  | { kind: 'weight' }
  | { kind: 'unknown' };

export interface InitEvent {
  call: SyntaxNode;
  parsed: ParsedInit;
  target: InitTarget;
  /** Execution order: a later event overrides an earlier one on the same weight. */
  order: number;
  uncertain: boolean;
}

/** What a forward pass does, in order: the raw material of a stack. */
export type FlowEvent =
  | { kind: 'layer'; layer: LayerInstance; uncertain: boolean }
  | { kind: 'activation'; spec: ActivationSpec; uncertain: boolean }
  | { kind: 'norm'; className: string }
  /** Something that breaks the chain: an unmodelled module, an unknown callable. */
  | { kind: 'opaque'; name: string };

/** A constant from the shared Scope evaluator as an interpreter value. */
export function fromValue(value: Value): Runtime {
  return Array.isArray(value) ? { kind: 'list', items: value.map(fromValue), uncertain: false } : value;
}

export function isModule(value: Runtime): value is Module {
  if (value === null || typeof value !== 'object') return false;
  return ['layer', 'activation', 'passthrough', 'norm', 'embedding', 'opaque', 'container', 'instance'].includes(value.kind);
}

/** Python truthiness; null when unknown. */
export function truthy(value: Runtime): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  switch (value.kind) {
    case 'none':
      return false;
    case 'list':
      return value.uncertain ? null : value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    case 'tensor':
      return null;
    default:
      return true;
  }
}

/** Python `==` / `is` for the values the interpreter knows; null when unknown. */
export function equal(a: Runtime, b: Runtime): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.kind === 'path' && b.kind === 'path') return a.path === b.path;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if (a.kind === 'list' && b.kind === 'list') {
    if (a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) {
      const e = equal(a.items[i], b.items[i]);
      if (e !== true) return e;
    }
    return true;
  }
  if (a.kind === 'tensor' || b.kind === 'tensor') return null;
  return a === b;
}

/** Registered direct submodules, as `named_children()` yields them. */
export function namedChildren(module: Module): [string, Module][] {
  if (module.kind === 'container') return module.items.map((m, i) => [module.keys[i] ?? String(i), m]);
  if (module.kind === 'instance') {
    if (module.sequential) return module.sequential.map((m, i) => [String(i), m]);
    return module.children;
  }
  return [];
}

/** `named_modules()`: the module itself, then every descendant once, depth first. */
export function namedModules(root: Module): [string, Module][] {
  const out: [string, Module][] = [];
  const seen = new Set<Module>();
  const visit = (module: Module, prefix: string) => {
    if (seen.has(module) || out.length > 100_000) return;
    seen.add(module);
    out.push([prefix, module]);
    for (const [name, child] of namedChildren(module)) visit(child, prefix ? `${prefix}.${name}` : name);
  };
  visit(root, '');
  return out;
}

/** The parameters a module owns directly (weight first, then bias), as PyTorch registers them. */
export function ownParameters(module: Module): ParamValue[] {
  switch (module.kind) {
    case 'layer':
      return module.layer.hasBias
        ? [{ kind: 'param', owner: module, name: 'weight' }, { kind: 'param', owner: module, name: 'bias' }]
        : [{ kind: 'param', owner: module, name: 'weight' }];
    case 'embedding':
      return [{ kind: 'param', owner: module, name: 'weight' }];
    case 'norm':
    case 'opaque':
      return [
        { kind: 'param', owner: module, name: 'weight' },
        { kind: 'param', owner: module, name: 'bias' },
      ];
    default:
      return [];
  }
}

/** The torch layout shape of a parameter: weight (out, in/groups, *kernel), bias (out). */
export function paramShape(param: ParamValue): (number | null)[] | null {
  if (param.owner.kind !== 'layer') return null;
  const layer = param.owner.layer;
  if (param.name === 'bias') return [layer.outFeatures];
  if (layer.kernel === null) return null;
  const inPerGroup = layer.inFeatures !== null && layer.groups !== null ? layer.inFeatures / layer.groups : null;
  return [layer.outFeatures, inPerGroup, ...layer.kernel];
}

/** Gives a name to a module and its unnamed descendants (first name wins). */
export function nameModule(module: Module, path: string): void {
  const visit = (m: Module, p: string, depth: number) => {
    if (depth > 32) return;
    if (m.path === null) m.path = p;
    if (m.kind === 'layer' && m.layer.path === null) m.layer.path = p;
    if (m.kind === 'container') m.items.forEach((item, i) => visit(item, `${p}[${i}]`, depth + 1));
  };
  visit(module, path, 0);
}

/** One argument as written: `x`, `*xs`, `name=x`, `**kw`. */
export interface ArgItem {
  kind: 'positional' | 'splat' | 'keyword' | 'kwsplat';
  name?: string;
  node: SyntaxNode;
}

export interface CallValues {
  positional: Runtime[];
  keywords: Map<string, Runtime>;
  /** A `*args` / `**kwargs` that could not be expanded: positions are not reliable. */
  opaque: boolean;
  /** A spread list was built under unknown conditions: its length may differ at run time. */
  uncertain?: boolean;
}

export interface CallSite {
  /** The CallExpression, or null for calls the interpreter makes itself (apply). */
  node: SyntaxNode | null;
  env: Env;
  args: ArgItem[];
}

/** What the evaluator and the built-ins need from the interpreter. */
export interface Machine {
  readonly file: SourceFile;
  readonly imports: ImportTable;
  readonly scope: Scope;
  /** Inside a loop or branch whose outcome is unknown. */
  readonly uncertain: boolean;
  /** A forward pass is being traced: module calls become flow events. */
  readonly tracing: boolean;
  evaluate(node: SyntaxNode | null | undefined, env: Env): Runtime;
  call(callee: Runtime, args: CallValues, site: CallSite): Runtime;
  /** Runs `body` as if inside an unknown branch. */
  maybe<T>(body: () => T): T;
  /** Counts work; false once the budget is spent. */
  tick(): boolean;
  nextId(): number;
  flow(event: FlowEvent): void;
  layerCreated(layer: LayerInstance): void;
  moduleCreated(module: Module): void;
  instanceCreated(instance: InstanceModule): void;
  initCalled(site: CallSite, name: string, form: 'function' | 'method', target: Runtime, args: InitArgs): void;
}

/** `self.name = value` on an instance: modules are registered as children, as nn.Module does. */
export function setInstanceAttribute(instance: InstanceModule, name: string, value: Runtime): void {
  instance.attrs.set(name, value);
  const at = instance.children.findIndex(([key]) => key === name);
  if (isModule(value)) {
    if (at >= 0) instance.children[at] = [name, value];
    else instance.children.push([name, value]);
    nameModule(value, `self.${name}`);
  } else if (at >= 0) instance.children.splice(at, 1);
}
