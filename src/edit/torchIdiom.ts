// PyTorch: nn.init calls are replaced by the nn.init function of the requested scheme (same
// module prefix as written), tensor fills (w.data.normal_(0, s)) become an nn.init call when
// nn.init is reachable and otherwise get a numeric std, raw draws (torch.randn(a, b) * s) go to
// the array idiom, and a layer left at its default gets an nn.init call on the next line.

import { calculateGain } from '../core/activations';
import type { ActivationSpec, InitSpec } from '../core/types';
import { qualify } from '../parse/imports';
import { callArgs, calleeOf, childrenOf, dottedName, statementOf, textOf, type SyntaxNode } from '../parse/syntax';
import { aliasFor, quoteStyle, splitCallee, text, type Candidate, type Candidates, type EditContext } from './context';
import { arrayDrawCandidates } from './numpyIdiom';
import { indentAt, lineEndAt, lineEnding, lineStartAt, pyNumber, pyString } from './pyText';

const NN_INIT = ['torch.nn.init'];

export function torchCandidates(ctx: EditContext, init: InitSpec): Candidates {
  if (ctx.site.implicit) return implicitLayer(ctx, init);
  const node = ctx.node;
  if (node.name === 'CallExpression') {
    const split = splitCallee(ctx.file, node);
    if (split && isInitFunction(ctx, split.prefix, split.name)) return replaceInitCall(ctx, node, split.prefix, split.name, init);
    const method = methodName(ctx, node);
    if (method === 'normal_' || method === 'uniform_') return tensorFill(ctx, node, init);
  }
  return arrayDrawCandidates(ctx, init);
}

/** `nn.init.xavier_uniform_`, `init.normal_`, `torch.nn.init.…`, or a bare name imported from torch.nn.init. */
function isInitFunction(ctx: EditContext, prefix: string, name: string): boolean {
  if (qualify(`${prefix}${name}`, ctx.imports).startsWith('torch.nn.init.')) return true;
  // A cell that uses nn.init without showing its imports.
  return prefix !== '' && /(^|\.)init\.$/.test(prefix) && !ctx.imports.has(prefix.split('.')[0]);
}

function methodName(ctx: EditContext, call: SyntaxNode): string | null {
  const callee = calleeOf(call);
  if (callee?.name !== 'MemberExpression') return null;
  const last = childrenOf(callee).pop();
  return last?.name === 'PropertyName' ? textOf(ctx.file, last) : null;
}

/** nn.init.<old>(w, …) → nn.init.<new>(w, …), keeping the prefix the code used. */
function replaceInitCall(ctx: EditContext, call: SyntaxNode, oldPrefix: string, oldName: string, init: InitSpec): Candidates {
  const tensor = tensorArgument(ctx, call);
  if (!tensor) return { reason: `cannot find the tensor ${oldName} initializes` };
  if (callArgs(ctx.file, call).hasSplat) return { reason: 'the call passes *args or **kwargs; rewrite it by hand' };
  const prefix = oldPrefix !== '' ? oldPrefix : modulePrefix(ctx, null);
  const written = initCall(ctx, init, prefix, text(ctx, tensor));
  if ('reason' in written) return written;
  return [{ edits: [{ from: call.from, to: call.to, newText: written.call }], written: init }];
}

function tensorArgument(ctx: EditContext, call: SyntaxNode): SyntaxNode | null {
  const list = call.getChild('ArgList');
  if (!list) return null;
  const kids = childrenOf(list).filter((c) => c.name !== 'Comment');
  // First positional argument, or tensor=…
  const first = kids[1];
  if (first && kids[2]?.name !== 'AssignOp' && first.name !== ')') return first;
  for (let i = 1; i + 2 < kids.length; i++) {
    if (kids[i].name === 'VariableName' && text(ctx, kids[i]) === 'tensor' && kids[i + 1].name === 'AssignOp') return kids[i + 2];
  }
  return null;
}

/** w.data.normal_(0, s) → nn.init.kaiming_normal_(w.data, …) when nn.init is reachable; else a numeric std. */
function tensorFill(ctx: EditContext, call: SyntaxNode, init: InitSpec): Candidates {
  const candidates: Candidate[] = [];
  const prefix = modulePrefix(ctx, null);
  const callee = calleeOf(call);
  const receiver = callee?.name === 'MemberExpression' ? childrenOf(callee)[0] : null;
  if (prefix !== '' && receiver) {
    const written = initCall(ctx, init, prefix, text(ctx, receiver));
    if (!('reason' in written)) candidates.push({ edits: [{ from: call.from, to: call.to, newText: written.call }], written: init });
  }
  const numeric = arrayDrawCandidates(ctx, init);
  if ('reason' in numeric) return candidates.length > 0 ? candidates : numeric;
  return [...candidates, ...numeric];
}

/**
 * `nn.Linear(a, b)` left at PyTorch's default: a new statement after the one that builds the
 * layer, at its indentation, initializing `site.target`.
 */
function implicitLayer(ctx: EditContext, init: InitSpec): Candidates {
  const target = ctx.site.target;
  if (!target) return { reason: 'the layer is not stored under a name to initialize; add an nn.init call by hand' };
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*|\[\d+\]|\['[^'\\]*'\]|\["[^"\\]*"\])*$/.test(target)) {
    return { reason: `the layer is reached as ${target}; initialize each one in a loop by hand` };
  }
  const statement = statementOf(ctx.node);
  if (statement.name !== 'AssignStatement') return { reason: 'the layer is not built in an assignment; add an nn.init call by hand' };
  const assigned = statement.firstChild ? text(ctx, statement.firstChild) : '';
  const rest = target.slice(assigned.length);
  if (assigned === '' || !target.startsWith(assigned) || !/^[.[]/.test(rest)) {
    return { reason: `${target} is not the object this statement builds; add an nn.init call by hand` };
  }
  const source = ctx.source;
  const lineStart = lineStartAt(source, statement.from);
  if (source.slice(lineStart, statement.from).trim() !== '') return { reason: 'the layer is built after other code on its line; add an nn.init call by hand' };
  const lineEnd = lineEndAt(source, statement.to);
  const after = source.slice(statement.to, lineEnd).trim();
  if (after !== '' && !after.startsWith('#')) return { reason: 'more code follows the layer on its line; add an nn.init call by hand' };
  const layerCallee = dottedName(ctx.file, calleeOf(ctx.node));
  const layerPrefix = layerCallee && layerCallee.includes('.') ? layerCallee.slice(0, layerCallee.lastIndexOf('.')) : null;
  const prefix = modulePrefix(ctx, layerPrefix);
  if (prefix === '') return { reason: 'torch.nn.init is not imported under any name here; import it to apply the fix' };
  const written = initCall(ctx, init, prefix, target);
  if ('reason' in written) return written;
  const newText = `${lineEnding(source, statement.to)}${indentAt(source, statement.from)}${written.call}`;
  return [{ edits: [{ from: lineEnd, to: lineEnd, newText }], written: init }];
}

/**
 * "nn.init." as the code can spell it: the module a layer constructor was called through
 * (`nn.Linear` → `nn.init.`), else the conventional `nn.init` when a name is bound to torch.nn,
 * else any import that reaches torch.nn.init (`init.`, `torch.nn.init.`); "" when none exists.
 */
function modulePrefix(ctx: EditContext, layerModule: string | null): string {
  if (layerModule) return `${layerModule}.init.`;
  const nn = aliasFor(ctx.imports, ['torch.nn']);
  if (nn && !nn.includes('.')) return `${nn}.init.`;
  const alias = aliasFor(ctx.imports, NN_INIT);
  return alias ? `${alias}.` : '';
}

/** The nn.init call that states `init`, e.g. nn.init.kaiming_normal_(w, nonlinearity='relu'). */
function initCall(ctx: EditContext, init: InitSpec, prefix: string, tensor: string): { call: string } | { reason: string } {
  const q = quoteStyle(ctx.file, ctx.node);
  const str = (v: string) => pyString(v, q);
  const fn = (name: string): string | null => {
    if (prefix !== '') return `${prefix}${name}`;
    return aliasFor(ctx.imports, [`torch.nn.init.${name}`]);
  };
  const make = (name: string, args: string[]): { call: string } | { reason: string } => {
    const callee = fn(name);
    if (!callee) return { reason: `torch.nn.init.${name} is not imported here; import it to apply the fix` };
    return { call: `${callee}(${[tensor, ...args].join(', ')})` };
  };
  switch (init.scheme) {
    case 'he_normal':
    case 'he_uniform':
    case 'lecun_normal':
    case 'lecun_uniform': {
      const lecun = init.scheme.startsWith('lecun');
      let nonlinearity = lecun ? 'linear' : (init.nonlinearity ?? 'leaky_relu');
      const a = lecun ? 0 : (init.a ?? 0);
      // PyTorch's default leaky_relu with a = 0 is relu's gain; say relu.
      if (nonlinearity === 'leaky_relu' && a === 0) nonlinearity = 'relu';
      const args: string[] = [];
      if (a !== 0) args.push(`a=${pyNumber(a)}`);
      if (!lecun && init.mode === 'fan_out') args.push(`mode=${str('fan_out')}`);
      else if (!lecun && init.mode === 'fan_avg') return { reason: "kaiming mode must be 'fan_in' or 'fan_out'" };
      args.push(`nonlinearity=${str(nonlinearity)}`);
      return make(init.scheme.endsWith('normal') ? 'kaiming_normal_' : 'kaiming_uniform_', args);
    }
    case 'xavier_normal':
    case 'xavier_uniform':
    case 'keras_default': {
      const gain = init.scheme === 'keras_default' ? 1 : (init.gain ?? 1);
      const args = gain === 1 ? [] : [`gain=${gainText(ctx, gain, prefix, str)}`];
      return make(init.scheme === 'xavier_normal' ? 'xavier_normal_' : 'xavier_uniform_', args);
    }
    case 'normal': {
      const mean = init.mean ?? 0;
      return make('normal_', [...(mean !== 0 ? [`mean=${pyNumber(mean)}`] : []), `std=${pyNumber(init.std ?? 1)}`]);
    }
    case 'uniform':
      return make('uniform_', [pyNumber(init.low ?? 0), pyNumber(init.high ?? 1)]);
    case 'truncated_normal': {
      const mean = init.mean ?? 0;
      const std = init.std ?? 1;
      const [low, high] = init.truncation === undefined ? [init.low ?? -2, init.high ?? 2] : [mean - 2 * std, mean + 2 * std];
      return make('trunc_normal_', [...(mean !== 0 ? [`mean=${pyNumber(mean)}`] : []), `std=${pyNumber(std)}`, `a=${pyNumber(low)}`, `b=${pyNumber(high)}`]);
    }
    case 'orthogonal':
      return make('orthogonal_', (init.gain ?? 1) === 1 ? [] : [`gain=${pyNumber(init.gain ?? 1)}`]);
    case 'zeros':
      return make('zeros_', []);
    case 'constant':
      return make('constant_', [pyNumber(init.value ?? 0)]);
    case 'torch_default':
      return make('kaiming_uniform_', [`a=${mathSqrt(ctx, '5')}`]);
    default:
      return { reason: `PyTorch has no nn.init function for ${init.scheme}` };
  }
}

/** gain=nn.init.calculate_gain('tanh') when the gain is the activation's; else the number. */
function gainText(ctx: EditContext, gain: number, prefix: string, str: (v: string) => string): string {
  const a = ctx.activation;
  const names: Partial<Record<ActivationSpec['name'], string>> = { tanh: 'tanh', sigmoid: 'sigmoid', relu: 'relu', leaky_relu: 'leaky_relu', selu: 'selu', linear: 'linear' };
  const name = names[a.name];
  const calculate = prefix !== '' ? `${prefix}calculate_gain` : aliasFor(ctx.imports, ['torch.nn.init.calculate_gain']);
  if (name && calculate) {
    const param = a.name === 'leaky_relu' ? (a.param ?? 0.01) : undefined;
    if (Math.abs(calculateGain(name, param) - gain) <= 1e-12 * gain) {
      return `${calculate}(${str(name)}${a.name === 'leaky_relu' ? `, ${pyNumber(param ?? 0.01)}` : ''})`;
    }
  }
  return pyNumber(gain);
}

function mathSqrt(ctx: EditContext, x: string): string {
  const sqrt = aliasFor(ctx.imports, ['math.sqrt']);
  return sqrt ? `${sqrt}(${x})` : `${x} ** 0.5`;
}
