// Mean-field theory for a whole NetworkSpec: resolves each layer's init to σ_w², σ_b²
// and runs the infinite-width recursion. It is the dashed "theory" line of every view.

import { getActivation } from './activations';
import { meanFieldFromVariances, type MeanFieldLayerInput } from './meanField';
import { distributionMoments, resolveInit } from './schemes';
import { erfc } from './special';
import type { ActivationSpec, LayerResult, MeanFieldResult, NetworkSpec } from './types';

/** Why mean-field does not apply to this network, or null when it does. */
export function meanFieldInapplicable(network: NetworkSpec): string | null {
  for (const [i, layer] of network.layers.entries()) {
    const dist = resolveInit(layer.init, layer.fanIn, layer.fanOut);
    if (dist.kind === 'constant' || dist.kind === 'eye') {
      return `layer ${i + 1} has a deterministic ${dist.kind} init: units are not independent random variables`;
    }
    const { mean } = distributionMoments(dist, layer.fanIn, layer.fanOut);
    if (mean !== 0) return `layer ${i + 1} has weights with non-zero mean ${mean}`;
  }
  return null;
}

export function meanFieldInputs(network: NetworkSpec): MeanFieldLayerInput[] {
  return network.layers.map((layer) => {
    const { variance } = distributionMoments(resolveInit(layer.init, layer.fanIn, layer.fanOut), layer.fanIn, layer.fanOut);
    let sigmaB2 = 0;
    if (layer.bias) {
      const b = distributionMoments(resolveInit(layer.bias, layer.fanIn, layer.fanOut), layer.fanIn, layer.fanOut);
      // Every unit shares the same bias distribution; a non-zero mean adds to the second moment.
      sigmaB2 = b.variance + b.mean * b.mean;
    }
    return { fanIn: layer.fanIn, fanOut: layer.fanOut, sigmaW2: layer.fanIn * variance, sigmaB2, activation: layer.activation };
  });
}

export function meanFieldForNetwork(network: NetworkSpec, batch: number): MeanFieldResult | null {
  if (meanFieldInapplicable(network) !== null) return null;
  return meanFieldFromVariances(meanFieldInputs(network), batch);
}

/** Fraction of entries saturated when z ~ N(0, q): exact for the Gaussian pre-activation. */
export function saturatedFractionGaussian(activation: ActivationSpec, preStd: number): number | null {
  // |tanh z| > 0.99 ⇔ |z| > atanh(0.99); sigmoid(z) ∉ [0.01, 0.99] ⇔ |z| > ln 99.
  const threshold = activation.name === 'tanh' ? Math.atanh(0.99) : activation.name === 'sigmoid' ? Math.log(99) : null;
  if (threshold === null) return null;
  if (preStd === 0) return 0;
  return erfc(threshold / preStd / Math.SQRT2);
}

/** Mean-field predictions in the per-layer result shape, for `--engine mean-field`. */
export function meanFieldLayers(network: NetworkSpec, result: MeanFieldResult): LayerResult[] {
  const empty = { edges: [], counts: [] };
  return result.layers.map((m) => {
    const activation = getActivation(network.layers[m.layer - 1].activation);
    return {
      layer: m.layer,
      forward: {
        mean: m.mean,
        std: m.std,
        preStd: m.preStd,
        saturated: saturatedFractionGaussian(activation.spec, m.preStd),
        // At infinite width no unit is dead for a whole batch; finite-width death needs Monte Carlo.
        dead: activation.canDie ? 0 : null,
        histogram: empty,
      },
      backward: { preGradStd: m.preGradStd, gradStd: m.gradStd, weightGradStd: m.weightGradStd, histogram: empty },
    };
  });
}
