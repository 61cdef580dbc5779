import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { householderQr, orthonormalFactor } from '../../../src/core/qr';
import reference from '../../fixtures/qr-reference.json';

const EPS = 2.220446049250313e-16;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Qᵀ·B for row-major Q (m×n) and B (m×p). */
function transposeTimes(q: Float64Array, b: Float64Array, m: number, n: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const qij = q[i * n + j];
      for (let k = 0; k < p; k++) out[j * p + k] += qij * b[i * p + k];
    }
  }
  return out;
}

function identityError(q: Float64Array, m: number, n: number): number {
  const gram = transposeTimes(q, q, m, n, n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(gram[i * n + j] - (i === j ? 1 : 0)));
  }
  return worst;
}

describe('householderQr against numpy', () => {
  for (const c of reference.cases) {
    it(`${c.name}: Q·sign(diag R) matches np.linalg.qr`, () => {
      const a = Float64Array.from(c.a);
      const q = orthonormalFactor(a, c.m, c.n);
      // The sign-fixed Q is unique; its sensitivity to rounding grows with cond(A).
      const tolerance = Math.max(1e-12, 50 * c.condition * EPS);
      assert.ok(maxAbsDiff(q, c.q) < tolerance, `max |ΔQ| = ${maxAbsDiff(q, c.q)} ≥ ${tolerance}`);
      assert.ok(identityError(q, c.m, c.n) < 1e-13, `‖QᵀQ − I‖ = ${identityError(q, c.m, c.n)}`);
    });

    it(`${c.name}: QᵀA is upper triangular with diag R on its diagonal and Q·(QᵀA) = A`, () => {
      const { m, n } = c;
      const a = Float64Array.from(c.a);
      const { q, rDiag } = householderQr(a, m, n);
      const r = transposeTimes(q, a, m, n, n);
      let scale = 0;
      for (const v of c.a) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(r[i * n + i] - rDiag[i]) <= 1e-13 * scale * m);
        for (let j = 0; j < i; j++) assert.ok(Math.abs(r[i * n + j]) <= 1e-13 * scale * m, `R[${i}][${j}] = ${r[i * n + j]}`);
      }
      const back = new Float64Array(m * n);
      for (let i = 0; i < m; i++) {
        for (let k = 0; k < n; k++) {
          const qik = q[i * n + k];
          for (let j = 0; j < n; j++) back[i * n + j] += qik * r[k * n + j];
        }
      }
      assert.ok(maxAbsDiff(back, a) <= 1e-13 * scale * m);
    });
  }

  it('does not modify its input', () => {
    const c = reference.cases[0];
    const a = Float64Array.from(c.a);
    householderQr(a, c.m, c.n);
    assert.deepEqual(Array.from(a), c.a);
  });
});

describe('householderQr edge cases', () => {
  it('a zero column gives R_kk = 0 and a zero column after the sign fix, as np.sign(0) = 0 does', () => {
    const a = Float64Array.from([1, 0, 2, 0, 3, 0]); // 3×2, second column zero
    const { rDiag } = householderQr(a, 3, 2);
    assert.equal(rDiag[1], 0);
    const q = orthonormalFactor(a, 3, 2);
    const s = Math.sqrt(14);
    assert.ok(maxAbsDiff([q[0], q[2], q[4]], [1 / s, 2 / s, 3 / s]) < 1e-15);
    assert.deepEqual([Math.abs(q[1]), Math.abs(q[3]), Math.abs(q[5])], [0, 0, 0]);
  });

  it('a 1×1 matrix factors as sign(a) · |a| (positive-diagonal R)', () => {
    assert.deepEqual(Array.from(orthonormalFactor(Float64Array.of(-3), 1, 1)), [-1]);
    assert.equal(Math.abs(householderQr(Float64Array.of(-3), 1, 1).rDiag[0]), 3);
  });

  it('the identity stays the identity', () => {
    const n = 4;
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    assert.deepEqual(Array.from(orthonormalFactor(eye, n, n), (v) => v + 0), Array.from(eye)); // + 0 turns −0 into 0
  });

  it('rejects wide matrices, wrong lengths and non-finite entries with a clear message', () => {
    assert.throws(() => householderQr(new Float64Array(6), 2, 3), /QR rows m must be an integer ≥ n = 3 \(got 2\)/);
    assert.throws(() => householderQr(new Float64Array(5), 3, 2), /QR matrix length must be m·n = 6 \(got 5\)/);
    assert.throws(() => householderQr(Float64Array.of(1, Number.NaN), 2, 1), /QR matrix entry \(1, 0\) must be a finite number/);
    assert.throws(() => householderQr(new Float64Array(0), 0, 0), /QR columns n must be an integer ≥ 1/);
  });
});
