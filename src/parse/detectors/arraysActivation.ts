// The nonlinearity applied to a product's result: framework functions (np.tanh, F.relu,
// jax.nn.relu), formulas (np.maximum(0, h), 1/(1+np.exp(-h)), np.where(h > 0, h, 0.01*h),
// .clip(0.0)), user functions matched by name or by body (def relu(x): ...), and dict dispatch
// (act[nonlinearities[i]](H)). A loop that applies nothing but products is linear.

import { parseActivation } from '../../core/activations';
import type { ActivationSpec } from '../../core/types';
import { argument, callArgs, childrenOf, stringValue, walk, type SyntaxNode } from '../syntax';
import type { ArraysEnv } from './arraysEnv';

export interface FoundActivation {
  spec: ActivationSpec;
  /** e.g. "np.tanh at line 14" */
  source: string;
}

const BY_QUALIFIED_NAME: Readonly<Record<string, string>> = {
  'numpy.tanh': 'tanh', 'torch.tanh': 'tanh', 'jax.numpy.tanh': 'tanh', 'math.tanh': 'tanh', 'torch.nn.functional.tanh': 'tanh',
  'tensorflow.tanh': 'tanh', 'tensorflow.math.tanh': 'tanh', 'tensorflow.nn.tanh': 'tanh', 'jax.nn.tanh': 'tanh', 'torch.nn.Tanh': 'tanh',
  'torch.relu': 'relu', 'torch.nn.functional.relu': 'relu', 'jax.nn.relu': 'relu', 'tensorflow.nn.relu': 'relu', 'keras.activations.relu': 'relu', 'torch.nn.ReLU': 'relu',
  'torch.sigmoid': 'sigmoid', 'torch.nn.functional.sigmoid': 'sigmoid', 'jax.nn.sigmoid': 'sigmoid', 'tensorflow.sigmoid': 'sigmoid', 'tensorflow.nn.sigmoid': 'sigmoid',
  'tensorflow.math.sigmoid': 'sigmoid', 'scipy.special.expit': 'sigmoid', 'keras.activations.sigmoid': 'sigmoid', 'torch.nn.Sigmoid': 'sigmoid',
  'torch.nn.functional.gelu': 'gelu', 'tensorflow.nn.gelu': 'gelu', 'torch.nn.GELU': 'gelu', 'jax.nn.gelu': 'gelu_tanh',
  'torch.nn.functional.silu': 'silu', 'jax.nn.silu': 'silu', 'jax.nn.swish': 'silu', 'tensorflow.nn.silu': 'silu', 'tensorflow.nn.swish': 'silu', 'torch.nn.SiLU': 'silu',
  'torch.nn.functional.elu': 'elu', 'jax.nn.elu': 'elu', 'tensorflow.nn.elu': 'elu', 'torch.nn.ELU': 'elu',
  'torch.nn.functional.selu': 'selu', 'torch.selu': 'selu', 'jax.nn.selu': 'selu', 'tensorflow.nn.selu': 'selu', 'torch.nn.SELU': 'selu',
  'torch.nn.functional.softplus': 'softplus', 'jax.nn.softplus': 'softplus', 'tensorflow.nn.softplus': 'softplus', 'torch.nn.Softplus': 'softplus',
  'torch.nn.functional.mish': 'mish', 'torch.nn.Mish': 'mish',
  'torch.nn.functional.leaky_relu': 'leaky_relu', 'jax.nn.leaky_relu': 'leaky_relu', 'tensorflow.nn.leaky_relu': 'leaky_relu', 'torch.nn.LeakyReLU': 'leaky_relu',
  'torch.nn.Identity': 'linear',
};

/** User function names, lower-cased without underscores. */
const BY_USER_NAME: Readonly<Record<string, string>> = {
  relu: 'relu', rectifier: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', logistic: 'sigmoid', sigm: 'sigmoid', expit: 'sigmoid',
  leakyrelu: 'leaky_relu', lrelu: 'leaky_relu', elu: 'elu', selu: 'selu', gelu: 'gelu', silu: 'silu', swish: 'silu',
  softplus: 'softplus', mish: 'mish', identity: 'linear', linear: 'linear',
};

const EXP_FUNCTIONS = ['numpy.exp', 'math.exp', 'torch.exp', 'jax.numpy.exp', 'tensorflow.exp', 'tensorflow.math.exp'];
const MAXIMUM_FUNCTIONS = ['numpy.maximum', 'torch.maximum', 'jax.numpy.maximum', 'tensorflow.maximum', 'max'];
const CLIP_FUNCTIONS = ['numpy.clip', 'torch.clamp', 'torch.clip', 'jax.numpy.clip'];
const WHERE_FUNCTIONS = ['numpy.where', 'torch.where', 'jax.numpy.where'];
/** Calls that never change the values flowing through a layer loop. */
const INERT_CALLS = new Set([
  'print', 'append', 'len', 'range', 'format', 'str', 'int', 'float', 'mean', 'std', 'var', 'item', 'copy', 'flatten', 'ravel',
  'numpy', 'detach', 'cpu', 'tolist', 'norm', 'reshape', 'view', 'squeeze', 'unsqueeze', 'zeros', 'zeros_like', 'ones',
  'enumerate', 'zip', 'isnan', 'isinf', 'seed', 'manual_seed', 'hist', 'plot', 'title', 'subplot', 'figure', 'show', 'extend', 'add',
]);

/** The activation a node applies, if it is one. */
export function recognizeActivation(env: ArraysEnv, node: SyntaxNode, depth = 0): FoundActivation | null {
  if (depth > 4) return null;
  if (node.name === 'CallExpression') return activationCall(env, node, depth);
  if (node.name === 'BinaryExpression') return activationFormula(env, node);
  return null;
}

/** What a function reference means: `np.tanh`, `relu` (a user function), `lambda x: ...`, `nn.ReLU()`. */
export function activationOfReference(env: ArraysEnv, node: SyntaxNode, at: SyntaxNode, depth = 0): FoundActivation | null {
  if (depth > 4) return null;
  const source = `${env.text(node)} at line ${env.line(at.from)}`;
  if (node.name === 'LambdaExpression') {
    const body = childrenOf(node).pop();
    const found = body ? recognizeActivation(env, body, depth + 1) : null;
    return found ? { spec: found.spec, source } : null;
  }
  if (node.name === 'CallExpression') {
    // nn.ReLU() / nn.LeakyReLU(0.2): a module instance
    const name = env.qualified(node.firstChild);
    const known = name !== null ? BY_QUALIFIED_NAME[name] : undefined;
    if (!known) return null;
    return { spec: withParameter(env, known, node, 0, 'negative_slope'), source };
  }
  const name = env.qualified(node);
  if (name === null) return null;
  const known = BY_QUALIFIED_NAME[name];
  if (known) return { spec: spec(known), source };
  if (node.name !== 'VariableName' && !name.startsWith('self.')) return null;
  // A user function: by its name, else by what it returns.
  const byName = BY_USER_NAME[env.text(node).split('.').pop()?.toLowerCase().replace(/_/g, '') ?? ''];
  if (byName) return { spec: spec(byName), source };
  const fn = env.functions.find((f) => f.name === env.text(node) && f.className === null);
  if (fn) {
    const body = fn.node.getChild('Body');
    let result: FoundActivation | null = null;
    if (body) {
      walk(body, (n) => {
        if (result) return false;
        if (n.name === 'ReturnStatement') {
          const value = childrenOf(n)[1];
          const found = value ? returnedActivation(env, value, depth + 1) : null;
          if (found) result = { spec: found.spec, source: `${source} (${found.source})` };
          return false;
        }
        return undefined;
      });
    }
    return result;
  }
  // `nonlin = np.tanh`, `self.act = nn.ReLU()`
  const bound = env.latestAssignment(env.text(node).replace(/\s+/g, ''), at.from, at);
  const aliased = bound && bound.value.from !== node.from ? activationOfReference(env, bound.value, at, depth + 1) : null;
  return aliased ? { spec: aliased.spec, source: `${source} (${env.text(bound?.value ?? node)})` } : null;
}

/** `return np.maximum(x, 0)`, or `a = x.clip(0.0); return a`. */
function returnedActivation(env: ArraysEnv, value: SyntaxNode, depth: number): FoundActivation | null {
  const direct = recognizeActivation(env, value, depth);
  if (direct || value.name !== 'VariableName') return direct;
  const bound = env.latestAssignment(env.text(value), value.from, value);
  return bound ? recognizeActivation(env, bound.value, depth) : null;
}

function activationCall(env: ArraysEnv, call: SyntaxNode, depth: number): FoundActivation | null {
  const callee = call.firstChild;
  if (!callee) return null;
  const source = `${env.text(callee)} at line ${env.line(call.from)}`;
  const args = callArgs(env.file, call);
  const name = env.qualified(callee);
  if (name !== null) {
    const known = BY_QUALIFIED_NAME[name];
    if (known) return { spec: withParameter(env, known, call, 1, known === 'elu' ? 'alpha' : 'negative_slope'), source };
    if (MAXIMUM_FUNCTIONS.includes(name) && args.positional.length === 2) return maximum(env, args.positional, source);
    if (CLIP_FUNCTIONS.includes(name)) {
      const low = argument(args, 1, name.startsWith('torch') ? 'min' : 'a_min');
      const high = argument(args, 2, name.startsWith('torch') ? 'max' : 'a_max');
      return env.number(low) === 0 && (!high || env.text(high) === 'None') ? { spec: { name: 'relu' }, source } : null;
    }
    if (WHERE_FUNCTIONS.includes(name) && args.positional.length === 3) return where(env, args.positional, source);
  }
  if (callee.name === 'MemberExpression') {
    const kids = childrenOf(callee);
    const last = kids[kids.length - 1];
    // act[nonlinearities[i]](H): dispatch through a dict of functions
    if (kids[1]?.name === '[' && kids[0] && kids[2]) return dispatched(env, kids[0], kids[2], call, depth);
    if (last?.name === 'PropertyName') {
      const method = env.text(last);
      if (['relu', 'relu_'].includes(method)) return { spec: { name: 'relu' }, source };
      if (['tanh', 'tanh_'].includes(method)) return { spec: { name: 'tanh' }, source };
      if (['sigmoid', 'sigmoid_'].includes(method)) return { spec: { name: 'sigmoid' }, source };
      if (['clip', 'clamp', 'clamp_', 'clamp_min', 'clip_'].includes(method)) {
        const low = argument(args, 0, 'min');
        const high = argument(args, 1, 'max');
        if (env.number(low) === 0 && (!high || env.text(high) === 'None')) return { spec: { name: 'relu' }, source };
        return null;
      }
    }
  }
  // A user function, an alias, `nn.ReLU()(h)`, `self.act(h)`.
  return activationOfReference(env, callee, call, depth + 1);
}

function dispatched(env: ArraysEnv, table: SyntaxNode, key: SyntaxNode, call: SyntaxNode, depth: number): FoundActivation | null {
  const keyValue = env.evaluate(key);
  if (typeof keyValue !== 'string') return null;
  const bound = env.latestAssignment(env.text(table).replace(/\s+/g, ''), call.from, call);
  if (!bound || bound.value.name !== 'DictionaryExpression') return null;
  const kids = childrenOf(bound.value);
  for (let i = 0; i + 2 < kids.length; i++) {
    if (kids[i + 1].name === ':' && stringValue(env.file, kids[i]) === keyValue) {
      const found = activationOfReference(env, kids[i + 2], call, depth + 1);
      return found ? { spec: found.spec, source: `${env.text(call.firstChild ?? call)} = '${keyValue}' at line ${env.line(call.from)}` } : null;
    }
  }
  return null;
}

/** np.maximum(0, h) is relu; np.maximum(0.01 * h, h) is leaky relu. */
function maximum(env: ArraysEnv, [a, b]: SyntaxNode[], source: string): FoundActivation | null {
  if (env.number(a) === 0 || env.number(b) === 0) return { spec: { name: 'relu' }, source };
  const slope = scaledCopy(env, a, b) ?? scaledCopy(env, b, a);
  return slope !== null && slope > 0 && slope < 1 ? { spec: { name: 'leaky_relu', param: slope }, source } : null;
}

/** np.where(h > 0, h, 0.01 * h) is leaky relu; np.where(h > 0, h, 0) is relu. */
function where(env: ArraysEnv, [condition, then, otherwise]: SyntaxNode[], source: string): FoundActivation | null {
  const [left, op, right] = childrenOf(condition);
  if (!left || !op || !right || !['>', '>='].includes(env.text(op)) || env.number(right) !== 0) return null;
  if (env.text(unparenthesize(then)) !== env.text(unparenthesize(left))) return null;
  if (env.number(otherwise) === 0) return { spec: { name: 'relu' }, source };
  const slope = scaledCopy(env, otherwise, then);
  return slope !== null ? { spec: { name: 'leaky_relu', param: slope }, source } : null;
}

/** `c * x` or `x * c` where x is `of`: returns c. */
function scaledCopy(env: ArraysEnv, node: SyntaxNode, of: SyntaxNode): number | null {
  const product = unparenthesize(node);
  if (product.name !== 'BinaryExpression') return null;
  const [left, op, right] = childrenOf(product);
  if (!left || !op || !right || env.text(op) !== '*') return null;
  const target = env.text(unparenthesize(of));
  if (env.text(unparenthesize(right)) === target) return env.number(left);
  if (env.text(unparenthesize(left)) === target) return env.number(right);
  return null;
}

/** `1/(1+np.exp(-h))` is a sigmoid; `h * (h > 0)` is a relu. */
function activationFormula(env: ArraysEnv, node: SyntaxNode): FoundActivation | null {
  const [left, op, right] = childrenOf(node);
  if (!left || !op || !right) return null;
  const source = `${env.text(node)} at line ${env.line(node.from)}`;
  if (env.text(op) === '/' && env.number(left) === 1) {
    const denominator = unparenthesize(right);
    const [a, plus, b] = childrenOf(denominator);
    if (denominator.name === 'BinaryExpression' && a && plus && b && env.text(plus) === '+') {
      const exp = env.number(a) === 1 ? b : env.number(b) === 1 ? a : null;
      if (exp?.name === 'CallExpression') {
        const name = env.qualified(exp.firstChild);
        const arg = callArgs(env.file, exp).positional[0];
        if (name !== null && EXP_FUNCTIONS.includes(name) && arg?.name === 'UnaryExpression') return { spec: { name: 'sigmoid' }, source };
      }
    }
  }
  if (env.text(op) === '*') {
    const mask = unparenthesize(right);
    const [x, compare, zero] = childrenOf(mask);
    if (mask.name === 'BinaryExpression' && x && compare && zero && env.text(compare) === '>' && env.number(zero) === 0 && env.text(x) === env.text(left)) {
      return { spec: { name: 'relu' }, source };
    }
  }
  return null;
}

function unparenthesize(node: SyntaxNode): SyntaxNode {
  if (node.name !== 'ParenthesizedExpression') return node;
  return childrenOf(node).find((k) => k.name !== '(' && k.name !== ')') ?? node;
}

function spec(name: string): ActivationSpec {
  return parseActivation(name);
}

/** leaky_relu's slope / elu's alpha from the call, defaults as each framework sets them. */
function withParameter(env: ArraysEnv, name: string, call: SyntaxNode, index: number, keyword: string): ActivationSpec {
  if (name === 'gelu' && env.qualified(call.firstChild) === 'torch.nn.functional.gelu') {
    const approximate = callArgs(env.file, call).keywords.get('approximate');
    return { name: approximate && stringValue(env.file, approximate) === 'tanh' ? 'gelu_tanh' : 'gelu' };
  }
  if (name !== 'leaky_relu' && name !== 'elu') return spec(name);
  const args = callArgs(env.file, call);
  const isModule = /^torch\.nn\.[A-Z]/.test(env.qualified(call.firstChild) ?? '');
  const param = env.number(argument(args, isModule ? 0 : index, keyword));
  const qualified = env.qualified(call.firstChild) ?? '';
  const fallback = name === 'elu' ? 1 : qualified.startsWith('tensorflow') ? 0.2 : 0.01;
  return { name, param: param ?? fallback };
}

/**
 * Whether a loop body only multiplies: every call in it is a product, a draw, or inert
 * bookkeeping (print, append, statistics). Then its layers are linear.
 */
export function onlyLinear(env: ArraysEnv, body: SyntaxNode, isProductOrDraw: (call: SyntaxNode) => boolean): boolean {
  let linear = true;
  walk(body, (node) => {
    if (!linear) return false;
    if (node.name === 'LambdaExpression' || node.name === 'FunctionDefinition') return false;
    if (node.name === 'BinaryExpression' && activationFormula(env, node)) linear = false;
    if (node.name !== 'CallExpression') return undefined;
    if (isProductOrDraw(node)) return false;
    const callee = node.firstChild;
    const last = callee?.name === 'MemberExpression' ? callee.lastChild : callee;
    const name = last ? env.text(last) : '';
    const qualified = env.qualified(callee ?? null) ?? '';
    if (INERT_CALLS.has(name) || qualified.startsWith('matplotlib')) return undefined;
    linear = false;
    return false;
  });
  return linear;
}
