// Bad sweep requests are refused whole, before anything runs, with one line naming the field and its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { runSweep } from '../../../src/sweep/engine';
import type { SweepRunner } from '../../../src/sweep/runner';
import type { DepthSweepRequest, GainSweepRequest, MonteCarloPolicy, SchemesSweepRequest, SweepRequest, WidthSweepRequest } from '../../../src/sweep/types';
import { validateSweepRequest } from '../../../src/sweep/validateRequest';

const run = { batch: 8, draws: 2, seed: 0, monteCarlo: 'auto' as MonteCarloPolicy };
const schemes = (o: Partial<SchemesSweepRequest> = {}): SchemesSweepRequest => ({
  kind: 'schemes',
  depth: 4,
  width: 16,
  biasStd: 0,
  schemes: [{ id: 'he_normal', label: 'He normal', init: { scheme: 'he_normal' } }],
  activations: [{ name: 'relu' }],
  ...run,
  ...o,
});
const gain = (o: Partial<GainSweepRequest> = {}): GainSweepRequest => ({
  kind: 'gain',
  depth: 4,
  width: 16,
  activation: { name: 'tanh' },
  biasStd: 0,
  gains: [0.5, 1, 2],
  currentGain: null,
  ...run,
  ...o,
});
const depth = (o: Partial<DepthSweepRequest> = {}): DepthSweepRequest => ({
  kind: 'depth',
  init: { scheme: 'he_normal' },
  initLabel: 'He normal',
  activation: { name: 'relu' },
  width: 16,
  biasStd: 0,
  depths: [1, 10, 100],
  ...run,
  ...o,
});
const width = (o: Partial<WidthSweepRequest> = {}): WidthSweepRequest => ({
  kind: 'width',
  init: { scheme: 'he_normal' },
  initLabel: 'He normal',
  activation: { name: 'relu' },
  depth: 4,
  biasStd: 0,
  widths: [16, 32],
  ...run,
  ...o,
});

/** A runner that must never be reached. */
function untouchedRunner(): SweepRunner & { calls: number } {
  const runner = {
    concurrency: 1,
    calls: 0,
    run(): never {
      runner.calls++;
      throw new Error('a refused request must not run anything');
    },
  };
  return runner;
}

const CASES: { name: string; request: SweepRequest; message: RegExp }[] = [
  { name: 'depth 0', request: gain({ depth: 0 }), message: /^depth must be an integer from 1 to 10000 \(got 0\)$/ },
  { name: 'depth 10001', request: width({ depth: 10001 }), message: /^depth must be an integer from 1 to 10000 \(got 10001\)$/ },
  { name: 'width 70000', request: schemes({ width: 70000 }), message: /^width must be an integer from 1 to 65536 \(got 70000\)$/ },
  { name: 'width 2.5', request: gain({ width: 2.5 }), message: /^width must be an integer from 1 to 65536 \(got 2\.5\)$/ },
  { name: 'draws 1 for a width sweep', request: width({ draws: 1 }), message: /^draws must be an integer from 2 to 10000 \(got 1\)$/ },
  { name: 'draws 0 elsewhere', request: gain({ draws: 0 }), message: /^draws must be an integer from 1 to 10000 \(got 0\)$/ },
  { name: 'gains not ascending', request: gain({ gains: [0.5, 2, 1] }), message: /^gains\[2\] must be greater than gains\[1\] = 2 \(ascending, no repeats\) \(got 1\)$/ },
  { name: 'negative gain', request: gain({ gains: [-1, 1] }), message: /^gains\[0\] must be a finite number from 5e-324 to 1000 \(got -1\)$/ },
  { name: 'NaN gain', request: gain({ gains: [0.5, NaN, 2] }), message: /^gains\[1\] must be a finite number from 5e-324 to 1000 \(got NaN\)$/ },
  { name: 'zero gain', request: gain({ gains: [0, 1] }), message: /^gains\[0\] must be a finite number from 5e-324 to 1000 \(got 0\)$/ },
  { name: 'no gains', request: gain({ gains: [] }), message: /^gains must be a list of 1 to 200 entries \(got "0 entries"\)$/ },
  { name: 'depths with a repeat', request: depth({ depths: [1, 10, 10, 100] }), message: /^depths\[2\] must be greater than depths\[1\] = 10 \(ascending, no repeats\) \(got 10\)$/ },
  { name: 'depth 0 in depths', request: depth({ depths: [0, 10] }), message: /^depths\[0\] must be an integer from 1 to 10000 \(got 0\)$/ },
  { name: 'widths descending', request: width({ widths: [32, 16] }), message: /^widths\[1\] must be greater than widths\[0\] = 32 \(ascending, no repeats\) \(got 16\)$/ },
  { name: 'empty schemes list', request: schemes({ schemes: [] }), message: /^schemes must be a list of 1 to 200 entries \(got "0 entries"\)$/ },
  { name: 'empty activations list', request: schemes({ activations: [] }), message: /^activations must be a list of 1 to 200 entries \(got "0 entries"\)$/ },
  { name: 'unknown monte carlo policy', request: gain({ monteCarlo: 'sometimes' as MonteCarloPolicy }), message: /^monte carlo policy must be one of auto, always, mean-field \(got "sometimes"\)$/ },
  { name: 'batch 0', request: depth({ batch: 0 }), message: /^batch must be an integer from 1 to 1000000 \(got 0\)$/ },
  { name: 'negative σ_b', request: gain({ biasStd: -0.1 }), message: /^bias std σ_b must be a finite number from 0 to 1000000 \(got -0\.1\)$/ },
  // Planned before anything runs: a Monte Carlo run at width 65536 × batch 10⁶ fits neither engine.
  {
    name: 'batch × width too large (width sweep)',
    request: width({ widths: [16, 65536], batch: 1_000_000 }),
    message: /^batch × width × depth must be small enough for the dense engine's 1024 MiB \(reduce --batch, --width or --depth\) \(got "\d+ MiB"\)$/,
  },
  {
    name: 'batch × width too large (schemes, relu needs Monte Carlo)',
    request: schemes({ width: 65536, batch: 1_000_000 }),
    message: /^batch × width × depth must be small enough for the dense engine's 1024 MiB/,
  },
];

test('each bad request throws an InputError naming the field and its allowed range', () => {
  for (const { name, request, message } of CASES) {
    assert.throws(
      () => validateSweepRequest(request),
      (error: unknown) => {
        assert.ok(error instanceof InputError, `${name}: an InputError, got ${String(error)}`);
        assert.equal(error.name, 'InputError');
        assert.match(error.message, message, name);
        return true;
      },
    );
  }
});

test('runSweep rejects a bad request before its runner runs anything', async () => {
  for (const { name, request, message } of CASES) {
    const runner = untouchedRunner();
    let partials = 0;
    await assert.rejects(runSweep(request, runner, { onPartial: () => partials++ }), (error: unknown) => {
      assert.ok(error instanceof InputError, name);
      assert.match(error.message, message, name);
      return true;
    });
    assert.equal(runner.calls, 0, `${name}: no run`);
    assert.equal(partials, 0, `${name}: no partial`);
  }
});

test('the same sizes are fine when nothing needs Monte Carlo: mean-field has no memory limit', () => {
  // tanh with the 'mean-field' policy at width 65536 × batch 10⁶ only runs mean-field.
  assert.doesNotThrow(() => validateSweepRequest(gain({ width: 65536, batch: 1_000_000, monteCarlo: 'mean-field' })));
  // …but the same request with 'always' would need Monte Carlo at that size.
  assert.throws(() => validateSweepRequest(gain({ width: 65536, batch: 1_000_000, monteCarlo: 'always' })), {
    name: 'InputError',
    message: /^batch × width × depth must be small enough for the dense engine's 1024 MiB/,
  });
  // And the defaults used above are themselves valid.
  for (const request of [schemes(), gain(), depth(), width()]) assert.doesNotThrow(() => validateSweepRequest(request), request.kind);
});
