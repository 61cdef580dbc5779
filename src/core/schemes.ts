// Initialization schemes with each framework's exact semantics (design.md §4): names and
// aliases, fans (conv receptive field, groups), resolution to a per-entry distribution,
// exact moments, and a description in words.

import { calculateGain } from './activations';
import { InputError } from './errors';
import { sparseZerosPerInput, truncatedMass, truncatedNormalMoments } from './distributions';
import type { FanMode, InitSpec, SchemeName, VarianceScalingDistribution, WeightDistribution } from './types';

const SCHEME_SET: Record<SchemeName, true> = {
  normal: true, uniform: true, truncated_normal: true, xavier_normal: true, xavier_uniform: true,
  he_normal: true, he_uniform: true, lecun_normal: true, lecun_uniform: true, orthogonal: true,
  sparse: true, eye: true, torch_default: true, keras_default: true, flax_default: true,
  variance_scaling: true, zeros: true, constant: true,
};
export const SCHEME_NAMES = Object.keys(SCHEME_SET) as readonly SchemeName[];

/** Other spellings of the canonical names (PyTorch, Keras and JAX names). */
const SCHEME_ALIASES: Readonly<Record<string, SchemeName>> = {
  glorot_normal: 'xavier_normal', glorot_uniform: 'xavier_uniform',
  kaiming_normal: 'he_normal', kaiming_uniform: 'he_uniform',
  random_normal: 'normal', random_uniform: 'uniform', trunc_normal: 'truncated_normal',
  identity: 'eye', dirac: 'eye', zero: 'zeros', ones: 'constant', one: 'constant',
  pytorch_default: 'torch_default',
};

/** Keras' constant: the std of N(0, 1) truncated to [−2, 2], so VarianceScaling keeps its variance. */
export const TRUNCATED_NORMAL_STD_CORRECTION = 0.87962566103423978;

/** "nn.init.kaiming_normal_", "HeNormal()", "glorot-uniform" → "kaiming_normal", "he_normal", "glorot_uniform". */
function normalizeName(text: string): string {
  const last = text.trim().replace(/\(\s*\)$/, '').split('.').pop() ?? '';
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/-/g, '_')
    .replace(/_+$/, '');
}

export function parseSchemeName(text: string): SchemeName {
  const name = normalizeName(text);
  if (Object.hasOwn(SCHEME_SET, name)) return name as SchemeName;
  if (Object.hasOwn(SCHEME_ALIASES, name)) return SCHEME_ALIASES[name];
  throw new InputError(
    'initialization',
    `one of ${SCHEME_NAMES.join(', ')} (or an alias: ${Object.keys(SCHEME_ALIASES).join(', ')})`,
    text,
  );
}

export type InitFramework = 'torch' | 'keras' | 'flax';

const truncatedScaling = (scale: number, mode: FanMode): InitSpec => ({ scheme: 'variance_scaling', scale, mode, distribution: 'truncated_normal' });

/**
 * Where a framework's initializer means something other than the canonical scheme of the same
 * name: Keras and JAX `*_normal` variance-scaling initializers are truncated, and their plain
 * random initializers have small default scales (Keras 0.05, JAX 0.01, JAX uniform is U[0, 0.01)).
 */
const FRAMEWORK_MEANINGS: Readonly<Record<'keras' | 'flax', Partial<Record<SchemeName, InitSpec>>>> = {
  keras: {
    normal: { scheme: 'normal', std: 0.05 },
    uniform: { scheme: 'uniform', low: -0.05, high: 0.05 },
    truncated_normal: { scheme: 'truncated_normal', std: 0.05, truncation: 'keras' },
    xavier_normal: truncatedScaling(1, 'fan_avg'),
    he_normal: truncatedScaling(2, 'fan_in'),
    lecun_normal: truncatedScaling(1, 'fan_in'),
  },
  flax: {
    normal: { scheme: 'normal', std: 0.01 },
    uniform: { scheme: 'uniform', low: 0, high: 0.01 },
    truncated_normal: { scheme: 'truncated_normal', std: 0.01, truncation: 'plain' },
    xavier_normal: truncatedScaling(1, 'fan_avg'),
    he_normal: truncatedScaling(2, 'fan_in'),
    lecun_normal: truncatedScaling(1, 'fan_in'),
  },
};

/**
 * Parses an initializer name into an InitSpec ('ones' becomes constant 1). Without `framework`
 * (or with 'torch') the canonical CLI meaning is used, e.g. `lecun_normal` is untruncated
 * N(0, 1/fan_in). With 'keras' or 'flax' the name means what that framework's initializer of
 * that name does with its defaults, e.g. Keras `he_normal` = VarianceScaling(2, fan_in, truncated_normal).
 */
export function parseInitName(text: string, framework?: InitFramework): InitSpec {
  const scheme = parseSchemeName(text);
  if (framework === 'keras' || framework === 'flax') {
    const meaning = FRAMEWORK_MEANINGS[framework][scheme];
    if (meaning !== undefined) return { ...meaning };
  }
  const name = normalizeName(text);
  if (name === 'ones' || name === 'one') return { scheme: 'constant', value: 1 };
  return { scheme };
}

// ── Fans ────────────────────────────────────────────────────────────────────────────────

export interface Fans {
  fanIn: number;
  fanOut: number;
  receptiveField: number;
}

/**
 * Fans of a weight tensor as the frameworks compute them. torch: (out, in/groups, *kernel)
 * (`_calculate_fan_in_and_fan_out`); keras: (*kernel, in, out); numpy: (fan_in, fan_out),
 * with any leading axes taken as the receptive field as JAX does.
 */
export function computeFans(shape: readonly number[], layout: 'torch' | 'keras' | 'numpy'): Fans {
  shape.forEach((size, axis) => {
    if (!Number.isInteger(size) || size < 1) throw new InputError(`weight shape axis ${axis}`, 'an integer ≥ 1', size);
  });
  if (layout === 'torch') {
    if (shape.length < 2) throw new InputError('PyTorch weight shape', 'at least 2-D (out, in, *kernel)', `[${shape.join(', ')}]`);
    const receptiveField = product(shape.slice(2));
    return { fanIn: shape[1] * receptiveField, fanOut: shape[0] * receptiveField, receptiveField };
  }
  if (shape.length === 0) return { fanIn: 1, fanOut: 1, receptiveField: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0], receptiveField: 1 };
  const receptiveField = product(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2] * receptiveField, fanOut: shape[shape.length - 1] * receptiveField, receptiveField };
}

function product(values: readonly number[]): number {
  return values.reduce((p, v) => p * v, 1);
}

/**
 * The fans an init sees. `fanIn`/`fanOut` are the layer's input and output widths (channels
 * for a conv); PyTorch and Keras multiply both by the receptive field and divide fan_in by groups.
 */
export function effectiveFans(init: InitSpec, fanIn: number, fanOut: number): { fanIn: number; fanOut: number } {
  requireFan('fanIn', fanIn);
  requireFan('fanOut', fanOut);
  const receptiveField = init.receptiveField ?? 1;
  const groups = init.groups ?? 1;
  requireFan('receptiveField', receptiveField);
  requireFan('groups', groups);
  if (fanIn % groups !== 0) throw new InputError('groups', `a divisor of fanIn = ${fanIn}`, groups);
  return { fanIn: (fanIn / groups) * receptiveField, fanOut: fanOut * receptiveField };
}

function requireFan(input: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new InputError(input, 'an integer ≥ 1', value);
}

function fanFor(mode: FanMode, fans: { fanIn: number; fanOut: number }): number {
  if (mode === 'fan_in') return fans.fanIn;
  if (mode === 'fan_out') return fans.fanOut;
  return (fans.fanIn + fans.fanOut) / 2;
}

// ── Resolution ──────────────────────────────────────────────────────────────────────────

function finite(input: string, value: number): number {
  if (!Number.isFinite(value)) throw new InputError(input, 'a finite number', value);
  return value;
}

function nonNegative(input: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new InputError(input, 'a finite number ≥ 0', value);
  return value;
}

function positive(input: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new InputError(input, 'a finite number > 0', value);
  return value;
}

function requireOnly2d(init: InitSpec, scheme: string): void {
  if ((init.receptiveField ?? 1) !== 1 || (init.groups ?? 1) !== 1) {
    throw new InputError(`${scheme} receptiveField and groups`, '1 (it is defined for 2-D weights only)', `${init.receptiveField ?? 1} and ${init.groups ?? 1}`);
  }
}

function truncatedAt(mean: number, std: number, low: number, high: number): WeightDistribution {
  if (!(low < high)) throw new InputError('truncated_normal high', `a number > low = ${low}`, high);
  if (truncatedMass((low - mean) / std, (high - mean) / std) === 0) {
    throw new InputError('truncated_normal bounds', 'an interval with non-zero probability under N(mean, std²)', `[${low}, ${high}]`);
  }
  return { kind: 'truncated_normal', mean, std, low, high };
}

function varianceScaling(scale: number, mode: FanMode, distribution: VarianceScalingDistribution, fans: { fanIn: number; fanOut: number }): WeightDistribution {
  positive('variance_scaling scale', scale);
  const variance = scale / Math.max(1, fanFor(mode, fans));
  switch (distribution) {
    case 'truncated_normal': {
      const std = Math.sqrt(variance) / TRUNCATED_NORMAL_STD_CORRECTION;
      return { kind: 'truncated_normal', mean: 0, std, low: -2 * std, high: 2 * std };
    }
    // JAX's 'normal' is untruncated; Keras maps its 'normal' to 'truncated_normal' (parsers must too).
    case 'untruncated_normal':
    case 'normal':
      return { kind: 'normal', mean: 0, std: Math.sqrt(variance) };
    case 'uniform': {
      const limit = Math.sqrt(3 * variance);
      return { kind: 'uniform', low: -limit, high: limit };
    }
    default:
      throw new InputError('variance_scaling distribution', 'one of truncated_normal, untruncated_normal, normal, uniform', distribution);
  }
}

/**
 * Resolves an init against its layer to the exact distribution of every weight entry.
 * `fanIn`/`fanOut` are the layer's widths (channels for a conv); see effectiveFans.
 */
export function resolveInit(init: InitSpec, fanIn: number, fanOut: number): WeightDistribution {
  const fans = effectiveFans(init, fanIn, fanOut);
  const s = init.scheme;
  switch (s) {
    case 'normal':
      return { kind: 'normal', mean: finite('normal mean', init.mean ?? 0), std: nonNegative('normal std', init.std ?? 1) };
    case 'uniform': {
      const low = finite('uniform low', init.low ?? 0);
      const high = finite('uniform high', init.high ?? 1);
      if (!(low < high)) throw new InputError('uniform high', `a finite number > low = ${low}`, high);
      return { kind: 'uniform', low, high };
    }
    case 'truncated_normal': {
      const mean = finite('truncated_normal mean', init.mean ?? 0);
      const std = positive('truncated_normal std', init.std ?? 1);
      if (init.truncation === undefined) {
        // PyTorch trunc_normal_: a and b are absolute bounds, not multiples of std.
        return truncatedAt(mean, std, finiteOrInfinite('truncated_normal low', init.low ?? -2), finiteOrInfinite('truncated_normal high', init.high ?? 2));
      }
      // Keras TruncatedNormal and JAX truncated_normal: redraw beyond 2 std, no rescaling.
      if (init.low !== undefined || init.high !== undefined) {
        throw new InputError('truncated_normal low/high', `unset with truncation '${init.truncation}' (its bounds are mean ± 2·std)`, `${init.low}, ${init.high}`);
      }
      return truncatedAt(mean, std, mean - 2 * std, mean + 2 * std);
    }
    case 'xavier_normal':
      return { kind: 'normal', mean: 0, std: positive('xavier gain', init.gain ?? 1) * Math.sqrt(2 / (fans.fanIn + fans.fanOut)) };
    case 'xavier_uniform': {
      const bound = positive('xavier gain', init.gain ?? 1) * Math.sqrt(6 / (fans.fanIn + fans.fanOut));
      return { kind: 'uniform', low: -bound, high: bound };
    }
    case 'he_normal':
    case 'he_uniform': {
      const mode = init.mode ?? 'fan_in';
      if (mode === 'fan_avg') throw new InputError('kaiming mode', "'fan_in' or 'fan_out'", mode);
      const std = calculateGain(init.nonlinearity ?? 'leaky_relu', init.a ?? 0) / Math.sqrt(fanFor(mode, fans));
      if (s === 'he_normal') return { kind: 'normal', mean: 0, std };
      return { kind: 'uniform', low: -Math.sqrt(3) * std, high: Math.sqrt(3) * std };
    }
    case 'lecun_normal':
      return { kind: 'normal', mean: 0, std: 1 / Math.sqrt(fans.fanIn) };
    case 'lecun_uniform': {
      const bound = Math.sqrt(3 / fans.fanIn);
      return { kind: 'uniform', low: -bound, high: bound };
    }
    case 'variance_scaling':
      return varianceScaling(init.scale ?? 1, init.mode ?? 'fan_in', init.distribution ?? 'truncated_normal', fans);
    case 'orthogonal':
      return { kind: 'orthogonal', gain: positive('orthogonal gain', init.gain ?? 1) };
    case 'sparse': {
      requireOnly2d(init, 'sparse');
      if (init.sparsity === undefined) throw new InputError('sparse sparsity', 'set: a fraction of zeros in [0, 1)', undefined);
      const sparsity = init.sparsity;
      if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity >= 1) throw new InputError('sparse sparsity', 'a fraction in [0, 1)', sparsity);
      return { kind: 'sparse', sparsity, std: nonNegative('sparse std', init.std ?? 0.01) };
    }
    case 'eye':
      requireOnly2d(init, 'eye');
      // PyTorch eye_ writes 1; Keras Identity(gain) writes gain.
      return { kind: 'eye', value: finite('eye value', init.value ?? init.gain ?? 1) };
    case 'zeros':
      return { kind: 'constant', value: 0 };
    case 'constant':
      return { kind: 'constant', value: finite('constant value', init.value ?? 0) };
    case 'torch_default': {
      // kaiming_uniform_(a=√5): gain √(2/6), bound √3·gain/√fan_in = 1/√fan_in.
      const bound = 1 / Math.sqrt(fans.fanIn);
      return { kind: 'uniform', low: -bound, high: bound };
    }
    case 'keras_default':
      return resolveInit({ ...init, scheme: 'xavier_uniform', gain: 1 }, fanIn, fanOut);
    case 'flax_default':
      return varianceScaling(1, 'fan_in', 'truncated_normal', fans);
    default:
      throw new InputError('initialization scheme', `one of ${SCHEME_NAMES.join(', ')}`, s satisfies never);
  }
}

function finiteOrInfinite(input: string, value: number): number {
  if (Number.isNaN(value)) throw new InputError(input, 'a number (±Infinity allowed)', value);
  return value;
}

/** PyTorch's nn.Linear / nn.Conv*d bias default: U(±1/√fan_in), fan_in with the receptive field. */
export function torchDefaultBias(fanIn: number): InitSpec {
  requireFan('fanIn', fanIn);
  const bound = 1 / Math.sqrt(fanIn);
  return { scheme: 'uniform', low: -bound, high: bound };
}

// ── Moments ─────────────────────────────────────────────────────────────────────────────

export interface Moments {
  mean: number;
  variance: number;
  /** Whether entries are independent draws (false for orthogonal, eye and sparse). */
  iid: boolean;
}

/** Exact per-entry mean and variance of W (fanIn × fanOut) drawn from `d`. */
export function distributionMoments(d: WeightDistribution, fanIn: number, fanOut: number): Moments {
  requireFan('fanIn', fanIn);
  requireFan('fanOut', fanOut);
  switch (d.kind) {
    case 'normal':
      return { mean: d.mean, variance: d.std * d.std, iid: true };
    case 'uniform':
      return { mean: (d.low + d.high) / 2, variance: ((d.high - d.low) * (d.high - d.low)) / 12, iid: true };
    case 'truncated_normal':
      return { ...truncatedNormalMoments(d.mean, d.std, d.low, d.high), iid: true };
    case 'orthogonal':
      // Orthonormal columns (tall) or rows (wide): the squared entries sum to min(fanIn, fanOut).
      return { mean: 0, variance: (d.gain * d.gain) / Math.max(fanIn, fanOut), iid: false };
    case 'sparse': {
      const zeroFraction = sparseZerosPerInput(d.sparsity, fanOut) / fanOut;
      return { mean: 0, variance: (1 - zeroFraction) * d.std * d.std, iid: false };
    }
    case 'eye': {
      const p = Math.min(fanIn, fanOut) / (fanIn * fanOut);
      return { mean: d.value * p, variance: d.value * d.value * p * (1 - p), iid: false };
    }
    case 'constant':
      return { mean: d.value, variance: 0, iid: true };
    default:
      return d satisfies never;
  }
}

/** Gaussian with zero mean: the weights the matrix-free engine can handle exactly. */
export function isGaussianScheme(d: WeightDistribution): boolean {
  return d.kind === 'normal' && d.mean === 0;
}

// ── Description ─────────────────────────────────────────────────────────────────────────

const MINUS = '\u2212';

/** A number for people: 1/3-style fractions and √k where exact, else 4 significant digits. */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return String(x).replace('-', MINUS);
  if (x < 0) return MINUS + formatQuantity(-x);
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  // Short decimals (0.05, 30, 1e-7) as decimals, rounding noise (0.3·100) included.
  const short = Number(x.toPrecision(6));
  if (Math.abs(short - x) <= 1e-12 * x) return String(short);
  for (let q = 2; q <= 12; q++) {
    const p = Math.round(x * q);
    if (p > 0 && p < 1000 && close(x, p / q) && greatestCommonDivisor(p, q) === 1) return `${p}/${q}`;
  }
  for (let q = 1; q <= 12; q++) {
    const p = Math.round(x * x * q);
    if (p > 0 && close(x * x, p / q) && greatestCommonDivisor(p, q) === 1) return q === 1 ? `√${p}` : `√(${p}/${q})`;
  }
  return String(Number(x.toPrecision(4))).replace('-', MINUS);
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

const fmt = formatQuantity;
const gaussian = (mean: number, std: number): string => `N(${fmt(mean)}, ${std === 1 ? '1' : `${fmt(std)}²`})`;
const SYMMETRIC = ' — symmetry is never broken';

function describeScheme(init: InitSpec): string {
  switch (init.scheme) {
    case 'normal':
      return gaussian(init.mean ?? 0, init.std ?? 1);
    case 'uniform':
      return `U(${fmt(init.low ?? 0)}, ${fmt(init.high ?? 1)})`;
    case 'truncated_normal': {
      const base = gaussian(init.mean ?? 0, init.std ?? 1);
      if (init.truncation === 'keras') return `${base} truncated at ±2σ (Keras TruncatedNormal)`;
      if (init.truncation === 'plain') return `${base} truncated at ±2σ (JAX truncated_normal)`;
      return `${base} truncated to [${fmt(init.low ?? -2)}, ${fmt(init.high ?? 2)}]`;
    }
    case 'xavier_normal':
    case 'xavier_uniform':
      return `Xavier/Glorot ${init.scheme === 'xavier_normal' ? 'normal' : 'uniform'} (gain ${fmt(init.gain ?? 1)})`;
    case 'he_normal':
    case 'he_uniform': {
      const nonlinearity = init.nonlinearity ?? 'leaky_relu';
      const a = init.a ?? 0;
      const gain = fmt(calculateGain(nonlinearity, a));
      const why = nonlinearity === 'relu' || (nonlinearity === 'leaky_relu' && a === 0) ? '' : nonlinearity === 'leaky_relu' ? ` for leaky_relu a = ${fmt(a)}` : ` for ${nonlinearity}`;
      return `He ${init.scheme === 'he_normal' ? 'normal' : 'uniform'} (${init.mode ?? 'fan_in'}, gain ${gain}${why})`;
    }
    case 'lecun_normal':
      return 'LeCun normal: N(0, 1/fan_in)';
    case 'lecun_uniform':
      return 'LeCun uniform: U(±√(3/fan_in))';
    case 'variance_scaling':
      return `VarianceScaling(scale=${fmt(init.scale ?? 1)}, mode=${init.mode ?? 'fan_in'}, distribution=${init.distribution ?? 'truncated_normal'})`;
    case 'orthogonal':
      return `Orthogonal (gain ${fmt(init.gain ?? 1)})`;
    case 'sparse':
      return `Sparse (${init.sparsity === undefined ? '?' : fmt(100 * init.sparsity)}% zeros per input unit, ${gaussian(0, init.std ?? 0.01)})`;
    case 'eye': {
      const value = init.value ?? init.gain ?? 1;
      return value === 1 ? 'Identity (eye)' : `Identity × ${fmt(value)}`;
    }
    case 'zeros':
      return `Zeros${SYMMETRIC}`;
    case 'constant':
      return `Constant ${fmt(init.value ?? 0)}${SYMMETRIC}`;
    case 'torch_default':
      return `U(${MINUS}1/√fan_in, 1/√fan_in) — PyTorch nn.Linear default`;
    case 'keras_default':
      return 'Glorot uniform — Keras Dense default';
    case 'flax_default':
      return 'LeCun normal, truncated (VarianceScaling(1, fan_in, truncated_normal)) — Flax Dense default';
    default:
      return init.scheme satisfies never;
  }
}

/** The init in words, e.g. "He normal (fan_in, gain √2)" or "N(0, 0.01²)". */
export function describeInit(init: InitSpec): string {
  const conv: string[] = [];
  if ((init.receptiveField ?? 1) !== 1) conv.push(`receptive field ${init.receptiveField}`);
  if ((init.groups ?? 1) !== 1) conv.push(`groups ${init.groups}`);
  const text = describeScheme(init);
  return conv.length === 0 ? text : `${text} [${conv.join(', ')}]`;
}
