// The scheme that fixes a verdict for this activation (design.md §6): He for ReLU-like,
// Xavier for tanh/sigmoid/linear, LeCun (kaiming with the linear gain) for SELU.

import { distributionMoments, resolveInit } from '../core/schemes';
import { meanFieldForNetwork } from '../core/theory';
import type { ActivationSpec, InitSpec, NetworkSpec, SchemeName, SimulationResult } from '../core/types';
import { widthFactor } from './ratios';

export interface Fix {
  scheme: SchemeName;
  init: InitSpec;
  label: string;
  /** Mean-field forward and backward ratios of the network with the fix applied (backward divided by the width factor, as verdicts judge it). */
  expected: { forwardRatio: number; backwardRatio: number } | null;
}

export function recommendedInit(activation: ActivationSpec): { init: InitSpec; label: string } {
  switch (activation.name) {
    case 'relu':
    case 'gelu':
    case 'gelu_tanh':
    case 'silu':
    case 'mish':
    case 'elu':
    case 'softplus':
      return { init: { scheme: 'he_normal', nonlinearity: 'relu' }, label: 'He normal (std √(2/fan_in))' };
    case 'leaky_relu': {
      const a = activation.param ?? 0.01;
      return {
        init: { scheme: 'he_normal', nonlinearity: 'leaky_relu', a },
        label: `He normal for leaky_relu(${a}) (std √(2/((1+a²)·fan_in)))`,
      };
    }
    case 'selu':
      return { init: { scheme: 'lecun_normal' }, label: 'LeCun normal (std √(1/fan_in), the linear gain SELU needs)' };
    case 'tanh':
    case 'sigmoid':
    case 'linear':
      return { init: { scheme: 'xavier_normal' }, label: 'Xavier normal (std √(2/(fan_in+fan_out)))' };
  }
}

/** The network with every layer's init replaced by the one recommended for its activation. */
export function applyRecommended(network: NetworkSpec): NetworkSpec {
  return {
    inputWidth: network.inputWidth,
    layers: network.layers.map((l) => ({ ...l, init: recommendedInit(l.activation).init })),
  };
}

export function sameVariance(a: InitSpec, b: InitSpec, fanIn: number, fanOut: number): boolean {
  const da = resolveInit(a, fanIn, fanOut);
  const db = resolveInit(b, fanIn, fanOut);
  if (da.kind === 'constant' || db.kind === 'constant') return false;
  const ma = distributionMoments(da, fanIn, fanOut);
  const mb = distributionMoments(db, fanIn, fanOut);
  return ma.mean === mb.mean && Math.abs(ma.variance - mb.variance) <= 1e-9 * mb.variance;
}

/**
 * The fix for this network, or null when every layer already has the recommended variance
 * (then the activation itself is the limit).
 */
export function recommendedFix(result: SimulationResult): Fix | null {
  const network = result.config.network;
  const first = network.layers[0];
  const { init, label } = recommendedInit(first.activation);
  const alreadyRecommended = network.layers.every((l) => sameVariance(l.init, recommendedInit(l.activation).init, l.fanIn, l.fanOut));
  if (alreadyRecommended) return null;
  const fixed = meanFieldForNetwork(applyRecommended(network), result.config.options.batch);
  let expected: Fix['expected'] = null;
  if (fixed && fixed.layers.length === network.layers.length) {
    const layers = fixed.layers;
    expected = {
      forwardRatio: layers[layers.length - 1].std / layers[0].std,
      backwardRatio: layers[0].preGradStd / layers[layers.length - 1].preGradStd / widthFactor(network),
    };
  }
  return { scheme: init.scheme, init, label, expected };
}
