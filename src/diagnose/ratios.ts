// The ratios verdicts are judged on (design.md §6).

import type { NetworkSpec } from '../core/types';

/**
 * √(Π_{l≥2} fan_out_l / fan_in_l): what layer widths alone do to the backward signal under any
 * fan_in-scaled init (He et al. 2015 §2.2: a width ratio c_2/c_L, not a decay with depth).
 * 1 for square networks.
 */
export function widthFactor(network: NetworkSpec): number {
  return Math.sqrt(network.layers.slice(1).reduce((f, l) => (f * l.fanOut) / l.fanIn, 1));
}
