// `torch.nn.init.<scheme>_(tensor, ...)` and the in-place tensor methods (`w.data.normal_(0, 0.02)`)
// → InitSpec, binding positional and keyword arguments exactly as PyTorch's signatures do.

import { calculateGain } from '../../core/activations';
import type { ActivationSpec, FanMode, InitSpec } from '../../core/types';
import type { SyntaxNode } from '../syntax';
import { nonlinearityActivation } from './torchNames';

/** The arguments after the tensor. */
export interface InitArgs {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
}

/** How the detector reads an argument's value (with whatever names are bound at the call). */
export interface ArgReader {
  number(node: SyntaxNode): number | null;
  string(node: SyntaxNode): string | null;
  /** `nn.init.calculate_gain('leaky_relu', 0.2)` → its arguments, so the gain hints at the activation. */
  gainCall(node: SyntaxNode): { nonlinearity: string; param?: number } | null;
  text(node: SyntaxNode): string;
}

export interface ParsedInit {
  /** The PyTorch function or method name as written, e.g. `kaiming_normal_`, `normal_`. */
  name: string;
  init: InitSpec;
  /** Every parameter the scheme uses, with PyTorch's defaults filled in. */
  params: Record<string, number | string>;
  unresolved: string[];
  /** False when an argument could not be read: the spec then misses that field. */
  complete: boolean;
  hint?: { activation: ActivationSpec; source: string };
}

type Kind = 'number' | 'string';
interface Parameter {
  name: string;
  kind: Kind;
  /** Absent: the argument is required. */
  fallback?: number | string;
}

interface Signature {
  parameters: Parameter[];
  build(values: Values): { init: InitSpec; params: Record<string, number | string> };
}

/** Bound values; a missing key is an argument that could not be read. */
type Values = Map<string, number | string>;

const num = (name: string, fallback?: number): Parameter => ({ name, kind: 'number', ...(fallback !== undefined ? { fallback } : {}) });
const str = (name: string, fallback: string): Parameter => ({ name, kind: 'string', fallback });

function pick(values: Values, entries: [string, string][]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [from, to] of entries) {
    const v = values.get(from);
    if (v !== undefined) out[to] = v;
  }
  return out;
}

/** Copies the numeric values onto InitSpec fields (unreadable ones stay unset). */
function fields(values: Values, entries: [string, 'mean' | 'std' | 'low' | 'high' | 'gain' | 'a' | 'value' | 'sparsity'][]): Partial<InitSpec> {
  const out: Partial<InitSpec> = {};
  for (const [from, to] of entries) {
    const v = values.get(from);
    if (typeof v === 'number') out[to] = v;
  }
  return out;
}

const XAVIER = (scheme: 'xavier_normal' | 'xavier_uniform'): Signature => ({
  parameters: [num('gain', 1)],
  build: (v) => ({ init: { scheme, ...fields(v, [['gain', 'gain']]) }, params: pick(v, [['gain', 'gain']]) }),
});

const KAIMING = (scheme: 'he_normal' | 'he_uniform'): Signature => ({
  parameters: [num('a', 0), str('mode', 'fan_in'), str('nonlinearity', 'leaky_relu')],
  build: (v) => {
    const mode = v.get('mode');
    const nonlinearity = v.get('nonlinearity');
    const init: InitSpec = { scheme, ...fields(v, [['a', 'a']]) };
    if (mode === 'fan_in' || mode === 'fan_out') init.mode = mode as FanMode;
    if (typeof nonlinearity === 'string') init.nonlinearity = nonlinearity;
    const params = pick(v, [['a', 'a'], ['mode', 'mode'], ['nonlinearity', 'nonlinearity']]);
    const a = v.get('a');
    if (typeof nonlinearity === 'string' && typeof a === 'number') {
      const gain = safeGain(nonlinearity, a);
      if (gain !== null) params.gain = gain;
    }
    return { init, params };
  },
});

const SIGNATURES: Readonly<Record<string, Signature>> = {
  uniform: {
    parameters: [num('a', 0), num('b', 1)],
    build: (v) => ({ init: { scheme: 'uniform', ...fields(v, [['a', 'low'], ['b', 'high']]) }, params: pick(v, [['a', 'low'], ['b', 'high']]) }),
  },
  normal: {
    parameters: [num('mean', 0), num('std', 1)],
    build: (v) => ({ init: { scheme: 'normal', ...fields(v, [['mean', 'mean'], ['std', 'std']]) }, params: pick(v, [['mean', 'mean']]) }),
  },
  trunc_normal: {
    parameters: [num('mean', 0), num('std', 1), num('a', -2), num('b', 2)],
    build: (v) => ({
      init: { scheme: 'truncated_normal', ...fields(v, [['mean', 'mean'], ['std', 'std'], ['a', 'low'], ['b', 'high']]) },
      params: pick(v, [['mean', 'mean'], ['a', 'low'], ['b', 'high']]),
    }),
  },
  constant: {
    parameters: [num('val')],
    build: (v) => ({ init: { scheme: 'constant', ...fields(v, [['val', 'value']]) }, params: pick(v, [['val', 'value']]) }),
  },
  ones: { parameters: [], build: () => ({ init: { scheme: 'constant', value: 1 }, params: { value: 1 } }) },
  zeros: { parameters: [], build: () => ({ init: { scheme: 'zeros' }, params: { value: 0 } }) },
  eye: { parameters: [], build: () => ({ init: { scheme: 'eye' }, params: {} }) },
  // dirac_ preserves the identity of a conv's channels; as a per-entry distribution it is eye.
  dirac: { parameters: [num('groups', 1)], build: () => ({ init: { scheme: 'eye' }, params: {} }) },
  xavier_uniform: XAVIER('xavier_uniform'),
  xavier_normal: XAVIER('xavier_normal'),
  kaiming_uniform: KAIMING('he_uniform'),
  kaiming_normal: KAIMING('he_normal'),
  orthogonal: {
    parameters: [num('gain', 1)],
    build: (v) => ({ init: { scheme: 'orthogonal', ...fields(v, [['gain', 'gain']]) }, params: pick(v, [['gain', 'gain']]) }),
  },
  sparse: {
    parameters: [num('sparsity'), num('std', 0.01)],
    build: (v) => ({ init: { scheme: 'sparse', ...fields(v, [['sparsity', 'sparsity'], ['std', 'std']]) }, params: pick(v, [['sparsity', 'sparsity']]) }),
  },
};

/** Spellings without the trailing underscore that torch.nn.init still accepts (deprecated). */
const DEPRECATED = new Set(['uniform', 'normal', 'constant', 'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal', 'orthogonal', 'sparse']);

/** Whether `name` (e.g. `xavier_uniform_`, `xavier_uniform`) is a torch.nn.init scheme. */
export function isInitFunction(name: string): boolean {
  return signatureName(name) !== null;
}

function signatureName(name: string): string | null {
  if (name.endsWith('_')) {
    const base = name.slice(0, -1);
    return Object.hasOwn(SIGNATURES, base) ? base : null;
  }
  return DEPRECATED.has(name) ? name : null;
}

/** Parses `torch.nn.init.<name>(tensor, *args)`; `args` excludes the tensor. */
export function parseInitFunction(name: string, args: InitArgs, reader: ArgReader): ParsedInit | null {
  const base = signatureName(name);
  if (base === null) return null;
  const parsed = bind(name, SIGNATURES[base], args, reader);
  const gainNode = args.keywords.get('gain') ?? (['xavier_uniform', 'xavier_normal', 'orthogonal'].includes(base) ? args.positional[0] : undefined);
  const gainCall = gainNode ? reader.gainCall(gainNode) : null;
  if (gainCall) {
    const activation = nonlinearityActivation(gainCall.nonlinearity, gainCall.param);
    if (activation) parsed.hint = { activation, source: `gain=${reader.text(gainNode as SyntaxNode)}` };
  }
  if (base === 'kaiming_normal' || base === 'kaiming_uniform') {
    const written = args.keywords.get('nonlinearity') ?? args.positional[2];
    const nonlinearity = parsed.params.nonlinearity;
    const a = parsed.params.a;
    if (written && typeof nonlinearity === 'string') {
      const activation = nonlinearityActivation(nonlinearity, nonlinearity === 'leaky_relu' && typeof a === 'number' ? a : undefined);
      if (activation) parsed.hint = { activation, source: 'nonlinearity= argument' };
    }
  }
  return parsed;
}

/** In-place tensor methods that initialize: normal_, uniform_, zero_, fill_. */
const METHOD_SIGNATURES: Readonly<Record<string, Signature>> = {
  normal_: SIGNATURES.normal,
  // Tensor.uniform_(from=0, to=1): `from` is a Python keyword, so only `to` can be named.
  uniform_: {
    parameters: [num('from', 0), num('to', 1)],
    build: (v) => ({ init: { scheme: 'uniform', ...fields(v, [['from', 'low'], ['to', 'high']]) }, params: pick(v, [['from', 'low'], ['to', 'high']]) }),
  },
  zero_: SIGNATURES.zeros,
  fill_: {
    parameters: [num('value')],
    build: (v) => ({ init: { scheme: 'constant', ...fields(v, [['value', 'value']]) }, params: pick(v, [['value', 'value']]) }),
  },
};

export function isInitMethod(method: string): boolean {
  return Object.hasOwn(METHOD_SIGNATURES, method);
}

export function parseTensorMethod(method: string, args: InitArgs, reader: ArgReader): ParsedInit | null {
  if (!isInitMethod(method)) return null;
  return bind(method, METHOD_SIGNATURES[method], args, reader);
}

function bind(name: string, signature: Signature, args: InitArgs, reader: ArgReader): ParsedInit {
  const values: Values = new Map();
  const unresolved: string[] = [];
  let complete = true;
  signature.parameters.forEach((parameter, index) => {
    const node = args.keywords.get(parameter.name) ?? args.positional[index];
    if (!node) {
      if (parameter.fallback !== undefined) values.set(parameter.name, parameter.fallback);
      else {
        unresolved.push(parameter.name);
        complete = false;
      }
      return;
    }
    const value = parameter.kind === 'number' ? reader.number(node) : reader.string(node);
    if (value === null || !validValue(parameter, value)) {
      unresolved.push(reader.text(node));
      complete = false;
      return;
    }
    values.set(parameter.name, value);
  });
  const built = signature.build(values);
  return { name, init: built.init, params: built.params, unresolved, complete };
}

function validValue(parameter: Parameter, value: number | string): boolean {
  if (parameter.name === 'mode') return value === 'fan_in' || value === 'fan_out';
  if (parameter.name === 'nonlinearity') return typeof value === 'string' && safeGain(value, 0) !== null;
  return true;
}

function safeGain(nonlinearity: string, a: number): number | null {
  try {
    return calculateGain(nonlinearity, a);
  } catch {
    return null;
  }
}
