// Where finite width matters, so a sweep point needs Monte Carlo on top of mean-field.

import { getActivation } from '../core/activations';
import { meanFieldInapplicable } from '../core/theory';
import type { NetworkSpec, SimulationOptions } from '../core/types';
import type { MonteCarloPolicy, SweepRun } from './types';

/**
 * Σ 1/width above which single networks stray from the infinite-width line by more than a few
 * percent: for ReLU the log-std spread is about ½√(5 Σ 1/n) (Hanin & Rolnick), 0.25 at 0.05.
 */
export const FINITE_WIDTH_SUM = 0.05;

/** Why this network needs Monte Carlo, or null when mean-field alone answers. */
export function finiteWidthReason(network: NetworkSpec): string | null {
  const inapplicable = meanFieldInapplicable(network);
  if (inapplicable !== null) return `mean-field does not apply (${inapplicable})`;
  if (network.layers.some((l) => getActivation(l.activation).canDie)) return 'units can die, which only finite width shows';
  const sum = network.layers.reduce((s, l) => s + 1 / l.fanOut, 0);
  if (sum >= FINITE_WIDTH_SUM) return `Σ 1/width = ${sum.toPrecision(2)} ≥ ${FINITE_WIDTH_SUM}: single networks stray from the infinite-width line`;
  return null;
}

/** Whether to run Monte Carlo for this network under the policy. */
export function needsMonteCarlo(network: NetworkSpec, policy: MonteCarloPolicy): boolean {
  if (policy === 'always') return true;
  if (policy === 'mean-field') return meanFieldInapplicable(network) !== null;
  return finiteWidthReason(network) !== null;
}

/** Histograms are not drawn by sweeps: few bins keep the results small. */
const SWEEP_BINS = 10;

export function monteCarloOptions(run: SweepRun): SimulationOptions {
  return { batch: run.batch, seeds: run.draws, seed: run.seed, rng: 'xoshiro', engine: 'auto', bins: SWEEP_BINS };
}

export function meanFieldOptions(run: SweepRun): SimulationOptions {
  return { batch: run.batch, seeds: 1, seed: run.seed, rng: 'xoshiro', engine: 'mean-field', bins: SWEEP_BINS };
}
