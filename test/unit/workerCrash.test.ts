// A worker that dies, however it dies, fails only its own job with a clear message; the pool
// replaces it and keeps working. The crash hook is a test hook, off by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/core/simulate';
import { SimulationPool } from '../../src/worker/pool';
import type { CrashMode } from '../../src/worker/protocol';
import { settle, simulationOptions, squareNetwork, WORKER_PATH } from './workerHelpers';

const slow = squareNetwork(256, 30, { scheme: 'he_normal' }, 'relu');
const quick = squareNetwork(24, 4, { scheme: 'xavier_normal' }, 'tanh');

const expectedDetail: Record<CrashMode, RegExp> = {
  throw: /^simulation worker crashed: CrashRequest: uncaught exception requested by the test hook$/,
  exit: /^simulation worker crashed: the worker thread exited with code 70$/,
  terminate: /^simulation worker crashed: the worker thread exited with code 1$/,
  oom: /^simulation worker crashed: .*memory limit.*\(ERR_WORKER_OUT_OF_MEMORY\)$/,
};

for (const mode of ['throw', 'exit', 'terminate', 'oom'] as const) {
  test(`a worker killed mid-job (${mode}) fails that job clearly; the pool is restored and runs the next job`, async () => {
    // A small heap makes the 'oom' crash quick; the engines keep their arrays off the JS heap.
    const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH, testHooks: true, resourceLimits: { maxOldGenerationSizeMb: 48 } });
    try {
      let crashed = false;
      const outcome = await settle(
        pool.run({
          network: slow,
          options: simulationOptions({ seeds: 4, batch: 64 }),
          onProgress: () => {
            if (!crashed) crashed = pool.crashWorker(mode);
          },
        }),
      );
      assert.ok(crashed);
      assert.equal(outcome.error?.name, 'WorkerCrashError');
      assert.match(outcome.error?.message ?? '', expectedDetail[mode]);
      const options = simulationOptions({ seeds: 3 });
      assert.deepEqual(await pool.run({ network: quick, options }), simulate(quick, options));
      assert.equal(pool.workerCount, 2, 'the crashed worker was replaced');
      assert.equal(pool.pendingJobs, 0);
    } finally {
      await pool.dispose();
    }
  });
}

test('an idle worker that dies is replaced without failing anything', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH, testHooks: true });
  try {
    const options = simulationOptions({ seeds: 2 });
    await pool.run({ network: quick, options });
    assert.equal(pool.crashWorker('exit'), true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(pool.workerCount, 2);
    assert.deepEqual(await pool.run({ network: quick, options }), simulate(quick, options));
  } finally {
    await pool.dispose();
  }
});

test('a worker bundle that cannot start fails each job clearly instead of respawning forever', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: '/nonexistent/worker.js' });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { error } = await settle(pool.run({ network: quick, options: simulationOptions({ seeds: 2 }) }));
      assert.match(error?.message ?? '', /^simulation worker crashed: .*Cannot find module '\/nonexistent\/worker\.js'/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(pool.workerCount, 0, 'no respawn loop');
    }
  } finally {
    await pool.dispose();
  }
});

test('crashWorker is refused unless test hooks are enabled', async () => {
  const pool = new SimulationPool({ size: 1, workerPath: WORKER_PATH, testHooks: false });
  try {
    assert.throws(() => pool.crashWorker('throw'), /test hook/);
  } finally {
    await pool.dispose();
  }
});
