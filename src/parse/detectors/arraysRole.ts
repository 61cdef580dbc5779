// Where a drawn array ends up, and whether that makes it a weight: the assigned name
// (W, self.W, params['W1'], all_weights[layer]), a list it is appended to, a dict entry, a
// keyword argument, an init function's return value, or an operand of a matrix product.
// Names decide most cases; data, noise, masks, gradients and biases are never weights.

import { callArgs, childrenOf, stringValue, type SyntaxNode } from '../syntax';
import { compact, type Chain } from './arraysChain';
import type { ArraysEnv } from './arraysEnv';

export type NameKind = 'weight' | 'bias' | 'data' | 'neutral';

export type RoleKind = 'assigned' | 'appended' | 'keyword' | 'entry' | 'returned' | 'copied' | 'inline';

export interface Role {
  kind: RoleKind;
  /** What the site initializes, as the user wrote it ("W1", "self.W", "all_weights[layer]"). */
  target?: string;
  /** The target expression (assignment target, list receiver); absent for inline products. */
  targetNode?: SyntaxNode;
  /** The identifier that names the tensor ("W1" for params['W1']), classified by classifyName. */
  name: string | null;
  /** The statement holding the weight, for follow-up `W *= s` updates. */
  statement: SyntaxNode;
  /** For a draw used directly in a product: the product and the draw's operand index. */
  inline?: { product: SyntaxNode; operand: 0 | 1 };
  /** `W = ...; params.append(W)`: the list the weight is collected into, and the append call. */
  collection?: { list: SyntaxNode; append: SyntaxNode };
}

const MATMUL_FUNCTIONS = ['numpy.dot', 'numpy.matmul', 'torch.mm', 'torch.matmul', 'torch.bmm', 'jax.numpy.dot', 'jax.numpy.matmul', 'tensorflow.matmul'];
const MATMUL_METHODS = ['dot', 'mm', 'matmul'];
const COPY_METHODS = ['copy_', 'assign', 'set_'];

/**
 * The tensor's role from its name. Data, noise, masks and gradients are checked first so that
 * `dW` or `x_noise` never counts as a weight.
 */
export function classifyName(raw: string): NameKind {
  const name = raw.replace(/%[a-z]|\{[^}]*\}/g, '');
  if (name === '') return 'neutral';
  // Gradients and random perturbations first: `dW`, `grad_w`, `weight_noise` are not weights.
  if (/grad|^d[A-Z_]|^d(out|x|h|y|z|a|w|b|s|l|loss|scores|logits)\d*$/.test(name)) return 'data';
  if (/noise|mask|dropout|eps|latent|sample/i.test(name)) return 'data';
  if (/^b\d*$|^b_|_b\d*$|bias/i.test(name)) return 'bias';
  if (/weight|kernel|^filters?$|^theta\d*$/i.test(name)) return 'weight';
  if (/^[wW]\d*$|^W[A-Za-z0-9_]{1,8}$|^w_\w+$|(^|_)[wW]\d*$|^w(ih|hh|xh|hy|hx|q|k|v|o|in|out|enc|dec)\d*$/.test(name)) return 'weight';
  if (/input|data|label|target|token|emb|pos(ition)?(_|$)|cls|seed|img|image|logit|score|pred|output|state|cache|running|gamma|beta|alpha|scale|temperature|mean|var|std/i.test(name)) return 'data';
  // Single letters by convention: x/X data, y labels, z/h/a activations, u/r masks. A, M, D are matrices.
  if (/^(x|X|xs|inp|z|Z|y|Y|ys|a|h|H|hs|u|U|r|keep|out|act|activations?)(\d+|_\w*|tr|te|val)?$/.test(name)) return 'data';
  return 'neutral';
}

/** The identifier that names a target: `W` of self.W, `W1` of params['W1'], `weight` of fc.weight.data. */
export function nameOfTarget(env: ArraysEnv, node: SyntaxNode): string | null {
  switch (node.name) {
    case 'VariableName':
      return env.text(node);
    case 'MemberExpression': {
      const kids = childrenOf(node);
      const last = kids[kids.length - 1];
      if (last?.name === 'PropertyName') {
        const prop = env.text(last);
        return prop === 'data' && kids[0] ? nameOfTarget(env, kids[0]) : prop;
      }
      if (kids[1]?.name === '[') {
        const key = keyText(env, kids[2]);
        return key ?? (kids[0] ? nameOfTarget(env, kids[0]) : null);
      }
      return null;
    }
    default:
      return null;
  }
}

/** The literal part of a dict key: 'W1', 'W' + str(i), 'W%d' % i, f'W{i}'. */
function keyText(env: ArraysEnv, node: SyntaxNode | undefined): string | null {
  if (!node) return null;
  if (node.name === 'String') return stringValue(env.file, node);
  if (node.name === 'FormatString') return env.text(node).replace(/^[fFrR]{1,2}(['"])([\s\S]*)\1$/, '$2');
  if (node.name === 'BinaryExpression') return keyText(env, node.firstChild ?? undefined);
  return null;
}

export function findRole(env: ArraysEnv, chain: Chain): Role | null {
  const top = chain.top;
  const parent = top.parent;
  if (!parent) return null;
  switch (parent.name) {
    case 'AssignStatement':
      return assigned(env, parent, top);
    case 'DictionaryExpression':
      return entry(env, parent, top);
    case 'ArgList':
      return argument(env, parent, top);
    case 'BinaryExpression': {
      const [left, op, right] = childrenOf(parent);
      if (!left || !op || !right || env.text(op) !== '@') return null;
      return { kind: 'inline', name: null, statement: statementOf(parent), inline: { product: parent, operand: left.from === top.from ? 0 : 1 } };
    }
    case 'ReturnStatement': {
      // `return np.random.randn(n_in, n_out) * 0.01` in `def init_weights(...)`.
      const fn = env.functionAt(parent);
      if (!fn || !/init|weight/i.test(fn.name) || /bias/i.test(fn.name)) return null;
      return { kind: 'returned', target: `${fn.name}()`, name: 'weight', statement: parent };
    }
    default:
      return null;
  }
}

function assigned(env: ArraysEnv, statement: SyntaxNode, value: SyntaxNode): Role | null {
  const kids = childrenOf(statement).filter((k) => k.name !== 'TypeDef');
  const ops = kids.map((k, i) => (k.name === 'AssignOp' ? i : -1)).filter((i) => i >= 0);
  if (ops.length === 0) return null;
  const lastOp = ops[ops.length - 1];
  const values = kids.slice(lastOp + 1).filter((k) => k.name !== ',');
  const index = values.findIndex((v) => v.from === value.from && v.to === value.to);
  if (index < 0) return null; // the draw is on the left: not an initialization
  const targets = kids.slice(0, ops[0]).filter((k) => k.name !== ',');
  let target: SyntaxNode | undefined;
  if (values.length === 1 && targets.length === 1) target = targets[0];
  else if (values.length === targets.length) target = targets[index];
  if (!target) return null;
  return { kind: 'assigned', target: readable(env.text(target)), targetNode: target, name: nameOfTarget(env, target), statement };
}

function entry(env: ArraysEnv, dict: SyntaxNode, value: SyntaxNode): Role | null {
  const kids = childrenOf(dict);
  const at = kids.findIndex((k) => k.from === value.from && k.to === value.to);
  if (at < 2 || kids[at - 1].name !== ':') return null;
  const key = keyText(env, kids[at - 2]);
  if (key === null) return null;
  const statement = statementOf(dict);
  const owner = dict.parent?.name === 'AssignStatement' ? childrenOf(dict.parent)[0] : undefined;
  const ownerText = owner && owner.from < dict.from ? compact(env.text(owner)) : '';
  return { kind: 'entry', target: `${ownerText}['${key}']`, name: key, statement };
}

function argument(env: ArraysEnv, list: SyntaxNode, value: SyntaxNode): Role | null {
  const call = list.parent;
  if (!call || call.name !== 'CallExpression') return null;
  const statement = statementOf(call);
  // keyword argument: `Layer(W=np.random.randn(...))`
  const kids = childrenOf(list);
  const at = kids.findIndex((k) => k.from === value.from && k.to === value.to);
  if (at >= 2 && kids[at - 1].name === 'AssignOp' && kids[at - 2].name === 'VariableName') {
    // Only into a layer's constructor or an init function; `np.average(a, weights=...)` is not one.
    const callee = env.qualified(call.firstChild)?.split('.').pop() ?? '';
    if (!/^[A-Z]/.test(callee) && !/init|layer/i.test(callee)) return null;
    const keyword = env.text(kids[at - 2]);
    return { kind: 'keyword', target: keyword, name: keyword, statement };
  }
  const args = callArgs(env.file, call);
  const position = args.positional.findIndex((a) => a.from === value.from && a.to === value.to);
  if (position < 0) return null;
  const callee = call.firstChild;
  const name = env.qualified(callee);
  if (name !== null && (MATMUL_FUNCTIONS.includes(name) || name === 'torch.nn.functional.linear')) {
    return position <= 1 ? { kind: 'inline', name: null, statement, inline: { product: call, operand: position as 0 | 1 } } : null;
  }
  if (callee?.name !== 'MemberExpression') return null;
  const calleeKids = childrenOf(callee);
  const receiver = calleeKids[0];
  const method = calleeKids[calleeKids.length - 1];
  if (!receiver || method?.name !== 'PropertyName') return null;
  const methodName = env.text(method);
  if (MATMUL_METHODS.includes(methodName) && position === 0) {
    return { kind: 'inline', name: null, statement, inline: { product: call, operand: 1 } };
  }
  if (methodName === 'append' && position === 0) {
    return { kind: 'appended', target: readable(env.text(receiver)), targetNode: receiver, name: nameOfTarget(env, receiver), statement };
  }
  if (COPY_METHODS.includes(methodName) && position === 0) {
    const owner = stripData(env, receiver);
    return { kind: 'copied', target: readable(env.text(owner)), targetNode: owner, name: nameOfTarget(env, owner), statement };
  }
  return null;
}

/**
 * `params.append(W)`, `params.append((W, b))` right after `W = ...` in the same block: the list
 * that collects one weight per iteration.
 */
export function collectionOf(env: ArraysEnv, statement: SyntaxNode, target: string): { list: SyntaxNode; append: SyntaxNode } | null {
  for (let next = statement.nextSibling; next; next = next.nextSibling) {
    const call = next.name === 'ExpressionStatement' ? next.firstChild : null;
    if (call?.name === 'CallExpression' && call.firstChild?.name === 'MemberExpression') {
      const calleeKids = childrenOf(call.firstChild);
      const method = calleeKids[calleeKids.length - 1];
      const arg = callArgs(env.file, call).positional[0];
      if (method && calleeKids[0] && arg && env.text(method) === 'append' && holds(env, arg, target)) return { list: calleeKids[0], append: call };
    }
    // Stop where the weight is rebound.
    if (next.name === 'AssignStatement' && next.firstChild && compact(env.text(next.firstChild)) === target) return null;
  }
  return null;
}

function holds(env: ArraysEnv, arg: SyntaxNode, target: string): boolean {
  if (compact(env.text(arg)) === target) return true;
  if (!['TupleExpression', 'ArrayExpression', 'DictionaryExpression', 'ParenthesizedExpression'].includes(arg.name)) return false;
  return childrenOf(arg).some((k) => compact(env.text(k)) === target);
}

/** `w.data` → `w`: `.data` is the same tensor. */
function stripData(env: ArraysEnv, node: SyntaxNode): SyntaxNode {
  const kids = childrenOf(node);
  const last = kids[kids.length - 1];
  return node.name === 'MemberExpression' && last?.name === 'PropertyName' && env.text(last) === 'data' && kids[0] ? kids[0] : node;
}

/** The target as written, on one line. */
function readable(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.name !== 'Script' && current.parent.name !== 'Body') current = current.parent;
  return current;
}

export { MATMUL_FUNCTIONS, MATMUL_METHODS };
