// Pivoted Cholesky of a positive semidefinite Gram matrix, and the orthonormal row basis it
// yields (pivoted CholeskyQR), for the matrix-free engine (design.md §3.3).
//
// Gram matrices there are singular as a rule, not as an exception (batch > width, dead ReLU
// units, input width 1), so the factorization is rank-revealing: diagonal pivoting as in
// LAPACK's dpstrf, but scale-invariant. Row i counts as resolved once its Schur-complement
// diagonal (its squared distance from the span of the pivot rows) is ≤ τ times its own squared
// norm, and pivots are chosen by that relative residual. Cholesky is invariant under diagonal
// scaling, and so are its rounding errors, so one sample whose activations are 1e-6 of another's
// is kept as accurately as the rest instead of being dropped against the largest diagonal.

import { gram, matmul, matmulTransB } from './linalg';

export interface PivotedCholesky {
  /** Numerical rank r: the number of pivots above the tolerance. */
  rank: number;
  /** pivots[k] is the original row eliminated at step k (k < rank). */
  pivots: Int32Array;
  /**
   * F (m×r row-major, rows in the original order) with G ≈ F·Fᵀ: F = Π·L for the lower
   * trapezoidal L of Πᵀ G Π. Row pivots[k] is zero after column k.
   */
  factor: Float64Array;
  /** The smallest relative residual among the pivots (1 for rank 0): ~1/cond of the row-normalized G₁₁. */
  weakestPivot: number;
}

/** Rows below this share of the largest squared norm are zero for every purpose here (underflow). */
const NEGLIGIBLE_ROW = 1e-280;

/**
 * Rank-revealing Cholesky of the symmetric PSD m×m `g` (row-major; only read, never written).
 * Row i is resolved once its residual is ≤ relativeTolerance · reference[i], where reference
 * defaults to diag(G) (pass another when G was formed by cancellation, as δδᵀ − PPᵀ is); it
 * stops when every row is resolved, or at maxRank. Left-looking, m·r² flops: negligible next to
 * the n·m² Gram products that feed it.
 */
export function pivotedCholesky(
  g: Float64Array, m: number, relativeTolerance: number, maxRank = m, reference?: Float64Array,
): PivotedCholesky {
  const diag = new Float64Array(m);
  const norms = new Float64Array(m);
  let largest = 0;
  for (let i = 0; i < m; i++) {
    diag[i] = g[i * m + i];
    norms[i] = reference ? reference[i] : diag[i];
    if (norms[i] > largest) largest = norms[i];
  }
  for (let i = 0; i < m; i++) norms[i] = Math.max(norms[i], NEGLIGIBLE_ROW * largest);
  const pivots = new Int32Array(m);
  const work = new Float64Array(m * m); // row i, column k: L in original row order, stride m
  const eliminated = new Uint8Array(m);
  const limit = Math.min(m, maxRank);
  let rank = 0;
  let weakestPivot = 1;
  // A zero matrix (or NaN) gives rank 0: nothing to factor.
  while (largest > 0 && rank < limit) {
    let p = -1;
    let best = relativeTolerance;
    for (let i = 0; i < m; i++) {
      const relative = diag[i] / norms[i];
      if (!eliminated[i] && relative > best) {
        best = relative;
        p = i;
      }
    }
    if (p < 0) break;
    weakestPivot = Math.min(weakestPivot, best);
    const k = rank;
    eliminated[p] = 1;
    pivots[k] = p;
    const lpp = Math.sqrt(diag[p]);
    const rowP = p * m;
    work[rowP + k] = lpp;
    for (let i = 0; i < m; i++) {
      if (eliminated[i]) continue;
      const rowI = i * m;
      // Four partial sums: one chain of dependent adds would be latency-bound.
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; j + 3 < k; j += 4) {
        s0 += work[rowI + j] * work[rowP + j];
        s1 += work[rowI + j + 1] * work[rowP + j + 1];
        s2 += work[rowI + j + 2] * work[rowP + j + 2];
        s3 += work[rowI + j + 3] * work[rowP + j + 3];
      }
      for (; j < k; j++) s0 += work[rowI + j] * work[rowP + j];
      const s = g[rowI + p] - ((s0 + s1) + (s2 + s3));
      const lik = s / lpp;
      work[rowI + k] = lik;
      diag[i] -= lik * lik;
    }
    rank++;
  }
  const factor = new Float64Array(m * rank);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < rank; k++) factor[i * rank + k] = work[i * m + k];
  }
  return { rank, pivots: pivots.slice(0, rank), factor, weakestPivot };
}

/**
 * The pivots followed by the other rows in increasing order: in this row order the factor F is
 * lower trapezoidal (row i is zero after column i), since row pivots[k] is zero after column k.
 */
export function pivotOrder(pivots: Int32Array, m: number): Int32Array {
  const order = new Int32Array(m);
  const taken = new Uint8Array(m);
  order.set(pivots);
  for (const p of pivots) taken[p] = 1;
  let next = pivots.length;
  for (let i = 0; i < m; i++) if (!taken[i]) order[next++] = i;
  return order;
}

/** The inverse of the leading r×r lower-triangular block L₁₁ (rows `pivots`) of a pivoted factor. */
export function leadingTriangleInverse(chol: PivotedCholesky): Float64Array {
  const r = chol.rank;
  const f = chol.factor;
  const inv = new Float64Array(r * r);
  // Column by column forward substitution L₁₁ x = e_j; x is zero above row j.
  for (let j = 0; j < r; j++) {
    inv[j * r + j] = 1 / f[chol.pivots[j] * r + j];
    for (let i = j + 1; i < r; i++) {
      const rowI = chol.pivots[i] * r;
      let s = 0;
      for (let k = j; k < i; k++) s -= f[rowI + k] * inv[k * r + j];
      inv[i * r + j] = s / f[rowI + i];
    }
  }
  return inv;
}

export interface RowBasis {
  rank: number;
  /**
   * The orthonormal rows Q (rank×cols) spanning the row space of M (to the tolerance), kept
   * factored as Q = transform·rows so the common case needs no extra product: `rows` are the
   * pivot rows of M and `transform` is L₁₁⁻¹ (rank×rank, lower triangular). When Q had to be
   * re-orthonormalized, `rows` is Q itself and `transform` is null (the identity).
   */
  rows: Float64Array;
  transform: Float64Array | null;
  /** K (rows×rank) with M ≈ K·Q, so M·Mᵀ ≈ K·Kᵀ. */
  coef: Float64Array;
  /**
   * A row order (a permutation of 0 … rows−1, see pivotOrder) in which K is lower trapezoidal,
   * when it is: K = Π·L straight from the pivoted Cholesky. null after re-orthonormalization.
   */
  order: Int32Array | null;
  /** M·Mᵀ (rows×rows), kept because the dL/dW moments need it too. */
  gram: Float64Array;
}

/**
 * Q = L₁₁⁻¹·M_pivots loses orthonormality like ε·cond(G₁₁) (row scaling does not matter), which
 * the weakest relative pivot estimates: below this spread Q is orthonormal to ~1e-12 and is left
 * implicit; above it Q is formed and tested.
 */
const CONDITION_CHECK = 1e4;
/** Largest |QQᵀ − I| entry accepted without another orthonormalizing pass. */
const ORTHONORMALITY_TOLERANCE = 1e-12;

/**
 * Pivoted CholeskyQR of the rows of M (rows×cols, row-major, entries of moderate size so the
 * Gram cannot overflow): G = M·Mᵀ = Π L Lᵀ Πᵀ, Q = L₁₁⁻¹ M_pivots and K = Π L, for about
 * cols·rows² flops (the Gram) in the blocked GEMM. When the pivots are spread out, Q is formed,
 * tested and orthonormalized again (CholeskyQR2): after one pass cond(Q) ≈ 1, so a second pass
 * is always enough in practice, and a third is allowed.
 */
export function orthonormalRows(m: Float64Array, rows: number, cols: number, relativeTolerance: number): RowBasis {
  const g = new Float64Array(rows * rows);
  gram(m, g, rows, cols);
  const first = choleskyQrPass(g, m, rows, cols, relativeTolerance);
  if (first.rank <= 1 || first.spread <= CONDITION_CHECK) {
    return {
      rank: first.rank, rows: first.selected, transform: first.inverse, coef: first.coef, order: first.order, gram: g,
    };
  }
  let rank = first.rank;
  let coef = first.coef;
  let basis = new Float64Array(rank * cols);
  matmul(first.inverse, first.selected, basis, rank, rank, cols);
  for (let pass = 0; pass < 2 && rank > 1; pass++) {
    const s = new Float64Array(rank * rank);
    gram(basis, s, rank, cols);
    if (maxIdentityDeviation(s, rank) <= ORTHONORMALITY_TOLERANCE) break;
    const next = choleskyQrPass(s, basis, rank, cols, relativeTolerance);
    const nextBasis = new Float64Array(next.rank * cols);
    matmul(next.inverse, next.selected, nextBasis, next.rank, next.rank, cols);
    // M ≈ K·Q and Q ≈ K₂·Q₂ give M ≈ (K·K₂)·Q₂.
    const combined = new Float64Array(rows * next.rank);
    matmul(coef, next.coef, combined, rows, rank, next.rank);
    rank = next.rank;
    basis = nextBasis;
    coef = combined;
  }
  return { rank, rows: basis, transform: null, coef, order: null, gram: g };
}

interface CholeskyQrPass {
  rank: number;
  /** The pivot rows of M (rank×cols) and L₁₁⁻¹, so Q = inverse·selected. */
  selected: Float64Array;
  inverse: Float64Array;
  coef: Float64Array;
  order: Int32Array;
  /** 1 / the weakest relative pivot, a cheap estimate of cond(G₁₁) after row scaling. */
  spread: number;
}

function choleskyQrPass(g: Float64Array, m: Float64Array, rows: number, cols: number, relativeTolerance: number): CholeskyQrPass {
  const chol = pivotedCholesky(g, rows, relativeTolerance);
  const r = chol.rank;
  const selected = new Float64Array(r * cols);
  for (let k = 0; k < r; k++) selected.set(m.subarray(chol.pivots[k] * cols, (chol.pivots[k] + 1) * cols), k * cols);
  return {
    rank: r, selected, inverse: leadingTriangleInverse(chol), coef: chol.factor, order: pivotOrder(chol.pivots, rows),
    spread: 1 / chol.weakestPivot,
  };
}

function maxIdentityDeviation(s: Float64Array, r: number): number {
  let worst = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) worst = Math.max(worst, Math.abs(s[i * r + j] - (i === j ? 1 : 0)));
  }
  return worst;
}

/** X·Q (n×cols) for X (n×rank): (X·transform)·rows. */
export function timesBasis(basis: RowBasis, x: Float64Array, n: number, cols: number, out: Float64Array): void {
  matmul(basis.transform ? times(x, basis.transform, n, basis.rank, basis.rank) : x, basis.rows, out, n, basis.rank, cols);
}

/** X·Qᵀ (n×rank) for X (n×cols): (X·rowsᵀ)·transformᵀ. */
export function timesBasisTransposed(basis: RowBasis, x: Float64Array, n: number, cols: number): Float64Array {
  const out = new Float64Array(n * basis.rank);
  matmulTransB(x, basis.rows, out, n, cols, basis.rank);
  if (!basis.transform) return out;
  const turned = new Float64Array(n * basis.rank);
  matmulTransB(out, basis.transform, turned, n, basis.rank, basis.rank);
  return turned;
}

function times(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  matmul(a, b, out, m, k, n);
  return out;
}
