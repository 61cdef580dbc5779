// The CLI as a user runs it: the built bundle in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('simulate --json prints exactly one object in the documented shape', () => {
  const run = cli('simulate', '--init', 'he_normal', '--activation', 'relu', '--width', '64', '--depth', '6', '--batch', '32', '--seeds', '3', '--json');
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.engine, 'dense');
  assert.equal(out.config.width, 64);
  assert.equal(out.config.depth, 6);
  assert.deepEqual(out.config.weights, { kind: 'normal', mean: 0, std: Math.sqrt(2) / Math.sqrt(64) });
  assert.equal(out.layers.length, 6);
  const layer = out.layers[0];
  for (const key of ['mean', 'std', 'preStd', 'saturated', 'dead', 'histogram']) assert.ok(key in layer.forward, key);
  for (const key of ['preGradStd', 'gradStd', 'weightGradStd', 'histogram']) assert.ok(key in layer.backward, key);
  assert.equal(layer.forward.saturated, null);
  assert.equal(typeof layer.forward.dead, 'number');
  assert.equal(layer.forward.histogram.edges.length, 31);
  assert.equal(layer.forward.histogram.counts.reduce((a: number, b: number) => a + b, 0), 32 * 64);
  for (const key of ['p5', 'p50', 'p95']) assert.equal(typeof layer.band.std[key], 'number');
  assert.ok(layer.band.std.p5 <= layer.band.std.p50 && layer.band.std.p50 <= layer.band.std.p95);
  assert.equal(out.meanField.layers.length, 6);
  assert.ok(Math.abs(out.meanField.chi1 - 1) < 1e-12);
  assert.equal(out.meanField.depthScale, null);
  assert.equal(out.verdict.forward, 'healthy');
  assert.ok('summary' in out.verdict && 'fix' in out.verdict);
});

test('one draw has no band; the mean-field engine is deterministic and exact for ReLU/He', () => {
  const dense = JSON.parse(cli('simulate', '--init', 'he_normal', '--activation', 'relu', '--width', '16', '--depth', '2', '--json').stdout);
  assert.equal(dense.layers[0].band, undefined);
  const mf = JSON.parse(cli('simulate', '--init', 'he_normal', '--activation', 'relu', '--width', '512', '--depth', '50', '--engine', 'mean-field', '--json').stdout);
  assert.equal(mf.engine, 'mean-field');
  // q_1 = σ_w²·E[a_0²] = 2 and q stays 2·E[relu(√2 ξ)²] = 2: preStd √2, std √2·√(1/2 − 1/(2π)).
  for (const l of mf.layers) {
    assert.ok(Math.abs(l.forward.preStd - Math.SQRT2) < 1e-12);
    assert.ok(Math.abs(l.forward.std - Math.SQRT2 * Math.sqrt(0.5 - 1 / (2 * Math.PI))) < 1e-12);
  }
});

test('the readable table names the verdict and the fix', () => {
  const run = cli('simulate', '--init', 'normal', '--std', '0.01', '--activation', 'tanh', '--width', '100', '--depth', '10', '--batch', '50');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /forward: +vanishing/);
  assert.match(run.stdout, /backward: vanishing/);
  assert.match(run.stdout, /Fix: Xavier normal/);
  assert.equal(run.stdout.split('\n').filter((l) => /^\d+ /.test(l)).length, 10);
});

test('bad input exits 2 with one line naming the argument and the allowed range', () => {
  const cases: [string[], RegExp][] = [
    [['--init', 'bogus', '--activation', 'relu', '--width', '8', '--depth', '2'], /bogus/],
    [['--init', 'normal', '--activation', 'relu', '--width', '0', '--depth', '2'], /--width must be an integer from 1 to 65536/],
    [['--init', 'normal', '--activation', 'relu', '--width', '8', '--depth', '10001'], /--depth must be an integer from 1 to 10000/],
    [['--init', 'normal', '--std', '-1', '--activation', 'relu', '--width', '8', '--depth', '2'], /std/],
    [['--init', 'normal', '--std', 'NaN', '--activation', 'relu', '--width', '8', '--depth', '2'], /--std must be a finite number/],
    [['--init', 'normal', '--activation', 'nope', '--width', '8', '--depth', '2'], /nope/],
    [['--init', 'normal', '--activation', 'relu', '--width', '60000', '--depth', '2', '--batch', '100000'], /batch × width × depth/],
    [['--init', 'normal', '--activation', 'relu', '--width', '8'], /--depth must be given/],
    [['--init', 'normal', '--activation', 'relu', '--width', '8', '--depth', '2', '--frobnicate'], /frobnicate/],
  ];
  for (const [args, message] of cases) {
    const run = cli('simulate', ...args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}`);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^init-lens: /);
  }
});
