// An InitSpec as a formula over the layer's fans, so it can be written into code that draws
// its own numbers (numpy, raw tensors, pseudo-code): Var(W) = gain² · coef / ((1 + a²) · fan).

import { describeInit, distributionMoments, formatQuantity, resolveInit } from '../core/schemes';
import type { FanMode, InitSpec } from '../core/types';
import { pyNumber, pyRatio } from './pyText';

export type Family = 'normal' | 'uniform';

/** Var(W) = (gain² · num / den) / ((1 + slope²) · fan), fan_avg meaning (fan_in + fan_out) / 2. */
export interface ScaledVariance {
  kind: 'scaled';
  num: number;
  den: number;
  /** leaky_relu negative slope folded into the variance, as PyTorch's kaiming does. */
  slope?: number;
  /** A gain outside the square root, with its spelling ("5 / 3" for tanh). */
  gain?: { value: number; text: string };
  fan: FanMode;
}

/** An init that does not depend on the fans: a fixed mean and std (and the bounds, if uniform). */
export interface FixedMoments {
  kind: 'fixed';
  mean: number;
  std: number;
  bounds?: { low: number; high: number };
}

export type VarianceRule = ScaledVariance | FixedMoments;

export function varianceRule(init: InitSpec): VarianceRule | { reason: string } {
  const scaled = (num: number, fan: FanMode, extra: Partial<ScaledVariance> = {}): ScaledVariance => ({ kind: 'scaled', num, den: 1, fan, ...extra });
  switch (init.scheme) {
    case 'he_normal':
    case 'he_uniform': {
      const mode = init.mode ?? 'fan_in';
      if (mode === 'fan_avg') return { reason: "kaiming mode must be 'fan_in' or 'fan_out'" };
      const nonlinearity = init.nonlinearity ?? 'leaky_relu';
      const a = init.a ?? 0;
      if (nonlinearity === 'relu' || (nonlinearity === 'leaky_relu' && a === 0)) return scaled(2, mode);
      if (nonlinearity === 'leaky_relu') return scaled(2, mode, { slope: a });
      if (nonlinearity === 'tanh') return scaled(1, mode, { gain: { value: 5 / 3, text: '5 / 3' } });
      if (nonlinearity === 'selu') return scaled(1, mode, { gain: { value: 3 / 4, text: '3 / 4' } });
      if (nonlinearity === 'sigmoid' || nonlinearity === 'linear' || /^conv(_transpose)?[123]d$/.test(nonlinearity)) return scaled(1, mode);
      return { reason: `kaiming nonlinearity '${nonlinearity}' has no gain` };
    }
    case 'xavier_normal':
    case 'xavier_uniform': {
      const gain = init.gain ?? 1;
      return scaled(1, 'fan_avg', gain === 1 ? {} : { gain: { value: gain, text: pyRatio(gain) } });
    }
    case 'keras_default':
      return scaled(1, 'fan_avg');
    case 'lecun_normal':
    case 'lecun_uniform':
    case 'flax_default':
      return scaled(1, 'fan_in');
    case 'torch_default':
      // kaiming_uniform_(a=√5): bound 1/√fan_in, i.e. variance 1/(3·fan_in).
      return { kind: 'scaled', num: 1, den: 3, fan: 'fan_in' };
    case 'variance_scaling':
      return scaled(init.scale ?? 1, init.mode ?? 'fan_in');
    case 'normal':
    case 'uniform':
    case 'truncated_normal': {
      const m = distributionMoments(resolveInit(init, 1, 1), 1, 1);
      const d = resolveInit(init, 1, 1);
      return { kind: 'fixed', mean: m.mean, std: Math.sqrt(m.variance), ...(d.kind === 'uniform' ? { bounds: { low: d.low, high: d.high } } : {}) };
    }
    default:
      return { reason: `${describeInit(init)} cannot be written as a scale on a random draw` };
  }
}

/** The fans as operand texts: "a", "784", "(n + 1)". */
export interface FanTexts {
  fanIn: string;
  fanOut: string;
}

export type Sqrt = (inner: string) => string;

/**
 * The std (normal draws) or the bound (uniform draws, √3·std) of a scaled rule:
 * "np.sqrt(2 / a)", "np.sqrt(6 / (a + b))", "np.sqrt(2 / ((1 + 0.2**2) * a))".
 */
export function scaleText(rule: ScaledVariance, family: Family, fans: FanTexts, sqrt: Sqrt): string {
  let num = rule.num * (family === 'uniform' ? 3 : 1) * (rule.fan === 'fan_avg' ? 2 : 1);
  let den = rule.den;
  if (Number.isInteger(num) && Number.isInteger(den)) {
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  const fan = rule.fan === 'fan_in' ? fans.fanIn : rule.fan === 'fan_out' ? fans.fanOut : `(${fans.fanIn} + ${fans.fanOut})`;
  const factors = [rule.slope !== undefined ? `(1 + ${pyNumber(rule.slope)}**2)` : null, den !== 1 ? pyNumber(den) : null].filter((f): f is string => f !== null);
  const denominator = factors.length === 0 ? fan : `(${[...factors, fan].join(' * ')})`;
  const root = sqrt(`${pyNumber(num)} / ${denominator}`);
  return rule.gain ? `${rule.gain.text} * ${root}` : root;
}

/**
 * A Keras / JAX / Haiku VarianceScaling `scale` for the rule: Var = scale / fan with fan_avg
 * as (fan_in + fan_out) / 2, so scale = gain² · num / (den · (1 + slope²)).
 */
export function varianceScale(rule: ScaledVariance): string {
  let base = rule.den === 1 ? pyNumber(rule.num) : `${pyNumber(rule.num)} / ${pyNumber(rule.den)}`;
  if (rule.slope !== undefined) base = `${rule.den === 1 ? base : `(${base})`} / (1 + ${pyNumber(rule.slope)}**2)`;
  if (!rule.gain) return base;
  const gain = /^[\d.]+$/.test(rule.gain.text) ? rule.gain.text : `(${rule.gain.text})`;
  // (2 ** 0.5)**2 and similar squares of a root read better as the number itself.
  const squared = rule.gain.value * rule.gain.value;
  const square = Number.isInteger(Math.round(squared * 1e12) / 1e12) ? pyNumber(Math.round(squared)) : `${gain}**2`;
  return rule.num === 1 && rule.den === 1 && rule.slope === undefined ? square : `${square} * ${base}`;
}

/** The variance-scaling family member of `init` with the other distribution (for uniform draws). */
export function withFamily(init: InitSpec, family: Family): InitSpec {
  const swap: Partial<Record<InitSpec['scheme'], InitSpec['scheme']>> =
    family === 'uniform'
      ? { he_normal: 'he_uniform', xavier_normal: 'xavier_uniform', lecun_normal: 'lecun_uniform' }
      : { he_uniform: 'he_normal', xavier_uniform: 'xavier_normal', lecun_uniform: 'lecun_normal' };
  const scheme = swap[init.scheme];
  return scheme ? { ...init, scheme } : init;
}

/** The scheme in words for a fix title: "He normal", "Xavier uniform (gain 5/3)", "N(0, 0.02²)". */
export function schemeWords(init: InitSpec): string {
  const family = init.scheme.endsWith('_uniform') ? 'uniform' : 'normal';
  switch (init.scheme) {
    case 'he_normal':
    case 'he_uniform': {
      const nonlinearity = init.nonlinearity ?? 'leaky_relu';
      const a = init.a ?? 0;
      const mode = (init.mode ?? 'fan_in') === 'fan_out' ? ', fan_out' : '';
      if (nonlinearity === 'relu' || (nonlinearity === 'leaky_relu' && a === 0)) return `He ${family}${mode ? ` (${mode.slice(2)})` : ''}`;
      if (nonlinearity === 'leaky_relu') return `He ${family} for leaky_relu(${pyNumber(a)})${mode ? ` (${mode.slice(2)})` : ''}`;
      if (nonlinearity === 'linear') return `LeCun ${family}${mode ? ` (${mode.slice(2)})` : ''}`;
      return `He ${family} for ${nonlinearity}${mode ? ` (${mode.slice(2)})` : ''}`;
    }
    case 'xavier_normal':
    case 'xavier_uniform':
      return `Xavier ${family}${(init.gain ?? 1) !== 1 ? ` (gain ${formatQuantity(init.gain ?? 1)})` : ''}`;
    case 'lecun_normal':
    case 'lecun_uniform':
      return `LeCun ${family}`;
    default:
      return describeInit(init);
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

/** A variance-scaling init as the frameworks name it (He, LeCun, Glorot) with its family; name null: only VarianceScaling says it. */
export interface NamedScaling {
  name: 'he' | 'lecun' | 'glorot' | null;
  family: Family;
  rule: ScaledVariance;
}

export function namedScaling(init: InitSpec): NamedScaling | { reason: string } {
  const rule = varianceRule(init);
  if ('reason' in rule) return rule;
  if (rule.kind !== 'scaled') return { reason: 'not a variance-scaling init' };
  const uniform = init.scheme.endsWith('_uniform') || init.scheme === 'keras_default' || init.scheme === 'torch_default';
  const plain = rule.den === 1 && rule.slope === undefined && rule.gain === undefined;
  let name: NamedScaling['name'] = null;
  if (plain && rule.num === 2 && rule.fan === 'fan_in') name = 'he';
  else if (plain && rule.num === 1 && rule.fan === 'fan_in') name = 'lecun';
  else if (plain && rule.num === 1 && rule.fan === 'fan_avg') name = 'glorot';
  return { name, family: uniform ? 'uniform' : 'normal', rule };
}
