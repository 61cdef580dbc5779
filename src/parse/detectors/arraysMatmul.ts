// Matrix products in the file (`x @ W`, np.dot, np.matmul, torch.mm, `x.dot(W)`, F.linear) and
// which tensor each operand refers to, through `.T`, subscripts and loop variables
// (`for w in self.weights`, `for b, w in zip(biases, weights)`). Which side a weight is on says
// how its shape maps to fans: `x @ W` has W = (fan_in, fan_out), `W @ h` has (fan_out, fan_in).

import { callArgs, childrenOf, walk, type SyntaxNode } from '../syntax';
import { compact } from './arraysChain';
import type { ArraysEnv } from './arraysEnv';
import { MATMUL_FUNCTIONS, MATMUL_METHODS } from './arraysRole';

export interface Product {
  node: SyntaxNode;
  operands: [SyntaxNode, SyntaxNode];
  /** `F.linear(x, W)` computes x @ W.T. */
  secondTransposed: boolean;
  /** Memo: what each operand refers to, and the enclosing function's offset (−1 at module level). */
  refs?: (TensorRef | null)[];
  fnFrom?: number;
}

/** A tensor an expression stands for: `key` as written, `base` without variable subscripts. */
export interface TensorRef {
  key: string;
  base: string;
  transposed: boolean;
  /** Reached through a loop variable: one element of the list `base`. */
  element?: boolean;
}

export interface Use {
  product: Product;
  /** 0: the left factor (`W @ h`, weights first); 1: the right factor (`x @ W`). */
  operand: 0 | 1;
  /** The operand is the tensor transposed (`x @ W.T`). */
  transposed: boolean;
  /** The operand is one element of a list of weights (`for w in weights`, `all_weights[layer]`). */
  element: boolean;
}

export function collectProducts(env: ArraysEnv): Product[] {
  const products: Product[] = [];
  walk(env.file.tree.topNode, (node) => {
    if (node.name === 'BinaryExpression') {
      const [left, op, right] = childrenOf(node);
      if (left && op && right && env.text(op) === '@') products.push({ node, operands: [left, right], secondTransposed: false });
    }
  });
  for (const call of env.calls) {
    const args = callArgs(env.file, call);
    const name = env.qualified(call.firstChild);
    if (name !== null && (MATMUL_FUNCTIONS.includes(name) || name === 'torch.nn.functional.linear')) {
      const [a, b] = args.positional;
      if (a && b) products.push({ node: call, operands: [a, b], secondTransposed: name === 'torch.nn.functional.linear' });
      continue;
    }
    const callee = call.firstChild;
    if (callee?.name !== 'MemberExpression') continue;
    const kids = childrenOf(callee);
    const method = kids[kids.length - 1];
    if (method?.name === 'PropertyName' && MATMUL_METHODS.includes(env.text(method)) && kids[0] && args.positional.length === 1) {
      products.push({ node: call, operands: [kids[0], args.positional[0]], secondTransposed: false });
    }
  }
  return products;
}

/** The tensor a target expression names: `W`, `self.W`, `params['W1']`, `all_weights[layer]` → all_weights. */
export function refOfTarget(env: ArraysEnv, node: SyntaxNode): TensorRef {
  const key = compact(env.text(node));
  return { key, base: baseOf(env, node), transposed: false };
}

/** What a product operand refers to; a loop variable refers to the list it iterates. */
export function refOfOperand(env: ArraysEnv, node: SyntaxNode, depth = 0): TensorRef | null {
  if (depth > 6) return null;
  const kids = childrenOf(node);
  switch (node.name) {
    case 'ParenthesizedExpression': {
      const inner = kids.find((k) => k.name !== '(' && k.name !== ')');
      return inner ? refOfOperand(env, inner, depth + 1) : null;
    }
    case 'MemberExpression': {
      const last = kids[kids.length - 1];
      if (last?.name === 'PropertyName' && kids[0] && ['T', 'data', 'mT'].includes(env.text(last))) {
        const inner = refOfOperand(env, kids[0], depth + 1);
        return inner && env.text(last) !== 'data' ? { ...inner, transposed: !inner.transposed } : inner;
      }
      return { key: compact(env.text(node)), base: baseOf(env, node), transposed: false };
    }
    case 'CallExpression': {
      const callee = kids[0];
      if (callee?.name !== 'MemberExpression') return null;
      const calleeKids = childrenOf(callee);
      const method = calleeKids[calleeKids.length - 1];
      if (method?.name !== 'PropertyName' || !calleeKids[0]) return null;
      const name = env.text(method);
      const inner = ['t', 'transpose', 'detach', 'float', 'to'].includes(name) ? refOfOperand(env, calleeKids[0], depth + 1) : null;
      return inner && (name === 't' || name === 'transpose') ? { ...inner, transposed: !inner.transposed } : inner;
    }
    case 'VariableName': {
      const element = loopElement(env, node);
      if (element) {
        const listRef = refOfOperand(env, element, depth + 1);
        return listRef ? { key: listRef.base, base: listRef.base, transposed: listRef.transposed, element: true } : null;
      }
      // `W1, b1 = self.params['W1'], self.params['b1']`: a local name for a stored weight.
      const bound = env.latestAssignment(env.text(node), node.from, node);
      if (bound && (bound.value.name === 'MemberExpression' || bound.value.name === 'VariableName') && bound.value.from !== node.from) {
        const aliased = refOfOperand(env, bound.value, depth + 1);
        if (aliased) return aliased;
      }
      const key = env.text(node);
      return { key, base: key, transposed: false };
    }
    default:
      return null;
  }
}

/** Every product that uses the tensor `target`, nearest scope first: same function, then the file. */
export function usesOf(env: ArraysEnv, products: Product[], target: TensorRef, near: SyntaxNode): Use[] {
  const uses: { use: Use; sameFunction: boolean }[] = [];
  const fnFrom = env.functionAt(near)?.node.from ?? -1;
  for (const product of products) {
    product.refs ??= product.operands.map((operand) => refOfOperand(env, operand));
    product.fnFrom ??= env.functionAt(product.node)?.node.from ?? -1;
    product.refs.forEach((ref, index) => {
      if (!ref || ref.base !== target.base) return;
      const sameFunction = product.fnFrom === fnFrom;
      const transposed = ref.transposed !== (index === 1 && product.secondTransposed);
      const element = ref.element === true || ref.key !== ref.base;
      uses.push({ use: { product, operand: index as 0 | 1, transposed, element }, sameFunction });
    });
  }
  const local = uses.filter((u) => u.sameFunction);
  return (local.length > 0 ? local : uses).map((u) => u.use);
}

/** `x` subscripted by variables is the list `x`; string keys stay part of the name. */
function baseOf(env: ArraysEnv, node: SyntaxNode): string {
  if (node.name === 'MemberExpression') {
    const kids = childrenOf(node);
    if (kids[1]?.name === '[' && kids[2]?.name !== 'String' && kids[0]) return baseOf(env, kids[0]);
  }
  return compact(env.text(node));
}

/**
 * For a loop variable, the list expression its values come from: `w` in `for w in ws` → ws;
 * `w` in `for b, w in zip(bs, ws)` → ws; `w` in `for i, w in enumerate(ws)` → ws.
 */
function loopElement(env: ArraysEnv, variable: SyntaxNode): SyntaxNode | null {
  const name = env.text(variable);
  for (let p: SyntaxNode | null = variable.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition') return null;
    if (p.name !== 'ForStatement' && !p.name.includes('Comprehension')) continue;
    const kids = childrenOf(p);
    const forAt = kids.findIndex((k) => k.name === 'for');
    const inAt = kids.findIndex((k, i) => i > forAt && k.name === 'in');
    if (forAt < 0 || inAt < 0) continue;
    const targets = flatTargets(kids.slice(forAt + 1, inAt));
    const position = targets.findIndex((t) => t.name === 'VariableName' && env.text(t) === name);
    const iterable = kids[inAt + 1];
    if (position < 0 || !iterable) continue;
    if (targets.length === 1) return iterable;
    // `for W, b in params`: part of each element of params.
    if (iterable.name !== 'CallExpression') return iterable;
    const fn = env.text(iterable.firstChild ?? iterable);
    const args = callArgs(env.file, iterable).positional;
    if (fn === 'zip') return args[position] ?? null;
    if (fn === 'enumerate' && position === 1) return args[0] ?? null;
    return null;
  }
  return null;
}

function flatTargets(nodes: SyntaxNode[]): SyntaxNode[] {
  return nodes.filter((n) => n.name !== ',');
}
