// The correctness lines of bench/versusNumpy.ts: how far apart two runs' p50 curves are.
// Init Lens and numpy answer the same question, so their p50 curves must agree within Monte
// Carlo error. The draws are independent (different generators), so the check is statistical:
// per layer, z = |Δp50| / SE(Δ), with SE of a median of N draws ≈ 1.2533·σ/√N and σ estimated
// from the p5–p95 band (≈ 3.29σ for a normal spread) of both sides.
import type { Curves } from './numpyJob';
import type { BandCurves } from './python';

/**
 * Agreement of two p50 curves: max over layers of z = |Δp50| / SE(Δp50). Under the null (same
 * distribution, 16 vs 16 independent draws, σ estimated from the bands) z has sd ≈ 1.15, and
 * P(max of 100 independent z > 5) ≈ 0.75%, simulated: so 5 keeps false alarms under 1% per row
 * over 2 statistics × 50 layers (layers are correlated, which only lowers that rate).
 */
export const AGREEMENT_MAX_Z = 5;

interface Agreement {
  maxRel: number;
  maxRelLayer: number;
  maxZ: number;
  maxZLayer: number;
}

export function agreement(reference: BandCurves, other: BandCurves, draws: number): Agreement {
  let maxRel = 0;
  let maxRelLayer = 0;
  let maxZ = 0;
  let maxZLayer = 0;
  const layers = Math.min(reference.p50.length, other.p50.length);
  for (let l = 0; l < layers; l++) {
    const diff = Math.abs(other.p50[l] - reference.p50[l]);
    const rel = diff / Math.abs(reference.p50[l]);
    const sigma = (reference.p95[l] - reference.p5[l] + (other.p95[l] - other.p5[l])) / 2 / 3.29;
    const se = Math.SQRT2 * ((1.2533 * sigma) / Math.sqrt(draws));
    const z = se > 0 ? diff / se : diff === 0 ? 0 : Infinity;
    if (rel > maxRel) [maxRel, maxRelLayer] = [rel, l + 1];
    if (z > maxZ) [maxZ, maxZLayer] = [z, l + 1];
  }
  return { maxRel, maxRelLayer, maxZ, maxZLayer };
}

/** Largest relative difference over every layer and percentile: for runs that must be identical. */
export function maxRelativeDifference(x: Curves, y: Curves): number {
  let worst = 0;
  for (const stat of ['std', 'preGradStd'] as const) {
    for (const p of ['p5', 'p50', 'p95'] as const) {
      const a = x[stat][p];
      const b = y[stat][p];
      if (a.length !== b.length) return Infinity;
      for (let i = 0; i < a.length; i++) {
        const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
        if (scale > 0) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
      }
    }
  }
  return worst;
}
