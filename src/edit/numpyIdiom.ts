// Writes an init into code that draws its own numbers: numpy (and Generator / RandomState),
// raw torch tensors, jax.random, Python's random, pseudo-code. The draw call keeps its
// distribution (a uniform draw stays uniform, with the bounds of the same variance); the scale
// becomes the init's formula over the shape's fan_in / fan_out argument texts.

import type { SourceEdit } from '../analysis/types';
import type { InitSpec } from '../core/types';
import type { SyntaxNode } from '../parse/syntax';
import { readScaledDraw, type Draw, type ScaledDraw } from './arrayDraw';
import { aliasFor, text, type Candidates, type EditContext } from './context';
import { operand, pyNumber } from './pyText';
import { scaleText, varianceRule, withFamily, type FanTexts, type Sqrt } from './varianceRule';

/** Parents under which `draw * s` needs no parentheses. */
const LOOSE_PARENTS = new Set(['AssignStatement', 'ArgList', 'ReturnStatement', 'ExpressionStatement', 'TupleExpression', 'ArrayExpression', 'DictionaryExpression', 'UpdateStatement']);

export function arrayDrawCandidates(ctx: EditContext, init: InitSpec): Candidates {
  const read = readScaledDraw(ctx, ctx.node);
  if ('reason' in read) return read;
  const rule = varianceRule(init);
  if ('reason' in rule) return rule;
  const { draw } = read;

  let std: string;
  let written: InitSpec;
  const mean = rule.kind === 'fixed' ? rule.mean : 0;
  if (rule.kind === 'scaled') {
    if ((ctx.site.init.receptiveField ?? 1) !== 1) return { reason: 'a convolution kernel drawn by hand: its fans include the receptive field; rewrite it by hand' };
    const fans = fanTexts(ctx, draw);
    if ('reason' in fans) return fans;
    std = scaleText(rule, draw.family, fans, sqrtFor(ctx, draw));
    written = withFamily(init, draw.family);
  } else if (draw.family === 'normal') {
    std = pyNumber(rule.std);
    written = { scheme: 'normal', mean, std: rule.std };
  } else {
    const bounds = rule.bounds ?? { low: rule.mean - Math.sqrt(3) * rule.std, high: rule.mean + Math.sqrt(3) * rule.std };
    return writeBounds(ctx, read, pyNumber(bounds.low), pyNumber(bounds.high), bounds.low === -bounds.high ? pyNumber(bounds.high) : null, { scheme: 'uniform', ...bounds });
  }

  if (draw.family === 'uniform') return writeBounds(ctx, read, `-${std}`, std, std, written);
  const edits = writeStd(ctx, read, std);
  if ('reason' in edits) return edits;
  const meanEdit = writeMean(ctx, draw, mean);
  if (meanEdit && 'reason' in meanEdit) return meanEdit;
  return [{ edits: meanEdit ? [...edits, meanEdit] : edits, written }];
}

/** The std of a normal draw: its scale argument, its one scale factor, or a new factor. */
function writeStd(ctx: EditContext, { draw, factor, product }: ScaledDraw, std: string): SourceEdit[] | { reason: string } {
  if (draw.scale && factor) {
    if (ctx.scope.number(draw.scale) !== 1) return { reason: 'the std is set in two places (the scale argument and a factor); rewrite it by hand' };
    return [replaceFactor(factor, std)];
  }
  if (draw.scale) return [{ from: draw.scale.from, to: draw.scale.to, newText: std }];
  if (factor) return [replaceFactor(factor, std)];
  if (draw.kind === 'normal_') {
    // An in-place fill: the arguments are the only place for the std.
    if (!draw.argList || text(ctx, draw.argList).replace(/\s/g, '') !== (draw.mean ? `(${text(ctx, draw.mean)})` : '()')) {
      return { reason: 'cannot place the std among these normal_ arguments' };
    }
    return [{ from: draw.argList.from, to: draw.argList.to, newText: `(${draw.mean ? text(ctx, draw.mean) : '0'}, ${std})` }];
  }
  if (typeof ctx.site.params.std === 'number' && ctx.site.params.std !== 1) {
    return { reason: 'the scale is applied to this draw on another line; rewrite it there' };
  }
  if (product.parent && LOOSE_PARENTS.has(product.parent.name)) return [{ from: product.to, to: product.to, newText: ` * ${std}` }];
  return [
    { from: product.from, to: product.from, newText: '(' },
    { from: product.to, to: product.to, newText: ` * ${std})` },
  ];
}

function replaceFactor(factor: NonNullable<ScaledDraw['factor']>, scale: string): SourceEdit {
  return { from: factor.from, to: factor.to, newText: factor.side === 'after' ? ` * ${scale}` : `${scale} * ` };
}

/** A normal draw's location: set it to `mean` when it says otherwise. */
function writeMean(ctx: EditContext, draw: Draw, mean: number): SourceEdit | { reason: string } | null {
  if (!draw.mean) return mean === 0 ? null : { reason: 'the draw has no mean argument to set' };
  return ctx.scope.number(draw.mean) === mean ? null : { from: draw.mean.from, to: draw.mean.to, newText: pyNumber(mean) };
}

/** A uniform draw's bounds, or its one scale factor on U(−1, 1). */
function writeBounds(ctx: EditContext, { draw, factor }: ScaledDraw, low: string, high: string, bound: string | null, written: InitSpec): Candidates {
  if (!draw.low || !draw.high) return { reason: 'the uniform draw does not spell out its bounds' };
  if (factor) {
    if (ctx.scope.number(draw.low) !== -1 || ctx.scope.number(draw.high) !== 1 || bound === null) {
      return { reason: 'the bounds are set in two places (the arguments and a factor); rewrite it by hand' };
    }
    return [{ edits: [replaceFactor(factor, bound)], written }];
  }
  return [
    {
      edits: [
        { from: draw.low.from, to: draw.low.to, newText: low },
        { from: draw.high.from, to: draw.high.to, newText: high },
      ],
      written,
    },
  ];
}

/**
 * The fan_in / fan_out texts: the shape's own argument texts when the shape is spelled out —
 * in the layout the reader found from how the weight is used, else matched to the site's fans
 * by value, else numpy's (fan_in, fan_out) — otherwise the fans as numbers.
 */
function fanTexts(ctx: EditContext, draw: Draw): FanTexts | { reason: string } {
  const fanIn = ctx.site.context.fanIn?.value;
  const fanOut = ctx.site.context.fanOut?.value;
  const layout = /read as \((fan_in|fan_out), fan_\w+\)/.exec(ctx.site.context.fanIn?.source ?? '')?.[1];
  const dims = draw.dims;
  if (dims && dims.length > 2) return { reason: 'a kernel with more than two axes: its fans include the receptive field; rewrite it by hand' };
  if (dims && dims.length === 2) {
    let inAt: number | null = layout === 'fan_out' ? 1 : layout === 'fan_in' ? 0 : null;
    if (inAt === null) {
      const values = dims.map((d) => ctx.scope.number(d));
      const fits = (i: number) => (values[i] === null || values[i] === fanIn) && (values[1 - i] === null || values[1 - i] === fanOut);
      if (fanIn === undefined || fanOut === undefined || fits(0)) inAt = 0;
      else if (fits(1)) inAt = 1;
    }
    if (inAt !== null) return { fanIn: dimText(ctx, dims[inAt]), fanOut: dimText(ctx, dims[1 - inAt]) };
  }
  if (fanIn !== undefined && fanOut !== undefined) return { fanIn: pyNumber(fanIn), fanOut: pyNumber(fanOut) };
  if (ctx.site.framework === 'pseudo') return { fanIn: 'fan_in', fanOut: 'fan_out' };
  return { reason: 'the fan_in of this weight is unknown (the shape is not spelled out); add `# init-lens: width=…` or rewrite it by hand' };
}

function dimText(ctx: EditContext, node: SyntaxNode): string {
  return operand(text(ctx, node), node);
}

/** How this code spells a square root: np.sqrt / jnp.sqrt / math.sqrt as imported, else `** 0.5`. */
function sqrtFor(ctx: EditContext, draw: Draw): Sqrt {
  const call = (fn: string): Sqrt => (inner) => `${fn}(${inner})`;
  const framework = ctx.site.framework;
  if (framework === 'pseudo') return call('sqrt');
  if (framework === 'numpy') {
    const np = aliasFor(ctx.imports, ['numpy.sqrt']);
    if (np) return call(np);
    // `np.random.randn` with no import in sight (a notebook cell, a snippet): the reader took it for numpy.
    const root = /^(\w+)\.random\.\w+$/.exec(draw.callee ?? '')?.[1];
    if (root && !ctx.imports.has(root)) return call(`${root}.sqrt`);
  }
  if (framework === 'jax') {
    const jnp = aliasFor(ctx.imports, ['jax.numpy.sqrt']);
    if (jnp && jnp.split('.').length <= 2) return call(jnp);
  }
  const math = aliasFor(ctx.imports, ['math.sqrt']);
  if (math) return call(math);
  return (inner) => `(${inner}) ** 0.5`;
}
