// Dense Monte Carlo against mean-field theory. For ReLU with He init and Gaussian weights,
// E[‖z_{l+1}‖²] given a_l is exactly σ_w²·E[a_l²] at any width, so the draw-average of preStd²
// is an unbiased estimate of q_l: the tolerance is purely the standard error across draws.
// Elsewhere theory is exact only at infinite width; a bias of order L/n is allowed for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateDenseDraw } from '../../../src/core/dense';
import { createRng } from '../../../src/core/rng';
import { meanFieldForNetwork } from '../../../src/core/theory';
import { simulate } from '../../../src/core/simulate';
import type { ActivationName, InitSpec, NetworkSpec } from '../../../src/core/types';

function square(width: number, depth: number, init: InitSpec, activation: ActivationName): NetworkSpec {
  return { inputWidth: width, layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation: { name: activation } })) };
}

function meanAndSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

function draws(network: NetworkSpec, batch: number, count: number) {
  return Array.from({ length: count }, (_, d) => simulateDenseDraw(network, createRng('xoshiro', 2024, d), { batch, bins: 10 }));
}

test('ReLU + He: the mean of preStd² over draws is q_l within 4 standard errors at every layer', () => {
  const network = square(256, 8, { scheme: 'he_normal' }, 'relu');
  const mf = meanFieldForNetwork(network, 64);
  assert.ok(mf);
  const runs = draws(network, 64, 32);
  for (let l = 0; l < 8; l++) {
    const { mean, se } = meanAndSe(runs.map((r) => r.layers[l].forward.preStd ** 2));
    const q = mf.layers[l].preStd ** 2;
    assert.ok(Math.abs(mean - q) <= 4 * se, `layer ${l + 1}: ${mean} vs q ${q} (se ${se})`);
  }
});

test('tanh + Xavier and sigmoid + std 1 at width 1024 follow mean-field forward and backward', () => {
  const cases: [InitSpec, ActivationName][] = [
    [{ scheme: 'xavier_normal' }, 'tanh'],
    [{ scheme: 'normal', std: 1 / 32 }, 'sigmoid'],
  ];
  for (const [init, activation] of cases) {
    const depth = 6;
    const width = 1024;
    const network = square(width, depth, init, activation);
    const mf = meanFieldForNetwork(network, 128);
    assert.ok(mf);
    const runs = draws(network, 128, 6);
    for (let l = 0; l < depth; l++) {
      const finiteWidthBias = (3 * (l + 1)) / width;
      const checks: [string, number[], number][] = [
        ['std', runs.map((r) => r.layers[l].forward.std), mf.layers[l].std],
        ['preGradStd', runs.map((r) => r.layers[l].backward?.preGradStd ?? NaN), mf.layers[l].preGradStd],
        ['weightGradStd', runs.map((r) => r.layers[l].backward?.weightGradStd ?? NaN), mf.layers[l].weightGradStd],
      ];
      for (const [name, values, theory] of checks) {
        const { mean, se } = meanAndSe(values);
        assert.ok(Math.abs(mean - theory) <= 4 * se + finiteWidthBias * theory, `${activation} layer ${l + 1} ${name}: ${mean} vs ${theory} (se ${se})`);
      }
    }
  }
});

test('multi-draw results are means over draws with p5 ≤ p50 ≤ p95 bands, reproducible by seed', () => {
  const network = square(64, 5, { scheme: 'he_normal' }, 'relu');
  const options = { batch: 32, seeds: 9, seed: 7, rng: 'xoshiro' as const, engine: 'dense' as const, bins: 10 };
  const result = simulate(network, options);
  const again = simulate(network, options);
  assert.deepEqual(result.layers, again.layers);
  const single = Array.from({ length: 9 }, (_, d) => simulateDenseDraw(network, createRng('xoshiro', 7, d), { batch: 32, bins: 10 }));
  for (let l = 0; l < 5; l++) {
    const stds = single.map((s) => s.layers[l].forward.std).sort((a, b) => a - b);
    const layer = result.layers[l];
    assert.ok(Math.abs(layer.forward.std - stds.reduce((a, b) => a + b, 0) / 9) < 1e-15);
    assert.ok(layer.band);
    assert.equal(layer.band.std.p50, stds[4]);
    assert.ok(layer.band.std.p5 <= layer.band.std.p50 && layer.band.std.p50 <= layer.band.std.p95);
    assert.ok(layer.band.std.p5 >= stds[0] && layer.band.std.p95 <= stds[8]);
  }
});

test('a constant init takes the row-sum route: the same forward statistics as the same weights through GEMM', () => {
  // N(c, 0²) is the same matrix drawn as a real n×n array (it consumes random numbers after X, so only
  // the forward pass, which sees X first, is comparable draw for draw).
  const c = 0.003;
  const layers = (init: InitSpec): NetworkSpec => ({
    inputWidth: 48,
    layers: Array.from({ length: 6 }, (_, l) => ({ fanIn: l === 0 ? 48 : 40, fanOut: 40, init, activation: { name: 'tanh' as ActivationName } })),
  });
  const options = { batch: 7, bins: 5 };
  const constant = simulateDenseDraw(layers({ scheme: 'constant', value: c }), createRng('xoshiro', 5, 0), options);
  const matrix = simulateDenseDraw(layers({ scheme: 'normal', mean: c, std: 0 }), createRng('xoshiro', 5, 0), options);
  assert.equal(constant.layers.length, 6);
  // Without biases nothing random is drawn between X and the backward pass's dL/da_L: every layer's forward matches.
  constant.layers.forEach((layer, l) => {
    const [a, b] = [layer.forward, matrix.layers[l].forward];
    for (const key of ['mean', 'std', 'preStd'] as const) assert.ok(Math.abs(a[key] - b[key]) <= 1e-12 * Math.abs(b[key]), `layer ${l + 1} ${key}: ${a[key]} vs ${b[key]}`);
  });
  assert.ok(constant.layers.every((l) => l.backward !== null && Number.isFinite(l.backward.preGradStd)));
});
