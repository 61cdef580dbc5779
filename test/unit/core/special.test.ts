import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erf, erfc, normalCdf, normalPdf } from '../../../src/core/special';
import fixtureJson from '../../fixtures/special-erf.json';

interface SpecialFixture {
  /** [x, erf exact, erfc exact, libm erf, libm erfc] */
  erf: number[][];
  normalPdf: number[][];
  normalCdf: number[][];
}
const fixture: SpecialFixture = fixtureJson;

const bitsView = new Float64Array(1);
const bitsInt = new BigInt64Array(bitsView.buffer);

/** Distance in units in the last place: the number of doubles between a and b. */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  const key = (v: number): bigint => {
    bitsView[0] = v;
    const bits = bitsInt[0];
    // map the sign-magnitude encoding onto a monotone integer line
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = key(a) - key(b);
  return Number(d < 0n ? -d : d);
}

function maxUlp(fn: (x: number) => number, column: number): { ulp: number; at: number } {
  let worst = { ulp: 0, at: Number.NaN };
  for (const row of fixture.erf) {
    const ulp = ulpDistance(fn(row[0]), row[column]);
    if (ulp > worst.ulp) worst = { ulp, at: row[0] };
  }
  return worst;
}

test('fixture covers a few thousand points over [-30, 30]', () => {
  assert.ok(fixture.erf.length > 3000);
  assert.equal(Math.min(...fixture.erf.map((r) => r[0])), -30);
  assert.equal(Math.max(...fixture.erf.map((r) => r[0])), 30);
});

test('erf is within 1 ulp of the correctly rounded value', () => {
  const worst = maxUlp(erf, 1);
  assert.ok(worst.ulp <= 1, `erf: ${worst.ulp} ulp at x = ${worst.at}`);
});

test('erfc is within 2 ulp of the correctly rounded value, deep into the tail', () => {
  const worst = maxUlp(erfc, 2);
  assert.ok(worst.ulp <= 2, `erfc: ${worst.ulp} ulp at x = ${worst.at}`);
});

test('erf and erfc agree with the C library (python math.erf/erfc)', () => {
  const e = maxUlp(erf, 3);
  const c = maxUlp(erfc, 4);
  assert.ok(e.ulp <= 2, `erf vs libm: ${e.ulp} ulp at x = ${e.at}`);
  // glibc's erfc is itself 2 ulp off just below x = 1.25, on the other side of the exact value
  // from ours (1 ulp), hence 3 here; against the exact values above both stay within 2.
  assert.ok(c.ulp <= 3, `erfc vs libm: ${c.ulp} ulp at x = ${c.at}`);
});

test('erfc keeps relative accuracy where 1 − erf would be 0', () => {
  const x = 10;
  assert.equal(1 - erf(x), 0);
  assert.ok(Math.abs(erfc(x) / 2.088487583762544757e-45 - 1) < 1e-15);
});

test('special values', () => {
  assert.equal(erf(0), 0);
  assert.ok(Object.is(erf(-0), -0));
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.equal(erfc(0), 1);
  assert.ok(Number.isNaN(erf(Number.NaN)));
  assert.ok(Number.isNaN(erfc(Number.NaN)));
  assert.equal(normalCdf(0), 0.5);
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalCdf(-Infinity), 0);
  assert.equal(normalPdf(Infinity), 0);
  assert.equal(normalPdf(0), 1 / Math.sqrt(2 * Math.PI));
});

test('erf is odd and erf + erfc = 1', () => {
  for (let x = -5; x <= 5; x += 0.0137) {
    assert.equal(erf(-x), -erf(x));
    assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 2.3e-16);
  }
});

test('normalPdf and normalCdf are within 2 ulp of mpmath across [-40, 40], subnormals included', () => {
  for (const [name, fn, rows] of [
    ['normalPdf', normalPdf, fixture.normalPdf],
    ['normalCdf', normalCdf, fixture.normalCdf],
  ] as const) {
    let worst = { ulp: 0, at: Number.NaN };
    for (const [x, ref] of rows) {
      const ulp = ulpDistance(fn(x), ref);
      if (ulp > worst.ulp) worst = { ulp, at: x };
    }
    assert.ok(worst.ulp <= 2, `${name}: ${worst.ulp} ulp at x = ${worst.at}`);
  }
});
