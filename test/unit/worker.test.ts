// The worker pool against the built dist/worker.js: same numbers as in-process simulate,
// progress layer by layer, bad input caught on the host, FIFO queueing, supersede, dispose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../src/core/errors';
import { runDraw, simulate } from '../../src/core/simulate';
import { SimulationPool, type SimulationProgress } from '../../src/worker/pool';
import { JOB_CANCELLED, type WorkerData, type WorkerRequest, type WorkerResponse } from '../../src/worker/protocol';
import { settle, simulationOptions, squareNetwork, threadCount, WORKER_PATH } from './workerHelpers';

test('a pooled multi-seed run equals in-process simulate exactly, and progress streams layer by layer before it resolves', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const cases = [
      { network: squareNetwork(24, 5, { scheme: 'he_normal' }, 'relu'), options: simulationOptions({ seeds: 5 }) },
      { network: squareNetwork(16, 4, { scheme: 'xavier_uniform' }, 'tanh'), options: simulationOptions({ seeds: 3, rng: 'numpy', seed: 12 }) },
      // Explodes: draws overflow at different layers, so aggregation keeps only the common ones.
      { network: squareNetwork(16, 300, { scheme: 'normal', std: 4 }, 'linear'), options: simulationOptions({ seeds: 4 }) },
      { network: squareNetwork(32, 6, { scheme: 'he_normal' }, 'gelu'), options: simulationOptions({ seeds: 1 }) },
    ];
    for (const { network, options } of cases) {
      const events: SimulationProgress[] = [];
      let resolved = false;
      const pooled = await pool.run({
        network,
        options,
        onProgress: (event) => {
          assert.equal(resolved, false, 'no progress after the result');
          events.push(event);
        },
      }).then((r) => {
        resolved = true;
        return r;
      });
      assert.deepEqual(pooled, simulate(network, options));
      assert.equal(pooled.overflow !== null, network.layers.length === 300, 'the exploding case overflows');

      const depth = network.layers.length;
      const total = options.seeds * 2 * depth;
      let previousDone = 0;
      for (const event of events) {
        assert.equal(event.layersTotal, total);
        // A layer step adds one; a draw's end adds the steps an overflow skipped (often none).
        const grew = event.kind === 'layer' ? event.layersDone === previousDone + 1 : event.layersDone >= previousDone;
        assert.ok(grew && event.layersDone <= total, 'layers done grows');
        previousDone = event.layersDone;
      }
      assert.equal(previousDone, total);
      for (let draw = 0; draw < options.seeds; draw++) {
        const expected = runDraw(network, options, 'dense', draw);
        const mine = events.filter((e) => e.draw === draw);
        const steps = mine.filter((e) => e.kind === 'layer').map((e) => (e.kind === 'layer' ? `${e.direction[0]}${e.layer}` : ''));
        const reachedForward = expected.layers.length;
        const reachedBackward = expected.layers.filter((l) => l.backward !== null).length;
        const order = [
          ...Array.from({ length: reachedForward }, (_, i) => `f${i + 1}`),
          ...Array.from({ length: reachedBackward }, (_, i) => `b${reachedForward - i}`),
        ];
        assert.deepEqual(steps, order, `draw ${draw}: forward 1…L, then backward L…1`);
        const last = mine[mine.length - 1];
        assert.ok(last.kind === 'draw', 'the draw event comes after its layers');
        assert.deepEqual(last.result, expected);
        for (const e of mine) {
          if (e.kind === 'layer') assert.deepEqual(e.stats, e.direction === 'forward' ? expected.layers[e.layer - 1].forward : expected.layers[e.layer - 1].backward);
        }
      }
    }
    const meanField = { network: squareNetwork(64, 10, { scheme: 'xavier_normal' }, 'tanh'), options: simulationOptions({ engine: 'mean-field' }) };
    assert.deepEqual(await pool.run(meanField), simulate(meanField.network, meanField.options));
  } finally {
    await pool.dispose();
  }
});

test('bad input rejects with the InputError message before any worker starts', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const cases = [
      { network: squareNetwork(0, 3, { scheme: 'he_normal' }, 'relu'), options: simulationOptions(), message: /width \(input\) must be an integer from 1 to 65536 \(got 0\)/ },
      { network: squareNetwork(8, 3, { scheme: 'normal', std: Number.NaN }, 'relu'), options: simulationOptions(), message: /std/ },
      { network: squareNetwork(8, 3, { scheme: 'he_normal' }, 'relu'), options: simulationOptions({ seeds: 0 }), message: /seeds must be an integer from 1/ },
      { network: squareNetwork(8, 3, { scheme: 'constant', value: 1 }, 'relu'), options: simulationOptions({ engine: 'mean-field' }), message: /engine must be dense or auto/ },
    ];
    for (const { network, options, message } of cases) {
      const { error } = await settle(pool.run({ network, options }));
      assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
      assert.match(error.message, message);
      assert.throws(() => simulate(network, options), { message: error.message });
    }
    assert.equal(pool.workerCount, 0, 'no worker was started');
  } finally {
    await pool.dispose();
  }
});

test('more jobs than workers queue FIFO; a superseded or aborted queued job never starts', async () => {
  const pool = new SimulationPool({ size: 1, workerPath: WORKER_PATH });
  try {
    const network = squareNetwork(64, 20, { scheme: 'he_normal' }, 'relu');
    const options = simulationOptions({ seeds: 2, batch: 32 });
    const finished: string[] = [];
    const started = new Set<string>();
    const submit = (name: string, extra: { key?: string; signal?: AbortSignal } = {}) =>
      settle(
        pool.run({ network, options: { ...options, seed: name.length }, ...extra, onProgress: () => started.add(name) }).then((r) => {
          finished.push(name);
          return r;
        }),
      );
    const first = submit('first');
    const second = submit('second');
    const old = submit('old', { key: 'doc.py:3' });
    const controller = new AbortController();
    const aborted = submit('aborted', { signal: controller.signal });
    const newer = submit('newer', { key: 'doc.py:3' });
    controller.abort();
    const [a, b, c, d, e] = await Promise.all([first, second, old, aborted, newer]);
    assert.deepEqual(finished, ['first', 'second', 'newer']);
    for (const ok of [a, b, e]) assert.ok(ok.value && !ok.error);
    assert.equal(c.error?.name, 'CancelledError');
    assert.match(c.error?.message ?? '', /superseded by a newer job for doc\.py:3/);
    assert.equal(d.error?.name, 'CancelledError');
    assert.ok(!started.has('old') && !started.has('aborted'), 'cancelled queued jobs never ran');
    assert.deepEqual(e.value, simulate(network, { ...options, seed: 5 }));
  } finally {
    await pool.dispose();
  }
});

test('a running job superseded by key rejects as superseded; the newer one completes', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const slow = squareNetwork(256, 40, { scheme: 'he_normal' }, 'relu');
    const options = simulationOptions({ seeds: 4, batch: 64 });
    let firstProgress: () => void = () => {};
    const progressed = new Promise<void>((resolve) => (firstProgress = resolve));
    const older = settle(pool.run({ key: 'a.py:10', network: slow, options, onProgress: () => firstProgress() }));
    await progressed;
    const quick = squareNetwork(16, 3, { scheme: 'he_normal' }, 'relu');
    const newer = await pool.run({ key: 'a.py:10', network: quick, options });
    const { error } = await older;
    assert.equal(error?.name, 'CancelledError');
    assert.match(error?.message ?? '', /superseded/);
    assert.deepEqual(newer, simulate(quick, options));
    assert.equal(pool.pendingJobs, 0);
  } finally {
    await pool.dispose();
  }
});

test('a progress listener that throws fails its job with that error; the pool carries on', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const network = squareNetwork(64, 10, { scheme: 'he_normal' }, 'relu');
    const options = simulationOptions({ seeds: 4 });
    const broken = pool.run({
      network,
      options,
      onProgress: () => {
        throw new Error('chart is gone');
      },
    });
    await assert.rejects(broken, /chart is gone/);
    assert.deepEqual(await pool.run({ network, options }), simulate(network, options));
  } finally {
    await pool.dispose();
  }
});

test('dispose() rejects pending jobs and leaves no live worker threads', async () => {
  const before = threadCount();
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  const network = squareNetwork(128, 30, { scheme: 'he_normal' }, 'relu');
  const running = settle(pool.run({ network, options: simulationOptions({ seeds: 4, batch: 64 }) }));
  const queued = settle(pool.run({ network, options: simulationOptions({ seeds: 2 }) }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(pool.workerCount, 2);
  assert.equal(threadCount(), before + 2);
  await pool.dispose();
  assert.equal(pool.workerCount, 0);
  assert.equal(threadCount(), before, 'every worker thread has ended');
  for (const { error } of [await running, await queued]) {
    assert.equal(error?.name, 'CancelledError');
    assert.match(error?.message ?? '', /disposed/);
  }
  await assert.rejects(pool.run({ network, options: simulationOptions() }), /disposed/);
});

test('dist/worker.js speaks the protocol: a draw range with progress, a shared cancel flag, errors as messages', async () => {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_PATH, { workerData: { control, testHooks: false } satisfies WorkerData });
  try {
    const responses: WorkerResponse[] = [];
    const network = squareNetwork(32, 3, { scheme: 'he_normal' }, 'relu');
    const options = simulationOptions({ seeds: 6 });
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const untilSettled = (taskId: number) =>
      new Promise<void>((resolve) => {
        const listener = (r: WorkerResponse) => {
          responses.push(r);
          if ((r.type === 'done' || r.type === 'failed') && r.taskId === taskId) {
            worker.off('message', listener);
            resolve();
          }
        };
        worker.on('message', listener);
      });
    const task = { type: 'draws', taskId: 1, network, options, engine: 'dense', firstDraw: 4, drawCount: 2, meanField: true, layerProgress: true, cancelFlag } satisfies WorkerRequest;
    const first = untilSettled(1);
    worker.postMessage(task);
    await first;
    assert.deepEqual(
      responses.filter((r) => r.type === 'draw').map((r) => (r.type === 'draw' ? r.draw : -1)),
      [4, 5],
    );
    const steps = responses.flatMap((r) => (r.type === 'layers' ? r.steps.map((s) => `${r.draw}${s.direction[0]}${s.layer}`) : []));
    assert.deepEqual(steps, ['4f1', '4f2', '4f3', '4b3', '4b2', '4b1', '5f1', '5f2', '5f3', '5b3', '5b2', '5b1']);
    assert.equal(responses.filter((r) => r.type === 'meanField').length, 1);

    responses.length = 0;
    Atomics.store(cancelFlag, 0, JOB_CANCELLED);
    const second = untilSettled(2);
    worker.postMessage({ ...task, taskId: 2 });
    await second;
    assert.deepEqual(responses.map((r) => r.type), ['failed']);
    assert.equal(responses[0].type === 'failed' && responses[0].error.name, 'CancelledError');

    responses.length = 0;
    const third = untilSettled(3);
    worker.postMessage({ type: 'simulate', taskId: 3, network: { ...network, inputWidth: 0 }, options, cancelFlag: new Int32Array(new SharedArrayBuffer(4)) } satisfies WorkerRequest);
    await third;
    const failed = responses[0];
    assert.ok(failed.type === 'failed');
    assert.equal(failed.error.name, 'InputError');
    assert.match(failed.error.message, /width \(input\) must be an integer from 1 to 65536/);
    // Crash requests are ignored without test hooks.
    worker.postMessage({ type: 'crash', mode: 'exit' } satisfies WorkerRequest);
    responses.length = 0;
    const fourth = untilSettled(4);
    worker.postMessage({ ...task, taskId: 4, cancelFlag: new Int32Array(new SharedArrayBuffer(4)) });
    await fourth;
    assert.equal(responses[responses.length - 1].type, 'done');
  } finally {
    await worker.terminate();
  }
});
