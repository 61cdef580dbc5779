// Flax and JAX: `kernel_init=nn.initializers.xavier_uniform()` → `nn.initializers.he_normal()`
// with the prefix the code used, `nn.Dense(128)` gets a kernel_init, and an initializer applied
// directly (`jax.nn.initializers.lecun_normal()(key, shape)`) has its factory replaced. JAX's
// he_normal is truncated variance scaling with He's variance, as Keras' is.

import type { InitSpec } from '../core/types';
import { calleeOf, dottedName, type SyntaxNode } from '../parse/syntax';
import { addKeyword, keywordValue } from './callArguments';
import { aliasFor, quoteStyle, splitCallee, text, type Candidates, type EditContext } from './context';
import { arrayDrawCandidates } from './numpyIdiom';
import { pyNumber, pyString } from './pyText';
import { namedScaling, varianceRule, varianceScale, type ScaledVariance } from './varianceRule';

const JAX_INITIALIZERS = ['jax.nn.initializers', 'flax.linen.initializers'];
const KEYWORD = 'kernel_init';

/** A jax.nn.initializers member: `he_normal()`, `variance_scaling(2, 'fan_in', 'uniform')`, `zeros`. */
interface JaxName {
  fn: string;
  /** null: used as is, not called (`zeros`). */
  args: ((quote: string) => string[]) | null;
}

export function flaxCandidates(ctx: EditContext, init: InitSpec): Candidates {
  const node = ctx.node;
  if (node.name !== 'CallExpression') return { reason: 'this initializer is not a layer argument; change it where it is defined' };
  const name = jaxName(ctx, init);
  if ('reason' in name) return name;
  const old = keywordValue(ctx, node, KEYWORD);
  if (old) {
    const value = initializerText(ctx, name, old, null);
    if (typeof value !== 'string') return value;
    return [{ edits: [{ from: old.from, to: old.to, newText: value }], written: init }];
  }
  if (ctx.site.implicit) {
    const layer = dottedName(ctx.file, calleeOf(node));
    const layerModule = layer && layer.includes('.') ? layer.slice(0, layer.lastIndexOf('.')) : null;
    const value = initializerText(ctx, name, null, layerModule);
    if (typeof value !== 'string') return value;
    const edits = addKeyword(ctx, node, `${KEYWORD}=${value}`);
    return 'reason' in edits ? edits : [{ edits, written: init }];
  }
  return { reason: 'this Flax layer sets its kernel through something other than kernel_init; change it by hand' };
}

/**
 * A JAX site: an initializer factory applied to (key, shape), or standing alone, gets the new
 * factory; anything else (jax.random.normal(key, shape) * s) is a raw draw.
 */
export function jaxCandidates(ctx: EditContext, init: InitSpec): Candidates {
  const node = ctx.node;
  if (node.name === 'CallExpression') {
    const callee = calleeOf(node);
    const factory = callee?.name === 'CallExpression' ? callee : isFactory(ctx, node) ? node : null;
    if (factory) {
      const name = jaxName(ctx, init);
      if ('reason' in name) return name;
      const value = initializerText(ctx, name, factory, null);
      if (typeof value !== 'string') return value;
      return [{ edits: [{ from: factory.from, to: factory.to, newText: value }], written: init }];
    }
    if (callee && callee.name === 'VariableName' && !isFactory(ctx, node)) {
      const draws = arrayDrawCandidates(ctx, init);
      if (!('reason' in draws)) return draws;
      return { reason: `${text(ctx, callee)} is an initializer defined elsewhere; change it where it is defined` };
    }
  }
  return arrayDrawCandidates(ctx, init);
}

function isFactory(ctx: EditContext, call: SyntaxNode): boolean {
  const split = splitCallee(ctx.file, call);
  return split !== null && /initializers\.$/.test(split.prefix);
}

/** `old`'s module prefix, else the layer's module + ".initializers", else an import that reaches jax.nn.initializers. */
function initializerText(ctx: EditContext, name: JaxName, old: SyntaxNode | null, layerModule: string | null): string | { reason: string } {
  const quote = quoteStyle(ctx.file, ctx.node);
  const spell = (callee: string) => (name.args ? `${callee}(${name.args(quote).join(', ')})` : callee);
  if (old) {
    const target = old.name === 'CallExpression' ? old : null;
    const dotted = target ? dottedName(ctx.file, calleeOf(target)) : dottedName(ctx.file, old);
    if (dotted && dotted.includes('.')) return spell(`${dotted.slice(0, dotted.lastIndexOf('.') + 1)}${name.fn}`);
  }
  // A layer called as nn.Dense: nn is flax.linen (the reader matched it), so nn.initializers exists.
  if (layerModule) return spell(`${layerModule}.initializers.${name.fn}`);
  const module = aliasFor(ctx.imports, JAX_INITIALIZERS);
  if (module) return spell(`${module}.${name.fn}`);
  const bare = aliasFor(
    ctx.imports,
    JAX_INITIALIZERS.map((m) => `${m}.${name.fn}`),
  );
  if (bare) return spell(bare);
  return { reason: `jax.nn.initializers.${name.fn} is not imported here; import it to apply the fix` };
}

function jaxName(ctx: EditContext, init: InitSpec): JaxName | { reason: string } {
  const called = (fn: string, args: (q: string) => string[] = () => []): JaxName => ({ fn, args });
  const scaling = (rule: ScaledVariance, distribution: string): JaxName =>
    called('variance_scaling', (q) => [varianceScale(rule), pyString(rule.fan, q), pyString(distribution, q)]);
  // Keep the file's spelling of Glorot (JAX has both glorot_* and xavier_*).
  const glorot = /\bxavier_(normal|uniform)\b/.test(ctx.source) && !/\bglorot_(normal|uniform)\b/.test(ctx.source) ? 'xavier' : 'glorot';
  switch (init.scheme) {
    case 'he_normal':
    case 'he_uniform':
    case 'lecun_normal':
    case 'lecun_uniform':
    case 'xavier_normal':
    case 'xavier_uniform':
    case 'keras_default':
    case 'flax_default':
    case 'torch_default': {
      const scaled = namedScaling(init);
      if ('reason' in scaled) return scaled;
      if (scaled.name !== null) return called(`${scaled.name === 'glorot' ? glorot : scaled.name}_${scaled.family}`);
      return scaling(scaled.rule, scaled.family === 'uniform' ? 'uniform' : 'truncated_normal');
    }
    case 'variance_scaling': {
      const rule = varianceRule(init);
      if ('reason' in rule || rule.kind !== 'scaled') return { reason: 'not a variance-scaling init' };
      const d = init.distribution ?? 'truncated_normal';
      return scaling(rule, d === 'untruncated_normal' ? 'normal' : d);
    }
    case 'normal':
      if ((init.mean ?? 0) !== 0) return { reason: 'jax.nn.initializers.normal has no mean' };
      return called('normal', () => [`stddev=${pyNumber(init.std ?? 1)}`]);
    case 'truncated_normal':
      if (init.truncation === undefined || (init.mean ?? 0) !== 0) return { reason: 'jax.nn.initializers.truncated_normal cuts at ±2σ around 0; these bounds have no JAX initializer' };
      return called('truncated_normal', () => [`stddev=${pyNumber(init.std ?? 1)}`]);
    case 'uniform':
      if ((init.low ?? 0) !== 0) return { reason: 'jax.nn.initializers.uniform draws from [0, scale); a symmetric uniform has no JAX initializer' };
      return called('uniform', () => [`scale=${pyNumber(init.high ?? 1)}`]);
    case 'orthogonal':
      return called('orthogonal', () => ((init.gain ?? 1) === 1 ? [] : [`scale=${pyNumber(init.gain ?? 1)}`]));
    case 'zeros':
      return { fn: 'zeros', args: null };
    case 'constant':
      return (init.value ?? 0) === 1 ? { fn: 'ones', args: null } : called('constant', () => [pyNumber(init.value ?? 0)]);
    default:
      return { reason: `JAX has no initializer for ${init.scheme}` };
  }
}
