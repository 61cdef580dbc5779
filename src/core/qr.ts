// Householder QR for orthogonal initialization (PyTorch orthogonal_, Saxe et al. 2014).
// Orthogonal init only needs the reduced Q and the signs of diag(R): Q·sign(diag R) is the
// unique QR factor with a positive diagonal, the same matrix numpy's np.linalg.qr gives after
// that sign fix, and the Haar-distributed draw when A is Gaussian.

import { InputError } from './errors';

export interface ReducedQr {
  /** Q, m×n row-major, with orthonormal columns. */
  q: Float64Array;
  /** The diagonal of R (length n). Its signs depend on the reflector convention. */
  rDiag: Float64Array;
}

/**
 * Householder QR of the m×n row-major matrix `a` (m ≥ n); `a` is not modified.
 * Reflectors follow LAPACK's dgeqrf: H = I − τ v vᵀ with v₀ = 1 and R_kk = −sign(x₀)·‖x‖,
 * which avoids cancellation in x₀ − R_kk and makes the factorization backward stable.
 */
export function householderQr(a: Float64Array, m: number, n: number): ReducedQr {
  if (!Number.isInteger(n) || n < 1) throw new InputError('QR columns n', 'an integer ≥ 1', n);
  if (!Number.isInteger(m) || m < n) throw new InputError('QR rows m', `an integer ≥ n = ${n}`, m);
  if (a.length !== m * n) throw new InputError('QR matrix length', `m·n = ${m * n}`, a.length);

  // Work column-major so every reflector touches contiguous memory.
  const work = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const value = a[i * n + j];
      if (!Number.isFinite(value)) throw new InputError(`QR matrix entry (${i}, ${j})`, 'a finite number', value);
      work[j * m + i] = value;
    }
  }

  const tau = new Float64Array(n);
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const col = k * m;
    const alpha = work[col + k];
    const norm = scaledNorm(work, col + k, col + m);
    if (norm === 0) {
      // A zero column: H = I, R_kk = 0 (np.sign then gives 0, as in numpy and PyTorch).
      tau[k] = 0;
      rDiag[k] = 0;
      continue;
    }
    const beta = alpha >= 0 ? -norm : norm;
    tau[k] = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    for (let i = col + k + 1; i < col + m; i++) work[i] *= inv;
    work[col + k] = 1;
    rDiag[k] = beta;
    applyReflector(work, m, k, tau[k], k + 1, n);
  }

  // Q = H₀ H₁ … H_{n−1} [I; 0], accumulated backwards as LAPACK's dorg2r does.
  const qCols = new Float64Array(m * n);
  for (let j = 0; j < n; j++) qCols[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    if (tau[k] === 0) continue;
    applyReflectorFrom(work, qCols, m, k, tau[k], k, n);
  }

  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) q[i * n + j] = qCols[j * m + i];
  }
  return { q, rDiag };
}

/** Euclidean norm of x[from..to), scaled by max |x| so huge or tiny entries neither overflow nor underflow. */
function scaledNorm(x: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (scale === 0) return 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const t = x[i] / scale;
    sum += t * t;
  }
  return scale * Math.sqrt(sum);
}

/** Applies H_k (stored in column k of `work`, rows k..m) to columns [first, last) of `work`. */
function applyReflector(work: Float64Array, m: number, k: number, tau: number, first: number, last: number): void {
  applyReflectorFrom(work, work, m, k, tau, first, last);
}

/**
 * target[:, j] −= τ·v·(vᵀ target[k:m, j]) for j in [first, last); v is column k of `reflectors`
 * below the diagonal (v_k = 1). Four columns at a time, so each v_i is loaded once per four.
 */
function applyReflectorFrom(
  reflectors: Float64Array,
  target: Float64Array,
  m: number,
  k: number,
  tau: number,
  first: number,
  last: number,
): void {
  const v = k * m;
  let j = first;
  for (; j + 4 <= last; j += 4) {
    const c0 = j * m;
    const c1 = c0 + m;
    const c2 = c1 + m;
    const c3 = c2 + m;
    let d0 = target[c0 + k];
    let d1 = target[c1 + k];
    let d2 = target[c2 + k];
    let d3 = target[c3 + k];
    for (let i = k + 1; i < m; i++) {
      const vi = reflectors[v + i];
      d0 += vi * target[c0 + i];
      d1 += vi * target[c1 + i];
      d2 += vi * target[c2 + i];
      d3 += vi * target[c3 + i];
    }
    d0 *= tau;
    d1 *= tau;
    d2 *= tau;
    d3 *= tau;
    target[c0 + k] -= d0;
    target[c1 + k] -= d1;
    target[c2 + k] -= d2;
    target[c3 + k] -= d3;
    for (let i = k + 1; i < m; i++) {
      const vi = reflectors[v + i];
      target[c0 + i] -= d0 * vi;
      target[c1 + i] -= d1 * vi;
      target[c2 + i] -= d2 * vi;
      target[c3 + i] -= d3 * vi;
    }
  }
  for (; j < last; j++) {
    const col = j * m;
    let dot = target[col + k];
    for (let i = k + 1; i < m; i++) dot += reflectors[v + i] * target[col + i];
    const s = tau * dot;
    target[col + k] -= s;
    for (let i = k + 1; i < m; i++) target[col + i] -= s * reflectors[v + i];
  }
}

/**
 * The sign-fixed orthonormal factor Q·sign(diag R) of the m×n row-major `a` (m ≥ n):
 * numpy's `q, r = np.linalg.qr(a); q * np.sign(np.diag(r))`.
 */
export function orthonormalFactor(a: Float64Array, m: number, n: number): Float64Array {
  const { q, rDiag } = householderQr(a, m, n);
  for (let j = 0; j < n; j++) {
    const sign = Math.sign(rDiag[j]);
    if (sign === 1) continue;
    for (let i = 0; i < m; i++) q[i * n + j] *= sign;
  }
  return q;
}
