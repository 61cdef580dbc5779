// Dense row-major Float64Array matrix products for the simulation engines.
// Every function writes into a caller-provided `out` (fully overwritten) and allocates nothing;
// the fast ones run the blocked kernel in gemm.ts, the *Naive ones are plain loops kept as the
// reference for tests and the benchmark.

import { gemmStrided } from './gemm';

/** out (m×n) = A (m×k) · B (k×n). */
export function matmul(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkProduct('matmul', a, b, out, m, k, n, 'm*k', 'k*n');
  gemmStrided(a, k, 1, b, n, 1, out, m, k, n, false);
}

/** out (m×n) = Aᵀ · B with A stored k×m and B k×n, e.g. dL/dW = Hᵀ·δ. */
export function matmulTransA(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkProduct('matmulTransA', a, b, out, m, k, n, 'k*m', 'k*n');
  gemmStrided(a, 1, m, b, n, 1, out, m, k, n, false);
}

/** out (m×n) = A · Bᵀ with A stored m×k and B n×k, e.g. dL/da = δ·Wᵀ. */
export function matmulTransB(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkProduct('matmulTransB', a, b, out, m, k, n, 'm*k', 'n*k');
  gemmStrided(a, k, 1, b, 1, k, out, m, k, n, false);
}

/** out (m×m) = Aᵀ·A for A stored k×m; exactly symmetric, about half the flops of a general product. */
export function gramTransA(a: Float64Array, out: Float64Array, k: number, m: number): void {
  checkGram('gramTransA', a, out, m, k, 'k*m');
  gemmStrided(a, 1, m, a, m, 1, out, m, k, m, true);
}

/** out (m×m) = A·Aᵀ for A stored m×k; exactly symmetric, about half the flops of a general product. */
export function gram(a: Float64Array, out: Float64Array, m: number, k: number): void {
  checkGram('gram', a, out, m, k, 'm*k');
  gemmStrided(a, k, 1, a, 1, k, out, m, k, m, true);
}

/** Reference A·B: the i-j-k triple loop a beginner writes (strided walk down B's columns). */
export function matmulNaive(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkProduct('matmulNaive', a, b, out, m, k, n, 'm*k', 'k*n');
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] = s;
    }
  }
}

/** Reference Aᵀ·B (A stored k×m), i-j-k order. */
export function matmulTransANaive(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkProduct('matmulTransANaive', a, b, out, m, k, n, 'k*m', 'k*n');
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i] * b[p * n + j];
      out[i * n + j] = s;
    }
  }
}

/** Reference A·Bᵀ (B stored n×k), i-j-k order. */
export function matmulTransBNaive(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkProduct('matmulTransBNaive', a, b, out, m, k, n, 'm*k', 'n*k');
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
      out[i * n + j] = s;
    }
  }
}

// ---- validation (RangeError naming the offending argument) ----

function checkDim(fn: string, name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${v}`);
}

/** Only called on a mismatch, so the message string is never built on the hot path. */
function lengthError(fn: string, name: string, actual: number, expected: number, formula: string): RangeError {
  return new RangeError(`${fn}: ${name} has length ${actual}, expected ${formula} = ${expected}`);
}

/** The blocked kernel zeroes `out` first and re-reads its inputs per block, so they must not share memory. */
function checkNoOverlap(fn: string, out: Float64Array, name: string, x: Float64Array): void {
  if (out.buffer !== x.buffer || out.length === 0 || x.length === 0) return;
  const outEnd = out.byteOffset + out.byteLength;
  const xEnd = x.byteOffset + x.byteLength;
  if (out.byteOffset < xEnd && x.byteOffset < outEnd) throw new RangeError(`${fn}: out overlaps ${name}`);
}

function checkProduct(
  fn: string, a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, aShape: string, bShape: string,
): void {
  checkDim(fn, 'm', m);
  checkDim(fn, 'k', k);
  checkDim(fn, 'n', n);
  if (a.length !== m * k) throw lengthError(fn, 'a', a.length, m * k, `${aShape} (m=${m}, k=${k})`);
  if (b.length !== k * n) throw lengthError(fn, 'b', b.length, k * n, `${bShape} (k=${k}, n=${n})`);
  if (out.length !== m * n) throw lengthError(fn, 'out', out.length, m * n, `m*n (m=${m}, n=${n})`);
  checkNoOverlap(fn, out, 'a', a);
  checkNoOverlap(fn, out, 'b', b);
}

function checkGram(fn: string, a: Float64Array, out: Float64Array, m: number, k: number, aShape: string): void {
  checkDim(fn, 'm', m);
  checkDim(fn, 'k', k);
  if (a.length !== m * k) throw lengthError(fn, 'a', a.length, m * k, `${aShape} (m=${m}, k=${k})`);
  if (out.length !== m * m) throw lengthError(fn, 'out', out.length, m * m, `m*m (m=${m})`);
  checkNoOverlap(fn, out, 'a', a);
}
