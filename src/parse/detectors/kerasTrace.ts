// Follows tensors through straight-line code to find the order layers run in: the Keras
// functional API (`x = layers.Dense(64)(inputs)`), Keras subclassed models and Flax `setup`
// modules (`self.fc1(x)`), Flax `@nn.compact` bodies (`x = nn.relu(nn.Dense(512)(x))`),
// Haiku forward functions, and Sequential models (`Sequential([...])`, `model.add(...)`).
// `for … in range(n)` with a known n is unrolled; with an unknown count the chain is marked
// uncertain. Nothing is executed.

import { qualify } from '../imports';
import { callArgs, childrenOf, dottedName, textOf, type SyntaxNode } from '../syntax';
import type { StatedInput } from './flaxInputs';
import { flatten, iterationValues, MAX_UNROLL, nodeKey, reshapeOp, unknownLayer, valueOf, withLoopVar, type Op, type ReadContext, type Readers } from './kerasStack';

/** Chains share their prefix (each step links to the one it extends), so long chains cost O(n). */
export interface Chain {
  parent: Chain | null;
  /** The ops this step adds after `parent`'s. */
  own: Op[];
  length: number;
  /** False when an unrolled-once loop of unknown count is in the chain. */
  certain: boolean;
  /** A model (Sequential) rather than a tensor: calling it applies its ops. */
  model: boolean;
  /** Another chain continues this one, so it is not a network of its own. */
  extended: boolean;
}

type Env = Map<string, Chain>;

export function chainOps(chain: Chain): Op[] {
  const parts: Op[][] = [];
  for (let c: Chain | null = chain; c; c = c.parent) parts.push(c.own);
  return parts.reverse().flat();
}

function newChain(own: Op[], certain: boolean, model: boolean): Chain {
  return { parent: null, own, length: own.length, certain, model, extended: false };
}

interface OpList {
  ops: Op[];
  certain: boolean;
}

/** Past these, a chain stops growing (depth 10⁶ must not hang). */
const MAX_OPS = 50_000;
const MAX_INDIRECTION = 8;

/** Every maximal chain in the file: module level and each function body, in document order. */
export function traceChains(rc: ReadContext, readers: Readers, inputs: ReadonlyMap<string, StatedInput> = new Map()): Chain[] {
  const tracer = new Tracer(readers);
  const file = rc.ctx.file;
  tracer.block(rc, file.tree.topNode, new Map(), true);
  const cursor = file.tree.cursor();
  do {
    if (cursor.name !== 'FunctionDefinition') continue;
    const fn = cursor.node;
    const body = fn.getChild('Body');
    if (!body) continue;
    const env: Env = new Map();
    // model.init(key, jnp.ones((1, 784))) states the width of __call__'s first argument.
    const stated = inputs.get(nodeKey(fn));
    const param = fn.getChild('ParamList')?.getChildren('VariableName').find((p) => textOf(file, p) !== 'self');
    if (stated && param) env.set(textOf(file, param), newChain([{ kind: 'input', shape: stated.shape, source: stated.source }], true, false));
    tracer.block(rc, body, env, true);
  } while (cursor.next());
  return tracer.recorded.filter((c) => !c.extended);
}

class Tracer {
  readonly recorded: Chain[] = [];
  private readonly seen = new Set<Chain>();

  constructor(private readonly readers: Readers) {}

  block(rc: ReadContext, node: SyntaxNode, env: Env, certain: boolean): void {
    for (const statement of childrenOf(node)) this.statement(rc, statement, env, certain);
  }

  private record(chain: Chain | null): void {
    if (chain && !this.seen.has(chain)) {
      this.seen.add(chain);
      this.recorded.push(chain);
    }
  }

  private statement(rc: ReadContext, statement: SyntaxNode, env: Env, certain: boolean): void {
    switch (statement.name) {
      case 'AssignStatement':
        return this.assign(rc, statement, env, certain);
      case 'ExpressionStatement':
        return this.expressionStatement(rc, statement, env, certain);
      case 'ReturnStatement':
        return this.record(this.expr(rc, statement.lastChild?.name === 'return' ? null : statement.lastChild, env, certain));
      case 'ForStatement':
        return this.loop(rc, statement, env, certain);
      case 'WhileStatement': {
        const body = statement.getChild('Body');
        if (body) this.block(rc, body, env, false);
        return;
      }
      case 'IfStatement':
      case 'WithStatement':
      case 'TryStatement': {
        // The first branch only: layers in alternative branches are not one network.
        const body = statement.getChild('Body');
        if (body) this.block(rc, body, env, certain);
        return;
      }
      default:
        return;
    }
  }

  private assign(rc: ReadContext, statement: SyntaxNode, env: Env, certain: boolean): void {
    const file = rc.ctx.file;
    const kids = childrenOf(statement).filter((k) => k.name !== 'TypeDef');
    if (kids.some((k) => k.name === ',')) return;
    const value = kids[kids.length - 1];
    const chain = this.expr(rc, value, env, certain);
    for (let i = 0; i + 1 < kids.length; i++) {
      if (kids[i + 1].name !== 'AssignOp') continue;
      const name = dottedName(file, kids[i]);
      if (name === null) continue;
      if (chain) env.set(name, chain);
      else env.delete(name);
    }
    this.record(chain);
  }

  private expressionStatement(rc: ReadContext, statement: SyntaxNode, env: Env, certain: boolean): void {
    const file = rc.ctx.file;
    const expr = statement.firstChild;
    // model.add(layer) grows a Sequential model in place.
    if (expr?.name === 'CallExpression' && expr.firstChild?.name === 'MemberExpression') {
      const callee = dottedName(file, expr.firstChild);
      if (callee?.endsWith('.add')) {
        const owner = env.get(callee.slice(0, -4));
        const layer = callArgs(file, expr).positional[0];
        if (owner?.model && layer) {
          const ops = this.layerOps(rc, layer, env, 0) ?? { ops: [unknownLayer(textOf(file, layer))], certain: true };
          const grown = this.extend(owner, ops.ops, certain && ops.certain, true);
          env.set(callee.slice(0, -4), grown);
          this.record(grown);
          return;
        }
      }
    }
    this.record(this.expr(rc, expr, env, certain));
  }

  private loop(rc: ReadContext, statement: SyntaxNode, env: Env, certain: boolean): void {
    const kids = childrenOf(statement);
    const at = kids.findIndex((k) => k.name === 'in');
    const body = statement.getChild('Body');
    if (at < 0 || !body) return;
    const variables = kids.slice(1, at).filter((k) => k.name !== ',');
    const values = iterationValues(rc, kids[at + 1]);
    if (!Array.isArray(values) || values.length > MAX_UNROLL) {
      this.block(rc, body, env, false);
      return;
    }
    const name = variables.length === 1 && variables[0].name === 'VariableName' ? textOf(rc.ctx.file, variables[0]) : null;
    for (const value of values) this.block(name === null ? rc : withLoopVar(rc, name, value), body, env, certain);
  }

  private extend(source: Chain, ops: Op[], certain: boolean, model = false): Chain {
    source.extended = true;
    const own = ops.slice(0, Math.max(0, MAX_OPS - source.length));
    return { parent: source, own, length: source.length + own.length, certain: source.certain && certain, model, extended: false };
  }

  private fresh(certain: boolean): Chain {
    return newChain([], certain, false);
  }

  /** The tensor a layer is applied to; a name never seen before is a fresh input of unknown width. */
  private input(rc: ReadContext, node: SyntaxNode | undefined, env: Env, certain: boolean): Chain {
    return this.expr(rc, node, env, certain) ?? this.fresh(certain);
  }

  private expr(rc: ReadContext, node: SyntaxNode | null | undefined, env: Env, certain: boolean): Chain | null {
    if (!node) return null;
    switch (node.name) {
      case 'VariableName':
      case 'MemberExpression': {
        const name = dottedName(rc.ctx.file, node);
        return name === null ? null : (env.get(name) ?? null);
      }
      case 'ParenthesizedExpression':
        return this.expr(rc, childrenOf(node)[1], env, certain);
      case 'BinaryExpression': {
        // x + f(x): a residual; the path through f's layers is the one the stack follows.
        const [left, , right] = childrenOf(node);
        const a = this.expr(rc, left, env, certain);
        const b = this.expr(rc, right, env, certain);
        return a && b ? (b.length > a.length ? b : a) : (a ?? b);
      }
      case 'CallExpression':
        return this.call(rc, node, env, certain);
      default:
        return null;
    }
  }

  private call(rc: ReadContext, call: SyntaxNode, env: Env, certain: boolean): Chain | null {
    const file = rc.ctx.file;
    const callee = call.firstChild;
    const args = callArgs(file, call);
    if (!callee) return null;
    if (callee.name === 'CallExpression') {
      // Layer(...)(x): construct and apply.
      const ops = this.layerOps(rc, callee, env, 0) ?? { ops: [unknownLayer(textOf(file, callee))], certain: true };
      return this.extend(this.input(rc, args.positional[0], env, certain), ops.ops, certain && ops.certain);
    }
    const name = dottedName(file, callee);
    if (name === null) return null;
    const model = env.get(name);
    if (model?.model) return this.extend(this.input(rc, args.positional[0], env, certain), chainOps(model), certain && model.certain);
    const path = qualify(name, rc.ctx.imports);
    const method = callee.name === 'MemberExpression' ? this.method(rc, callee, call, env, certain) : null;
    if (method) return method;
    const reading = this.readers.layer(rc, call, path);
    if (reading) {
      if (reading.kind === 'sequential') {
        const items = reading.items ? this.items(rc, reading.items, env, 0) : { ops: [], certain: true };
        return newChain(items?.ops ?? [unknownLayer(textOf(file, call))], certain && (items?.certain ?? true), true);
      }
      // Input(shape=…) makes a tensor; any other constructor makes a layer object (bound, not traced).
      return reading.ops.every((op) => op.kind === 'input') ? newChain(reading.ops, certain, false) : null;
    }
    if (path === 'jax.numpy.reshape' || path === 'numpy.reshape') {
      const source = this.expr(rc, args.positional[0], env, certain);
      return source ? this.extend(source, [reshapeOp(rc, args.positional.slice(1), textOf(file, call))], certain) : null;
    }
    const fn = this.readers.fn(rc, path, call);
    if (fn) {
      const source = this.firstTensor(rc, args.positional, env, certain) ?? this.input(rc, args.positional[0], env, certain);
      return this.extend(source, [fn], certain);
    }
    // self.fc1(x) / dense(x): a layer object bound earlier.
    const bound = rc.bindings.resolve(name, call.from);
    if (bound && bound.name === 'CallExpression') {
      const ops = this.layerOps(rc, bound, env, 1);
      if (ops) return this.extend(this.input(rc, args.positional[0], env, certain), ops.ops, certain && ops.certain);
    }
    // Anything else handed a tensor (my_block(x), jnp.mean(x, 1)) passes it on with an unknown shape.
    const source = this.firstTensor(rc, args.positional, env, certain);
    return source ? this.extend(source, [unknownLayer(textOf(file, call))], certain) : null;
  }

  /** x.reshape((x.shape[0], -1)), x.flatten(): methods on a traced tensor. */
  private method(rc: ReadContext, callee: SyntaxNode, call: SyntaxNode, env: Env, certain: boolean): Chain | null {
    const object = this.expr(rc, callee.firstChild, env, certain);
    if (!object || object.model) return null;
    const method = textOf(rc.ctx.file, callee.lastChild ?? callee);
    const text = textOf(rc.ctx.file, call);
    if (method === 'flatten' || method === 'ravel') return this.extend(object, [{ kind: 'shape', transform: flatten, source: text }], certain);
    if (method === 'reshape' || method === 'view') return this.extend(object, [reshapeOp(rc, callArgs(rc.ctx.file, call).positional, text)], certain);
    return this.extend(object, [unknownLayer(text)], certain);
  }

  private firstTensor(rc: ReadContext, nodes: SyntaxNode[], env: Env, certain: boolean): Chain | null {
    for (const node of nodes) {
      const chain = this.expr(rc, node, env, certain);
      if (chain && !chain.model) return chain;
    }
    return null;
  }

  /** The ops of one layer expression: a constructor call, a bound layer, an activation function or a lambda. */
  private layerOps(rc: ReadContext, node: SyntaxNode, env: Env, depth: number): OpList | null {
    if (depth > MAX_INDIRECTION) return null;
    const file = rc.ctx.file;
    if (node.name === 'CallExpression') {
      const name = dottedName(file, node.firstChild);
      if (name === null) return null;
      const reading = this.readers.layer(rc, node, qualify(name, rc.ctx.imports));
      if (!reading) return null;
      if (reading.kind === 'ops') return { ops: reading.ops, certain: reading.certain ?? true };
      return reading.items ? this.items(rc, reading.items, env, depth + 1) : { ops: [], certain: true };
    }
    if (node.name === 'LambdaExpression') {
      // lambda x: x.reshape((x.shape[0], -1)): trace the body from a fresh input.
      const param = node.getChild('ParamList')?.getChild('VariableName');
      const inner: Env = new Map(env);
      const start = this.fresh(true);
      if (param) inner.set(textOf(file, param), start);
      const chain = this.expr(rc, node.lastChild, inner, true);
      return chain ? { ops: chainOps(chain), certain: chain.certain } : null;
    }
    const name = dottedName(file, node);
    if (name === null) return null;
    const fn = this.readers.fn(rc, qualify(name, rc.ctx.imports), null);
    // Shown as the user spelled it (nn.relu), not as the qualified path.
    if (fn) return { ops: [fn.kind === 'activation' ? { ...fn, source: fn.source.replace(/^[\w.]+/, name) } : fn], certain: true };
    const model = env.get(name);
    if (model?.model) return { ops: chainOps(model), certain: model.certain };
    const bound = rc.bindings.resolve(name, node.from);
    return bound ? this.layerOps(rc, bound, env, depth + 1) : null;
  }

  /** The layers of a Sequential list: literals, `[…] + […]`, `[…] * n`, comprehensions, names bound to lists. */
  private items(rc: ReadContext, node: SyntaxNode, env: Env, depth: number): OpList | null {
    if (depth > MAX_INDIRECTION) return null;
    const file = rc.ctx.file;
    switch (node.name) {
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'ArgList': {
        const out: OpList = { ops: [], certain: true };
        for (const item of childrenOf(node)) {
          if (['[', ']', '(', ')', ','].includes(item.name)) continue;
          const ops = this.layerOps(rc, item, env, depth + 1) ?? { ops: [unknownLayer(textOf(file, item))], certain: true };
          out.ops.push(...ops.ops);
          out.certain &&= ops.certain;
        }
        return out;
      }
      case 'ArrayComprehensionExpression': {
        const kids = childrenOf(node);
        const element = kids[1];
        const at = kids.findIndex((k) => k.name === 'in');
        if (!element || at < 0 || kids.filter((k) => k.name === 'for').length !== 1) return null;
        const variable = kids[at - 1];
        const values = iterationValues(rc, kids[at + 1]);
        const once = () => this.layerOps(rc, element, env, depth + 1);
        if (!Array.isArray(values) || values.length > MAX_UNROLL) {
          const ops = once();
          return ops ? { ops: ops.ops, certain: false } : null;
        }
        const out: OpList = { ops: [], certain: true };
        for (const value of values) {
          const scoped = variable?.name === 'VariableName' ? withLoopVar(rc, textOf(file, variable), value) : rc;
          const ops = this.layerOps(scoped, element, env, depth + 1);
          if (!ops) return null;
          out.ops.push(...ops.ops);
          out.certain &&= ops.certain;
        }
        return out;
      }
      case 'BinaryExpression': {
        const [left, op, right] = childrenOf(node);
        const operator = op ? textOf(file, op) : '';
        if (operator === '+' && left && right) {
          const a = this.items(rc, left, env, depth + 1);
          const b = this.items(rc, right, env, depth + 1);
          return a && b ? { ops: [...a.ops, ...b.ops], certain: a.certain && b.certain } : null;
        }
        if (operator === '*' && left && right) {
          const count = valueOf(rc, right);
          const list = this.items(rc, left, env, depth + 1);
          if (!list || typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_UNROLL) return null;
          return { ops: Array.from({ length: count }, () => list.ops).flat(), certain: list.certain };
        }
        return null;
      }
      case 'ParenthesizedExpression':
        return this.items(rc, childrenOf(node)[1], env, depth + 1);
      case 'VariableName':
      case 'MemberExpression': {
        const name = dottedName(file, node);
        const bound = name === null ? null : rc.bindings.resolve(name, node.from);
        return bound && nodeKey(bound) !== nodeKey(node) ? this.items(rc, bound, env, depth + 1) : null;
      }
      default:
        return null;
    }
  }
}
