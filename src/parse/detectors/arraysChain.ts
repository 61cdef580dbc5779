// From a draw up to the expression that holds the weight: the scale factors (`* s`, `/ √n`,
// `.mul_(s)`), shifts (`2 * rand(...) - 1`), transposes and transparent wrappers (`.astype`,
// `torch.tensor`, `nn.Parameter`, micrograd's `Value`), and the comprehensions that build a
// tensor from scalar draws. A draw that is compared (a dropout mask) or added to something
// that is not a constant (noise on data) is rejected here.

import { callArgs, childrenOf, walk, type SyntaxNode } from '../syntax';
import type { Draw } from './arraysDraw';
import type { ArraysEnv } from './arraysEnv';

export interface Factor {
  /** The expression multiplied in, or a literal (−1 for a unary minus). */
  node: SyntaxNode | null;
  literal?: number;
  divide: boolean;
}

export interface Shift {
  node: SyntaxNode;
  negate: boolean;
}

export interface Comprehension {
  node: SyntaxNode;
  /** 'dimension': builds a tensor axis from scalar draws; 'layers': a list with one weight per iteration. */
  kind: 'dimension' | 'layers';
}

export interface Chain {
  /** The outermost expression that still is the weight value. */
  top: SyntaxNode;
  factors: Factor[];
  shifts: Shift[];
  transposed: boolean;
  /** Wrapped in nn.Parameter / tf.Variable: the tensor becomes a trainable parameter. */
  parameter: boolean;
  /** Innermost first. */
  comprehensions: Comprehension[];
}

const TRANSPARENT_METHODS = ['astype', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'requires_grad_', 'detach', 'clone', 'contiguous', 'numpy', 'copy', 'type'];
const TRANSPARENT_CALLS = [
  'numpy.array',
  'numpy.asarray',
  'numpy.float32',
  'numpy.float64',
  'numpy.matrix',
  'torch.tensor',
  'torch.as_tensor',
  'torch.from_numpy',
  'torch.FloatTensor',
  'torch.Tensor',
  'torch.autograd.Variable',
  'Variable',
  'jax.numpy.array',
  'jax.numpy.asarray',
  'tensorflow.constant',
  'tensorflow.convert_to_tensor',
];
const PARAMETER_CALLS = ['torch.nn.Parameter', 'torch.nn.parameter.Parameter', 'Parameter', 'tensorflow.Variable'];
const COMPREHENSIONS = ['ArrayComprehensionExpression', 'ComprehensionExpression'];

export function followChain(env: ArraysEnv, draw: Draw): Chain | null {
  const chain: Chain = { top: draw.node, factors: [], shifts: [], transposed: false, parameter: false, comprehensions: [] };
  let cur = draw.node;
  for (let guard = 0; guard < 64; guard++) {
    const parent = cur.parent;
    if (!parent) break;
    const next = step(env, draw, chain, cur, parent);
    if (next === 'reject') return null;
    if (next === null) break;
    cur = next;
  }
  chain.top = cur;
  return chain;
}

function step(env: ArraysEnv, draw: Draw, chain: Chain, cur: SyntaxNode, parent: SyntaxNode): SyntaxNode | null | 'reject' {
  switch (parent.name) {
    case 'ParenthesizedExpression':
      return parent;
    case 'UnaryExpression': {
      const sign = parent.firstChild ? env.text(parent.firstChild) : '';
      if (sign === '-') chain.factors.push({ node: null, literal: -1, divide: false });
      return sign === '-' || sign === '+' ? parent : 'reject';
    }
    case 'ConditionalExpression': {
      // `W = randn(...) if cond else None`: a branch is the value; the test is not.
      const kids = childrenOf(parent);
      const elseAt = kids.findIndex((k) => k.name === 'else');
      const isBranch = kids[0]?.from === cur.from || (elseAt >= 0 && kids[elseAt + 1]?.from === cur.from);
      return isBranch ? parent : null;
    }
    case 'BinaryExpression':
      return arithmetic(env, chain, cur, parent);
    case 'MemberExpression':
      return member(env, chain, cur, parent);
    case 'ArgList': {
      const call = parent.parent;
      if (!call || call.name !== 'CallExpression') return null;
      const args = callArgs(env.file, call);
      if (args.positional.length !== 1 || args.positional[0].from !== cur.from) return null;
      const name = env.qualified(call.firstChild);
      if (name === null) return null;
      if (PARAMETER_CALLS.includes(name) || name.endsWith('.Parameter')) {
        chain.parameter = true;
        return call;
      }
      if (TRANSPARENT_CALLS.includes(name)) return call;
      // micrograd's `Value(random.uniform(-1, 1))`: a user class wrapping one scalar.
      if (draw.shape.kind === 'scalar' && call.firstChild?.name === 'VariableName' && /^[A-Z]/.test(name) && !name.includes('.')) return call;
      return null;
    }
    default:
      if (COMPREHENSIONS.includes(parent.name) && isElement(parent, cur)) {
        chain.comprehensions.push({ node: parent, kind: draw.shape.kind === 'scalar' && !hasLayerComprehension(chain) ? 'dimension' : 'layers' });
        return parent;
      }
      return null;
  }
}

function hasLayerComprehension(chain: Chain): boolean {
  return chain.comprehensions.some((c) => c.kind === 'layers');
}

function isElement(comprehension: SyntaxNode, node: SyntaxNode): boolean {
  const element = childrenOf(comprehension).find((k) => k.name !== '[' && k.name !== '(');
  return element !== undefined && element.from === node.from && element.to === node.to;
}

function arithmetic(env: ArraysEnv, chain: Chain, cur: SyntaxNode, parent: SyntaxNode): SyntaxNode | null | 'reject' {
  const [left, op, right] = childrenOf(parent);
  if (!left || !op || !right) return null;
  // A draw compared with something is a mask (dropout), never a weight.
  if (op.name !== 'ArithOp') return 'reject';
  const operator = env.text(op);
  const isLeft = left.from === cur.from;
  const other = isLeft ? right : left;
  switch (operator) {
    case '*':
      chain.factors.push({ node: other, divide: false });
      return parent;
    case '/':
      if (!isLeft) return 'reject';
      chain.factors.push({ node: other, divide: true });
      return parent;
    case '+':
    case '-': {
      if (!isConstantShift(env, chain, other)) return 'reject';
      if (!isLeft && operator === '-') chain.factors.push({ node: null, literal: -1, divide: false });
      chain.shifts.push({ node: other, negate: isLeft && operator === '-' });
      return parent;
    }
    case '@':
      // An operand of a matrix product: the role decides which side is the weight.
      return null;
    default:
      return 'reject';
  }
}

/**
 * `rand(...) * 2 * eps - eps` shifts the distribution; `x + randn(...)` adds noise to data. A
 * shift counts when it is a constant, or made of the same names as the scale factors.
 */
function isConstantShift(env: ArraysEnv, chain: Chain, other: SyntaxNode): boolean {
  if (env.number(other) !== null) return true;
  const names = (n: SyntaxNode) => {
    const out = new Set<string>();
    walk(n, (k) => {
      if (k.name === 'VariableName') out.add(env.text(k));
    });
    return out;
  };
  const shiftNames = names(other);
  if (shiftNames.size === 0) return false;
  const factorNames = new Set<string>();
  for (const f of chain.factors) if (f.node) for (const n of names(f.node)) factorNames.add(n);
  return [...shiftNames].every((n) => factorNames.has(n));
}

function member(env: ArraysEnv, chain: Chain, cur: SyntaxNode, parent: SyntaxNode): SyntaxNode | null | 'reject' {
  const kids = childrenOf(parent);
  if (kids[0]?.from !== cur.from || kids[1]?.name !== '.') return null;
  const property = kids[2];
  if (property?.name !== 'PropertyName') return null;
  const name = env.text(property);
  if (name === 'T') {
    chain.transposed = !chain.transposed;
    return parent;
  }
  const call = parent.parent;
  if (call?.name !== 'CallExpression' || call.firstChild?.from !== parent.from) return null;
  const args = callArgs(env.file, call);
  switch (name) {
    case 'mul':
    case 'mul_':
    case 'div':
    case 'div_': {
      const [operand] = args.positional;
      if (!operand) return null;
      chain.factors.push({ node: operand, divide: name.startsWith('div') });
      return call;
    }
    case 't':
      chain.transposed = !chain.transposed;
      return call;
    case 'transpose':
      if (args.positional.length === 0 || args.positional.length === 2) chain.transposed = !chain.transposed;
      return call;
    default:
      return TRANSPARENT_METHODS.includes(name) ? call : null;
  }
}

/**
 * `W = randn(...)` followed by `W *= s` or `W = W / np.sqrt(n)` in the same block: the factors
 * applied before anything else rebinds or reads the weight.
 */
export function followUpFactors(env: ArraysEnv, statement: SyntaxNode, targetText: string): Factor[] {
  const target = compact(targetText);
  const factors: Factor[] = [];
  for (let next = statement.nextSibling; next; next = next.nextSibling) {
    if (next.name === 'Comment') continue;
    const kids = childrenOf(next);
    const targetText = kids[0] ? compact(env.text(kids[0])) : '';
    if (targetText !== target) break;
    if (next.name === 'UpdateStatement') {
      const op = kids[1] ? env.text(kids[1]) : '';
      if ((op === '*=' || op === '/=') && kids[2]) {
        factors.push({ node: kids[2], divide: op === '/=' });
        continue;
      }
      break;
    }
    if (next.name === 'AssignStatement' && kids[1]?.name === 'AssignOp' && kids[2]?.name === 'BinaryExpression' && kids.length === 3) {
      const [left, op, right] = childrenOf(kids[2]);
      const operator = op ? env.text(op) : '';
      if (left && right && compact(env.text(left)) === target && (operator === '*' || operator === '/')) {
        factors.push({ node: right, divide: operator === '/' });
        continue;
      }
      if (left && right && compact(env.text(right)) === target && operator === '*') {
        factors.push({ node: left, divide: false });
        continue;
      }
    }
    break;
  }
  return factors;
}

export function compact(text: string): string {
  return text.replace(/\s+/g, '').replace(/"/g, "'");
}
