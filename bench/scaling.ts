// The "Scaling when n doubles" table of bench/versusNumpy.ts: dense and matrix-free time per
// draw at the job's B and L as n doubles, and the power of n each cost grows with.
import { denseBytes, LIMITS, simulate } from '../src/core/simulate';
import { JOB, median, messageOf, network, notBuiltYet, options, pad, progress, QUICK, REPS, seconds } from './numpyJob';

const SCALING_WIDTHS = QUICK ? [32, 64, 128] : [256, 512, 1024, 2048];
/** Matrix-free scaling runs enough draws to last about this long, then reports the time per draw. */
const SCALING_TARGET_S = QUICK ? 0.05 : 1;
/** Depth timed for dense when L layers exceed the dense engine's memory limit (cost is linear in L). */
const DENSE_REDUCED_DEPTH = QUICK ? 2 : 10;
/** Target exponent of "matrix-free cost growing ~linearly in n": PASS when the fitted k is at most this. */
const LINEAR_MAX_EXPONENT = 1.25;

/** Least-squares slope of log t against log n: cost ∝ n^k. */
function exponent(ns: number[], ts: number[]): number {
  const xs = ns.map(Math.log);
  const ys = ts.map(Math.log);
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/** Dense vs matrix-free, time per draw (relu + he_normal, B and L of the job) as n doubles. */
export function scaling(denseAtJobWidth: number | null, freeAtJobWidth: number | null): string[] {
  const lines = [
    `Scaling when n doubles: relu + he_normal, B=${JOB.batch}, L=${JOB.depth}, time per draw, in process, 1 thread`,
    `  ${pad('n', 6)} ${pad('dense', 12)} ${pad('×', 7)} ${pad('matrix-free', 12)} ${pad('×', 7)} ${pad('dense / mf', 11)} notes`,
  ];
  const dense: number[] = [];
  const free: (number | null)[] = [];
  let freeReason = '';
  for (const n of SCALING_WIDTHS) {
    const notes: string[] = [];
    // Dense: one draw (median of 3 when under a second). The job's width reuses rows (c) and (d).
    let d: number;
    const full = network(n, JOB.depth, { scheme: 'he_normal' }, 'relu');
    if (n === JOB.width && denseAtJobWidth !== null) {
      d = denseAtJobWidth;
      notes.push(`dense from row (c) / ${JOB.draws}`);
    } else {
      const fits = denseBytes(full, JOB.batch) <= LIMITS.denseBytes;
      const depth = fits ? JOB.depth : DENSE_REDUCED_DEPTH;
      const net = fits ? full : network(n, depth, { scheme: 'he_normal' }, 'relu');
      progress(`scaling dense n=${n}`);
      const times: number[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        const start = performance.now();
        simulate(net, options('dense', 1));
        times.push((performance.now() - start) / 1000);
        if (times[0] >= 1) break;
      }
      d = (median(times) * JOB.depth) / depth;
      notes.push(`dense ${times.length > 1 ? `median of ${times.length}` : '1 draw, 1 run'}`);
      if (!fits) {
        notes.push(
          `dense timed at L=${depth} and ×${JOB.depth / depth} (L=${JOB.depth} needs ${(denseBytes(full, JOB.batch) / 2 ** 30).toFixed(1)} GiB, over the dense engine's ${LIMITS.denseBytes / 2 ** 30} GiB limit; cost is linear in L)`,
        );
      }
    }
    dense.push(d);

    // Matrix-free: a 1-draw calibration (also the warm-up), then enough draws to last ~1 s.
    let f: number | null = null;
    if (n === JOB.width && freeAtJobWidth !== null) {
      f = freeAtJobWidth;
      notes.push(`mf from row (d) in process / ${JOB.draws}`);
    } else {
      try {
        progress(`scaling matrix-free n=${n}`);
        const start = performance.now();
        simulate(full, options('matrix-free', 1));
        const first = (performance.now() - start) / 1000;
        if (first >= SCALING_TARGET_S) {
          f = first;
          notes.push('mf 1 draw');
        } else {
          const draws = Math.min(16, Math.ceil(SCALING_TARGET_S / first));
          const t0 = performance.now();
          simulate(full, options('matrix-free', draws));
          f = (performance.now() - t0) / 1000 / draws;
          notes.push(`mf ${draws} draws`);
        }
      } catch (error) {
        freeReason = notBuiltYet(error) ? `not available yet (${messageOf(error)})` : `FAILED: ${messageOf(error)}`;
      }
    }
    free.push(f);

    const i = dense.length - 1;
    const growth = (xs: (number | null)[]): string => {
      const now = xs[i];
      const before = i > 0 ? xs[i - 1] : null;
      return now !== null && before !== null && before !== undefined ? `×${(now / before).toFixed(2)}` : '';
    };
    lines.push(
      `  ${pad(String(n), 6)} ${pad(seconds(d), 12)} ${pad(growth(dense), 7)} ${pad(f === null ? '—' : seconds(f), 12)} ${pad(growth(free), 7)} ` +
        `${pad(f === null ? '—' : `×${(d / f).toFixed(1)}`, 11)} ${notes.join('; ')}`,
    );
  }
  const kDense = exponent(SCALING_WIDTHS, dense);
  lines.push(`  dense: cost ∝ n^${kDense.toFixed(2)} (O(L·B·n²) expects 2: ×4 per doubling)`);
  if (free.every((t) => t !== null)) {
    const kFree = exponent(SCALING_WIDTHS, free as number[]);
    lines.push(
      `  matrix-free: cost ∝ n^${kFree.toFixed(2)} (O(L·n·B²) expects 1: ×2 per doubling) — target ~linear in n (k ≤ ${LINEAR_MAX_EXPONENT}): ${kFree <= LINEAR_MAX_EXPONENT ? 'PASS' : 'SHORT'}`,
    );
  } else {
    lines.push(`  matrix-free: ${freeReason} — target ~linear in n: not measured`);
  }
  return lines;
}
