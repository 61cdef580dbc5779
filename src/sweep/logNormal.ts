// The finite-width prediction for the width sweep: for one input, the squared activation norm
// after each layer is the previous one times an independent factor with relative variance κ/n
// (Hanin & Rolnick 2018: for ReLU with He init κ = 5, so Var ln‖a_L‖² ≈ 5 Σ 1/n_l and ‖a_L‖² is
// about log-normal). For a general φ the delta method carries each layer's fluctuation through
// the slope of the variance map, d ln E[φ²]/d ln q, which is 1 for ReLU and linear layers.

import { getActivation } from '../core/activations';
import { gaussianRule, weightedSum } from '../core/quadrature';
import { distributionMoments, resolveInit } from '../core/schemes';
import type { Activation, NetworkSpec } from '../core/types';

export interface LogStdPrediction {
  /** Predicted standard deviation of ln std(a_L) across network draws; null where it does not apply. */
  value: number | null;
  note: string;
}

interface Moments {
  second: number;
  fourth: number;
  variance: number;
  centralFourth: number;
}

function moments(activation: Activation, q: number): Moments {
  const rule = gaussianRule(Math.sqrt(q), activation.kinks);
  const values = Array.from(rule.points, (x) => activation.phi(x));
  const mean = weightedSum(rule.weights, values);
  const power = (f: (v: number) => number) => weightedSum(rule.weights, values.map(f));
  return {
    second: power((v) => v * v),
    fourth: power((v) => v ** 4),
    variance: power((v) => (v - mean) ** 2),
    centralFourth: power((v) => (v - mean) ** 4),
  };
}

/** d ln f / d ln q by a central difference in ln q. */
function logSlope(f: (q: number) => number, q: number): number {
  const h = 1e-3;
  return (Math.log(f(q * Math.exp(h))) - Math.log(f(q * Math.exp(-h)))) / (2 * h);
}

/** Why the prediction does not apply to this network at this batch, or null when it does. */
export function predictionInapplicable(network: NetworkSpec, batch: number): string | null {
  if (batch !== 1) return `the log-normal prediction is for one input (batch 1, as in Hanin & Rolnick); this sweep uses batch ${batch}, where inputs share the fluctuation`;
  for (const [i, layer] of network.layers.entries()) {
    const d = resolveInit(layer.init, layer.fanIn, layer.fanOut);
    if (d.kind !== 'normal' && d.kind !== 'uniform' && d.kind !== 'truncated_normal') {
      return `layer ${i + 1} has ${d.kind} weights; the prediction needs independent zero-mean entries`;
    }
    if (distributionMoments(d, layer.fanIn, layer.fanOut).mean !== 0) return `layer ${i + 1} has weights with non-zero mean`;
  }
  return null;
}

export function predictLogStdSpread(network: NetworkSpec, batch: number): LogStdPrediction {
  const inapplicable = predictionInapplicable(network, batch);
  if (inapplicable !== null) return { value: null, note: inapplicable };
  const depth = network.layers.length;
  let meanSecond = 1; // E[a_0²] for x ~ N(0, I)
  let logNormVariance = 2 / network.inputWidth; // Var ln(‖x‖²/n_0): a χ² with n_0 degrees of freedom
  for (let l = 0; l < depth; l++) {
    const layer = network.layers[l];
    const activation = getActivation(layer.activation);
    const w = distributionMoments(resolveInit(layer.init, layer.fanIn, layer.fanOut), layer.fanIn, layer.fanOut);
    const sigmaW2 = layer.fanIn * w.variance;
    const b = layer.bias ? distributionMoments(resolveInit(layer.bias, layer.fanIn, layer.fanOut), layer.fanIn, layer.fanOut) : null;
    const sigmaB2 = b ? b.variance + b.mean * b.mean : 0;
    const q = sigmaW2 * meanSecond + sigmaB2;
    if (!(q > 0) || !Number.isFinite(q)) {
      return { value: null, note: `the pre-activation variance is ${q} at layer ${l + 1}: no spread to predict` };
    }
    // ln q_l moves with ln Q_{l−1} only through the weight term (the bias is fixed).
    const qVariance = ((sigmaW2 * meanSecond) / q) ** 2 * logNormVariance;
    const m = moments(activation, q);
    if (l < depth - 1) {
      const slope = logSlope((s) => moments(activation, s).second, q);
      logNormVariance = slope * slope * qVariance + (m.fourth / (m.second * m.second) - 1) / layer.fanOut;
      meanSecond = m.second;
      continue;
    }
    if (!(m.variance > 0)) return { value: null, note: `the last layer's activations have zero variance at infinite width` };
    const slope = logSlope((s) => moments(activation, s).variance, q);
    const sampling = (m.centralFourth / (m.variance * m.variance) - 1) / layer.fanOut;
    const value = 0.5 * Math.sqrt(slope * slope * qVariance + sampling);
    if (!Number.isFinite(value)) return { value: null, note: 'the prediction overflowed' };
    return { value, note: 'log-normal prediction for one input (delta method; Hanin & Rolnick 2018 for ReLU)' };
  }
  return { value: null, note: 'no layers' };
}
