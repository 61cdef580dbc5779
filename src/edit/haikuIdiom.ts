// Haiku: `w_init=` (hk.Linear, hk.Conv*, hk.nets.MLP) or `init=` (hk.get_parameter) gets an
// hk.initializers object with the prefix the code used. Haiku has no He / Glorot names, so
// variance-scaling inits are written as VarianceScaling(scale, mode, distribution), truncated
// for the normal family as Keras' and JAX's he_normal are.

import type { InitSpec } from '../core/types';
import { argument, callArgs, calleeOf, dottedName, type SyntaxNode } from '../parse/syntax';
import { addKeyword } from './callArguments';
import { aliasFor, quoteStyle, type Candidates, type EditContext } from './context';
import { pyNumber, pyString } from './pyText';
import { varianceRule, varianceScale } from './varianceRule';

const HAIKU_INITIALIZERS = ['haiku.initializers'];

export function haikuCandidates(ctx: EditContext, init: InitSpec): Candidates {
  const node = ctx.node;
  if (node.name !== 'CallExpression') return { reason: 'this initializer is not a layer argument; change it where it is defined' };
  const quote = quoteStyle(ctx.file, node);
  const made = haikuInitializer(init, quote);
  if ('reason' in made) return made;
  const callee = dottedName(ctx.file, calleeOf(node)) ?? '';
  const args = callArgs(ctx.file, node);
  const isGetParameter = /(^|\.)get_parameter$/.test(callee);
  const keyword = isGetParameter ? 'init' : 'w_init';
  const old = isGetParameter ? (argument(args, 3, 'init') ?? null) : (args.keywords.get('w_init') ?? null);
  const layerModule = callee.includes('.') ? callee.slice(0, callee.indexOf('.')) : null;
  const value = spell(ctx, made, old, layerModule);
  if (typeof value !== 'string') return value;
  if (old) return [{ edits: [{ from: old.from, to: old.to, newText: value }], written: init }];
  if (!ctx.site.implicit) return { reason: 'this Haiku site sets its init through something other than w_init; change it by hand' };
  const edits = addKeyword(ctx, node, `${keyword}=${value}`);
  return 'reason' in edits ? edits : [{ edits, written: init }];
}

/** `old`'s prefix, else an import of haiku.initializers, else `hk.` + "initializers.". */
function spell(ctx: EditContext, made: { cls: string; args: string[] }, old: SyntaxNode | null, layerModule: string | null): string | { reason: string } {
  const call = (prefix: string) => `${prefix}${made.cls}(${made.args.join(', ')})`;
  const oldCallee = old?.name === 'CallExpression' ? dottedName(ctx.file, calleeOf(old)) : null;
  if (oldCallee && oldCallee.includes('.')) return call(oldCallee.slice(0, oldCallee.lastIndexOf('.') + 1));
  const module = aliasFor(ctx.imports, HAIKU_INITIALIZERS);
  if (module) return call(`${module}.`);
  if (layerModule) return call(`${layerModule}.initializers.`);
  return { reason: 'haiku is not imported here; import it to apply the fix' };
}

function haikuInitializer(init: InitSpec, quote: string): { cls: string; args: string[] } | { reason: string } {
  const s = (v: string) => pyString(v, quote);
  switch (init.scheme) {
    case 'normal':
      return { cls: 'RandomNormal', args: [`stddev=${pyNumber(init.std ?? 1)}`, ...((init.mean ?? 0) !== 0 ? [`mean=${pyNumber(init.mean ?? 0)}`] : [])] };
    case 'uniform':
      return { cls: 'RandomUniform', args: [`minval=${pyNumber(init.low ?? 0)}`, `maxval=${pyNumber(init.high ?? 1)}`] };
    case 'truncated_normal':
      if (init.truncation === undefined) return { reason: 'Haiku TruncatedNormal cuts at ±2σ; these bounds have no Haiku initializer' };
      return { cls: 'TruncatedNormal', args: [`stddev=${pyNumber(init.std ?? 1)}`, ...((init.mean ?? 0) !== 0 ? [`mean=${pyNumber(init.mean ?? 0)}`] : [])] };
    case 'orthogonal':
      return { cls: 'Orthogonal', args: (init.gain ?? 1) === 1 ? [] : [`scale=${pyNumber(init.gain ?? 1)}`] };
    case 'zeros':
      return { cls: 'Constant', args: ['0.0'] };
    case 'constant':
      return { cls: 'Constant', args: [pyNumber(init.value ?? 0)] };
    default: {
      const rule = varianceRule(init);
      if ('reason' in rule) return rule;
      if (rule.kind !== 'scaled') return { reason: `Haiku has no initializer for ${init.scheme}` };
      const uniform = init.scheme.endsWith('_uniform') || init.scheme === 'keras_default' || init.scheme === 'torch_default' || init.distribution === 'uniform';
      const distribution = uniform ? 'uniform' : init.scheme === 'variance_scaling' && init.distribution !== 'truncated_normal' && init.distribution !== undefined ? 'normal' : 'truncated_normal';
      return { cls: 'VarianceScaling', args: [varianceScale(rule), s(rule.fan), s(distribution)] };
    }
  }
}
