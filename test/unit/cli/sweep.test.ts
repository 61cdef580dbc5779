// `init-lens sweep` through the built CLI: the documented JSON shapes, the same numbers as the
// engine in process, the tables, and bad input as one line with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runSweep } from '../../../src/sweep/engine';
import { inProcessRunner } from '../../../src/sweep/runner';
import { SWEEP_SCHEMES } from '../../../src/sweep/presets';
import type { GainSweepResult } from '../../../src/sweep/types';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/cli.js', 'sweep', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('sweep gain --json: kind, activation, points with gain/forwardRatio/backwardRatio/engine, the critical gain √2 for ReLU; same numbers as in process', async () => {
  const run = cli('gain', '--activation', 'relu', '--depth', '6', '--width', '32', '--batch', '8', '--draws', '2', '--gain-min', '0.5', '--gain-max', '3', '--points', '7', '--json', '--workers', '2');
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.kind, 'gain');
  assert.equal(out.activation, 'relu');
  assert.equal(out.points.length, 7);
  for (const p of out.points) {
    for (const key of ['gain', 'forwardRatio', 'backwardRatio']) assert.equal(typeof p[key], 'number', key);
    assert.equal(p.engine, 'mean-field');
    // ReLU units can die: auto adds the Monte Carlo band (2 draws) at every gain.
    assert.equal(p.monteCarlo.draws, 2);
  }
  assert.ok(Math.abs(out.criticalGain - Math.SQRT2) < 1e-12 * Math.SQRT2, `critical gain ${out.criticalGain}`);
  assert.equal(out.complete, true);
  // The pool (2 workers) and the in-process engine agree number for number.
  const same = (await runSweep(out.request, inProcessRunner())) as GainSweepResult;
  assert.deepEqual(out.points, JSON.parse(JSON.stringify(same.points)));
  assert.deepEqual(out.criticalGains, same.criticalGains);
});

test('sweep schemes/depth/width --json: the documented keys', () => {
  const schemes = JSON.parse(cli('schemes', '--activation', 'relu,tanh', '--depth', '4', '--width', '16', '--batch', '4', '--json').stdout);
  assert.equal(schemes.kind, 'schemes');
  assert.equal(schemes.cells.length, SWEEP_SCHEMES.length * 2);
  const cell = schemes.cells.find((c: { scheme: string; activation: string }) => c.scheme === 'zeros' && c.activation === 'relu');
  assert.deepEqual(cell.verdict, { forward: 'symmetric', backward: 'symmetric' });
  for (const c of schemes.cells) assert.deepEqual(Object.keys(c).slice(0, 5), ['scheme', 'activation', 'forwardRatio', 'backwardRatio', 'verdict']);

  const depth = JSON.parse(cli('depth', '--init', 'normal', '--std', '0.1', '--activation', 'linear', '--width', '100', '--max-depth', '20', '--monte-carlo', 'mean-field', '--json').stdout);
  assert.equal(depth.kind, 'depth');
  // Linear with σ_w = 0.1·√100 = 1: critical (ξ = ∞), ratios 1 at every depth.
  assert.equal(depth.depthScale, null);
  for (const p of depth.points) assert.ok(Math.abs(p.forwardRatio - 1) < 1e-12 && typeof p.depth === 'number');

  const width = JSON.parse(cli('width', '--init', 'he_normal', '--activation', 'relu', '--depth', '5', '--max-width', '64', '--draws', '8', '--json').stdout);
  assert.equal(width.kind, 'width');
  assert.deepEqual(width.points.map((p: { width: number }) => p.width), [16, 32, 64]);
  for (const p of width.points) {
    assert.ok(p.std.p5 <= p.std.p50 && p.std.p50 <= p.std.p95);
    assert.ok(p.logStdSpread > 0 && p.predictedLogStdSpread > 0, 'batch 1: the prediction applies');
  }
});

test('sweep text tables and bad input', () => {
  const text = cli('gain', '--activation', 'tanh', '--depth', '5', '--width', '64', '--monte-carlo', 'mean-field', '--points', '9');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Gain sweep · tanh · depth 5 · width 64/);
  assert.match(text.stdout, /critical gain \(χ₁ = 1\): 1 \(σ_w² = 1\)/);
  const cases: [string[], RegExp][] = [
    [[], /sweep kind must be one of schemes, gain, depth, width \(got nothing\)/],
    [['heat'], /sweep kind must be one of schemes, gain, depth, width \(got "heat"\)/],
    [['gain', '--depth', '0'], /depth must be an integer from 1 to 10000 \(got 0\)/],
    [['gain', '--gains', '1,0.5'], /gains\[1\] must be greater than gains\[0\] = 1/],
    [['gain', '--gain-min', '-1'], /--gain-min\/--gain-max must be two gains with 0 < min < max/],
    [['width', '--draws', '1'], /draws must be an integer from 2 to 10000 \(got 1\)/],
    [['depth', '--init', 'bogus'], /initialization must be one of/],
    [['gain', '--monte-carlo', 'sometimes'], /--monte-carlo must be one of auto, always, mean-field \(got "sometimes"\)/],
    [['gain', '--activation', 'swish2'], /--activation/],
  ];
  for (const [args, message] of cases) {
    const run = cli(...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
  }
});
