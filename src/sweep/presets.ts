// What each sweep covers by default: the schemes and activations people choose between, and
// log-spaced grids of gains, depths and widths.

import { ACTIVATION_NAMES } from '../core/activations';
import { LIMITS } from '../core/simulate';
import type { ActivationSpec } from '../core/types';
import type { SweepScheme } from './types';

/** The schemes × activations columns, in the order the heatmap shows them. */
export const SWEEP_SCHEMES: readonly SweepScheme[] = [
  { id: 'zeros', label: 'zeros', init: { scheme: 'zeros' } },
  { id: 'normal_0.01', label: 'N(0, 0.01²)', init: { scheme: 'normal', std: 0.01 } },
  { id: 'normal_1', label: 'N(0, 1)', init: { scheme: 'normal', std: 1 } },
  { id: 'xavier_normal', label: 'Xavier normal', init: { scheme: 'xavier_normal' } },
  { id: 'xavier_uniform', label: 'Xavier uniform', init: { scheme: 'xavier_uniform' } },
  { id: 'he_normal', label: 'He normal', init: { scheme: 'he_normal' } },
  { id: 'he_uniform', label: 'He uniform', init: { scheme: 'he_uniform' } },
  { id: 'lecun_normal', label: 'LeCun normal', init: { scheme: 'lecun_normal' } },
  { id: 'orthogonal', label: 'orthogonal', init: { scheme: 'orthogonal' } },
  { id: 'torch_default', label: 'PyTorch default', init: { scheme: 'torch_default' } },
  { id: 'keras_default', label: 'Keras default', init: { scheme: 'keras_default' } },
  { id: 'flax_default', label: 'Flax default', init: { scheme: 'flax_default' } },
];

/** Every activation with its default parameter. */
export const SWEEP_ACTIVATIONS: readonly ActivationSpec[] = ACTIVATION_NAMES.map((name) => ({ name }));

/** `count` points from `low` to `high` (inclusive), evenly spaced in log. */
export function logSpaced(low: number, high: number, count: number): number[] {
  if (count === 1) return [low];
  const a = Math.log(low);
  const step = (Math.log(high) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? high : Math.exp(a + i * step)));
}

/** Distinct integers, log-spaced from low to high (inclusive). */
export function logSpacedIntegers(low: number, high: number, count: number): number[] {
  return [...new Set(logSpaced(low, high, count).map((x) => Math.round(x)))].filter((x) => x >= low && x <= high);
}

export const GAIN_RANGE = { low: 0.25, high: 4, points: 25 } as const;
export const DEPTH_RANGE = { low: 1, high: 1000, points: 16 } as const;
/** Widths as powers of two up to 2048; the width sweep draws many networks per width. */
export const WIDTH_RANGE = { low: 16, high: 2048 } as const;
/** Draws per Monte Carlo point: one network per heatmap cell (as `init-lens check`), a band elsewhere. */
export const SWEEP_DRAWS = { schemes: 1, gain: 4, depth: 4, width: 32 } as const;
/** The width sweep's prediction is for one input (Hanin & Rolnick). */
export const WIDTH_SWEEP_BATCH = 1;

/**
 * 0.25…4 (25 points), widened to take in the gain a line has (N(0, 0.01²) at fan_in 500 is 0.22),
 * at the same density per decade, so "your line" always sits on the chart.
 */
export function defaultGains(currentGain: number | null = null): number[] {
  if (currentGain === null || !(currentGain > 0) || !Number.isFinite(currentGain)) return logSpaced(GAIN_RANGE.low, GAIN_RANGE.high, GAIN_RANGE.points);
  const low = Math.max(1e-3, Math.min(GAIN_RANGE.low, currentGain / 1.25));
  const high = Math.min(MAX_DEFAULT_GAIN, Math.max(GAIN_RANGE.high, currentGain * 1.25));
  const perDecade = (GAIN_RANGE.points - 1) / Math.log10(GAIN_RANGE.high / GAIN_RANGE.low);
  return logSpaced(low, high, Math.round(perDecade * Math.log10(high / low)) + 1);
}

/** Gains past this are not worth a default grid (every activation has long exploded). */
const MAX_DEFAULT_GAIN = 100;

export function defaultDepths(maxDepth: number = DEPTH_RANGE.high): number[] {
  return logSpacedIntegers(DEPTH_RANGE.low, Math.min(maxDepth, LIMITS.depth), DEPTH_RANGE.points);
}

export function defaultWidths(maxWidth: number = WIDTH_RANGE.high): number[] {
  const widths: number[] = [];
  for (let w = WIDTH_RANGE.low; w <= Math.min(maxWidth, LIMITS.width); w *= 2) widths.push(w);
  return widths;
}
