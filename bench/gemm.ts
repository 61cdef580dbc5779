// GEMM throughput: the blocked kernels of src/core/linalg.ts against the naive i-j-k loops,
// measured side by side (interleaved reps in one process, so machine noise hits both alike).
// Standalone: npx esbuild bench/gemm.ts --bundle --platform=node --outfile=/tmp/gemm.js &&
//   node -e "console.log(require('/tmp/gemm.js').benchGemm().join('\n'))"

import {
  gram,
  gramTransA,
  matmul,
  matmulNaive,
  matmulTransA,
  matmulTransANaive,
  matmulTransB,
  matmulTransBNaive,
} from '../src/core/linalg';

/** Minimum duration of one timed sample; short kernels are repeated inside it. */
const MIN_SAMPLE_MS = 40;

interface Case {
  label: string;
  /** Multiply-adds ×2 of the equivalent general product (Gram counts the full m×m×k). */
  flops: number;
  reps: number;
  fast: () => void;
  naive: () => void;
}

export function randomMatrix(length: number, seed: number): Float64Array {
  // xorshift32: deterministic inputs without depending on the project's Rng.
  let s = seed >>> 0 || 1;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

/** Calls per sample so that one sample lasts at least MIN_SAMPLE_MS (also serves as warm-up). */
function calibrate(run: () => void): number {
  run();
  let iters = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) run();
    const dt = performance.now() - t0;
    if (dt >= MIN_SAMPLE_MS || iters >= 1 << 20) return iters;
    iters = Math.max(iters * 2, Math.ceil((iters * MIN_SAMPLE_MS * 1.2) / Math.max(dt, 0.01)));
  }
}

function sampleSeconds(run: () => void, iters: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) run();
  return (performance.now() - t0) / 1000 / iters;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function runCase(c: Case): string {
  const fastIters = calibrate(c.fast);
  const naiveIters = calibrate(c.naive);
  const fastT: number[] = [];
  const naiveT: number[] = [];
  for (let r = 0; r < c.reps; r++) {
    fastT.push(sampleSeconds(c.fast, fastIters));
    naiveT.push(sampleSeconds(c.naive, naiveIters));
  }
  const fast = c.flops / median(fastT) / 1e9;
  const naive = c.flops / median(naiveT) / 1e9;
  return (
    `${c.label.padEnd(40)} blocked ${fast.toFixed(2).padStart(5)} GFLOP/s  ` +
    `naive ${naive.toFixed(2).padStart(5)} GFLOP/s  ×${(fast / naive).toFixed(1)}  (median of ${c.reps})`
  );
}

function productCase(
  label: string, m: number, k: number, n: number, reps: number,
  fastFn: typeof matmul, naiveFn: typeof matmul, aLen: number, bLen: number,
): Case {
  const a = randomMatrix(aLen, 1 + m);
  const b = randomMatrix(bLen, 7 + n);
  const out = new Float64Array(m * n);
  return {
    label,
    flops: 2 * m * k * n,
    reps,
    fast: () => fastFn(a, b, out, m, k, n),
    naive: () => naiveFn(a, b, out, m, k, n),
  };
}

export function benchGemm(): string[] {
  const lines: string[] = ['GEMM, one thread, Float64Array row-major (GFLOP/s = 2·m·k·n / median time)'];
  const cases: Case[] = [];
  for (const n of [128, 256, 512]) {
    cases.push(productCase(`matmul ${n}×${n}·${n}×${n}`, n, n, n, n === 512 ? 5 : 7, matmul, matmulNaive, n * n, n * n));
  }
  // Shapes of one simulated layer (batch 64, width 512).
  const B = 64;
  const W = 512;
  cases.push(productCase(`matmul ${B}×${W}·${W}×${W} (forward)`, B, W, W, 7, matmul, matmulNaive, B * W, W * W));
  cases.push(
    productCase(`matmulTransB ${B}×${W}·(${W}×${W})ᵀ (dL/da)`, B, W, W, 7, matmulTransB, matmulTransBNaive, B * W, W * W),
  );
  cases.push(
    productCase(`matmulTransA (${B}×${W})ᵀ·${B}×${W} (dL/dW)`, W, B, W, 7, matmulTransA, matmulTransANaive, B * W, B * W),
  );
  {
    const h = randomMatrix(B * W, 3);
    const out = new Float64Array(W * W);
    cases.push({
      label: `gramTransA (${B}×${W})ᵀ·(${B}×${W})`,
      flops: 2 * W * W * B,
      reps: 7,
      fast: () => gramTransA(h, out, B, W),
      naive: () => matmulTransANaive(h, h, out, W, B, W),
    });
    const g = randomMatrix(W * B, 5);
    cases.push({
      label: `gram ${W}×${B}·(${W}×${B})ᵀ`,
      flops: 2 * W * W * B,
      reps: 7,
      fast: () => gram(g, out, W, B),
      naive: () => matmulTransBNaive(g, g, out, W, B, W),
    });
  }
  for (const c of cases) lines.push(runCase(c));
  lines.push('gram/gramTransA compute one triangle: their figures are effective (full-product) rates.');
  return lines;
}
