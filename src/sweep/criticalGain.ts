// The critical gain: where χ₁ = σ_w² E[φ′(√q* ξ)²] crosses 1 (the edge of chaos; Poole et al.
// 2016, Schoenholz et al. 2017). ReLU: σ_w² = 2; tanh and linear with σ_b = 0: σ_w² = 1.

import { meanFieldFromVariances } from '../core/meanField';
import type { ActivationSpec } from '../core/types';

/** χ₁ of the mean-field map with σ_w = gain (in units of 1/√fan_in) and bias std σ_b. */
export function chi1ForGain(activation: ActivationSpec, gain: number, biasStd: number): number {
  const layer = { fanIn: 1, fanOut: 1, sigmaW2: gain * gain, sigmaB2: biasStd * biasStd, activation };
  return meanFieldFromVariances([layer], 1).chi1;
}

/** Grid points per decade of gain scanned for sign changes of χ₁ − 1 before bisecting each. */
const SCAN_PER_DECADE = 60;
const BISECTIONS = 60;

/**
 * Every gain in [low, high] where χ₁ − 1 changes sign, ascending, each to ~1e-13 relative by
 * bisection in log gain: a dense scan (60 points per decade) refined like a sweep's own grid. A χ₁
 * that only touches 1 without crossing is not reported. Where χ₁ jumps across 1 (two basins of the
 * variance map, e.g. gelu at σ_w² = 2), the jump is reported.
 */
export function criticalGains(activation: ActivationSpec, biasStd: number, low: number, high: number): Promise<number[]> {
  const steps = Math.max(8, Math.ceil(SCAN_PER_DECADE * Math.log10(high / low)));
  const grid = Array.from({ length: steps + 1 }, (_, i) => {
    const gain = i === steps ? high : low * (high / low) ** (i / steps);
    return { gain, chi1: chi1ForGain(activation, gain, biasStd) };
  });
  return refineCrossings(grid, async (gain) => chi1ForGain(activation, gain, biasStd));
}

/**
 * The crossings of χ₁ = 1 between consecutive points of a sweep's own grid (χ₁ already computed
 * there), each refined by bisection in log gain with `chi1At`, which a sweep runs on its runner
 * (a worker): near criticality one χ₁ can take a few hundred milliseconds (the fixed point
 * converges slowly), too long for the extension host. Resolves with what was found when aborted.
 */
export async function refineCrossings(
  grid: readonly { gain: number; chi1: number | null }[],
  chi1At: (gain: number) => Promise<number>,
  signal?: AbortSignal,
): Promise<number[]> {
  const found: number[] = [];
  for (let i = 0; i < grid.length; i++) {
    const { gain, chi1 } = grid[i];
    if (chi1 === 1) found.push(gain);
    const previous = grid[i - 1];
    if (!previous || previous.chi1 === null || chi1 === null || previous.chi1 === 1 || chi1 === 1) continue;
    if (!Number.isFinite(previous.chi1) || !Number.isFinite(chi1) || Math.sign(previous.chi1 - 1) === Math.sign(chi1 - 1)) continue;
    let lo = previous.gain;
    let hi = gain;
    const lowSign = Math.sign(previous.chi1 - 1);
    for (let k = 0; k < BISECTIONS && hi / lo - 1 > 1e-13; k++) {
      if (signal?.aborted) return found;
      const mid = Math.sqrt(lo * hi);
      const value = (await chi1At(mid)) - 1;
      if (value === 0) {
        lo = hi = mid;
        break;
      }
      if (Math.sign(value) === lowSign) lo = mid;
      else hi = mid;
    }
    found.push(Math.sqrt(lo * hi));
  }
  return found;
}
