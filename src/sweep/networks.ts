// The square networks sweeps simulate, and the gain of an init (its std in units of the LeCun
// std 1/√fan_in, so He is √2).

import { distributionMoments, resolveInit } from '../core/schemes';
import type { ActivationSpec, InitSpec, NetworkSpec } from '../core/types';

export function squareNetwork(init: InitSpec, activation: ActivationSpec, depth: number, width: number, biasStd: number): NetworkSpec {
  const bias: InitSpec | undefined = biasStd > 0 ? { scheme: 'normal', std: biasStd } : undefined;
  return {
    inputWidth: width,
    layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation, ...(bias ? { bias } : {}) })),
  };
}

/** N(0, (gain/√fan_in)²): the init the gain sweep varies. */
export function gainInit(gain: number, fanIn: number): InitSpec {
  return { scheme: 'normal', std: gain / Math.sqrt(fanIn) };
}

/**
 * √(fan_in · Var(W)) for a zero-mean random init; null for deterministic or non-zero-mean
 * weights (constant, eye), whose "gain" is not a std multiplier.
 */
export function gainOf(init: InitSpec, fanIn: number, fanOut: number): number | null {
  const distribution = resolveInit(init, fanIn, fanOut);
  if (distribution.kind === 'constant' || distribution.kind === 'eye') return null;
  const { mean, variance } = distributionMoments(distribution, fanIn, fanOut);
  if (mean !== 0) return null;
  return Math.sqrt(fanIn * variance);
}
