import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/core/rng';
import { direct, viaGram, weightGradStd } from '../../../src/core/weightGrad';

function random(length: number, seed: number, shift = 0): Float64Array {
  const out = new Float64Array(length);
  createRng('xoshiro', seed).fillNormal(out, 1);
  for (let i = 0; i < length; i++) out[i] += shift;
  return out;
}

test('the Gram route gives the std of Hᵀδ to rounding, for square and non-square layers', () => {
  for (const [batch, fanIn, fanOut] of [[8, 64, 64], [3, 50, 7], [16, 10, 200], [1, 5, 5], [64, 512, 256]]) {
    // A non-zero mean (relu activations) makes the sum term matter.
    const h = random(batch * fanIn, batch + fanIn, 0.4);
    const delta = random(batch * fanOut, fanOut, -0.1);
    const expected = direct(h, delta, batch, fanIn, fanOut);
    const got = viaGram(h, delta, batch, fanIn, fanOut);
    assert.ok(expected !== null && got !== null);
    assert.ok(Math.abs(got - expected) <= 1e-12 * expected, `${batch}×${fanIn}×${fanOut}: ${got} vs ${expected}`);
  }
});

test('large finite values past 1e154 fall back to the direct route instead of overflowing', () => {
  const h = random(4 * 32, 1);
  const delta = random(4 * 32, 2);
  for (let i = 0; i < h.length; i++) h[i] *= 1e160;
  const got = weightGradStd(h, delta, 4, 32, 32);
  const expected = direct(h, delta, 4, 32, 32);
  assert.ok(got !== null && expected !== null && Number.isFinite(got));
  assert.ok(Math.abs(got - expected) <= 1e-12 * expected);
});

test('an overflowing dL/dW reports null, never Infinity', () => {
  const h = new Float64Array(4).fill(1e300);
  const delta = new Float64Array(4).fill(1e300);
  assert.equal(weightGradStd(h, delta, 2, 2, 2), null);
});
