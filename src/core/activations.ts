// Activations φ with exact analytic φ′, PyTorch's calculate_gain, and the flags the statistics
// need (design.md §2, §4). Every formula is written to stay accurate (and NaN-free) for any
// finite or infinite x, because the mean-field quadrature evaluates φ at |x| up to 14·√q.

import { InputError } from './errors';
import type { Activation, ActivationName, ActivationSpec } from './types';
import { normalCdf, normalPdf } from './special';

/** SELU constants (Klambauer et al. 2017), as in PyTorch. */
export const SELU_LAMBDA = 1.0507009873554804934193349852946;
export const SELU_ALPHA = 1.6732632423543772848170429916717;

const DEFAULT_LEAKY_SLOPE = 0.01;
const DEFAULT_ELU_ALPHA = 1;
/** PyTorch nn.Softplus(beta=1, threshold=20): φ(x) = x above the threshold. */
const SOFTPLUS_THRESHOLD = 20;
/** √(2/π) and the cubic coefficient of PyTorch's gelu(approximate='tanh'). */
const GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);
const GELU_TANH_CUBIC = 0.044715;

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'linear',
  'relu',
  'leaky_relu',
  'tanh',
  'sigmoid',
  'gelu',
  'gelu_tanh',
  'silu',
  'selu',
  'elu',
  'softplus',
  'mish',
];

/** Extra spellings accepted by parseActivation. */
export const ACTIVATION_ALIASES: Readonly<Record<string, ActivationName>> = {
  identity: 'linear',
  swish: 'silu',
  gelu_erf: 'gelu',
};

function hasParameter(name: ActivationName): boolean {
  return name === 'leaky_relu' || name === 'elu';
}

/** σ(x) without overflow: exp is only ever taken of a non-positive number. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ′(x) = σ(x)(1 − σ(x)) = e/(1 + e)² with e = exp(−|x|): no cancellation for large |x|. */
function sigmoidDerivative(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const d = 1 + e;
  return e / (d * d);
}

/** tanh′(x) = sech²(x) = 4e/(1 + e)² with e = exp(−2|x|), accurate where 1 − tanh² is 0. */
function tanhDerivative(x: number): number {
  const e = Math.exp(-2 * Math.abs(x));
  const d = 1 + e;
  return (4 * e) / (d * d);
}

/** softplus(x) = log(1 + eˣ) without overflow (no threshold). */
function softplusExact(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * tanh(softplus(x)) and sech²(softplus(x)) in closed form. With n = eˣ(eˣ + 2):
 * tanh(softplus) = n/(n + 2) and sech²(softplus) = 4(n + 1)/(n + 2)². For x > 0 the same
 * ratios are rewritten in u = e⁻ˣ so that nothing overflows.
 */
function mishParts(x: number): { tanhSp: number; sech2Sp: number } {
  if (x <= 0) {
    const e = Math.exp(x);
    const n = e * (e + 2);
    const d = n + 2;
    return { tanhSp: n / d, sech2Sp: (4 * (n + 1)) / (d * d) };
  }
  const u = Math.exp(-x);
  const d = 1 + 2 * u + 2 * u * u;
  const onePlusU = 1 + u;
  return { tanhSp: (1 + 2 * u) / d, sech2Sp: (4 * onePlusU * onePlusU * u * u) / (d * d) };
}

/** Inner argument of PyTorch's tanh-approximate GELU: √(2/π)(x + 0.044715x³). */
function geluTanhInner(x: number): number {
  return GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x * x * x);
}

function formatParam(value: number): string {
  return String(value);
}

function checkParam(name: ActivationName, param: number | undefined): number | undefined {
  if (param === undefined) return undefined;
  if (!hasParameter(name)) {
    throw new Error(`Activation "${name}" takes no parameter (got ${param}); only leaky_relu (slope) and elu (alpha) do.`);
  }
  if (!Number.isFinite(param)) {
    throw new Error(`Activation "${name}" needs a finite parameter, got ${param}.`);
  }
  if (name === 'elu' && param < 0) {
    throw new Error(`elu alpha must be ≥ 0, got ${param}.`);
  }
  return param;
}

const isTanhSaturated = (a: number): boolean => Math.abs(a) > 0.99;
const isSigmoidSaturated = (a: number): boolean => a < 0.01 || a > 0.99;

/**
 * Resolves an activation spec. `gain` is PyTorch's nn.init.calculate_gain where PyTorch defines
 * one; for gelu, gelu_tanh, silu, elu, softplus and mish PyTorch raises, and we use 1 (the gain
 * of a function that is ≈ linear on the scale that matters), which is what Xavier/LeCun assume.
 */
export function getActivation(spec: ActivationSpec): Activation {
  const name = spec.name;
  if (!ACTIVATION_NAMES.includes(name)) {
    throw new Error(`Unknown activation "${String(name)}". Allowed: ${ACTIVATION_NAMES.join(', ')}.`);
  }
  const param = checkParam(name, spec.param);
  const base = { spec: { ...spec }, isSaturated: null, canDie: false, kinks: [] as number[], gain: 1 };
  switch (name) {
    case 'linear':
      return { ...base, label: 'linear', phi: (x) => x, dphi: () => 1 };
    case 'relu':
      return {
        ...base,
        label: 'relu',
        phi: (x) => (x > 0 ? x : 0),
        dphi: (x) => (x > 0 ? 1 : 0), // relu′(0) = 0, as PyTorch
        gain: Math.SQRT2,
        kinks: [0],
        canDie: true,
      };
    case 'leaky_relu': {
      const slope = param ?? DEFAULT_LEAKY_SLOPE;
      return {
        ...base,
        label: `leaky_relu(${formatParam(slope)})`,
        phi: (x) => (x > 0 ? x : slope * x),
        dphi: (x) => (x > 0 ? 1 : slope),
        gain: Math.sqrt(2 / (1 + slope * slope)),
        kinks: [0],
        canDie: true,
      };
    }
    case 'tanh':
      return { ...base, label: 'tanh', phi: Math.tanh, dphi: tanhDerivative, gain: 5 / 3, isSaturated: isTanhSaturated };
    case 'sigmoid':
      return { ...base, label: 'sigmoid', phi: sigmoid, dphi: sigmoidDerivative, isSaturated: isSigmoidSaturated };
    case 'gelu':
      return {
        ...base,
        label: 'gelu',
        phi: (x) => (Number.isFinite(x) ? x * normalCdf(x) : x > 0 ? x : 0),
        dphi: (x) => (Number.isFinite(x) ? normalCdf(x) + x * normalPdf(x) : x > 0 ? 1 : 0),
      };
    case 'gelu_tanh':
      // 0.5x(1 + tanh(u)) = x·σ(2u): same function as PyTorch, without cancellation for x ≪ 0
      return {
        ...base,
        label: 'gelu_tanh',
        phi: (x) => {
          if (!Number.isFinite(x)) return x > 0 ? x : 0;
          return x * sigmoid(2 * geluTanhInner(x));
        },
        dphi: (x) => {
          if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
          const u = geluTanhInner(x);
          const du = GELU_TANH_SCALE * (1 + 3 * GELU_TANH_CUBIC * x * x);
          const s = sigmoid(2 * u);
          const ds = 2 * sigmoidDerivative(2 * u); // = ½ sech²(u)
          return ds === 0 ? s : s + x * ds * du;
        },
      };
    case 'silu':
      return {
        ...base,
        label: 'silu',
        phi: (x) => (Number.isFinite(x) ? x * sigmoid(x) : x > 0 ? x : 0),
        dphi: (x) => {
          if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
          const ds = sigmoidDerivative(x);
          return ds === 0 ? sigmoid(x) : sigmoid(x) + x * ds;
        },
      };
    case 'selu':
      return {
        ...base,
        label: 'selu',
        phi: (x) => (x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x)),
        // PyTorch's backward uses the negative branch at x = 0
        dphi: (x) => (x > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(x)),
        gain: 3 / 4,
        kinks: [0],
      };
    case 'elu': {
      const alpha = param ?? DEFAULT_ELU_ALPHA;
      return {
        ...base,
        label: alpha === DEFAULT_ELU_ALPHA ? 'elu' : `elu(${formatParam(alpha)})`,
        phi: (x) => (x > 0 ? x : alpha * Math.expm1(x)),
        dphi: (x) => (x > 0 ? 1 : alpha * Math.exp(x)),
        kinks: [0], // φ′ only jumps when α ≠ 1, but splitting there costs nothing
      };
    }
    case 'softplus':
      return {
        ...base,
        label: 'softplus',
        phi: (x) => (x > SOFTPLUS_THRESHOLD ? x : softplusExact(x)),
        dphi: (x) => (x > SOFTPLUS_THRESHOLD ? 1 : sigmoid(x)),
        // PyTorch's linear region makes φ jump by ≈ 2e-9 at x = 20: a split point for quadrature
        kinks: [SOFTPLUS_THRESHOLD],
      };
    case 'mish':
      return {
        ...base,
        label: 'mish',
        phi: (x) => {
          if (!Number.isFinite(x)) return x > 0 ? x : 0;
          return x * mishParts(x).tanhSp;
        },
        dphi: (x) => {
          if (!Number.isFinite(x)) return x > 0 ? 1 : 0;
          const { tanhSp, sech2Sp } = mishParts(x);
          const ds = sigmoid(x) * sech2Sp;
          return ds === 0 ? tanhSp : tanhSp + x * ds;
        },
      };
  }
}

const TORCH_LINEAR_NAMES = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
const TORCH_GAIN_NAMES = [...TORCH_LINEAR_NAMES, 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'];

/**
 * PyTorch's nn.init.calculate_gain(nonlinearity, param). `param` is leaky_relu's negative
 * slope (default 0.01). Throws, as PyTorch does, for any other name.
 */
export function calculateGain(nonlinearity: string, param?: number): number {
  if (TORCH_LINEAR_NAMES.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? DEFAULT_LEAKY_SLOPE;
      if (!Number.isFinite(slope)) throw new InputError('leaky_relu negative slope', 'a finite number', param);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
  throw new InputError('nonlinearity', `one of ${TORCH_GAIN_NAMES.join(', ')}`, nonlinearity);
}

const PARSE_HELP =
  'linear, relu, leaky_relu[:slope], tanh, sigmoid, gelu, gelu_tanh, silu, selu, elu[:alpha], softplus, mish ' +
  '(aliases: identity = linear, swish = silu, gelu_erf = gelu)';

/**
 * Parses the CLI syntax `name[:param]`, e.g. `relu`, `leaky_relu:0.2`, `elu:1.5`. Case and
 * surrounding spaces are ignored, and `-` may stand for `_` (leaky-relu).
 */
export function parseActivation(text: string): ActivationSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const rawName = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim().toLowerCase().replace(/-/g, '_');
  const rawParam = colon < 0 ? undefined : trimmed.slice(colon + 1).trim();
  const name: ActivationName | undefined =
    ACTIVATION_ALIASES[rawName] ?? ACTIVATION_NAMES.find((candidate) => candidate === rawName);
  if (name === undefined) {
    throw new Error(`Unknown activation "${text}". Allowed: ${PARSE_HELP}.`);
  }
  if (rawParam === undefined) return { name };
  if (!hasParameter(name)) {
    throw new Error(`Activation "${text}": ${name} takes no parameter. Allowed: ${PARSE_HELP}.`);
  }
  const param = rawParam === '' ? Number.NaN : Number(rawParam);
  if (!Number.isFinite(param)) {
    throw new Error(`Activation "${text}": parameter "${rawParam}" is not a finite number (e.g. leaky_relu:0.2, elu:1.5).`);
  }
  if (name === 'elu' && param < 0) {
    throw new Error(`Activation "${text}": elu alpha must be ≥ 0.`);
  }
  return { name, param };
}
