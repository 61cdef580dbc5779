// std of dL/dW = Hᵀ·δ without forming it when the batch is small: its sum and sum of
// squares follow from the B×B Gram matrices (design.md §3.3), cost B²·(fanIn+fanOut)
// instead of 2·B·fanIn·fanOut.

import { gram, matmulTransA } from './linalg';
import { firstNonFinite, moments, stdFromSums } from './stats';

/** null when dL/dW overflows. `h` is B×fanIn (a_{l−1}), `delta` is B×fanOut (δ_l). */
export function weightGradStd(h: Float64Array, delta: Float64Array, batch: number, fanIn: number, fanOut: number): number | null {
  if (batch * (fanIn + fanOut) < 2 * fanIn * fanOut) return viaGram(h, delta, batch, fanIn, fanOut);
  return direct(h, delta, batch, fanIn, fanOut);
}

export function direct(h: Float64Array, delta: Float64Array, batch: number, fanIn: number, fanOut: number): number | null {
  const dW = new Float64Array(fanIn * fanOut);
  matmulTransA(h, delta, dW, fanIn, batch, fanOut);
  if (firstNonFinite(dW) >= 0) return null;
  return moments(dW).std;
}

/** Σ_ij dW_ij² = Σ_bc (HHᵀ)_bc (δδᵀ)_bc and Σ_ij dW_ij = Σ_b (Σ_i H_bi)(Σ_j δ_bj). */
export function viaGram(h: Float64Array, delta: Float64Array, batch: number, fanIn: number, fanOut: number): number | null {
  const gh = new Float64Array(batch * batch);
  const gd = new Float64Array(batch * batch);
  gram(h, gh, batch, fanIn);
  gram(delta, gd, batch, fanOut);
  let sumOfSquares = 0;
  for (let i = 0; i < gh.length; i++) sumOfSquares += gh[i] * gd[i];
  let sum = 0;
  for (let b = 0; b < batch; b++) {
    let rowH = 0;
    for (let i = 0; i < fanIn; i++) rowH += h[b * fanIn + i];
    let rowD = 0;
    for (let j = 0; j < fanOut; j++) rowD += delta[b * fanOut + j];
    sum += rowH * rowD;
  }
  // A finite dW can still have a sum of squares past 1e308; take the direct route then.
  if (!Number.isFinite(sumOfSquares) || !Number.isFinite(sum)) return direct(h, delta, batch, fanIn, fanOut);
  return stdFromSums(sum, sumOfSquares, fanIn * fanOut);
}
