// The backward loop both Monte Carlo engines share (design.md §2): δ_l = dL/da_l ⊙ φ′(z_l), its
// statistics, then dL/da_{l−1}; stops at the first overflow and reports the layer.

import { throwIfCancelled } from './cancel';
import type { DrawOptions } from './dense';
import { firstNonFinite, moments, summarize } from './stats';
import type { Activation, BackwardStats, Overflow } from './types';

/**
 * What an engine does with δ_l (whose largest magnitude is `largest`): the std of dL/dW_l (null
 * on overflow) and dL/da_{l−1} on demand.
 */
export type BackwardStep = (layerIndex: number, delta: Float64Array, largest: number) => {
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
  let gradMoments = moments(gradA);
  for (let l = activations.length - 1; l >= 0; l--) {
    throwIfCancelled(options.isCancelled);
    const z = preActivations[l];
    const delta = deltaFrom(gradA, z, activations[l].dphi);
    const summary = summarize(delta, options.bins);
    const largest = Math.max(Math.abs(summary.lowest), Math.abs(summary.highest));
    const { weightGradStd, gradientToInput } = step(l, delta, largest);
    if (weightGradStd === null) {
      return { backward, overflow: { layer: l + 1, direction: 'backward', message: `dL/dW overflowed at layer ${l + 1}` } };
    }
    const stats: BackwardStats = {
      preGradStd: summary.std,
      gradStd: gradMoments.std,
      weightGradStd,
      histogram: summary.histogram,
    };
    backward[l] = stats;
    options.onLayer?.({ direction: 'backward', layer: l + 1, stats });
    if (l > 0) {
      const next = gradientToInput();
      const nextMoments = moments(next);
      // Any ±Inf or NaN entry makes the mean non-finite, so finite arrays skip the scan.
      if (!Number.isFinite(nextMoments.mean) && firstNonFinite(next) >= 0) {
        return { backward, overflow: { layer: l, direction: 'backward', message: `dL/da overflowed at layer ${l}: gradients explode` } };
      }
      gradA = next;
      gradMoments = nextMoments;
    }
  }
  return { backward, overflow: null };
}

/** δ = dL/da ⊙ φ′(z), in a small function whose loop TurboFan optimizes on its own rather than by OSR inside runBackward. */
function deltaFrom(gradA: Float64Array, z: Float64Array, dphi: (x: number) => number): Float64Array {
  const delta = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) delta[i] = gradA[i] * dphi(z[i]);
  return delta;
}
