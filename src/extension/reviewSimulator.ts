// The review's simulator in the editor: the same quick simulation as `init-lens review`
// (simulateQuick: one dense draw when small, mean-field alone otherwise, the same SiteOutcome),
// but run on the extension's SimulationPool so the extension host thread never blocks on it.

import type { Simulator } from '../review/outcomeCache';
import { failedOutcome, quickOutcome, quickPlan } from '../analysis/quickSimulation';
import type { VerdictThresholds } from '../diagnose/verdict';
import type { SimulationPool } from '../worker/pool';

/** Runs each planned simulation with `pool.run`, judged with the editor's thresholds; aborting `signal` cancels the runs in flight. */
export function poolSimulator(pool: Pick<SimulationPool, 'run'>, signal?: AbortSignal, thresholds?: VerdictThresholds): Simulator {
  return async (network, batch) => {
    const plan = quickPlan(network, batch);
    if (plan.run === null) return plan.outcome;
    try {
      const result = await pool.run({ network, options: plan.options, ...(signal ? { signal } : {}) });
      return quickOutcome(plan, result, thresholds);
    } catch (error) {
      // A cancel ends the review; anything else is this site's reason, as in process.
      if (signal?.aborted) throw error;
      return failedOutcome(error);
    }
  };
}
