// The default grids of the sweeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDepths, defaultGains, defaultWidths } from '../../../src/sweep/presets';

test("the default gain grid widens to take in the line's gain, at the same density per decade", () => {
  const plain = defaultGains();
  assert.equal(plain.length, 25);
  assert.equal(plain[0], 0.25);
  assert.equal(plain.at(-1), 4);
  // CS231n's N(0, 0.01²) at fan_in 500: gain 0.01·√500 ≈ 0.224 < 0.25.
  const widened = defaultGains(0.01 * Math.sqrt(500));
  assert.ok(Math.abs(widened[0] - (0.01 * Math.sqrt(500)) / 1.25) < 1e-15);
  assert.equal(widened.at(-1), 4);
  assert.equal(widened.length, 28);
  assert.deepEqual(defaultGains(1), plain);
  assert.equal(defaultGains(10).at(-1), 12.5);
});

test('default depths are distinct integers 1…max, log-spaced; widths powers of two from 16', () => {
  const depths = defaultDepths();
  assert.equal(depths[0], 1);
  assert.equal(depths.at(-1), 1000);
  assert.deepEqual(depths, [...new Set(depths)].sort((a, b) => a - b));
  assert.ok(depths.every(Number.isInteger));
  assert.deepEqual(defaultWidths(100), [16, 32, 64]);
  assert.deepEqual(defaultWidths(), [16, 32, 64, 128, 256, 512, 1024, 2048]);
});
