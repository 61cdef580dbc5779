// The rank-revealing factorizations under the matrix-free engine: they must be exact on the
// singular Gram matrices that engine meets all the time (batch > width, zero rows, rank 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orthonormalRows, pivotedCholesky, timesBasis, timesBasisTransposed } from '../../../src/core/cholesky';
import { gram, matmulTransB } from '../../../src/core/linalg';
import { createRng } from '../../../src/core/rng';

function gaussian(rows: number, cols: number, seed: number): Float64Array {
  const m = new Float64Array(rows * cols);
  createRng('xoshiro', seed).fillNormal(m, 1);
  return m;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function gramOf(m: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(rows * rows);
  gram(m, g, rows, cols);
  return g;
}

test('pivoted Cholesky reconstructs PSD Gram matrices of every rank, with the rank found', () => {
  const cases: [string, number, number, number][] = [
    ['full rank 8×12', 8, 12, 8],
    ['batch > width 32×8', 32, 8, 8],
    ['rank 1 (input width 1)', 16, 1, 1],
    ['square 16×16', 16, 16, 16],
  ];
  for (const [name, rows, cols, rank] of cases) {
    const m = gaussian(rows, cols, rows * 100 + cols);
    const g = gramOf(m, rows, cols);
    const chol = pivotedCholesky(g, rows, 1e-10);
    assert.equal(chol.rank, rank, name);
    const back = new Float64Array(rows * rows);
    matmulTransB(chol.factor, chol.factor, back, rows, chol.rank, rows);
    assert.ok(maxAbsDiff(back, g) < 1e-12 * cols * 4, `${name}: ‖FFᵀ − G‖ = ${maxAbsDiff(back, g)}`);
    // Lower trapezoidal in pivot order: row pivots[k] is zero after column k.
    for (let k = 0; k < chol.rank; k++) {
      for (let j = k + 1; j < chol.rank; j++) assert.equal(chol.factor[chol.pivots[k] * chol.rank + j], 0);
    }
  }
});

test('pivoted Cholesky: zero rows (dead samples), a zero matrix, and maxRank', () => {
  const rows = 6;
  const m = gaussian(rows, 10, 3);
  m.fill(0, 2 * 10, 3 * 10); // sample 2 is all zeros
  m.fill(0, 5 * 10, 6 * 10);
  const chol = pivotedCholesky(gramOf(m, rows, 10), rows, 1e-10);
  assert.equal(chol.rank, 4);
  for (let k = 0; k < chol.rank; k++) {
    assert.equal(chol.factor[2 * chol.rank + k], 0);
    assert.equal(chol.factor[5 * chol.rank + k], 0);
  }
  assert.equal(pivotedCholesky(new Float64Array(16), 4, 1e-10).rank, 0);
  assert.equal(pivotedCholesky(gramOf(m, rows, 10), rows, 1e-10, 2).rank, 2);
});

test('orthonormalRows: Q has orthonormal rows and M = K·Q, also when re-orthonormalization is needed', () => {
  const rows = 12;
  const cols = 40;
  const cases: [string, Float64Array][] = [['Gaussian', gaussian(rows, cols, 11)]];
  // Graded rows (scales down to 1e-4) push cond(G) to ~1e8: the implicit Q would lose digits.
  const graded = gaussian(rows, cols, 12);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) graded[r * cols + c] *= 10 ** (-(4 * r) / (rows - 1));
  cases.push(['graded', graded]);
  // Nearly parallel rows: row r = row 0 + 1e-4·noise (cond(G) ≈ 1e9).
  const near = gaussian(rows, cols, 13);
  for (let r = 1; r < rows; r++) for (let c = 0; c < cols; c++) near[r * cols + c] = near[c] + 1e-4 * near[r * cols + c];
  cases.push(['nearly parallel', near]);
  for (const [name, m] of cases) {
    const basis = orthonormalRows(m, rows, cols, 1e-10);
    assert.equal(basis.rank, rows, name);
    const identity = new Float64Array(rows * rows);
    for (let i = 0; i < rows; i++) identity[i * rows + i] = 1;
    const q = new Float64Array(rows * cols);
    timesBasis(basis, identity, rows, cols, q);
    const qqT = gramOf(q, rows, cols);
    assert.ok(maxAbsDiff(qqT, identity) < 1e-12, `${name}: ‖QQᵀ − I‖ = ${maxAbsDiff(qqT, identity)}`);
    const back = new Float64Array(rows * cols);
    timesBasis(basis, basis.coef, rows, cols, back);
    assert.ok(maxAbsDiff(back, m) < 1e-12, `${name}: ‖KQ − M‖ = ${maxAbsDiff(back, m)}`);
    // X·Qᵀ agrees with the explicit Q.
    const x = gaussian(3, cols, 14);
    const viaBasis = timesBasisTransposed(basis, x, 3, cols);
    const explicit = new Float64Array(3 * rows);
    matmulTransB(x, q, explicit, 3, cols, rows);
    assert.ok(maxAbsDiff(viaBasis, explicit) < 1e-12, name);
  }
});

test('orthonormalRows drops exactly dependent rows and keeps the Gram of M', () => {
  const cols = 8;
  const m = new Float64Array(7 * cols);
  m.set(gaussian(5, cols, 21));
  for (let c = 0; c < cols; c++) {
    m[5 * cols + c] = m[c] - 2 * m[cols + c];
    m[6 * cols + c] = 3 * m[2 * cols + c];
  }
  const basis = orthonormalRows(m, 7, cols, 1e-10);
  assert.equal(basis.rank, 5);
  assert.ok(maxAbsDiff(basis.gram, gramOf(m, 7, cols)) === 0);
  const back = new Float64Array(7 * cols);
  timesBasis(basis, basis.coef, 7, cols, back);
  assert.ok(maxAbsDiff(back, m) < 1e-12);
});

test('pivoted Cholesky is scale-invariant: a sample 1e-7 the size of the rest is kept, not dropped', () => {
  const rows = 6;
  const cols = 10;
  const m = gaussian(rows, cols, 31);
  for (let c = 0; c < cols; c++) m[3 * cols + c] *= 1e-7; // its squared norm is 1e-14 of the others'
  const g = gramOf(m, rows, cols);
  const chol = pivotedCholesky(g, rows, 1e-10);
  assert.equal(chol.rank, rows);
  const back = new Float64Array(rows * rows);
  matmulTransB(chol.factor, chol.factor, back, rows, rows, rows);
  // Row 3 is reproduced to its own scale, not merely to the largest entry's.
  for (let j = 0; j < rows; j++) {
    const scale = Math.sqrt(g[3 * rows + 3] * g[j * rows + j]);
    assert.ok(Math.abs(back[3 * rows + j] - g[3 * rows + j]) < 1e-13 * scale, `entry (3, ${j})`);
  }
  const basis = orthonormalRows(m, rows, cols, 1e-10);
  const rebuilt = new Float64Array(rows * cols);
  timesBasis(basis, basis.coef, rows, cols, rebuilt);
  for (let c = 0; c < cols; c++) assert.ok(Math.abs(rebuilt[3 * cols + c] - m[3 * cols + c]) < 1e-13 * 1e-7 * 4);
});
