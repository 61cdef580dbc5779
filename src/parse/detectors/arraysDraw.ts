// Which calls draw an array (or fill one with a constant), from which distribution, with which
// shape: numpy's module functions and Generators, torch constructors and in-place fills, JAX
// random, Python's stdlib `random`, scipy's truncnorm, and lecture-note pseudo-code `randn`.

import { argument, callArgs, childrenOf, type CallArgs, type SyntaxNode } from '../syntax';
import type { Framework } from '../types';
import type { ArraysEnv } from './arraysEnv';

export type DrawFamily = 'normal' | 'uniform' | 'truncated_normal' | 'constant';

/** A distribution parameter: a literal default, or the expression the user wrote. */
export type Term = number | SyntaxNode;

export interface DrawTerms {
  /** normal / truncated_normal location, constant fill value */
  mean?: Term;
  std?: Term;
  /** uniform bounds; truncated_normal bounds in standard deviations around the mean */
  low?: Term;
  high?: Term;
  value?: Term;
}

export type ShapeSource =
  | { kind: 'dims'; dims: SyntaxNode[] }
  /** One argument holding the whole shape: `size=(a, b)`, `(a, b)`, `shape`. */
  | { kind: 'size'; node: SyntaxNode }
  | { kind: 'scalar' }
  | { kind: 'unknown' };

export interface Draw {
  /** The call (or the bare pseudo-code name) that produces the array. */
  node: SyntaxNode;
  framework: Framework;
  family: DrawFamily;
  terms: DrawTerms;
  shape: ShapeSource;
  /** zeros / ones / full: not random, so only a site when it is plainly a weight. */
  deterministic: boolean;
  /** Canonical name of the function, for messages. */
  callee: string;
}

const NUMPY_GENERATORS = ['numpy.random.default_rng', 'numpy.random.RandomState', 'numpy.random.Generator', 'numpy.random.mtrand.RandomState'];
const TORCH_CONSTRUCTORS = ['torch.empty', 'torch.zeros', 'torch.ones', 'torch.Tensor', 'torch.FloatTensor', 'torch.DoubleTensor', 'torch.randn', 'torch.rand', 'torch.cuda.FloatTensor'];
const PSEUDO_DRAWS: Readonly<Record<string, DrawFamily>> = { randn: 'normal', rand: 'uniform' };

export function recognizeDraw(env: ArraysEnv, node: SyntaxNode): Draw | null {
  if (node.name === 'VariableName') return pseudoName(env, node);
  if (node.name !== 'CallExpression') return null;
  const callee = node.firstChild;
  if (!callee) return null;
  const args = callArgs(env.file, node);
  const name = env.qualified(callee);
  if (name !== null) {
    const byName = fromQualifiedName(env, node, name, args);
    if (byName) return byName;
  }
  if (callee.name === 'MemberExpression') return fromMethod(env, node, callee, args);
  return null;
}

/** Dims of a draw or constant-filled array, for `X.shape[1]` on a name bound to one. */
export function drawShape(env: ArraysEnv, call: SyntaxNode): (number | null)[] | null {
  const draw = recognizeDraw(env, call);
  return draw ? resolveShape(env, draw.shape) : null;
}

/** The dims as numbers where they resolve; null when the shape itself is unknown. */
export function resolveShape(env: ArraysEnv, shape: ShapeSource): (number | null)[] | null {
  switch (shape.kind) {
    case 'scalar':
      return [];
    case 'unknown':
      return null;
    case 'dims':
      return shape.dims.map((d) => integerOrNull(env.number(d)));
    case 'size':
      return sizeShape(env, shape.node);
  }
}

function sizeShape(env: ArraysEnv, node: SyntaxNode | undefined): (number | null)[] | null {
  if (!node) return null;
  if (node.name === 'TupleExpression' || node.name === 'ArrayExpression') {
    return childrenOf(node)
      .filter((c) => !['(', ')', '[', ']', ','].includes(c.name))
      .map((c) => integerOrNull(env.number(c)));
  }
  const value = env.evaluate(node);
  if (typeof value === 'number') return [integerOrNull(value)];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' ? integerOrNull(v) : null));
  return null;
}

function integerOrNull(v: number | null): number | null {
  return v !== null && Number.isInteger(v) && v >= 0 ? v : null;
}

function fromQualifiedName(env: ArraysEnv, node: SyntaxNode, name: string, args: CallArgs): Draw | null {
  const draw = (framework: Framework, family: DrawFamily, terms: DrawTerms, shape: ShapeSource, deterministic = false): Draw => ({
    node,
    framework,
    family,
    terms,
    shape,
    deterministic,
    callee: name,
  });
  const size = (index: number, keyword: string): ShapeSource => {
    const n = argument(args, index, keyword);
    if (n) return { kind: 'size', node: n };
    return args.hasSplat ? { kind: 'unknown' } : { kind: 'scalar' };
  };
  switch (name) {
    // numpy module functions
    case 'numpy.random.randn':
      return draw('numpy', 'normal', { mean: 0, std: 1 }, dims(args));
    case 'numpy.random.standard_normal':
      return draw('numpy', 'normal', { mean: 0, std: 1 }, size(0, 'size'));
    case 'numpy.random.normal':
      return draw('numpy', 'normal', { mean: argument(args, 0, 'loc') ?? 0, std: argument(args, 1, 'scale') ?? 1 }, size(2, 'size'));
    case 'numpy.random.uniform':
      return draw('numpy', 'uniform', { low: argument(args, 0, 'low') ?? 0, high: argument(args, 1, 'high') ?? 1 }, size(2, 'size'));
    case 'numpy.random.rand':
      return draw('numpy', 'uniform', { low: 0, high: 1 }, dims(args));
    case 'numpy.random.random':
    case 'numpy.random.random_sample':
    case 'numpy.random.sample':
    case 'numpy.random.ranf':
      return draw('numpy', 'uniform', { low: 0, high: 1 }, size(0, 'size'));
    case 'scipy.stats.truncnorm.rvs': {
      const low = argument(args, 0, 'a');
      const high = argument(args, 1, 'b');
      if (!low || !high) return null;
      return draw('numpy', 'truncated_normal', { low, high, mean: argument(args, 2, 'loc') ?? 0, std: argument(args, 3, 'scale') ?? 1 }, size(4, 'size'));
    }
    case 'numpy.zeros':
    case 'jax.numpy.zeros':
      return draw(name.startsWith('jax') ? 'jax' : 'numpy', 'constant', { value: 0 }, size(0, 'shape'), true);
    case 'numpy.ones':
    case 'jax.numpy.ones':
      return draw(name.startsWith('jax') ? 'jax' : 'numpy', 'constant', { value: 1 }, size(0, 'shape'), true);
    case 'numpy.full':
    case 'jax.numpy.full': {
      const value = argument(args, 1, 'fill_value');
      return value ? draw(name.startsWith('jax') ? 'jax' : 'numpy', 'constant', { value }, size(0, 'shape'), true) : null;
    }
    // torch
    case 'torch.randn':
      return draw('torch', 'normal', { mean: 0, std: 1 }, torchSize(args));
    case 'torch.rand':
      return draw('torch', 'uniform', { low: 0, high: 1 }, torchSize(args));
    case 'torch.normal': {
      // Only the float form with an explicit size draws a fresh tensor; tensor means are data.
      const sizeArg = argument(args, 2, 'size');
      const mean = argument(args, 0, 'mean');
      const std = argument(args, 1, 'std');
      if (!sizeArg || !mean || !std) return null;
      return draw('torch', 'normal', { mean, std }, { kind: 'size', node: sizeArg });
    }
    case 'torch.zeros':
      return draw('torch', 'constant', { value: 0 }, torchSize(args), true);
    case 'torch.ones':
      return draw('torch', 'constant', { value: 1 }, torchSize(args), true);
    case 'torch.full': {
      const value = argument(args, 1, 'fill_value');
      const shapeArg = argument(args, 0, 'size');
      return value && shapeArg ? draw('torch', 'constant', { value }, { kind: 'size', node: shapeArg }, true) : null;
    }
    // JAX
    case 'jax.random.normal':
      return draw('jax', 'normal', { mean: 0, std: 1 }, size(1, 'shape'));
    case 'jax.random.uniform':
      return draw('jax', 'uniform', { low: argument(args, 3, 'minval') ?? 0, high: argument(args, 4, 'maxval') ?? 1 }, size(1, 'shape'));
    case 'jax.random.truncated_normal': {
      const low = argument(args, 1, 'lower');
      const high = argument(args, 2, 'upper');
      if (!low || !high) return null;
      return draw('jax', 'truncated_normal', { mean: 0, std: 1, low, high }, size(3, 'shape'));
    }
    // Python's stdlib, one scalar per call (micrograd)
    case 'random.uniform': {
      const low = argument(args, 0, 'a');
      const high = argument(args, 1, 'b');
      return low && high ? draw('python', 'uniform', { low, high }, { kind: 'scalar' }) : null;
    }
    case 'random.gauss':
    case 'random.normalvariate':
      return draw('python', 'normal', { mean: argument(args, 0, 'mu') ?? 0, std: argument(args, 1, 'sigma') ?? 1 }, { kind: 'scalar' });
    case 'random.random':
      return draw('python', 'uniform', { low: 0, high: 1 }, { kind: 'scalar' });
  }
  // `randn(fan_in, fan_out)` in lecture notes: a name nothing in the file defines.
  const callee = node.firstChild;
  if (callee?.name === 'VariableName' && Object.hasOwn(PSEUDO_DRAWS, name) && !env.isBound(name)) {
    const family = PSEUDO_DRAWS[name];
    return draw('pseudo', family, family === 'normal' ? { mean: 0, std: 1 } : { low: 0, high: 1 }, dims(args));
  }
  return null;
}

/** `rng.normal(...)` on a numpy Generator, `torch.empty(a, b).normal_(0, s)`. */
function fromMethod(env: ArraysEnv, node: SyntaxNode, callee: SyntaxNode, args: CallArgs): Draw | null {
  const kids = childrenOf(callee);
  const receiver = kids[0];
  const property = kids[kids.length - 1];
  if (!receiver || property?.name !== 'PropertyName') return null;
  const method = env.text(property);
  const draw = (framework: Framework, family: DrawFamily, terms: DrawTerms, shape: ShapeSource, deterministic = false): Draw => ({
    node,
    framework,
    family,
    terms,
    shape,
    deterministic,
    callee: method,
  });
  const size = (index: number): ShapeSource => {
    const n = argument(args, index, 'size');
    return n ? { kind: 'size', node: n } : args.hasSplat ? { kind: 'unknown' } : { kind: 'scalar' };
  };
  if (isNumpyGenerator(env, receiver)) {
    switch (method) {
      case 'standard_normal':
        return draw('numpy', 'normal', { mean: 0, std: 1 }, size(0));
      case 'normal':
        return draw('numpy', 'normal', { mean: argument(args, 0, 'loc') ?? 0, std: argument(args, 1, 'scale') ?? 1 }, size(2));
      case 'uniform':
        return draw('numpy', 'uniform', { low: argument(args, 0, 'low') ?? 0, high: argument(args, 1, 'high') ?? 1 }, size(2));
      case 'random':
      case 'random_sample':
        return draw('numpy', 'uniform', { low: 0, high: 1 }, size(0));
      case 'randn':
        return draw('numpy', 'normal', { mean: 0, std: 1 }, dims(args));
      case 'rand':
        return draw('numpy', 'uniform', { low: 0, high: 1 }, dims(args));
      default:
        return null;
    }
  }
  // In-place fills of a freshly constructed torch tensor.
  if (receiver.name !== 'CallExpression') return null;
  const constructor = env.qualified(receiver.firstChild);
  if (constructor === null || !TORCH_CONSTRUCTORS.includes(constructor)) return null;
  const shape = torchSize(callArgs(env.file, receiver));
  switch (method) {
    case 'normal_':
      return draw('torch', 'normal', { mean: argument(args, 0, 'mean') ?? 0, std: argument(args, 1, 'std') ?? 1 }, shape);
    case 'uniform_':
      return draw('torch', 'uniform', { low: args.positional[0] ?? 0, high: args.positional[1] ?? 1 }, shape);
    case 'zero_':
      return draw('torch', 'constant', { value: 0 }, shape, true);
    case 'fill_': {
      const value = argument(args, 0, 'value');
      return value ? draw('torch', 'constant', { value }, shape, true) : null;
    }
    default:
      return null;
  }
}

function isNumpyGenerator(env: ArraysEnv, receiver: SyntaxNode): boolean {
  const constructs = (n: SyntaxNode | null | undefined) => {
    if (n?.name !== 'CallExpression') return false;
    const name = env.qualified(n.firstChild);
    return name !== null && NUMPY_GENERATORS.includes(name);
  };
  if (constructs(receiver)) return true;
  if (receiver.name !== 'VariableName' && receiver.name !== 'MemberExpression') return false;
  const name = env.text(receiver).replace(/\s+/g, '');
  return (env.assignments.get(name) ?? []).some((a) => constructs(a.value));
}

/** `randn(a, b)`: one positional argument per dim. */
function dims(args: CallArgs): ShapeSource {
  if (args.hasSplat) return { kind: 'unknown' };
  return args.positional.length === 0 ? { kind: 'scalar' } : { kind: 'dims', dims: args.positional };
}

/** torch's `randn(a, b)`, `randn((a, b))`, `randn(size=(a, b))`. */
function torchSize(args: CallArgs): ShapeSource {
  const keyword = args.keywords.get('size');
  if (keyword) return { kind: 'size', node: keyword };
  const [first] = args.positional;
  if (args.positional.length === 1 && first && (first.name === 'TupleExpression' || first.name === 'ArrayExpression')) return { kind: 'size', node: first };
  return dims(args);
}

/** Bare `randn` in `W = randn * sqrt(2/fan_in)`: a note's shorthand, shape unknown. */
function pseudoName(env: ArraysEnv, node: SyntaxNode): Draw | null {
  const name = env.text(node);
  if (!Object.hasOwn(PSEUDO_DRAWS, name) || env.isBound(name)) return null;
  const parent = node.parent;
  // Only as an operand of arithmetic: `randn(...)` is handled as a call, `f(randn)` is not a draw.
  if (parent?.name !== 'BinaryExpression') return null;
  const family = PSEUDO_DRAWS[name];
  return {
    node,
    framework: 'pseudo',
    family,
    terms: family === 'normal' ? { mean: 0, std: 1 } : { low: 0, high: 1 },
    shape: { kind: 'unknown' },
    deterministic: false,
    callee: name,
  };
}
