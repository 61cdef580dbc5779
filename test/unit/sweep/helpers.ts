// Shared by the sweep tests: independent per-draw ratios, comparisons that ignore timing, tolerances.
import assert from 'node:assert/strict';
import { runDraw, simulate } from '../../../src/core/simulate';
import { band } from '../../../src/core/stats';
import type { Band, NetworkSpec, SimulationOptions } from '../../../src/core/types';
import { inProcessRunner, type RunOutput, type SweepRunner } from '../../../src/sweep/runner';
import type { SweepResult } from '../../../src/sweep/types';

export function assertRelative(got: number | null | undefined, want: number, tol: number, what: string): void {
  assert.ok(typeof got === 'number', `${what}: got ${got}`);
  const err = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
  assert.ok(err <= tol, `${what}: got ${got}, want ${want} (relative error ${err.toExponential(2)} > ${tol})`);
}

/** A sweep result without its wall-clock time, for deep comparisons. */
export function withoutTime<T extends SweepResult>(result: T): Omit<T, 'elapsedMs'> {
  const { elapsedMs: _elapsed, ...rest } = result;
  return rest;
}

/** The Monte Carlo run's p5/p50/p95 of std(a_L)/std(a_1) and std(δ_1)/std(δ_L), drawn here with runDraw. */
export function drawRatioBands(network: NetworkSpec, options: SimulationOptions): { engine: string; forwardRatio: Band; backwardRatio: Band } {
  const engine = simulate(network, { ...options, seeds: 1 }).engine;
  assert.ok(engine === 'dense' || engine === 'matrix-free');
  const depth = network.layers.length;
  const forward: number[] = [];
  const backward: number[] = [];
  for (let d = 0; d < options.seeds; d++) {
    const { layers } = runDraw(network, options, engine, d);
    assert.equal(layers.length, depth, 'no overflow in these cases');
    forward.push(layers[depth - 1].forward.std / layers[0].forward.std);
    const first = layers[0].backward;
    const last = layers[depth - 1].backward;
    assert.ok(first && last);
    backward.push(first.preGradStd / last.preGradStd);
  }
  return { engine, forwardRatio: band(forward), backwardRatio: band(backward) };
}

/** Recursively: no undefined, NaN or ±Infinity anywhere in a result. */
export function assertAllFinite(value: unknown, path = 'result'): void {
  if (value === undefined) assert.fail(`${path} is undefined`);
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertAllFinite(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertAllFinite(v, `${path}.${k}`);
}

/**
 * Holds the first `count` runs, then lets them finish in reverse order (last launched first), as a pool can
 * when one worker is still starting: with `count` ≥ the sweep's runs, every Monte Carlo run of a point finishes
 * before its mean-field run, and deeper networks before shallower ones.
 */
export function reversingRunner(count: number): SweepRunner {
  const inner = inProcessRunner();
  const held: { network: NetworkSpec; options: SimulationOptions; signal?: AbortSignal; resolve: (o: RunOutput) => void; reject: (e: unknown) => void }[] = [];
  return {
    concurrency: count,
    run(network, options, signal) {
      return new Promise<RunOutput>((resolve, reject) => {
        held.push({ network, options, signal, resolve, reject });
        if (held.length < count) return;
        void (async () => {
          for (const h of held.reverse()) {
            try {
              h.resolve(await inner.run(h.network, h.options, h.signal));
            } catch (error) {
              h.reject(error);
            }
          }
        })();
      });
    },
  };
}
