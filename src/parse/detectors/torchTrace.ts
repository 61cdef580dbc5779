// Recording init calls as the interpreter meets them: read the arguments with the names bound
// at that point, resolve what the call writes to (which layer's weight or bias), and let the
// latest write to a weight win, as it does at run time.

import type { InitSpec } from '../../core/types';
import { textOf, type SyntaxNode } from '../syntax';
import { argItems, evaluateArgs } from './torchArguments';
import { parseInitFunction, parseTensorMethod, type ArgReader, type InitArgs, type ParsedInit } from './torchInit';
import { torchInitFunction } from './torchNames';
import type { CallSite, Env, InitEvent, InitTarget, Machine, Runtime } from './torchValues';

export function readerFor(m: Machine, env: Env): ArgReader {
  return {
    number: (node) => {
      const v = m.evaluate(node, env);
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    },
    string: (node) => {
      const v = m.evaluate(node, env);
      return typeof v === 'string' ? v : null;
    },
    gainCall: (node) => gainCall(m, node, env),
    text: (node) => textOf(m.file, node),
  };
}

/** `calculate_gain('leaky_relu', 0.2)` → its arguments (null for anything else). */
function gainCall(m: Machine, node: SyntaxNode, env: Env): { nonlinearity: string; param?: number } | null {
  if (node.name !== 'CallExpression' || !node.firstChild) return null;
  const callee = m.evaluate(node.firstChild, env);
  if (!callee || typeof callee !== 'object' || callee.kind !== 'path' || torchInitFunction(callee.path) !== 'calculate_gain') return null;
  const args = evaluateArgs(m, argItems(m, node), env);
  const nonlinearity = args.keywords.get('nonlinearity') ?? args.positional[0];
  const param = args.keywords.get('param') ?? args.positional[1];
  if (typeof nonlinearity !== 'string') return null;
  return typeof param === 'number' ? { nonlinearity, param } : { nonlinearity };
}

export function parseInit(name: string, form: 'function' | 'method', args: InitArgs, reader: ArgReader): ParsedInit | null {
  return form === 'function' ? parseInitFunction(name, args, reader) : parseTensorMethod(name, args, reader);
}

/** What writing to `value` initializes. */
export function resolveTarget(value: Runtime): InitTarget {
  if (value === null || typeof value !== 'object') return { kind: 'unknown' };
  if (value.kind === 'tensor') {
    if (value.shape !== null && value.shape.length < 2) return { kind: 'skip', reason: 'vector' };
    return { kind: 'tensor', tensor: value };
  }
  if (value.kind !== 'param') return { kind: 'unknown' };
  const owner = value.owner;
  switch (owner.kind) {
    case 'layer':
      return { kind: 'layer', layer: owner.layer, part: value.name };
    case 'norm':
      return { kind: 'skip', reason: 'norm' };
    case 'embedding':
      return { kind: 'skip', reason: 'embedding' };
    case 'activation':
      return { kind: 'skip', reason: 'activation' };
    default:
      return value.name === 'bias' ? { kind: 'skip', reason: 'bias' } : { kind: 'weight' };
  }
}

export interface TraceState {
  events: InitEvent[];
  order: number;
}

export function recordInit(m: Machine, state: TraceState, site: CallSite, name: string, form: 'function' | 'method', target: Runtime, args: InitArgs): InitEvent | null {
  if (!site.node) return null;
  const parsed = parseInit(name, form, args, readerFor(m, site.env));
  if (parsed === null) return null;
  const event: InitEvent = { call: site.node, parsed, target: resolveTarget(target), order: ++state.order, uncertain: m.uncertain };
  state.events.push(event);
  if (event.target.kind === 'layer') {
    const layer = event.target.layer;
    if (event.target.part === 'weight') layer.weightInit = event;
    else if (parsed.complete) layer.biasInit = biasSpec(parsed.init);
  }
  return event;
}

/** A bias init as LayerSpec.bias wants it: null for zero. */
function biasSpec(init: InitSpec): InitSpec | null {
  if (init.scheme === 'zeros' || (init.scheme === 'constant' && (init.value ?? 0) === 0)) return null;
  return init;
}
