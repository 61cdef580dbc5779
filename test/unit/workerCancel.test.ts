// Cancelling a pooled job: it stops at the next layer boundary, and a worker stuck inside one
// long layer is replaced after the grace period. Bounds come from a layer time measured here,
// under the same load, never from a fixed number of milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/core/simulate';
import { SimulationPool, type SimulationProgress } from '../../src/worker/pool';
import { settle, simulationOptions, squareNetwork, WORKER_PATH } from './workerHelpers';

const WIDTH = 512;
const BATCH = 64;
const slowNetwork = (depth: number) => squareNetwork(WIDTH, depth, { scheme: 'he_normal' }, 'relu');

/**
 * The longest gap between progress arrivals of one draw (forward, the turn, backward): one
 * layer, or a few when layers are faster than the worker's one-message-per-frame batching.
 */
function slowestLayerStep(events: { draw: number; at: number }[]): number {
  let slowest = 0;
  const last = new Map<number, number>();
  for (const { draw, at } of events) {
    const previous = last.get(draw);
    if (previous !== undefined) slowest = Math.max(slowest, at - previous);
    last.set(draw, at);
  }
  return slowest;
}

test('an aborted job stops within one layer step (n=512, L=50) and the pool then runs the next job', async (t) => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    // Calibrate: the same layers on the same pool and under the same load, one draw per worker.
    const steps: { draw: number; at: number }[] = [];
    await pool.run({
      network: slowNetwork(12),
      options: simulationOptions({ seeds: 2, batch: BATCH }),
      onProgress: (e) => {
        if (e.kind === 'layer') steps.push({ draw: e.draw, at: performance.now() });
      },
    });
    const layerStep = slowestLayerStep(steps);

    const controller = new AbortController();
    let abortedAt = 0;
    const afterAbort: SimulationProgress[] = [];
    const started = performance.now();
    const outcome = settle(
      pool.run({
        network: slowNetwork(50),
        options: simulationOptions({ seeds: 8, batch: BATCH }),
        signal: controller.signal,
        onProgress: (e) => {
          if (abortedAt > 0) afterAbort.push(e);
          if (abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    const { error } = await outcome;
    const latency = performance.now() - abortedAt;
    t.diagnostic(`slowest layer step ${layerStep.toFixed(1)} ms; cancel latency ${latency.toFixed(1)} ms; first progress after ${(abortedAt - started).toFixed(0)} ms`);
    assert.equal(error?.name, 'CancelledError');
    assert.match(error?.message ?? '', /cancelled/);
    assert.deepEqual(afterAbort, [], 'no progress is reported after the abort');
    // Each worker finishes the layer it is in (≤ one step), then acknowledges; 2× leaves room for scheduling noise.
    assert.ok(latency < 2 * layerStep, `stopped ${latency.toFixed(1)} ms after abort; one layer step is ${layerStep.toFixed(1)} ms`);

    const network = squareNetwork(32, 4, { scheme: 'he_normal' }, 'relu');
    const options = simulationOptions({ seeds: 3 });
    assert.deepEqual(await pool.run({ network, options }), simulate(network, options));
    assert.equal(pool.workerCount, 2);
  } finally {
    await pool.dispose();
  }
});

test('an abort before the job starts rejects at once; pool.cancel(key) cancels a running job', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const controller = new AbortController();
    controller.abort();
    const { error } = await settle(pool.run({ network: slowNetwork(3), options: simulationOptions(), signal: controller.signal }));
    assert.equal(error?.name, 'CancelledError');
    assert.equal(pool.workerCount, 0, 'nothing was started');

    let progressed: () => void = () => {};
    const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
    const running = settle(pool.run({ key: 'nb.ipynb#cell3:4', network: slowNetwork(30), options: simulationOptions({ seeds: 4, batch: BATCH }), onProgress: () => progressed() }));
    await firstProgress;
    assert.equal(pool.cancel('nb.ipynb#cell3:4'), true);
    assert.equal(pool.cancel('no such key'), false);
    const cancelled = await running;
    assert.equal(cancelled.error?.name, 'CancelledError');
    assert.equal(pool.pendingJobs, 0);
  } finally {
    await pool.dispose();
  }
});

test('a worker stuck inside one long layer is terminated after the grace period and replaced', async (t) => {
  const graceMs = 100;
  const pool = new SimulationPool({ size: 1, workerPath: WORKER_PATH, cancelGraceMs: graceMs });
  try {
    // One layer of 1024 × 2048 × 2048 multiply-adds plus 4M normal draws: seconds, with no boundary to stop at.
    const stuck = squareNetwork(2048, 2, { scheme: 'he_normal' }, 'relu');
    const controller = new AbortController();
    const outcome = settle(pool.run({ network: stuck, options: simulationOptions({ seeds: 1, batch: 1024 }), signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const abortedAt = performance.now();
    controller.abort();
    const { error } = await outcome;
    const latency = performance.now() - abortedAt;
    t.diagnostic(`stuck job cancelled after ${latency.toFixed(0)} ms (grace ${graceMs} ms)`);
    assert.equal(error?.name, 'CancelledError');
    assert.ok(latency >= graceMs, 'the worker was given the grace period');

    const network = squareNetwork(16, 3, { scheme: 'xavier_normal' }, 'tanh');
    const options = simulationOptions({ seeds: 2 });
    assert.deepEqual(await pool.run({ network, options }), simulate(network, options));
    assert.equal(pool.workerCount, 1);
  } finally {
    await pool.dispose();
  }
});
