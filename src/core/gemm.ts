// Blocked, register-tiled GEMM over strided Float64Array views (GotoBLAS/BLIS loop order).
// Internal engine behind linalg.ts: no validation here, callers guarantee sizes and no aliasing.
//
// C (m×n) = Â · B̂ where Â(i, p) = a[i·rsA + p·csA] and B̂(p, j) = b[p·rsB + j·csB], C row-major.
// Strides let one driver serve A·B, Aᵀ·B, A·Bᵀ, AᵀA and AAᵀ: the transposition is absorbed by
// the packing, so the micro-kernel always streams two unit-stride panels.
//
// V8 notes (measured on node 20, see bench/gemm.ts):
// - The pack buffers are fixed-size module-level constants on purpose. Functions created once
//   are compiled with their context specialized, so TurboFan embeds these arrays' base pointer
//   and length as immediates: each load is then one compare-with-constant plus the load, with no
//   map check or length reload per iteration. Passing them as parameters cost ~20% (4.3 vs
//   5.4 GFLOP/s at 512³). Lazily (re)allocated `let` buffers would lose this.
// - 4×4 beat 4×2, 2×4, 3×3, 4×6, 6×4, 4×8 and 8×2: 16 accumulators plus 8 operands spill a few
//   values (x64 V8 has 15 allocatable XMM registers), but the flops-per-load ratio wins.
//   4×3 and 3×4 tie with it; 4×4 divides the common sizes (64, 512) evenly.
// - Unrolling k did not help (worse: more spills), nor did `| 0` index arithmetic, nor did
//   interleaving the B loads with the multiplies (TurboFan schedules them the same).
// - Masking the panel offsets (a no-op on valid offsets) bounds their range, and TurboFan then
//   drops the int32 overflow check of every `offset + c` index: ×0.94 time on every shape here
//   (min of 24 interleaved runs against the unmasked kernel, results identical). Bounds checks
//   stay whatever the index's range; node 20's TurboFan keeps them on typed arrays.
// - The kernel has no branches: a branch first taken after optimization (e.g. "accumulate
//   into C" on the second k-block) deoptimized it repeatedly. C is zeroed up front instead and
//   the kernel always accumulates; partial edge tiles go through a scratch tile.

const MR = 4; // micro-tile rows (register block)
const NR = 4; // micro-tile columns
const KC = 256; // k-block: a kc×NR B micro-panel (8 KiB) stays in L1 while A panels stream past
const MC = 64; // m-block: the packed mc×kc A block (128 KiB) stays in L2
const NC = 256; // n-block: the packed kc×nc B block (512 KiB) stays in L2/L3

// MC and NC are multiples of MR and NR, so zero-padded panels never exceed these sizes.
const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
const edgeTile = new Float64Array(MR * NR);
// Buffer lengths are powers of two (MC·KC = 2^14, KC·NC = 2^16), so length − 4 masks an offset that is a multiple of 4.
const A_OFFSET_MASK = MC * KC - 4;
const B_OFFSET_MASK = KC * NC - 4;

/** Micro-kernel steps run so far (each 16 multiply-adds): one addition per tile, for benchmarks. */
let kernelSteps = 0;

/** Floating-point operations the micro-kernel has run in this thread (zero-padded edge tiles count in full). */
export function kernelFlops(): number {
  return 32 * kernelSteps;
}

/**
 * c[ci + i·ldc + j] += Σ_p packedA[ai + 4p + i] · packedB[bi + 4p + j] for i, j < 4.
 * Sixteen accumulators live in locals (doubles) for the whole k loop.
 */
function kernel4x4(ai: number, bi: number, kc: number, c: Float64Array, ci: number, ldc: number): void {
  const pa = packedA;
  const pb = packedB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  // Offsets are multiples of 4 inside the buffers, so these masks change nothing; they give the
  // offsets a small known range, which lets TurboFan drop the int32 overflow check on each of
  // the eight index additions per step (bounds checks stay: V8 keeps those regardless).
  let i = ai & A_OFFSET_MASK;
  let j = bi & B_OFFSET_MASK;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[i], a1 = pa[i + 1], a2 = pa[i + 2], a3 = pa[i + 3];
    const b0 = pb[j], b1 = pb[j + 1], b2 = pb[j + 2], b3 = pb[j + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    i = (i + MR) & A_OFFSET_MASK;
    j = (j + NR) & B_OFFSET_MASK;
  }
  let r = ci;
  c[r] += c00; c[r + 1] += c01; c[r + 2] += c02; c[r + 3] += c03;
  r += ldc;
  c[r] += c10; c[r + 1] += c11; c[r + 2] += c12; c[r + 3] += c13;
  r += ldc;
  c[r] += c20; c[r + 1] += c21; c[r + 2] += c22; c[r + 3] += c23;
  r += ldc;
  c[r] += c30; c[r + 1] += c31; c[r + 2] += c32; c[r + 3] += c33;
}

/**
 * Packs Â[i0 .. i0+mc, p0 .. p0+kc) into packedA as ⌈mc/MR⌉ micro-panels, each kc×MR with the
 * MR values of one p adjacent; rows past mc are zero so the kernel never needs an edge case.
 */
function packA(a: Float64Array, rsA: number, csA: number, i0: number, mc: number, p0: number, kc: number): void {
  const dst = packedA;
  let d = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = mc - ir < MR ? mc - ir : MR;
    const base = (i0 + ir) * rsA + p0 * csA;
    if (rows === MR) {
      let s0 = base, s1 = base + rsA, s2 = base + 2 * rsA, s3 = base + 3 * rsA;
      for (let p = 0; p < kc; p++) {
        dst[d] = a[s0]; dst[d + 1] = a[s1]; dst[d + 2] = a[s2]; dst[d + 3] = a[s3];
        d += MR;
        s0 += csA; s1 += csA; s2 += csA; s3 += csA;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = base + p * csA;
        for (let i = 0; i < MR; i++) dst[d + i] = i < rows ? a[s + i * rsA] : 0;
        d += MR;
      }
    }
  }
}

/** Packs B̂[p0 .. p0+kc, j0 .. j0+nc) into packedB as kc×NR micro-panels, zero-padded past nc. */
function packB(b: Float64Array, rsB: number, csB: number, p0: number, kc: number, j0: number, nc: number): void {
  const dst = packedB;
  let d = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = nc - jr < NR ? nc - jr : NR;
    const base = p0 * rsB + (j0 + jr) * csB;
    if (cols === NR) {
      let s0 = base, s1 = base + csB, s2 = base + 2 * csB, s3 = base + 3 * csB;
      for (let p = 0; p < kc; p++) {
        dst[d] = b[s0]; dst[d + 1] = b[s1]; dst[d + 2] = b[s2]; dst[d + 3] = b[s3];
        d += NR;
        s0 += rsB; s1 += rsB; s2 += rsB; s3 += rsB;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = base + p * rsB;
        for (let j = 0; j < NR; j++) dst[d + j] = j < cols ? b[s + j * csB] : 0;
        d += NR;
      }
    }
  }
}

/** c[ci + i·ldc + j] += edgeTile[i·NR + j] for the valid rows × cols of a partial tile. */
function addEdgeTile(c: Float64Array, ci: number, ldc: number, rows: number, cols: number): void {
  const t = edgeTile;
  for (let i = 0; i < rows; i++) {
    const r = ci + i * ldc;
    for (let j = 0; j < cols; j++) c[r + j] += t[i * NR + j];
  }
}

/**
 * C = Â·B̂ (overwrites c, which must hold m·n values and alias neither input).
 * With upperOnly (Gram matrices, m = n), micro-tiles lying entirely below the diagonal are
 * skipped (about half the flops) and the lower triangle is then mirrored from the upper one,
 * so the result is exactly symmetric.
 * aBand < k declares Â lower trapezoidal: Â(i, p) = 0 whenever p > i + aBand (a pivoted
 * Cholesky factor in pivot order, possibly after aBand dense leading columns). The kernel then
 * stops each micro-row's k loop at its last nonzero column: the terms skipped are exact zeros,
 * so the result is the same as the dense product, for about half the flops of a square factor.
 */
export function gemmStrided(
  a: Float64Array, rsA: number, csA: number,
  b: Float64Array, rsB: number, csB: number,
  c: Float64Array, m: number, k: number, n: number,
  upperOnly: boolean,
  aBand: number = k,
): void {
  c.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    // For the upper triangle only rows i < jc + nc can meet columns of this block.
    const mEnd = upperOnly && jc + nc < m ? jc + nc : m;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      packB(b, rsB, csB, pc, kc, jc, nc);
      for (let ic = 0; ic < mEnd; ic += MC) {
        const mc = mEnd - ic < MC ? mEnd - ic : MC;
        packA(a, rsA, csA, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = nc - jr < NR ? nc - jr : NR;
          const j0 = jc + jr;
          for (let ir = 0; ir < mc; ir += MR) {
            const i0 = ic + ir;
            if (upperOnly && j0 + NR <= i0) break; // this and all later tiles are below the diagonal
            const rows = mc - ir < MR ? mc - ir : MR;
            // Columns p ≥ i0 + MR + aBand of these rows are zero: only the first kEnd of the block count.
            const band = i0 + MR + aBand - pc;
            const kEnd = band < kc ? band : kc;
            if (kEnd <= 0) continue;
            const ci = i0 * n + j0;
            kernelSteps += kEnd;
            if (rows === MR && cols === NR) {
              kernel4x4(ir * kc, jr * kc, kEnd, c, ci, n);
            } else {
              edgeTile.fill(0);
              kernel4x4(ir * kc, jr * kc, kEnd, edgeTile, 0, NR);
              addEdgeTile(c, ci, n, rows, cols);
            }
          }
        }
      }
    }
  }
  if (upperOnly) {
    for (let i = 1; i < m; i++) {
      for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
    }
  }
}
