// How much Monte Carlo a verdict gets without being asked: one draw when that is quick,
// mean-field only when it is not (shared by `init-lens check` and the editor's lenses).

import type { NetworkSpec } from '../core/types';

/** Sites whose dense run would exceed this many multiply-adds get mean-field only (≈ 0.25 s here). */
export const QUICK_RUN_FLOPS = 1.5e9;

/** Forward and backward passes of one dense draw: three GEMMs per layer. */
export function denseFlops(network: NetworkSpec, batch: number): number {
  return network.layers.reduce((sum, l) => sum + 3 * batch * l.fanIn * l.fanOut, 0);
}

export function quickRunFits(network: NetworkSpec, batch: number): boolean {
  return denseFlops(network, batch) <= QUICK_RUN_FLOPS;
}
