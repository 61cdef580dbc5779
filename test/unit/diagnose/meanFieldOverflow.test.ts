import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from '../../../src/core/simulate';
import type { NetworkSpec } from '../../../src/core/types';
import { diagnose } from '../../../src/diagnose/verdict';

test('a mean-field run whose variance overflows reports the overflow, and both directions read exploding', () => {
  const network: NetworkSpec = {
    inputWidth: 256,
    layers: Array.from({ length: 400 }, () => ({ fanIn: 256, fanOut: 256, init: { scheme: 'normal' as const, std: 1 }, activation: { name: 'relu' as const } })),
  };
  const result = simulate(network, { batch: 64, seeds: 1, seed: 0, rng: 'xoshiro', engine: 'mean-field', bins: 10 });
  // Variance grows by 256/2 = 128 per layer: 128^k passes 1.8e308 at k = 147 (log 1.8e308 / log 128 ≈ 146.3).
  assert.equal(result.overflow?.direction, 'forward');
  assert.equal(result.overflow?.layer, result.meanField?.overflow?.layer);
  const verdict = diagnose(result);
  assert.equal(verdict.forward, 'exploding');
  assert.equal(verdict.backward, 'exploding');
});
