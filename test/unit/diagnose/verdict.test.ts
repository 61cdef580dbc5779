import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/core/simulate';
import type { ActivationSpec, InitSpec, NetworkSpec, SimulationOptions } from '../../../src/core/types';
import { classifyRatio, DEFAULT_THRESHOLDS, diagnose } from '../../../src/diagnose/verdict';

function square(width: number, depth: number, init: InitSpec, activation: ActivationSpec, bias?: InitSpec): NetworkSpec {
  return {
    inputWidth: width,
    layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation, ...(bias ? { bias } : {}) })),
  };
}

const options = (over: Partial<SimulationOptions> = {}): SimulationOptions => ({
  batch: 128,
  seeds: 1,
  seed: 1,
  rng: 'xoshiro',
  engine: 'dense',
  bins: 20,
  ...over,
});

test('ratio thresholds follow design.md §6', () => {
  const t = DEFAULT_THRESHOLDS;
  assert.equal(classifyRatio(1, t), 'healthy');
  assert.equal(classifyRatio(0.5, t), 'healthy');
  assert.equal(classifyRatio(2, t), 'healthy');
  assert.equal(classifyRatio(0.49, t), 'drifting');
  assert.equal(classifyRatio(9.9, t), 'drifting');
  assert.equal(classifyRatio(0.099, t), 'vanishing');
  assert.equal(classifyRatio(10.1, t), 'exploding');
});

test('CS231n tanh with W = randn·0.01: activations and gradients vanish, fix is Xavier', () => {
  const result = simulate(square(500, 10, { scheme: 'normal', std: 0.01 }, { name: 'tanh' }), options({ batch: 200 }));
  const v = diagnose(result);
  assert.equal(v.forward, 'vanishing');
  assert.equal(v.backward, 'vanishing');
  assert.equal(v.fix?.scheme, 'xavier_normal');
  assert.ok(v.forwardRatio !== null && v.forwardRatio < 1e-5, `forward ratio ${v.forwardRatio}`);
  // Each layer multiplies std by about √(σ_w²) = √(500·1e-4) ≈ 0.22, so layer 3 is already past 10×.
  assert.equal(v.forwardOnset, 3);
  assert.match(v.summary, /Activations vanish/);
});

test('sigmoid with Xavier over 20 layers: forward healthy, backward vanishing, and no fix to offer', () => {
  const result = simulate(square(256, 20, { scheme: 'xavier_normal' }, { name: 'sigmoid' }), options());
  const v = diagnose(result);
  assert.equal(v.forward, 'healthy');
  assert.equal(v.backward, 'vanishing');
  assert.equal(v.fix, null);
  assert.match(v.summary, /already is Xavier normal/);
});

test('ReLU: He is healthy, Xavier vanishes over 30 layers and the fix is He', () => {
  const he = diagnose(simulate(square(256, 20, { scheme: 'he_normal' }, { name: 'relu' }), options()));
  assert.equal(he.forward, 'healthy');
  assert.equal(he.backward, 'healthy');
  assert.equal(he.fix, null);
  const xavier = diagnose(simulate(square(256, 30, { scheme: 'xavier_normal' }, { name: 'relu' }), options()));
  assert.equal(xavier.forward, 'vanishing');
  assert.equal(xavier.fix?.scheme, 'he_normal');
  assert.ok(xavier.fix?.expected && Math.abs(xavier.fix.expected.forwardRatio - 1) < 1e-9);
});

test('zeros and constants are symmetric', () => {
  for (const init of [{ scheme: 'zeros' }, { scheme: 'constant', value: 0.1 }] as InitSpec[]) {
    const v = diagnose(simulate(square(32, 4, init, { name: 'relu' }), options()));
    assert.equal(v.forward, 'symmetric');
    assert.equal(v.backward, 'symmetric');
    assert.match(v.summary, /symmetry is never broken/);
  }
});

test('std = 1 tanh at width 500 saturates forward and explodes backward (CS231n)', () => {
  const v = diagnose(simulate(square(500, 10, { scheme: 'normal', std: 1 }, { name: 'tanh' }), options({ batch: 100 })));
  assert.equal(v.forward, 'saturating');
  assert.equal(v.backward, 'exploding');
});

test('a strongly negative bias kills ReLU units', () => {
  const v = diagnose(simulate(square(64, 5, { scheme: 'he_normal' }, { name: 'relu' }, { scheme: 'constant', value: -5 }), options()));
  assert.equal(v.forward, 'dead');
});

test('overflow stops the run at the layer where it happened, with no NaN statistics', () => {
  const result = simulate(square(500, 300, { scheme: 'normal', std: 1 }, { name: 'linear' }), options({ batch: 8 }));
  assert.ok(result.overflow);
  assert.equal(result.overflow.direction, 'forward');
  // std grows by √500 per layer from 1, so float64's 1.8e308 is passed near layer 308/log10(√500) ≈ 228.
  assert.ok(result.overflow.layer > 220 && result.overflow.layer < 232, `overflow layer ${result.overflow.layer}`);
  assert.equal(result.layers.length, result.overflow.layer - 1);
  for (const l of result.layers) assert.ok(Number.isFinite(l.forward.std));
  const v = diagnose(result);
  assert.equal(v.forward, 'exploding');
  assert.match(v.summary, new RegExp(`layer ${result.overflow.layer}`));
  assert.doesNotMatch(JSON.stringify(result), /NaN|Infinity/);
});

test('a narrow output layer is a width ratio, not vanishing gradients: MNIST MLP with He init', () => {
  const widths = [784, 512, 512, 512, 512, 10];
  const network: NetworkSpec = {
    inputWidth: 784,
    layers: widths.slice(1).map((fanOut, i) => ({
      fanIn: widths[i],
      fanOut,
      init: { scheme: 'he_normal' },
      activation: { name: i === widths.length - 2 ? 'linear' : 'relu' },
    })),
  };
  const v = diagnose(simulate(network, options({ batch: 64, seeds: 4 })));
  assert.ok(Math.abs(v.widthFactor - Math.sqrt(10 / 512)) < 1e-15);
  assert.ok(v.backwardRatio !== null && v.backwardRatio < 0.5, `raw ratio ${v.backwardRatio}`);
  assert.equal(v.backward, 'healthy');
  assert.match(v.summary, /that the layer widths alone impose/);
});
