// `--rng numpy` must print the same per-layer numbers as the seeded numpy script
// (scripts/fixtures/numpy_network.py), draw for draw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fixture from '../../fixtures/numpy-network.json';
import { simulate } from '../../../src/core/simulate';
import type { ActivationName, InitSpec, NetworkSpec } from '../../../src/core/types';

const STATS = ['mean', 'std', 'preStd'] as const;
const GRADS = ['gradStd', 'preGradStd', 'weightGradStd'] as const;

function relClose(actual: number, expected: number, tol: number, what: string): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  assert.ok(Math.abs(actual - expected) <= tol * scale, `${what}: ${actual} vs numpy ${expected}`);
}

for (const c of fixture.cases) {
  test(`numpy stream reproduces ${c.name} per layer to 1e-12`, () => {
    const network: NetworkSpec = {
      inputWidth: c.width,
      layers: Array.from({ length: c.depth }, () => ({
        fanIn: c.width,
        fanOut: c.width,
        init: c.init as InitSpec,
        activation: { name: c.activation as ActivationName },
      })),
    };
    const result = simulate(network, { batch: c.batch, seeds: 1, seed: c.seed, rng: 'numpy', engine: 'dense', bins: 10 });
    assert.equal(result.layers.length, c.depth);
    c.layers.forEach((expected, i) => {
      const got = result.layers[i];
      // The mean of a zero-mean layer is a cancellation; compare it against the layer's std instead.
      for (const key of STATS) {
        if (key === 'mean') assert.ok(Math.abs(got.forward.mean - expected.mean) <= 1e-12 * expected.std, `layer ${i + 1} mean`);
        else relClose(got.forward[key], expected[key], 1e-12, `layer ${i + 1} ${key}`);
      }
      assert.equal(got.forward.saturated, expected.saturated, `layer ${i + 1} saturated`);
      assert.equal(got.forward.dead, expected.dead, `layer ${i + 1} dead`);
      assert.ok(got.backward);
      for (const key of GRADS) relClose(got.backward[key], expected[key], 1e-12, `layer ${i + 1} ${key}`);
    });
  });
}
