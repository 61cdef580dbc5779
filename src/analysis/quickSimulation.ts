// The quick simulation behind every `check` and `review` verdict: mean-field plus one dense
// draw when that is cheap, mean-field alone (said so) otherwise. Pure CPU, no I/O, so the
// editor can run it on a worker and the CLI in process.

import { simulate } from '../core/simulate';
import { meanFieldInapplicable } from '../core/theory';
import type { NetworkSpec, SimulationOptions, SimulationResult } from '../core/types';
import { denseFlops, QUICK_RUN_FLOPS } from './quickRun';
import { DEFAULT_THRESHOLDS, diagnose, formatNumber, type Verdict, type VerdictThresholds } from '../diagnose/verdict';
import type { SiteNetwork } from '../model/network';

export type SiteOutcome =
  | {
      verdict: Verdict;
      engine: string;
      meanFieldGap: string | null;
      /** std(a_l) for l = 1..L as simulated (shorter when the forward pass overflowed). */
      stds: number[];
    }
  | { verdict: null; reason: string };

/** Networks that simulate alike share one key (and one cached outcome). */
export function simulationKey(network: NetworkSpec, batch: number): string {
  return `${batch}|${JSON.stringify(network)}`;
}

/** The outcome of a site's network, simulated once per distinct network in `cache`. */
export function outcomeFor(network: SiteNetwork, cache: Map<string, SiteOutcome>): SiteOutcome {
  if (network.network === null) return { verdict: null, reason: network.reason };
  const key = simulationKey(network.network, network.batch);
  let outcome = cache.get(key);
  if (!outcome) {
    outcome = simulateQuick(network.network, network.batch);
    cache.set(key, outcome);
  }
  return outcome;
}

/** Mean-field plus one dense draw when that is quick; mean-field alone (said so) otherwise. */
export function simulateQuick(network: NetworkSpec, batch: number): SiteOutcome {
  const plan = quickPlan(network, batch);
  if (plan.run === null) return plan.outcome;
  try {
    return quickOutcome(plan, simulate(network, plan.options));
  } catch (error) {
    return failedOutcome(error);
  }
}

/**
 * What simulateQuick runs for a network: one dense draw when that is quick, mean-field alone when
 * it applies, or no run and the outcome saying why. Split out so the editor can run the same
 * simulation on its worker pool (src/extension/reviewSimulator.ts).
 */
export type QuickPlan =
  | { run: 'dense' | 'mean-field'; options: SimulationOptions; batch: number; flops: number }
  | { run: null; outcome: SiteOutcome };

export function quickPlan(network: NetworkSpec, batch: number): QuickPlan {
  const flops = denseFlops(network, batch);
  const options = { batch, seeds: 1, seed: 0, rng: 'xoshiro' as const, bins: 10 };
  try {
    if (flops <= QUICK_RUN_FLOPS) return { run: 'dense', options: { ...options, engine: 'dense' }, batch, flops };
    const inapplicable = meanFieldInapplicable(network);
    if (inapplicable !== null) {
      return {
        run: null,
        outcome: { verdict: null, reason: `too large for a quick Monte Carlo run (${formatNumber(flops)} multiply-adds) and mean-field does not apply (${inapplicable}); try init-lens simulate` },
      };
    }
    return { run: 'mean-field', options: { ...options, engine: 'mean-field' }, batch, flops };
  } catch (error) {
    return { run: null, outcome: failedOutcome(error) };
  }
}

/** The outcome of a planned run from its result (however it was run). */
/** `thresholds`: the CLI judges with the defaults; the editor passes its settings. */
export function quickOutcome(plan: Extract<QuickPlan, { run: 'dense' | 'mean-field' }>, result: SimulationResult, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): SiteOutcome {
  try {
    if (plan.run === 'dense') {
      return {
        verdict: diagnose(result, thresholds),
        engine: `dense Monte Carlo (batch ${plan.batch}, 1 draw, seed 0) + mean-field`,
        meanFieldGap: meanFieldGap(result),
        stds: forwardStds(result),
      };
    }
    return {
      verdict: diagnose(result, thresholds),
      engine: `mean-field only: the network is too large for a quick Monte Carlo run (${formatNumber(plan.flops)} multiply-adds, limit ${formatNumber(QUICK_RUN_FLOPS)}), so finite-width effects and dead units are not measured`,
      meanFieldGap: null,
      stds: forwardStds(result),
    };
  } catch (error) {
    return failedOutcome(error);
  }
}

/** A simulation that threw, as an outcome with the reason. */
export function failedOutcome(error: unknown): SiteOutcome {
  return { verdict: null, reason: `simulation failed: ${error instanceof Error ? error.message : String(error)}` };
}

function forwardStds(result: SimulationResult): number[] {
  return result.layers.map((l) => l.forward.std);
}

/** Where the Monte Carlo draw ends far from the mean-field line (finite width), in words. */
function meanFieldGap(result: SimulationResult): string | null {
  const mf = result.meanField;
  if (!mf || result.overflow || mf.layers.length !== result.layers.length) return null;
  const mc = result.layers.at(-1)?.forward.std;
  const theory = mf.layers.at(-1)?.std;
  if (mc === undefined || theory === undefined || !(mc > 0) || !(theory > 0)) return null;
  const ratio = mc / theory;
  if (ratio >= 0.5 && ratio <= 2) return null;
  const factor = ratio > 1 ? ratio : 1 / ratio;
  return `The Monte Carlo draw ends ${formatNumber(factor)}× ${ratio > 1 ? 'above' : 'below'} the mean-field prediction at layer ${result.layers.length}: at this width single networks vary a lot around the infinite-width line.`;
}
