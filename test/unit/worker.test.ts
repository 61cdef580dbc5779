// The worker bundle runs a simulation in a real worker thread and reports progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../../src/worker/protocol';

test('dist/worker.js simulates off the main thread, with progress, and reports bad input as an error', async () => {
  const worker = new Worker('./dist/worker.js');
  try {
    const responses: WorkerResponse[] = [];
    const done = new Promise<void>((resolve) => {
      worker.on('message', (r: WorkerResponse) => {
        responses.push(r);
        if (r.type !== 'progress' && responses.filter((x) => x.type !== 'progress').length === 2) resolve();
      });
    });
    const network = { inputWidth: 32, layers: Array.from({ length: 3 }, () => ({ fanIn: 32, fanOut: 32, init: { scheme: 'he_normal' as const }, activation: { name: 'relu' as const } })) };
    const options = { batch: 16, seeds: 2, seed: 1, rng: 'xoshiro' as const, engine: 'dense' as const, bins: 5 };
    worker.postMessage({ type: 'simulate', id: 1, network, options } satisfies WorkerRequest);
    worker.postMessage({ type: 'simulate', id: 2, network: { ...network, inputWidth: 0 }, options } satisfies WorkerRequest);
    await done;
    const result = responses.find((r) => r.type === 'result');
    assert.ok(result && result.type === 'result' && result.id === 1);
    assert.equal(result.result.layers.length, 3);
    assert.deepEqual(responses.filter((r) => r.type === 'progress' && r.id === 1).map((r) => (r.type === 'progress' ? r.done : 0)), [1, 2]);
    const error = responses.find((r) => r.type === 'error');
    assert.ok(error && error.type === 'error' && error.id === 2);
    assert.match(error.message, /width \(input\) must be an integer from 1 to 65536/);
  } finally {
    await worker.terminate();
  }
});
