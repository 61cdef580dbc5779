// The backward loop both Monte Carlo engines share (design.md §2): δ_l = dL/da_l ⊙ φ′(z_l), its
// statistics, then dL/da_{l−1}; stops at the first overflow and reports the layer.

import { throwIfCancelled } from './cancel';
import type { DrawOptions } from './dense';
import { firstNonFinite, histogram, moments } from './stats';
import type { Activation, BackwardStats, Overflow } from './types';

/** What an engine does with δ_l: the std of dL/dW_l (null on overflow) and dL/da_{l−1} on demand. */
export type BackwardStep = (layerIndex: number, delta: Float64Array) => {
  weightGradStd: number | null;
  gradientToInput: () => Float64Array;
};

export function runBackward(
  activations: Activation[],
  preActivations: Float64Array[],
  outputGradient: Float64Array,
  options: DrawOptions,
  step: BackwardStep,
): { backward: (BackwardStats | null)[]; overflow: Overflow | null } {
  const backward: (BackwardStats | null)[] = activations.map(() => null);
  let gradA = outputGradient;
  for (let l = activations.length - 1; l >= 0; l--) {
    throwIfCancelled(options.isCancelled);
    const z = preActivations[l];
    const dphi = activations[l].dphi;
    const delta = new Float64Array(z.length);
    for (let i = 0; i < z.length; i++) delta[i] = gradA[i] * dphi(z[i]);
    const { weightGradStd, gradientToInput } = step(l, delta);
    if (weightGradStd === null) {
      return { backward, overflow: { layer: l + 1, direction: 'backward', message: `dL/dW overflowed at layer ${l + 1}` } };
    }
    const stats: BackwardStats = {
      preGradStd: moments(delta).std,
      gradStd: moments(gradA).std,
      weightGradStd,
      histogram: histogram(delta, options.bins),
    };
    backward[l] = stats;
    options.onLayer?.({ direction: 'backward', layer: l + 1, stats });
    if (l > 0) {
      const next = gradientToInput();
      if (firstNonFinite(next) >= 0) {
        return { backward, overflow: { layer: l, direction: 'backward', message: `dL/da overflowed at layer ${l}: gradients explode` } };
      }
      gradA = next;
    }
  }
  return { backward, overflow: null };
}
