// Depth sweep: mean-field points against closed forms, ξ and χ₁, and Monte Carlo bands exactly
// where finite width matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationSpec, InitSpec, NetworkSpec, SimulationOptions } from '../../../src/core/types';
import { simulate } from '../../../src/core/simulate';
import { runSweep } from '../../../src/sweep/engine';
import { inProcessRunner } from '../../../src/sweep/runner';
import type { DepthSweepRequest, DepthSweepResult, MonteCarloPolicy } from '../../../src/sweep/types';
import { assertRelative, drawRatioBands, reversingRunner } from './helpers';

const DEPTHS = [1, 2, 3, 5, 10, 30, 100, 300, 1000];

function request(init: InitSpec, activation: ActivationSpec, overrides: Partial<DepthSweepRequest> = {}): DepthSweepRequest {
  return { kind: 'depth', init, initLabel: 'test init', activation, width: 64, biasStd: 0, depths: DEPTHS, batch: 4, draws: 3, seed: 5, monteCarlo: 'mean-field', ...overrides };
}

async function depthSweep(r: DepthSweepRequest): Promise<DepthSweepResult> {
  const result = (await runSweep(r, inProcessRunner())) as DepthSweepResult;
  assert.equal(result.kind, 'depth');
  assert.equal(result.complete, true);
  assert.equal(result.done, result.total);
  assert.deepEqual(result.points.map((p) => p.depth), r.depths);
  return result;
}

// Products of d per-layer factors each within a few ulp of exact: 1e-12 relative is ample up to d = 1000.
const TOL = 1e-12;

test('linear, N(0, (g/√n)²): forward and backward ratios are g^(d−1) at every depth; χ₁ = g²', async () => {
  for (const g of [0.8, 1, 1.25]) {
    const result = await depthSweep(request({ scheme: 'normal', std: g / Math.sqrt(64) }, { name: 'linear' }));
    for (const p of result.points) {
      // q_l = g^(2l), so std(a_d)/std(a_1) = g^(d−1); backward each layer multiplies the gradient variance by σ_w² = g².
      assert.equal(p.engine, 'mean-field');
      assert.equal(p.monteCarlo, null, 'mean-field policy: no bands for a linear net');
      assertRelative(p.forwardRatio, g ** (p.depth - 1), TOL, `g = ${g}, depth ${p.depth} forward`);
      assertRelative(p.backwardRatio, g ** (p.depth - 1), TOL, `g = ${g}, depth ${p.depth} backward`);
    }
    assertRelative(result.chi1, g * g, TOL, `χ₁ at g = ${g}`);
    if (g === 1) assert.equal(result.depthScale, null, 'critical: ξ = ∞');
    else assertRelative(result.depthScale, -1 / Math.log(g * g), 1e-10, `ξ at g = ${g}`);
  }
});

test('ReLU with He normal: forward and backward ratios are 1 at every depth (χ₁ = 1, ξ = ∞)', async () => {
  const result = await depthSweep(request({ scheme: 'he_normal' }, { name: 'relu' }));
  for (const p of result.points) {
    assertRelative(p.forwardRatio, 1, TOL, `depth ${p.depth} forward`);
    assertRelative(p.backwardRatio, 1, TOL, `depth ${p.depth} backward`);
  }
  assertRelative(result.chi1, 1, TOL, 'χ₁');
  assert.equal(result.depthScale, null);
});

test('tanh with gain 0.9 (σ_b = 0): χ₁ = 0.81 and ξ = −1/ln 0.81; tanh with Xavier (σ_w² = 1) is critical, ξ null', async () => {
  const ordered = await depthSweep(request({ scheme: 'normal', std: 0.9 / Math.sqrt(64) }, { name: 'tanh' }, { depths: [1, 10, 100] }));
  // q* = 0: χ₁ = σ_w² tanh′(0)² = 0.81.
  assertRelative(ordered.chi1, 0.81, 1e-14, 'χ₁');
  assertRelative(ordered.depthScale, -1 / Math.log(0.81), 1e-12, 'ξ');
  assertRelative(-1 / Math.log(0.81), 4.745610790514953, 1e-15, 'ξ ≈ 4.75 layers (python: -1/math.log(0.81))');
  const critical = await depthSweep(request({ scheme: 'xavier_normal' }, { name: 'tanh' }, { depths: [1, 10, 100] }));
  assertRelative(critical.chi1, 1, 1e-12, 'χ₁ at σ_w² = 1');
  assert.equal(critical.depthScale, null);
});

function network(r: DepthSweepRequest, depth: number): NetworkSpec {
  return { inputWidth: r.width, layers: Array.from({ length: depth }, () => ({ fanIn: r.width, fanOut: r.width, init: r.init, activation: r.activation })) };
}

function monteCarloOptions(r: DepthSweepRequest): SimulationOptions {
  return { batch: r.batch, seeds: r.draws, seed: r.seed, rng: 'xoshiro', engine: 'auto', bins: 10 };
}

test('Monte Carlo bands are present exactly where needsMonteCarlo says, and are the p5/p50/p95 of per-draw ratios', async () => {
  const depths = [1, 2, 3, 4, 8];
  const cases: { init: InitSpec; activation: ActivationSpec; policy: MonteCarloPolicy; banded: (d: number) => boolean }[] = [
    // Linear can't die and mean-field applies: 'auto' wants Monte Carlo once Σ 1/width = d/64 ≥ 0.05, i.e. d ≥ 4.
    { init: { scheme: 'xavier_normal' }, activation: { name: 'linear' }, policy: 'auto', banded: (d) => d / 64 >= 0.05 },
    // ReLU units can die at any depth.
    { init: { scheme: 'he_normal' }, activation: { name: 'relu' }, policy: 'auto', banded: () => true },
    { init: { scheme: 'he_normal' }, activation: { name: 'relu' }, policy: 'mean-field', banded: () => false },
    { init: { scheme: 'xavier_normal' }, activation: { name: 'tanh' }, policy: 'always', banded: () => true },
  ];
  for (const { init, activation, policy, banded } of cases) {
    const r = request(init, activation, { depths, monteCarlo: policy });
    const result = await depthSweep(r);
    const where = `${activation.name}, ${policy}`;
    assert.deepEqual(
      result.points.map((p) => p.monteCarlo !== null),
      depths.map(banded),
      `${where}: bands`,
    );
    assert.equal(result.total, depths.length + depths.filter(banded).length, `${where}: mean-field for every depth plus the Monte Carlo runs`);
    for (const p of result.points) {
      assert.equal(p.engine, 'mean-field', `${where}: the curve stays mean-field`);
      if (p.monteCarlo === null) continue;
      const expected = drawRatioBands(network(r, p.depth), monteCarloOptions(r));
      assert.deepEqual(p.monteCarlo, { ...expected, draws: r.draws }, `${where}, depth ${p.depth}: band`);
      assert.ok(p.monteCarlo.forwardRatio && p.monteCarlo.forwardRatio.p5 <= p.monteCarlo.forwardRatio.p50 && p.monteCarlo.forwardRatio.p50 <= p.monteCarlo.forwardRatio.p95);
    }
  }
});

test('zeros: mean-field does not apply, so every point is Monte Carlo itself and ξ, χ₁ are null', async () => {
  const r = request({ scheme: 'zeros' }, { name: 'tanh' }, { depths: [1, 3, 6], monteCarlo: 'mean-field' });
  const result = await depthSweep(r);
  assert.equal(result.total, 3);
  assert.equal(result.chi1, null);
  assert.equal(result.depthScale, null);
  for (const p of result.points) {
    assert.equal(p.engine, 'dense');
    assert.ok(p.monteCarlo !== null && p.monteCarlo.engine === 'dense' && p.monteCarlo.draws === r.draws);
    // tanh(0) = 0 everywhere: std(a_1) = 0, so no forward ratio is formed.
    assert.equal(p.forwardRatio, null);
  }
  assert.match(result.engineNote, /^Ratios: Monte Carlo/);
});

test('χ₁ and ξ come from the deepest network, whatever order the runs finish in', async () => {
  // elu with He init has no variance fixed point (q grows for ever), so χ₁ is taken at the last layer's q
  // and depends on the depth: the result must not depend on which run happened to finish last.
  const depths = [1, 10, 100, 1000];
  const r = request({ scheme: 'he_normal' }, { name: 'elu' }, { depths });
  const deepest = simulate(network(r, 1000), { batch: r.batch, seeds: 1, seed: r.seed, rng: 'xoshiro', engine: 'mean-field', bins: 10 }).meanField;
  const shallow = simulate(network(r, 1), { batch: r.batch, seeds: 1, seed: r.seed, rng: 'xoshiro', engine: 'mean-field', bins: 10 }).meanField;
  assert.ok(deepest && shallow && deepest.chi1 !== shallow.chi1, 'the case distinguishes depths');
  for (const runner of [inProcessRunner(), reversingRunner(depths.length)]) {
    const result = (await runSweep(r, runner)) as DepthSweepResult;
    assert.equal(result.complete, true);
    assert.equal(result.chi1, deepest.chi1);
    assert.equal(result.depthScale, deepest.depthScale);
  }
});
