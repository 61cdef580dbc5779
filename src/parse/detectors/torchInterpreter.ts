// A small abstract interpreter over a Python file's model code. It walks statements in order,
// builds the modules the code would build (with their real widths), follows `self.apply(fn)`,
// `for m in self.modules()`, helper functions and class instantiation, and records every init
// call with the layer it writes to. Unknown values stay unknown; loops and branches whose outcome
// is unknown run once as "maybe", and what they build is marked uncertain. A work budget bounds
// the whole run, so hostile or huge inputs finish.

import type { Scope } from '../evaluate';
import type { ImportTable } from '../imports';
import { childrenOf, textOf, type SourceFile, type SyntaxNode } from '../syntax';
import { classMember } from './torchAttributes';
import { callMethod, callPath } from './torchBuiltins';
import { bindTargets, evaluateExpression, iterate } from './torchExpressions';
import type { InitArgs } from './torchInit';
import { recordInit, type TraceState } from './torchTrace';
import {
  Env,
  NONE,
  isModule,
  nameModule,
  setInstanceAttribute,
  truthy,
  type CallSite,
  type CallValues,
  type FlowEvent,
  type FunctionValue,
  type InitEvent,
  type InstanceModule,
  type LayerInstance,
  type Machine,
  type Module,
  type Runtime,
  type UserClass,
} from './torchValues';
import { executeBlock, type Completion } from './torchStatements';

const WORK_BUDGET = 400_000;
const MAX_CALL_DEPTH = 24;
const MAX_NESTING = 160;

export interface InterpreterResult {
  layers: LayerInstance[];
  modules: Module[];
  events: InitEvent[];
  /** The forward flow of a module (Sequential or an instance with forward); cached. */
  trace(module: Module): FlowEvent[];
}

export class TorchInterpreter implements Machine {
  readonly globals = new Env(null);
  private budget = WORK_BUDGET;
  private ids = 0;
  private uncertainty = 0;
  private depth = 0;
  private nesting = 0;
  private readonly recorders: FlowEvent[][] = [];
  private readonly state: TraceState = { events: [], order: 0 };
  private readonly layers: LayerInstance[] = [];
  private readonly modules: Module[] = [];
  readonly instances: InstanceModule[] = [];
  readonly classes: UserClass[] = [];
  readonly functions: FunctionValue[] = [];
  private readonly executed = new Set<number>();
  private readonly active = new Map<number, number>();
  private readonly traces = new Map<Module, FlowEvent[]>();

  constructor(
    readonly file: SourceFile,
    readonly imports: ImportTable,
    readonly scope: Scope,
  ) {
    // A script read as a whole runs as __main__.
    this.globals.set('__name__', '__main__');
  }

  get uncertain(): boolean {
    return this.uncertainty > 0;
  }

  get tracing(): boolean {
    return this.recorders.length > 0;
  }

  run(): InterpreterResult {
    executeBlock(this, this.file.tree.topNode, this.globals);
    this.runUnreached();
    return { layers: this.layers, modules: this.modules, events: this.state.events, trace: (module) => this.trace(module) };
  }

  /**
   * Classes nobody instantiates and functions nobody calls still describe layers and inits:
   * build each class once from its parameter defaults and run each remaining function and
   * method once with unknown arguments (methods on every instance of their class).
   */
  private runUnreached(): void {
    for (const cls of this.classes) {
      if (!this.instances.some((i) => i.cls === cls)) this.instantiate(cls, noArgs());
    }
    for (const fn of this.functions) {
      if (this.executed.has(fn.node.from)) continue;
      this.callFunction(fn, noArgs());
    }
    for (const cls of this.classes) {
      for (const [name, node] of cls.methods) {
        if (this.executed.has(node.from) || name === 'forward' || name.startsWith('__')) continue;
        const owners = this.instances.filter((i) => inheritsFrom(i.cls, cls)).slice(0, 8);
        for (const instance of owners) {
          const method = classMember(instance.cls, name, instance);
          if (method && typeof method === 'object' && method.kind === 'function' && method.node === node) {
            this.callFunction(method, noArgs());
          }
        }
      }
    }
  }

  /** A fresh allowance for the passes after the run (tracing forwards, reading static calls). */
  refill(budget: number): void {
    this.budget = Math.max(this.budget, budget);
  }

  private trace(module: Module): FlowEvent[] {
    const cached = this.traces.get(module);
    if (cached) return cached;
    const events: FlowEvent[] = [];
    this.traces.set(module, events);
    this.recorders.push(events);
    try {
      this.callModule(module, noArgs());
    } finally {
      this.recorders.pop();
    }
    return events;
  }

  evaluate(node: SyntaxNode | null | undefined, env: Env): Runtime {
    // Deeply nested expressions (error recovery can chain a whole file) stay within the JS stack.
    if (!node || !this.tick() || this.nesting >= MAX_NESTING) return null;
    this.nesting++;
    try {
      return evaluateExpression(this, node, env);
    } finally {
      this.nesting--;
    }
  }

  tick(): boolean {
    if (this.budget <= 0) return false;
    this.budget--;
    return true;
  }

  nextId(): number {
    return ++this.ids;
  }

  maybe<T>(body: () => T): T {
    this.uncertainty++;
    try {
      return body();
    } finally {
      this.uncertainty--;
    }
  }

  flow(event: FlowEvent): void {
    this.recorders[this.recorders.length - 1]?.push(event);
  }

  layerCreated(layer: LayerInstance): void {
    if (!this.tracing) this.layers.push(layer);
  }

  moduleCreated(module: Module): void {
    if (!this.tracing) this.modules.push(module);
  }

  instanceCreated(instance: InstanceModule): void {
    this.instances.push(instance);
  }

  initCalled(site: CallSite, name: string, form: 'function' | 'method', target: Runtime, args: InitArgs): void {
    // A forward pass does not initialize; tracing one must not change any layer's init.
    if (this.tracing) return;
    recordInit(this, this.state, site, name, form, target, args);
  }

  /** Marks a function as run, so the standalone pass skips it. */
  markExecuted(node: SyntaxNode): void {
    this.executed.add(node.from);
  }

  defineClass(cls: UserClass): void {
    this.classes.push(cls);
  }

  defineFunction(fn: FunctionValue): void {
    this.functions.push(fn);
  }

  call(callee: Runtime, args: CallValues, site: CallSite): Runtime {
    if (callee === null || typeof callee !== 'object' || !this.tick()) return null;
    switch (callee.kind) {
      case 'path':
        return callPath(this, callee.path, args, site);
      case 'method':
        return callMethod(this, callee, args, site);
      case 'function':
        return this.callFunction(callee, args);
      case 'class':
        return this.instantiate(callee, args);
      default:
        return isModule(callee) ? this.callModule(callee, args) : null;
    }
  }

  callFunction(fn: FunctionValue, args: CallValues): Runtime {
    const key = fn.node.from;
    const running = this.active.get(key) ?? 0;
    if (this.depth >= MAX_CALL_DEPTH || running >= 2) return null;
    this.depth++;
    this.active.set(key, running + 1);
    this.markExecuted(fn.node);
    try {
      const env = new Env(fn.closure);
      if (fn.self) env.set('__self__', fn.self);
      if (fn.owner) env.set('__class__', fn.owner);
      bindParameters(this, fn, args, env);
      if (fn.node.name === 'LambdaExpression') return this.evaluate(fn.node.lastChild, env);
      const body = fn.node.getChild('Body');
      const completion: Completion = body ? executeBlock(this, body, env) : { type: 'normal' };
      return completion.type === 'return' ? completion.value : NONE;
    } finally {
      this.depth--;
      this.active.set(key, running);
    }
  }

  instantiate(cls: UserClass, args: CallValues): InstanceModule {
    const instance: InstanceModule = { id: this.nextId(), path: null, kind: 'instance', cls, attrs: new Map(), children: [], sequential: null };
    this.instanceCreated(instance);
    this.moduleCreated(instance);
    const init = classMember(cls, '__init__', instance);
    if (init && typeof init === 'object' && init.kind === 'function') this.callFunction(init, args);
    else {
      // Dataclass-like: keyword arguments become attributes; nn.Sequential subclasses take modules.
      for (const [name, value] of args.keywords) setInstanceAttribute(instance, name, value);
      if (cls.bases.some((b) => b && typeof b === 'object' && b.kind === 'path' && b.path === 'torch.nn.Sequential')) {
        instance.sequential = args.positional.filter(isModule);
        instance.sequential.forEach((child, i) => instance.children.push([String(i), child]));
      }
    }
    return instance;
  }

  /** Calling a module: while tracing a forward pass, what it does to the signal. */
  callModule(module: Module, args: CallValues): Runtime {
    if (!this.tracing) return null;
    switch (module.kind) {
      case 'layer':
        this.flow({ kind: 'layer', layer: module.layer, uncertain: this.uncertain || module.layer.uncertain });
        return null;
      case 'activation':
        this.flow(module.spec ? { kind: 'activation', spec: module.spec, uncertain: this.uncertain } : { kind: 'opaque', name: module.className });
        return null;
      case 'passthrough':
        return null;
      case 'norm':
        this.flow({ kind: 'norm', className: module.className });
        return null;
      case 'container':
        if (module.className !== 'Sequential') this.flow({ kind: 'opaque', name: module.className });
        else {
          if (module.uncertain) this.flow({ kind: 'opaque', name: 'a Sequential built under unknown conditions' });
          for (const item of module.items) this.callModule(item, noArgs());
        }
        return null;
      case 'instance': {
        if (module.sequential) {
          for (const item of module.sequential) this.callModule(item, noArgs());
          return null;
        }
        const forward = classMember(module.cls, 'forward', module);
        if (forward && typeof forward === 'object' && forward.kind === 'function') return this.callFunction(forward, args);
        this.flow({ kind: 'opaque', name: module.cls.name });
        return null;
      }
      default:
        this.flow({ kind: 'opaque', name: module.className });
        return null;
    }
  }

  /** `name = value` for a plain name: modules take the name as their path. */
  bindName(env: Env, name: string, value: Runtime): void {
    env.set(name, value);
    if (isModule(value)) nameModule(value, name);
  }

  assignAttribute(object: Runtime, name: string, value: Runtime): void {
    if (object && typeof object === 'object' && object.kind === 'instance') setInstanceAttribute(object, name, value);
  }

  iterate(value: Runtime): Runtime[] | null {
    return iterate(value);
  }

  bind(targets: SyntaxNode[], value: Runtime, env: Env): void {
    bindTargets(this, targets, value, env, (object, name, v) => this.assignAttribute(object, name, v));
    if (targets.length === 1 && targets[0].name === 'VariableName' && isModule(value)) nameModule(value, textOf(this.file, targets[0]));
  }

  truthy(value: Runtime): boolean | null {
    return truthy(value);
  }
}

function noArgs(): CallValues {
  return { positional: [], keywords: new Map(), opaque: false };
}

function inheritsFrom(cls: UserClass, ancestor: UserClass, depth = 0): boolean {
  if (cls === ancestor) return true;
  if (depth > 16) return false;
  return cls.bases.some((b) => b !== null && typeof b === 'object' && b.kind === 'class' && inheritsFrom(b, ancestor, depth + 1));
}

interface Parameter {
  name: string;
  kind: 'normal' | 'star' | 'starstar';
  fallback: SyntaxNode | null;
}

function parameters(m: Machine, fn: FunctionValue): Parameter[] {
  const list = fn.node.getChild('ParamList');
  if (!list) return [];
  const out: Parameter[] = [];
  let group: SyntaxNode[] = [];
  const flush = () => {
    const parts = group.filter((g) => g.name !== 'TypeDef');
    group = [];
    const star = parts[0]?.name === '*' ? 'star' : parts[0]?.name === '**' ? 'starstar' : 'normal';
    const nameNode = star === 'normal' ? parts[0] : parts[1];
    if (!nameNode || nameNode.name !== 'VariableName') return;
    const assign = parts.findIndex((p) => p.name === 'AssignOp');
    out.push({ name: textOf(m.file, nameNode), kind: star, fallback: assign >= 0 ? (parts[assign + 1] ?? null) : null });
  };
  for (const child of childrenOf(list)) {
    if (child.name === '(' || child.name === ')' || child.name === 'Comment') continue;
    if (child.name === ',') flush();
    else group.push(child);
  }
  flush();
  return out;
}

/** Binds arguments to parameters as Python does; defaults are read in the defining scope. */
function bindParameters(m: TorchInterpreter, fn: FunctionValue, args: CallValues, env: Env): void {
  const params = parameters(m, fn);
  const positional = [...args.positional];
  if (fn.self && params[0]?.kind === 'normal') {
    env.set(params[0].name, fn.self);
    params.shift();
  }
  const usedKeywords = new Set<string>();
  let afterStar = false;
  for (const p of params) {
    if (p.kind === 'star') {
      env.set(p.name, { kind: 'list', items: positional.splice(0), uncertain: args.opaque });
      afterStar = true;
      continue;
    }
    if (p.kind === 'starstar') {
      const entries: [Runtime, Runtime][] = [...args.keywords].filter(([k]) => !usedKeywords.has(k));
      env.set(p.name, { kind: 'dict', entries });
      continue;
    }
    if (!afterStar && positional.length > 0) env.set(p.name, positional.shift() ?? null);
    else if (args.keywords.has(p.name)) {
      usedKeywords.add(p.name);
      env.set(p.name, args.keywords.get(p.name) ?? null);
    } else if (!args.opaque && p.fallback) env.set(p.name, m.evaluate(p.fallback, fn.closure));
    else env.set(p.name, null);
  }
}
