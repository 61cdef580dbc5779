// Sweeps on the worker pool give the in-process results exactly: same seeds per draw, and the
// per-draw ratios behind each Monte Carlo band come from the pool's 'draw' progress events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkSpec, SimulationOptions } from '../../../src/core/types';
import { SimulationPool } from '../../../src/worker/pool';
import { runSweep } from '../../../src/sweep/engine';
import { inProcessRunner, poolRunner } from '../../../src/sweep/runner';
import type { DepthSweepRequest, GainSweepRequest, GainSweepResult, SchemesSweepRequest, SweepRequest } from '../../../src/sweep/types';
import { WORKER_PATH } from '../workerHelpers';
import { drawRatioBands, reversingRunner, withoutTime } from './helpers';

test('a gain sweep (policy always, 3 draws) on a pool of 2 equals the in-process sweep, bands from per-draw ratios', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const request: GainSweepRequest = {
      kind: 'gain',
      depth: 5,
      width: 32,
      activation: { name: 'relu' },
      biasStd: 0.05,
      gains: [0.5, 1, Math.SQRT2, 2, 3],
      currentGain: Math.SQRT2,
      batch: 4,
      draws: 3,
      seed: 11,
      monteCarlo: 'always',
    };
    const partials: number[] = [];
    const pooled = (await runSweep(request, poolRunner(pool), { onPartial: (p) => partials.push(p.done) })) as GainSweepResult;
    const inProcess = (await runSweep(request, inProcessRunner())) as GainSweepResult;
    assert.deepEqual(withoutTime(pooled), withoutTime(inProcess));
    assert.equal(pooled.complete, true);
    assert.equal(pooled.total, 10);
    // One partial per run, plus one when the critical gain is found (while the bands run).
    assert.deepEqual([...new Set(partials)], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(partials.length, 11);
    // Each band is the p5/p50/p95 of that gain's three draws, recomputed here with runDraw.
    for (const p of pooled.points) {
      const network: NetworkSpec = {
        inputWidth: 32,
        layers: Array.from({ length: 5 }, () => ({ fanIn: 32, fanOut: 32, init: { scheme: 'normal' as const, std: p.gain / Math.sqrt(32) }, activation: { name: 'relu' as const }, bias: { scheme: 'normal' as const, std: 0.05 } })),
      };
      const options: SimulationOptions = { batch: 4, seeds: 3, seed: 11, rng: 'xoshiro', engine: 'auto', bins: 10 };
      assert.deepEqual(p.monteCarlo, { ...drawRatioBands(network, options), draws: 3 }, `gain ${p.gain}`);
    }
  } finally {
    await pool.dispose();
  }
});

test('schemes and depth sweeps on the pool equal the in-process ones too (runs finish out of order there)', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const schemes: SchemesSweepRequest = {
      kind: 'schemes',
      depth: 4,
      width: 24,
      biasStd: 0,
      schemes: [
        { id: 'zeros', label: 'zeros', init: { scheme: 'zeros' } },
        { id: 'he_uniform', label: 'He uniform', init: { scheme: 'he_uniform' } },
        { id: 'orthogonal', label: 'orthogonal', init: { scheme: 'orthogonal' } },
      ],
      activations: [{ name: 'relu' }, { name: 'tanh' }, { name: 'gelu' }],
      batch: 4,
      draws: 3,
      seed: 4,
      monteCarlo: 'always',
    };
    assert.deepEqual(withoutTime(await runSweep(schemes, poolRunner(pool))), withoutTime(await runSweep(schemes, inProcessRunner())));
    // elu with He init: χ₁ depends on the depth (no fixed point), so it must come from the deepest run however they finish.
    const depth: DepthSweepRequest = {
      kind: 'depth',
      init: { scheme: 'he_normal' },
      initLabel: 'He normal',
      activation: { name: 'elu' },
      width: 32,
      biasStd: 0,
      depths: [1, 3, 10, 30, 100],
      batch: 4,
      draws: 2,
      seed: 8,
      monteCarlo: 'auto',
    };
    assert.deepEqual(withoutTime(await runSweep(depth, poolRunner(pool))), withoutTime(await runSweep(depth, inProcessRunner())));
  } finally {
    await pool.dispose();
  }
});

test('results do not depend on the order runs finish in: Monte Carlo before mean-field, deep before shallow', async () => {
  // A pool gives no order: a worker still starting can hold a mean-field run while the other worker finishes
  // that point's Monte Carlo run. The reversing runner makes that order certain, in process.
  const requests: SweepRequest[] = [
    { kind: 'gain', depth: 4, width: 16, activation: { name: 'relu' }, biasStd: 0, gains: [0.5, 1, 2], currentGain: null, batch: 4, draws: 2, seed: 1, monteCarlo: 'always' },
    {
      kind: 'schemes',
      depth: 3,
      width: 16,
      biasStd: 0,
      schemes: [
        { id: 'zeros', label: 'zeros', init: { scheme: 'zeros' } },
        { id: 'xavier_normal', label: 'Xavier normal', init: { scheme: 'xavier_normal' } },
      ],
      activations: [{ name: 'relu' }, { name: 'tanh' }],
      batch: 4,
      draws: 2,
      seed: 1,
      monteCarlo: 'always',
    },
    { kind: 'depth', init: { scheme: 'he_normal' }, initLabel: 'He normal', activation: { name: 'elu' }, width: 16, biasStd: 0, depths: [1, 4, 16], batch: 4, draws: 2, seed: 1, monteCarlo: 'always' },
    { kind: 'width', init: { scheme: 'he_normal' }, initLabel: 'He normal', activation: { name: 'relu' }, depth: 3, biasStd: 0, widths: [8, 16, 32], batch: 1, draws: 4, seed: 1, monteCarlo: 'auto' },
  ];
  for (const request of requests) {
    const inOrder = await runSweep(request, inProcessRunner());
    const runs = inOrder.total;
    assert.deepEqual(withoutTime(await runSweep(request, reversingRunner(runs))), withoutTime(inOrder), request.kind);
  }
});
