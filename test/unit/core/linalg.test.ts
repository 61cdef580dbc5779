import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  gram,
  gramTransA,
  matmul,
  matmulNaive,
  matmulTransA,
  matmulTransANaive,
  matmulTransB,
  matmulTransBNaive,
} from '../../../src/core/linalg';

/** mulberry32: tiny deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMatrix(length: number, seed: number, scale = 1): Float64Array {
  const next = prng(seed);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = (2 * next() - 1) * scale;
  return out;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Explicit transpose of a rows×cols row-major matrix (test-side, to build independent references). */
function transpose(x: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
  return t;
}

/** Summation order differs from the reference, so compare within a k-scaled rounding bound. */
function assertClose(actual: Float64Array, expected: Float64Array, k: number, maxA: number, maxB: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const tol = 1e-12 * Math.max(k, 1) * maxA * maxB;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - expected[i]);
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  assert.ok(worst <= tol, `${what}: max abs error ${worst} at ${at} exceeds ${tol}`);
}

/** NaN-filled output: proves the kernels overwrite every entry rather than accumulate into it. */
function poisoned(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 7],
  [7, 1, 1],
  [1, 9, 1],
  [2, 3, 2],
  [7, 13, 5],
  [11, 17, 19],
  [3, 3, 3],
  [4, 4, 4],
  [5, 5, 5],
  [3, 5, 4],
  [4, 3, 5],
  [5, 4, 3],
  [63, 63, 63],
  [64, 64, 64],
  [65, 65, 65],
  [63, 65, 64],
  [65, 64, 63],
  [127, 33, 129],
  [128, 128, 128],
  [129, 129, 129],
  [127, 257, 5],
  [200, 300, 100],
  [1, 300, 257],
  [300, 1, 2],
  [70, 20, 300], // n crosses the 256-column block
  [5, 600, 7], // k crosses two 256-deep blocks
  [2, 130, 513], // tall/wide extremes
  [513, 130, 2],
  [64, 512, 64], // batch×width shapes of the simulation, scaled down
];

describe('matmulNaive', () => {
  it('computes a hand-checked 2×3·3×2 product', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const b = Float64Array.from([7, 8, 9, 10, 11, 12]);
    const out = poisoned(4);
    matmulNaive(a, b, out, 2, 3, 2);
    assert.deepEqual([...out], [58, 64, 139, 154]);
  });

  it('transposed references agree with explicit transposes', () => {
    const [m, k, n] = [6, 9, 4];
    const a = randomMatrix(m * k, 1);
    const b = randomMatrix(k * n, 2);
    const ref = new Float64Array(m * n);
    matmulNaive(a, b, ref, m, k, n);
    const outA = poisoned(m * n);
    matmulTransANaive(transpose(a, m, k), b, outA, m, k, n);
    assert.deepEqual(outA, ref); // same i-j-k summation order: bitwise equal
    const outB = poisoned(m * n);
    matmulTransBNaive(a, transpose(b, k, n), outB, m, k, n);
    assert.deepEqual(outB, ref);
  });
});

describe('matmul (blocked)', () => {
  it('computes a hand-checked 2×3·3×2 product', () => {
    const out = poisoned(4);
    matmul(Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([7, 8, 9, 10, 11, 12]), out, 2, 3, 2);
    assert.deepEqual([...out], [58, 64, 139, 154]);
  });

  for (const [m, k, n] of SHAPES) {
    it(`matches the naive product for ${m}×${k}·${k}×${n}`, () => {
      const a = randomMatrix(m * k, 10 + m, 1.5);
      const b = randomMatrix(k * n, 20 + n, 0.75);
      const ref = new Float64Array(m * n);
      matmulNaive(a, b, ref, m, k, n);
      const out = poisoned(m * n);
      matmul(a, b, out, m, k, n);
      assertClose(out, ref, k, maxAbs(a), maxAbs(b), 'matmul');
    });
  }

  it('is exact on small integers whatever the blocking', () => {
    // Integer products and sums below 2^53 are exact in any order, so equality must be exact.
    const [m, k, n] = [67, 301, 261];
    const next = prng(99);
    const a = Float64Array.from({ length: m * k }, () => Math.floor(next() * 21) - 10);
    const b = Float64Array.from({ length: k * n }, () => Math.floor(next() * 21) - 10);
    const ref = new Float64Array(m * n);
    matmulNaive(a, b, ref, m, k, n);
    const out = poisoned(m * n);
    matmul(a, b, out, m, k, n);
    assert.deepEqual(out, ref);
  });

  it('handles k = 0 (zero output) and empty m or n', () => {
    const out = poisoned(6);
    matmul(new Float64Array(0), new Float64Array(0), out, 2, 0, 3);
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0]);
    matmul(new Float64Array(0), new Float64Array(12), new Float64Array(0), 0, 4, 3);
    matmul(new Float64Array(8), new Float64Array(0), new Float64Array(0), 2, 4, 0);
  });

  it('reads and writes subarray views at non-zero offsets', () => {
    const [m, k, n] = [9, 70, 11];
    const pool = randomMatrix(m * k + k * n + 13, 5);
    const a = pool.subarray(5, 5 + m * k);
    const b = pool.subarray(5 + m * k + 8, 5 + m * k + 8 + k * n);
    const outPool = poisoned(m * n + 3);
    const out = outPool.subarray(3);
    const ref = new Float64Array(m * n);
    matmulNaive(a, b, ref, m, k, n);
    matmul(a, b, out, m, k, n);
    assertClose(out, ref, k, maxAbs(a), maxAbs(b), 'matmul on views');
    assert.ok(Number.isNaN(outPool[0]) && Number.isNaN(outPool[2]), 'wrote outside out');
  });

  it('gives the same answer after a larger call left stale data in the pack buffers', () => {
    const big = 300;
    const a1 = randomMatrix(big * big, 31);
    matmul(a1, a1, new Float64Array(big * big), big, big, big);
    const [m, k, n] = [5, 3, 6];
    const a = randomMatrix(m * k, 32);
    const b = randomMatrix(k * n, 33);
    const ref = new Float64Array(m * n);
    matmulNaive(a, b, ref, m, k, n);
    const out = poisoned(m * n);
    matmul(a, b, out, m, k, n);
    assertClose(out, ref, k, maxAbs(a), maxAbs(b), 'matmul after big call');
  });
});

describe('matmulTransA (Aᵀ·B, A stored k×m)', () => {
  for (const [m, k, n] of SHAPES) {
    it(`matches the naive product for (${k}×${m})ᵀ·${k}×${n}`, () => {
      const at = randomMatrix(k * m, 40 + m, 2);
      const b = randomMatrix(k * n, 50 + n);
      const ref = new Float64Array(m * n);
      matmulNaive(transpose(at, k, m), b, ref, m, k, n);
      const out = poisoned(m * n);
      matmulTransA(at, b, out, m, k, n);
      assertClose(out, ref, k, maxAbs(at), maxAbs(b), 'matmulTransA');
      const naive = poisoned(m * n);
      matmulTransANaive(at, b, naive, m, k, n);
      assertClose(naive, ref, k, maxAbs(at), maxAbs(b), 'matmulTransANaive');
    });
  }
});

describe('matmulTransB (A·Bᵀ, B stored n×k)', () => {
  for (const [m, k, n] of SHAPES) {
    it(`matches the naive product for ${m}×${k}·(${n}×${k})ᵀ`, () => {
      const a = randomMatrix(m * k, 60 + m);
      const bt = randomMatrix(n * k, 70 + n, 3);
      const ref = new Float64Array(m * n);
      matmulNaive(a, transpose(bt, n, k), ref, m, k, n);
      const out = poisoned(m * n);
      matmulTransB(a, bt, out, m, k, n);
      assertClose(out, ref, k, maxAbs(a), maxAbs(bt), 'matmulTransB');
      const naive = poisoned(m * n);
      matmulTransBNaive(a, bt, naive, m, k, n);
      assertClose(naive, ref, k, maxAbs(a), maxAbs(bt), 'matmulTransBNaive');
    });
  }
});

function assertSymmetric(out: Float64Array, m: number, what: string): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      if (out[i * m + j] !== out[j * m + i]) assert.fail(`${what}: out[${i},${j}] != out[${j},${i}]`);
    }
  }
}

const GRAM_SHAPES: [number, number][] = [
  // [m, k]: output is m×m
  [1, 1],
  [1, 5],
  [2, 1],
  [3, 7],
  [4, 4],
  [5, 3],
  [7, 13],
  [63, 10],
  [64, 64],
  [65, 33],
  [127, 5],
  [128, 129],
  [129, 128],
  [200, 300],
  [300, 64], // output crosses the 256-column block, so whole row blocks are skipped
  [257, 2],
];

describe('gramTransA (Aᵀ·A, A stored k×m)', () => {
  for (const [m, k] of GRAM_SHAPES) {
    it(`matches the naive product and is symmetric for m=${m}, k=${k}`, () => {
      const a = randomMatrix(k * m, 80 + m + k, 1.25);
      const ref = new Float64Array(m * m);
      matmulNaive(transpose(a, k, m), a, ref, m, k, m);
      const out = poisoned(m * m);
      gramTransA(a, out, k, m);
      const s = maxAbs(a);
      assertClose(out, ref, k, s, s, 'gramTransA');
      assertSymmetric(out, m, 'gramTransA');
    });
  }
});

describe('gram (A·Aᵀ, A stored m×k)', () => {
  for (const [m, k] of GRAM_SHAPES) {
    it(`matches the naive product and is symmetric for m=${m}, k=${k}`, () => {
      const a = randomMatrix(m * k, 90 + m + k, 0.5);
      const ref = new Float64Array(m * m);
      matmulNaive(a, transpose(a, m, k), ref, m, k, m);
      const out = poisoned(m * m);
      gram(a, out, m, k);
      const s = maxAbs(a);
      assertClose(out, ref, k, s, s, 'gram');
      assertSymmetric(out, m, 'gram');
    });
  }

  it('has a non-negative diagonal equal to the squared row norms', () => {
    const [m, k] = [37, 71];
    const a = randomMatrix(m * k, 7);
    const out = poisoned(m * m);
    gram(a, out, m, k);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] ** 2;
      assert.ok(Math.abs(out[i * m + i] - s) <= 1e-12 * k, `diag ${i}`);
    }
  });
});

describe('size validation', () => {
  const a = new Float64Array(6); // 2×3
  const b = new Float64Array(12); // 3×4
  const out = new Float64Array(8); // 2×4

  it('accepts consistent sizes', () => {
    matmul(a, b, out, 2, 3, 4);
    matmulNaive(a, b, out, 2, 3, 4);
  });

  it('names the argument whose length is wrong', () => {
    const fns = [matmul, matmulNaive, matmulTransA, matmulTransB, matmulTransANaive, matmulTransBNaive];
    for (const fn of fns) {
      assert.throws(() => fn(new Float64Array(5), b, out, 2, 3, 4), { name: 'RangeError', message: /\ba has length 5\b/ });
      assert.throws(() => fn(a, new Float64Array(13), out, 2, 3, 4), { name: 'RangeError', message: /\bb has length 13\b/ });
      assert.throws(() => fn(a, b, new Float64Array(9), 2, 3, 4), { name: 'RangeError', message: /\bout has length 9\b/ });
    }
    assert.throws(() => gram(a, new Float64Array(9), 2, 3), { name: 'RangeError', message: /\bout has length 9\b/ });
    assert.throws(() => gram(a, new Float64Array(4), 3, 3), { name: 'RangeError', message: /\ba has length 6\b/ });
    assert.throws(() => gramTransA(a, new Float64Array(4), 3, 3), { name: 'RangeError', message: /\ba has length 6\b/ });
    assert.throws(() => gramTransA(a, new Float64Array(5), 3, 2), { name: 'RangeError', message: /\bout has length 5\b/ });
  });

  it('names a bad dimension', () => {
    assert.throws(() => matmul(a, b, out, -2, 3, 4), { name: 'RangeError', message: /\bm must be/ });
    assert.throws(() => matmul(a, b, out, 2, 3.5, 4), { name: 'RangeError', message: /\bk must be/ });
    assert.throws(() => matmul(a, b, out, 2, 3, Number.NaN), { name: 'RangeError', message: /\bn must be/ });
    assert.throws(() => gram(a, out, 2, -1), { name: 'RangeError', message: /\bk must be/ });
  });

  it('rejects an output that overlaps an input', () => {
    const pool = new Float64Array(16);
    const sq = pool.subarray(0, 4); // 2×2
    assert.throws(() => matmul(sq, pool.subarray(4, 8), pool.subarray(2, 6), 2, 2, 2), {
      name: 'RangeError',
      message: /out overlaps a/,
    });
    assert.throws(() => matmul(pool.subarray(8, 12), sq, pool.subarray(3, 7), 2, 2, 2), {
      name: 'RangeError',
      message: /out overlaps b/,
    });
    assert.throws(() => gram(sq, sq, 2, 2), { name: 'RangeError', message: /out overlaps a/ });
    // Disjoint views of one buffer are fine.
    matmul(pool.subarray(0, 4), pool.subarray(4, 8), pool.subarray(8, 12), 2, 2, 2);
  });
});
