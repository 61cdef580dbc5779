// Simulating the sites a review reports: each distinct network once (before and after often
// share it, and so do sibling sites), a few at a time (the editor's simulator runs them on
// workers), a failure turned into a reason rather than a failed review, and cancellable.

import type { NetworkSpec } from '../core/types';
import type { SiteNetwork } from '../model/network';
import { simulationKey, type SiteOutcome } from '../analysis/quickSimulation';

export type Simulator = (network: NetworkSpec, batch: number) => SiteOutcome | Promise<SiteOutcome>;

/** Simulations in flight at once. */
const CONCURRENCY = 4;

export function outcomeCache(simulate: Simulator, signal?: AbortSignal): (network: SiteNetwork) => Promise<SiteOutcome> {
  const outcomes = new Map<string, Promise<SiteOutcome>>();
  const limit = limiter(CONCURRENCY);
  return (network) => {
    if (network.network === null) return Promise.resolve({ verdict: null, reason: network.reason });
    const spec = network.network;
    const key = simulationKey(spec, network.batch);
    let outcome = outcomes.get(key);
    if (!outcome) {
      outcome = limit(async () => {
        signal?.throwIfAborted();
        try {
          return await simulate(spec, network.batch);
        } catch (error) {
          if (signal?.aborted) throw error;
          return { verdict: null, reason: `simulation failed: ${error instanceof Error ? error.message : String(error)}` };
        }
      });
      outcomes.set(key, outcome);
    }
    return outcome;
  };
}

/** Runs at most `n` tasks at once. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return (task) =>
    new Promise((resolve, reject) => {
      const start = () => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            queue.shift()?.();
          });
      };
      if (running < n) start();
      else queue.push(start);
    });
}
