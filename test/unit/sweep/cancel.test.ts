// Cancelling a sweep resolves with a consistent partial result: every cell or point present is exactly
// the uncancelled sweep's, or its mean-field stage where its Monte Carlo run had not finished (the design
// keeps the mean-field heatmap on cancel), every finished run shows, nothing is NaN. A failed run rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/core/simulate';
import { SimulationPool } from '../../../src/worker/pool';
import { runSweep } from '../../../src/sweep/engine';
import { inProcessRunner, poolRunner, type RunOutput, type SweepRunner } from '../../../src/sweep/runner';
import type { DepthPoint, GainPoint, SchemeCell, SweepRequest, SweepResult } from '../../../src/sweep/types';
import { settle, simulationOptions, squareNetwork, WORKER_PATH } from '../workerHelpers';
import { assertAllFinite, reversingRunner, withoutTime } from './helpers';

const run = { batch: 4, draws: 2, seed: 9 } as const;
const REQUESTS: SweepRequest[] = [
  {
    // Σ 1/width = 4/16: Monte Carlo refines every cell after mean-field has filled the grid.
    kind: 'schemes',
    depth: 4,
    width: 16,
    biasStd: 0,
    schemes: [
      { id: 'zeros', label: 'zeros', init: { scheme: 'zeros' } },
      { id: 'he_normal', label: 'He normal', init: { scheme: 'he_normal' } },
      { id: 'xavier_uniform', label: 'Xavier uniform', init: { scheme: 'xavier_uniform' } },
    ],
    activations: [{ name: 'relu' }, { name: 'tanh' }],
    ...run,
    monteCarlo: 'auto',
  },
  { kind: 'gain', depth: 4, width: 16, activation: { name: 'relu' }, biasStd: 0.1, gains: [0.5, 0.8, 1, 1.3, 2], currentGain: 1, ...run, monteCarlo: 'always' },
  { kind: 'depth', init: { scheme: 'he_normal' }, initLabel: 'He normal', activation: { name: 'relu' }, width: 32, biasStd: 0, depths: [1, 2, 4, 8], ...run, monteCarlo: 'auto' },
  { kind: 'width', init: { scheme: 'he_normal' }, initLabel: 'He normal', activation: { name: 'relu' }, depth: 4, biasStd: 0, widths: [8, 16, 32, 64], ...run, draws: 4, monteCarlo: 'auto' },
];

/** The cells or points of a result, keyed by what identifies them. */
function entries(result: SweepResult): Map<string, unknown> {
  switch (result.kind) {
    case 'schemes':
      return new Map(result.cells.map((c) => [`${c.scheme}|${c.activation}`, c]));
    case 'gain':
      return new Map(result.points.map((p) => [String(p.gain), p]));
    case 'depth':
      return new Map(result.points.map((p) => [String(p.depth), p]));
    case 'width':
      return new Map(result.points.map((p) => [String(p.width), p]));
  }
}

/** Runs `request`, aborting from onPartial once `k` partials have arrived. */
async function cancelAfter(request: SweepRequest, runner: SweepRunner, k: number): Promise<{ result: SweepResult; partials: SweepResult[] }> {
  const controller = new AbortController();
  const partials: SweepResult[] = [];
  const result = await runSweep(request, runner, {
    signal: controller.signal,
    onPartial: (partial) => {
      partials.push(partial);
      if (partials.length === k) controller.abort();
    },
  });
  return { result, partials };
}

/**
 * What a cancelled entry may be. Mean-field fills every point first and Monte Carlo refines it afterwards, and a
 * cancel keeps what finished (the panel keeps the mean-field heatmap): so an entry is either exactly the uncancelled
 * one, or (only where its Monte Carlo run had not finished) exactly its mean-field stage: for a schemes cell the
 * same cell of a 'mean-field'-policy sweep, for a gain or depth point the uncancelled point without its band. When
 * runs finish out of order, a schemes cell can also be its Monte Carlo stage: final numbers, mean-field not yet beside.
 * Returns how many finished runs the entry shows.
 */
function runsShown(kind: SweepRequest['kind'], entry: unknown, final: unknown, meanFieldStage: unknown, outOfOrder: boolean, where: string): number {
  const same = (a: unknown, b: unknown) => {
    try {
      assert.deepEqual(a, b);
      return true;
    } catch {
      return false;
    }
  };
  switch (kind) {
    case 'schemes': {
      const cell = final as SchemeCell;
      if (same(entry, final)) return (cell.meanField ? 1 : 0) + (cell.engine !== 'mean-field' ? 1 : 0);
      if (cell.engine !== 'mean-field' && cell.meanField && same(entry, meanFieldStage)) return 1;
      if (outOfOrder && cell.meanField && same(entry, { ...cell, meanField: null })) return 1;
      break;
    }
    case 'gain':
    case 'depth': {
      const point = final as GainPoint | DepthPoint;
      if (same(entry, final)) return (point.engine === 'mean-field' ? 1 : 0) + (point.monteCarlo ? 1 : 0);
      if (point.engine === 'mean-field' && point.monteCarlo && same(entry, { ...point, monteCarlo: null })) return 1;
      break;
    }
    case 'width':
      if (same(entry, final)) return 1;
      break;
  }
  assert.deepEqual(entry, final, `${where}: neither the uncancelled entry nor its mean-field stage`);
  return 0;
}

async function references(request: SweepRequest): Promise<{ final: SweepResult; meanFieldStage: SweepResult }> {
  const final = await runSweep(request, inProcessRunner());
  assert.equal(final.complete, true);
  assert.equal(final.done, final.total);
  assertAllFinite(final, request.kind);
  // A schemes cell before its Monte Carlo run is the cell a 'mean-field' sweep gives (its mean-field run is the same).
  const meanFieldStage = request.kind === 'schemes' ? await runSweep({ ...request, monteCarlo: 'mean-field' }, inProcessRunner()) : final;
  return { final, meanFieldStage };
}

function same(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** Checks a cancelled result and returns how many finished runs its entries show. */
function assertConsistentPartial(result: SweepResult, refs: { final: SweepResult; meanFieldStage: SweepResult }, where: string, outOfOrder = false): number {
  const reference = refs.final;
  assert.equal(result.complete, false, `${where}: complete`);
  assert.ok(result.done < result.total, `${where}: done ${result.done} < total ${result.total}`);
  assert.equal(result.total, reference.total, `${where}: total`);
  if (result.kind === 'gain' && reference.kind === 'gain') {
    // The critical gain is refined after every mean-field point is in: a cancelled gain sweep has it or not yet.
    assert.ok(result.criticalGains.length === 0 || same(result.criticalGains, reference.criticalGains), `${where}: critical gains`);
    if (result.criticalGains.length === 0) assert.match(result.engineNote, /critical gain is located once mean-field has every gain/, `${where}: engine note`);
    else assert.equal(result.engineNote, reference.engineNote, `${where}: engine note`);
  } else {
    assert.equal(result.engineNote, reference.engineNote, `${where}: engine note`);
  }
  assert.deepEqual(result.request, reference.request);
  assertAllFinite(result, where);
  const present = entries(result);
  const full = entries(reference);
  const stage = entries(refs.meanFieldStage);
  let shown = 0;
  for (const [key, entry] of present) shown += runsShown(result.kind, entry, full.get(key), stage.get(key), outOfOrder, `${where}: ${key}`);
  // Present entries appear in the request's order.
  const order = [...full.keys()];
  const positions = [...present.keys()].map((key) => order.indexOf(key));
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `${where}: order`);
  return shown;
}

test('cancelled in process after k partials: complete = false, done < total, each entry is the uncancelled one or its mean-field stage', async () => {
  for (const request of REQUESTS) {
    const refs = await references(request);
    for (let k = 1; k < refs.final.total; k++) {
      const where = `${request.kind}, cancelled after ${k} of ${refs.final.total}`;
      const { result, partials } = await cancelAfter(request, inProcessRunner(), k);
      // In process one run at a time: nothing starts once the abort has landed.
      assert.equal(partials.length, k, `${where}: no partial after the abort`);
      assert.equal(result.done, k, `${where}: done`);
      assert.equal(assertConsistentPartial(result, refs, where), k, `${where}: every finished run shows in the result`);
      assert.ok(partials.every((p) => p.complete === false));
      // The last partial is the result (but for the clock).
      assert.deepEqual(withoutTime(partials[k - 1]), withoutTime(result));
    }
  }
});

test('cancelled while runs finish out of order (Monte Carlo before mean-field): every entry still one of its stages', async () => {
  for (const request of REQUESTS.filter((r) => r.kind !== 'depth')) {
    const refs = await references(request);
    for (let k = 1; k < refs.final.total; k++) {
      const where = `${request.kind}, reversed, cancelled after ${k} of ${refs.final.total}`;
      const { result } = await cancelAfter(request, reversingRunner(refs.final.total), k);
      assert.equal(result.done, k, `${where}: done`);
      // A gain's Monte Carlo run that beat its mean-field run has no point to show its band on yet.
      assert.ok(assertConsistentPartial(result, refs, where, true) <= k, where);
    }
  }
});

test('an abort before the sweep starts resolves with nothing computed', async () => {
  for (const request of REQUESTS) {
    const controller = new AbortController();
    controller.abort();
    const result = await runSweep(request, inProcessRunner(), { signal: controller.signal });
    assert.equal(result.complete, false);
    assert.equal(result.done, 0);
    assert.equal(entries(result).size, 0);
  }
});

test('cancelled on a pool of 2: the promise resolves with a consistent partial result and the pool is still usable', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    // Enough work per run (width 256, depth 12, batch 32, 4 draws) that the abort lands mid-way.
    const request: SweepRequest = { kind: 'gain', depth: 12, width: 256, activation: { name: 'relu' }, biasStd: 0, gains: [0.7, 1, 1.4, 2], currentGain: null, batch: 32, draws: 4, seed: 2, monteCarlo: 'always' };
    const refs = await references(request);
    // 4 mean-field runs, then 4 Monte Carlo runs: abort on the 5th partial (a pool gives no order, so that is
    // usually, not always, the first Monte Carlo one); the other lane's run is cancelled or finishes.
    const outcome = await settle(cancelAfter(request, poolRunner(pool), 5));
    assert.equal(outcome.error, undefined, `resolves, not rejects: ${outcome.error?.message}`);
    const { result } = outcome.value as { result: SweepResult };
    assert.ok(result.done === 5 || result.done === 6, `done ${result.done}: the aborted-on run and at most the one beside it`);
    assert.ok(assertConsistentPartial(result, refs, 'pool', true) <= result.done);
    assert.equal(pool.pendingJobs, 0, 'no job left running');
    // Still usable: a simulation and a whole sweep, with the in-process numbers.
    const network = squareNetwork(32, 4, { scheme: 'he_normal' }, 'relu');
    const options = simulationOptions({ seeds: 3 });
    assert.deepEqual(await pool.run({ network, options }), simulate(network, options));
    const small: SweepRequest = { ...request, width: 32, depth: 4, batch: 4, draws: 2 };
    assert.deepEqual(withoutTime(await runSweep(small, poolRunner(pool))), withoutTime(await runSweep(small, inProcessRunner())));
  } finally {
    await pool.dispose();
  }
});

test('a run failing with a non-cancel error rejects the sweep with that error, after the earlier partials', async () => {
  const request = REQUESTS[1];
  const failure = new Error('worker exploded');
  const inner = inProcessRunner();
  let calls = 0;
  const failing: SweepRunner = {
    concurrency: 1,
    async run(network, options, signal) {
      if (++calls === 3) throw failure;
      return inner.run(network, options, signal);
    },
  };
  const partials: SweepResult[] = [];
  const outcome = await settle(runSweep(request, failing, { onPartial: (p) => partials.push(p) }));
  assert.equal(outcome.error, failure, 'the very error the runner threw');
  assert.equal(partials.length, 2, 'both earlier runs were delivered');
  assert.equal(partials[1].done, 2);
  assert.equal(calls, 3, 'nothing ran after the failure');
});

test('with two runs at once, the failure is rethrown only after the other run has settled, and that run is told to stop', async () => {
  const request = REQUESTS[1];
  const failure = new Error('out of memory');
  let releaseSlow: (o: RunOutput) => void = () => undefined;
  let slowSignal: AbortSignal | undefined;
  let calls = 0;
  const inner = inProcessRunner();
  const runner: SweepRunner = {
    concurrency: 2,
    async run(network, options, signal) {
      calls++;
      if (calls === 1) {
        slowSignal = signal;
        const output = await inner.run(network, options);
        return new Promise<RunOutput>((resolve) => {
          releaseSlow = resolve;
          void output;
        }).then(() => output);
      }
      if (calls === 2) throw failure;
      return inner.run(network, options, signal);
    },
  };
  let settled = false;
  const outcome = settle(runSweep(request, runner)).finally(() => {
    settled = true;
  });
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal(settled, false, 'still waiting for the slow run');
  assert.equal(slowSignal?.aborted, true, 'the slow run was told to stop');
  assert.equal(calls, 2, 'no new run after the failure');
  releaseSlow({} as RunOutput);
  assert.equal((await outcome).error, failure);
});
