// Reads a site that draws its own numbers (np.random.randn(a, b) * s, rng.normal(0, s, size),
// torch.randn(a, b) / math.sqrt(a), jax.random.normal(key, shape) * s, w.data.normal_(0, s),
// random.gauss(0, s), pseudo-code `randn * s`) into the parts a rewrite replaces: the draw call,
// its scale and bound arguments, its shape, and the one scale factor around it.

import { argument, callArgs, calleeOf, childrenOf, dottedName, textOf, type CallArgs, type SyntaxNode } from '../parse/syntax';
import type { EditContext } from './context';
import type { Family } from './varianceRule';

export type DrawKind = 'randn' | 'standard_normal' | 'normal' | 'uniform' | 'jax_normal' | 'jax_uniform' | 'gauss' | 'py_uniform' | 'normal_' | 'uniform_' | 'bare';

export interface Draw {
  /** The draw call, or the bare pseudo-code name `randn`. */
  node: SyntaxNode;
  kind: DrawKind;
  family: Family;
  /** The dotted callee when it has one ("np.random.randn"). */
  callee: string | null;
  /** Location (mean) and scale (std) arguments of a normal draw; null when absent. */
  mean: SyntaxNode | null;
  scale: SyntaxNode | null;
  /** Bounds of a uniform draw; null when absent (the call's defaults). */
  low: SyntaxNode | null;
  high: SyntaxNode | null;
  /** The weight shape's dimensions, when the call spells them out. */
  dims: SyntaxNode[] | null;
  /** The ArgList, for draws whose arguments are rewritten as a whole (normal_()). */
  argList: SyntaxNode | null;
}

/** Where the site multiplies the draw by a scale, and the text span that scale occupies. */
export interface ScaleFactor {
  /** Span to replace: " * s" / " / s" after the draw, or "s * " before it. */
  from: number;
  to: number;
  side: 'after' | 'before';
  /** The scale expression(s). */
  nodes: SyntaxNode[];
}

export interface ScaledDraw {
  draw: Draw;
  factor: ScaleFactor | null;
  /** The expression a new scale factor is appended to when there is none. */
  product: SyntaxNode;
}

/** Methods that return the same numbers (dtype, device): a draw seen through them is still the draw. */
const PASS_THROUGH = new Set(['astype', 'float', 'double', 'half', 'to', 'cuda', 'cpu', 'requires_grad_', 'contiguous', 'clone', 'detach', 'numpy', 'copy']);
/** Tensor constructors whose positional arguments are the shape. */
const SHAPED_CONSTRUCTORS = new Set(['empty', 'zeros', 'ones', 'randn', 'rand', 'Tensor', 'FloatTensor', 'DoubleTensor', 'empty_like']);

export function readScaledDraw(ctx: EditContext, site: SyntaxNode): ScaledDraw | { reason: string } {
  const core = comprehensionElement(unwrapOuter(ctx, site));
  const direct = drawIn(ctx, core);
  if (direct) return direct.kind === 'unsupported' ? { reason: direct.reason } : { draw: direct, factor: null, product: core };
  if (core.name !== 'BinaryExpression') return { reason: `cannot find the random draw in "${short(textOf(ctx.file, site))}"` };

  // Flatten a left-associative chain a op b op c of * and /.
  const operands: SyntaxNode[] = [];
  const ops: string[] = [];
  let left: SyntaxNode = core;
  while (left.name === 'BinaryExpression') {
    const [l, op, r] = childrenOf(left);
    if (!l || !op || !r) return { reason: 'incomplete expression' };
    const opText = textOf(ctx.file, op);
    if (opText !== '*' && opText !== '/') return { reason: `the draw is combined with "${opText}"; only a scale factor (× or ÷) can be rewritten` };
    operands.unshift(r);
    ops.unshift(opText);
    left = l;
  }
  operands.unshift(left);
  const draws = operands.map((o) => drawIn(ctx, unwrapParens(o)));
  const drawAt = draws.findIndex((d) => d !== null);
  if (drawAt < 0 || draws.filter((d) => d !== null).length > 1) return { reason: `cannot find one random draw in "${short(textOf(ctx.file, site))}"` };
  const found = draws[drawAt];
  if (!found) return { reason: 'no draw' };
  if (found.kind === 'unsupported') return { reason: found.reason };
  if (drawAt === 0) {
    return { draw: found, factor: { from: operands[0].to, to: core.to, side: 'after', nodes: operands.slice(1) }, product: core };
  }
  if (drawAt === operands.length - 1 && ops.every((op) => op === '*')) {
    return { draw: found, factor: { from: core.from, to: operands[drawAt].from, side: 'before', nodes: operands.slice(0, -1) }, product: core };
  }
  return { reason: 'the draw sits in the middle of its scale factors; rewrite it by hand' };
}

/** Strips what does not change the numbers around the whole site: parentheses, nn.Parameter(…). */
function unwrapOuter(ctx: EditContext, node: SyntaxNode): SyntaxNode {
  let current = unwrapParens(node);
  for (;;) {
    if (current.name !== 'CallExpression') return current;
    const callee = dottedName(ctx.file, calleeOf(current));
    const args = callArgs(ctx.file, current);
    if (!callee || !/(^|\.)Parameter$/.test(callee) || args.positional.length !== 1) return current;
    current = unwrapParens(args.positional[0]);
  }
}

/** `[[random.gauss(0, s) for _ in range(n)] for _ in range(m)]`: the element expression drawn per entry. */
function comprehensionElement(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ArrayComprehensionExpression') {
    const element = childrenOf(current)[1];
    if (!element || element.name === 'for') return current;
    current = unwrapParens(element);
  }
  return current;
}

function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenthesizedExpression') {
    const inner = childrenOf(current).find((c) => c.name !== '(' && c.name !== ')');
    if (!inner) return current;
    current = inner;
  }
  return current;
}

type DrawOrUnsupported = Draw | { kind: 'unsupported'; reason: string };

/** The draw `node` is (seen through dtype/device methods), or null when it is not a draw. */
function drawIn(ctx: EditContext, node: SyntaxNode): DrawOrUnsupported | null {
  const file = ctx.file;
  if (node.name === 'VariableName' && ctx.site.framework === 'pseudo') {
    const name = textOf(file, node);
    if (name === 'randn') return draw({ node, kind: 'bare', family: 'normal' });
    return name === 'rand' ? unsupported('`rand` draws from U[0, 1); write the bounds out to rewrite it') : null;
  }
  if (node.name !== 'CallExpression') return null;
  const callee = calleeOf(node);
  if (!callee) return null;
  const method = callee.name === 'MemberExpression' ? childrenOf(callee).pop() : callee;
  const name = method && (method.name === 'PropertyName' || method.name === 'VariableName') ? textOf(file, method) : null;
  if (name === null) return null;
  if (PASS_THROUGH.has(name) && callee.name === 'MemberExpression') {
    const object = childrenOf(callee)[0];
    return object ? drawIn(ctx, unwrapParens(object)) : null;
  }
  const args = callArgs(file, node);
  const argList = node.getChild('ArgList');
  const dotted = dottedName(file, callee);
  const framework = ctx.site.framework;
  const base = { node, callee: dotted, argList };
  switch (name) {
    case 'randn':
      return draw({ ...base, kind: 'randn', family: 'normal', dims: shapeDims(args.positional) });
    case 'standard_normal':
      return draw({ ...base, kind: 'standard_normal', family: 'normal', dims: tupleDims(argument(args, 0, 'size')) });
    case 'normal':
      if (framework === 'jax') return draw({ ...base, kind: 'jax_normal', family: 'normal', dims: tupleDims(argument(args, 1, 'shape')) });
      return draw({
        ...base,
        kind: 'normal',
        family: 'normal',
        mean: argument(args, 0, 'loc') ?? args.keywords.get('mean') ?? null,
        scale: argument(args, 1, 'scale') ?? args.keywords.get('std') ?? null,
        dims: tupleDims(argument(args, 2, 'size')),
      });
    case 'uniform':
      if (framework === 'jax') {
        return draw({ ...base, kind: 'jax_uniform', family: 'uniform', low: argument(args, 3, 'minval') ?? null, high: argument(args, 4, 'maxval') ?? null, dims: tupleDims(argument(args, 1, 'shape')) });
      }
      if (framework === 'python') return draw({ ...base, kind: 'py_uniform', family: 'uniform', low: argument(args, 0, 'a') ?? null, high: argument(args, 1, 'b') ?? null });
      return draw({ ...base, kind: 'uniform', family: 'uniform', low: argument(args, 0, 'low') ?? null, high: argument(args, 1, 'high') ?? null, dims: tupleDims(argument(args, 2, 'size')) });
    case 'gauss':
    case 'normalvariate':
      return draw({ ...base, kind: 'gauss', family: 'normal', mean: argument(args, 0, 'mu') ?? null, scale: argument(args, 1, 'sigma') ?? null });
    case 'normal_':
      return draw({ ...base, kind: 'normal_', family: 'normal', mean: argument(args, 0, 'mean') ?? null, scale: argument(args, 1, 'std') ?? null, dims: receiverDims(ctx, callee) });
    case 'uniform_':
      return draw({ ...base, kind: 'uniform_', family: 'uniform', low: argument(args, 0, 'a') ?? null, high: argument(args, 1, 'b') ?? null, dims: receiverDims(ctx, callee) });
    case 'rand':
    case 'random':
    case 'random_sample':
      return unsupported(`\`${name}\` draws from U[0, 1); rewrite it as a symmetric uniform or normal draw by hand`);
    case 'truncated_normal':
    case 'trunc_normal_':
    case 'truncnorm':
      return unsupported('a truncated draw changes the variance by its truncation; rewrite it by hand');
    default:
      return null;
  }
}

function draw(fields: Partial<Draw> & Pick<Draw, 'node' | 'kind' | 'family'>): Draw {
  return { callee: null, mean: null, scale: null, low: null, high: null, dims: null, argList: null, ...fields };
}

function unsupported(reason: string): { kind: 'unsupported'; reason: string } {
  return { kind: 'unsupported', reason };
}

/** randn(a, b) or randn((a, b)). */
function shapeDims(positional: SyntaxNode[]): SyntaxNode[] | null {
  if (positional.length === 1) return tupleDims(positional[0]) ?? positional;
  return positional.length > 0 ? positional : null;
}

/** The elements of a literal tuple or list shape; null for a name or anything else. */
function tupleDims(node: SyntaxNode | undefined): SyntaxNode[] | null {
  if (!node || (node.name !== 'TupleExpression' && node.name !== 'ArrayExpression')) return null;
  return childrenOf(node).filter((c) => !['(', ')', '[', ']', ','].includes(c.name) && c.name !== 'Comment');
}

/** torch.empty(a, b).normal_(…): the shape of the tensor the method fills. */
function receiverDims(ctx: EditContext, callee: SyntaxNode): SyntaxNode[] | null {
  if (callee.name !== 'MemberExpression') return null;
  const object = childrenOf(callee)[0];
  if (!object || object.name !== 'CallExpression') return null;
  const inner = calleeOf(object);
  const last = inner?.name === 'MemberExpression' ? childrenOf(inner).pop() : inner;
  if (!last || !SHAPED_CONSTRUCTORS.has(textOf(ctx.file, last))) return null;
  const args: CallArgs = callArgs(ctx.file, object);
  return shapeDims(args.positional);
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
