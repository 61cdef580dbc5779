// Where a sweep's simulations run: in process (tests, small CLI runs) or on the worker pool
// (the extension, the CLI). Either way each run also reports its per-draw ratios, which the
// aggregated result cannot give (a band of std_L over a band of std_1 is not a band of ratios).

import { CancelledError, type IsCancelled } from '../core/cancel';
import type { DrawResult } from '../core/dense';
import { finishSimulation, planSimulation, runDraw } from '../core/simulate';
import { meanFieldForNetwork } from '../core/theory';
import type { LayerResult, NetworkSpec, SimulationOptions, SimulationResult } from '../core/types';
import type { SimulationPool } from '../worker/pool';

/** One network draw, reduced to what sweeps plot. */
export interface DrawSummary {
  /** std(a_L)/std(a_1) of this draw; null when not formed. */
  forwardRatio: number | null;
  /** std(δ_1)/std(δ_L) of this draw; null when the backward pass overflowed. */
  backwardRatio: number | null;
  /** std(a_L) of this draw; null when the draw overflowed before the last layer. */
  lastStd: number | null;
}

export interface RunOutput {
  result: SimulationResult;
  /** Per draw, in draw order; empty for mean-field. */
  draws: DrawSummary[];
}

export interface SweepRunner {
  /** Simulations worth running at once (the pool's size; 1 in process). */
  readonly concurrency: number;
  /** Rejects with name 'CancelledError' when `signal` aborts. */
  run(network: NetworkSpec, options: SimulationOptions, signal?: AbortSignal): Promise<RunOutput>;
}

export function summariseDraw(draw: DrawResult, depth: number): DrawSummary {
  return summariseLayers(draw.layers, depth);
}

export function summariseLayers(layers: readonly LayerResult[], depth: number): DrawSummary {
  const first = layers[0];
  const last = layers.length === depth ? layers[depth - 1] : undefined;
  const ratio = (top: number | undefined, bottom: number | undefined): number | null => {
    if (top === undefined || bottom === undefined || !(bottom > 0)) return null;
    const r = top / bottom;
    return Number.isFinite(r) ? r : null;
  };
  return {
    forwardRatio: ratio(last?.forward.std, first?.forward.std),
    backwardRatio: ratio(first?.backward?.preGradStd, last?.backward?.preGradStd),
    lastStd: last !== undefined && Number.isFinite(last.forward.std) ? last.forward.std : null,
  };
}

/** Runs on this thread, yielding to the event loop between runs so a cancel can land. */
export function inProcessRunner(): SweepRunner {
  return {
    concurrency: 1,
    async run(network, options, signal) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const isCancelled: IsCancelled = () => signal?.aborted ?? false;
      if (isCancelled()) throw new CancelledError();
      const plan = planSimulation(network, options);
      const meanField = meanFieldForNetwork(network, options.batch);
      const draws: DrawResult[] = [];
      if (plan.engine !== 'mean-field') {
        for (let d = 0; d < options.seeds; d++) draws.push(runDraw(network, options, plan.engine, d, { isCancelled }));
      }
      const result = finishSimulation(network, options, plan, draws, meanField);
      return { result, draws: draws.map((d) => summariseDraw(d, network.layers.length)) };
    },
  };
}

/** Runs on the worker pool; several runs at once keep every worker busy. */
export function poolRunner(pool: SimulationPool): SweepRunner {
  return {
    concurrency: pool.size,
    async run(network, options, signal) {
      const depth = network.layers.length;
      const draws: DrawSummary[] = new Array<DrawSummary>(options.seeds);
      const result = await pool.run({
        network,
        options,
        signal,
        onProgress: (event) => {
          if (event.kind === 'draw') draws[event.draw] = summariseDraw(event.result, depth);
        },
      });
      return { result, draws: result.engine === 'mean-field' ? [] : [...draws] };
    },
  };
}

export function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'CancelledError';
}
