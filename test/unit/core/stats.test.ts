import { test } from 'node:test';
import assert from 'node:assert/strict';
import fixture from '../../fixtures/numpy-stats.json';
import { band, firstNonFinite, histogram, moments, percentile, summarize } from '../../../src/core/stats';

test('moments, histogram and percentiles match numpy (scripts/fixtures/numpy_stats.py)', () => {
  for (const c of fixture.cases) {
    const values = Float64Array.from(c.values);
    const m = moments(values);
    assert.ok(Math.abs(m.mean - c.mean) <= 1e-14 * Math.max(1, Math.abs(c.mean)));
    assert.ok(Math.abs(m.std - c.std) <= 1e-14 * Math.max(1, c.std));
    const h = histogram(values, c.bins);
    assert.deepEqual(h.counts, c.counts);
    h.edges.forEach((e, i) => assert.ok(Math.abs(e - c.edges[i]) <= 1e-14 * Math.max(1, Math.abs(c.edges[i]))));
    const sorted = [...c.values].sort((a, b) => a - b);
    for (const [p, expected] of Object.entries(c.percentiles)) {
      assert.ok(Math.abs(percentile(sorted, Number(p)) - expected) <= 1e-14 * Math.max(1, Math.abs(expected)), `p${p}`);
    }
    const b = band(c.values);
    assert.ok(b.p5 <= b.p50 && b.p50 <= b.p95);
  }
});

test('std of finite values near the top of the double range stays finite', () => {
  const values = Float64Array.from([1e300, -1e300, 3e300, -3e300]);
  const m = moments(values);
  assert.equal(m.mean, 0);
  assert.ok(Math.abs(m.std - Math.sqrt(5) * 1e300) <= 1e-14 * Math.sqrt(5) * 1e300);
});

test('std of tiny values near the bottom of the double range does not underflow to 0', () => {
  const values = Float64Array.from([1e-290, -1e-290, 3e-290, -3e-290]);
  const m = moments(values);
  assert.ok(Math.abs(m.std - Math.sqrt(5) * 1e-290) <= 1e-14 * Math.sqrt(5) * 1e-290, `${m.std}`);
  assert.deepEqual(moments(new Float64Array(4)), { mean: 0, std: 0 });
});

test('firstNonFinite finds Inf and NaN', () => {
  assert.equal(firstNonFinite(Float64Array.from([1, 2, 3])), -1);
  assert.equal(firstNonFinite(Float64Array.from([1, Infinity, 3])), 1);
  assert.equal(firstNonFinite(Float64Array.from([1, 2, NaN])), 2);
  assert.equal(firstNonFinite(Float64Array.from([-Infinity])), 0);
});

test('moments of equal values: std exactly 0 and the value as mean (a running sum alone leaves ~1e-16 noise)', () => {
  const values = new Float64Array(64 * 512).fill(Math.LN2);
  assert.deepEqual(moments(values), { mean: Math.LN2, std: 0 });
  assert.deepEqual(moments(new Float64Array(1000).fill(-3e-200)), { mean: -3e-200, std: 0 });
});

test('summarize gives exactly what moments and histogram give, in two passes', () => {
  const arrays: [string, Float64Array][] = fixture.cases.map((c, i) => [`numpy case ${i}`, Float64Array.from(c.values)]);
  arrays.push(
    ['empty', new Float64Array(0)],
    ['constant', new Float64Array(50).fill(Math.LN2)],
    ['zeros', new Float64Array(7)],
    ['tiny spread (rescaled std)', Float64Array.from([1e-200, 3e-200, -2e-200, 5e-201])],
    ['huge (rescaled std)', Float64Array.from([1e300, -1e300, 3e300, -3e300])],
    ['with Inf', Float64Array.from([1, Infinity, 2])],
    ['with NaN', Float64Array.from([1, NaN, 2, -4])],
  );
  for (const bins of [1, 7, 30]) {
    for (const [label, values] of arrays) {
      const s = summarize(values, bins);
      const m = moments(values);
      assert.ok(Object.is(s.mean, m.mean) && Object.is(s.std, m.std), `${label}, ${bins} bins: moments ${s.mean}, ${s.std} vs ${m.mean}, ${m.std}`);
      assert.deepEqual(s.histogram, histogram(values, bins), `${label}, ${bins} bins: histogram`);
      const finite = [...values].filter((v) => !Number.isNaN(v));
      assert.equal(s.lowest, Math.min(...finite, Infinity), `${label}: lowest`);
      assert.equal(s.highest, Math.max(...finite, -Infinity), `${label}: highest`);
    }
  }
});
