// Where a Flax or Haiku model's input width is stated: `model.init(key, jnp.ones((1, 784)))`
// with `model = MLP()`, or `net = hk.transform(forward); net.init(rng, x)` with x built by
// jnp.ones/zeros or jax.random.normal. The batch axis is dropped; the rest is n_0's shape.

import { qualify } from '../imports';
import { callArgs, childrenOf, dottedName, textOf, type SyntaxNode } from '../syntax';
import { nodeKey, shapeOf, type ReadContext, type Shape } from './kerasStack';

export interface StatedInput {
  shape: Shape;
  source: string;
}

const FILLED = new Set(['jax.numpy.ones', 'jax.numpy.zeros', 'jax.numpy.empty', 'numpy.ones', 'numpy.zeros', 'numpy.random.randn']);
const TRANSFORMS = new Set(['haiku.transform', 'haiku.transform_with_state', 'haiku.without_apply_rng']);

/** Function bodies (by node key) whose first tensor argument has a stated shape. */
export function statedInputs(rc: ReadContext): Map<string, StatedInput> {
  const out = new Map<string, StatedInput>();
  const file = rc.ctx.file;
  const cursor = file.tree.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const call = cursor.node;
    const callee = call.firstChild;
    if (callee?.name !== 'MemberExpression' || textOf(file, callee.lastChild ?? callee) !== 'init') continue;
    const sample = callArgs(file, call).positional[1];
    const shape = sampleShape(rc, sample, 0);
    const fn = shape ? modelFunction(rc, callee.firstChild, 0) : null;
    if (shape && fn && sample) out.set(nodeKey(fn), { shape: shape.slice(1), source: `${textOf(file, call)}` });
  } while (cursor.next());
  return out;
}

/** jnp.ones((1, 784)) → [1, 784]; follows a name bound to such a call. */
function sampleShape(rc: ReadContext, node: SyntaxNode | null | undefined, depth: number): Shape {
  if (!node || depth > 4) return null;
  const file = rc.ctx.file;
  if (node.name === 'CallExpression') {
    const callee = dottedName(file, node.firstChild);
    const path = callee === null ? '' : qualify(callee, rc.ctx.imports);
    const args = callArgs(file, node);
    if (FILLED.has(path)) return path === 'numpy.random.randn' ? args.positional.map((a) => shapeOf(rc, a)?.[0] ?? null) : shapeOf(rc, args.positional[0] ?? args.keywords.get('shape'));
    if (path === 'jax.random.normal' || path === 'jax.random.uniform') return shapeOf(rc, args.positional[1] ?? args.keywords.get('shape'));
    return null;
  }
  const name = dottedName(file, node);
  const bound = name === null ? null : rc.bindings.resolve(name, node.from);
  return bound ? sampleShape(rc, bound, depth + 1) : null;
}

/** The `__call__` of `MLP()` or the function given to hk.transform, for the object `.init` is called on. */
function modelFunction(rc: ReadContext, node: SyntaxNode | null, depth: number): SyntaxNode | null {
  if (!node || depth > 4) return null;
  const file = rc.ctx.file;
  if (node.name === 'CallExpression') {
    const callee = dottedName(file, node.firstChild);
    if (callee === null) return null;
    if (TRANSFORMS.has(qualify(callee, rc.ctx.imports))) return modelFunction(rc, callArgs(file, node).positional[0] ?? null, depth + 1);
    const cls = definition(rc, 'ClassDefinition', callee);
    return cls ? method(rc, cls, '__call__') : null;
  }
  const name = dottedName(file, node);
  if (name === null) return null;
  const fn = definition(rc, 'FunctionDefinition', name);
  if (fn) return fn;
  const bound = rc.bindings.resolve(name, node.from);
  return bound ? modelFunction(rc, bound, depth + 1) : null;
}

function definition(rc: ReadContext, kind: 'ClassDefinition' | 'FunctionDefinition', name: string): SyntaxNode | null {
  const file = rc.ctx.file;
  for (const statement of childrenOf(file.tree.topNode)) {
    const node = statement.name === 'DecoratedStatement' ? statement.getChild(kind) : statement;
    if (node?.name === kind && textOf(file, node.getChild('VariableName') ?? node) === name) return node;
  }
  return null;
}

function method(rc: ReadContext, cls: SyntaxNode, name: string): SyntaxNode | null {
  const body = cls.getChild('Body');
  for (const statement of body ? childrenOf(body) : []) {
    const node = statement.name === 'DecoratedStatement' ? statement.getChild('FunctionDefinition') : statement;
    if (node?.name === 'FunctionDefinition' && textOf(rc.ctx.file, node.getChild('VariableName') ?? node) === name) return node;
  }
  return null;
}
