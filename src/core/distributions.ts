// Drawing weight matrices W (fanIn × fanOut, row-major, z = a·W) from a resolved
// WeightDistribution, in numpy's draw order where numpy has the same draw, plus the exact
// truncated-normal moments the schemes need.

import { InputError } from './errors';
import { orthonormalFactor } from './qr';
import type { Rng } from './rng';
import { normalCdf, normalPdf } from './special';
import type { WeightDistribution } from './types';

// ── Truncated normal ────────────────────────────────────────────────────────────────────

/** P(α ≤ ξ ≤ β) for standard normal ξ; each Φ is taken in its lower tail to avoid cancellation. */
export function truncatedMass(alpha: number, beta: number): number {
  if (alpha >= 0) return normalCdf(-alpha) - normalCdf(-beta);
  if (beta <= 0) return normalCdf(beta) - normalCdf(alpha);
  return 1 - normalCdf(alpha) - normalCdf(-beta);
}

/** Exact mean and variance of N(mean, std²) conditioned on [low, high] (bounds may be ±Infinity). */
export function truncatedNormalMoments(mean: number, std: number, low: number, high: number): { mean: number; variance: number } {
  const alpha = (low - mean) / std;
  const beta = (high - mean) / std;
  const mass = truncatedMass(alpha, beta);
  const pa = normalPdf(alpha);
  const pb = normalPdf(beta);
  const shift = (pa - pb) / mass;
  // x·φ(x) → 0 at ±∞, where the product itself would be NaN.
  const spread = ((Number.isFinite(alpha) ? alpha * pa : 0) - (Number.isFinite(beta) ? beta * pb : 0)) / mass;
  return { mean: mean + std * shift, variance: Math.max(0, std * std * (1 + spread - shift * shift)) };
}

type TruncatedSampler = (rng: Rng) => number;

/**
 * An exact sampler of ξ ~ N(0, 1) conditioned on [α, β] that never stalls (Robert 1995):
 * plain rejection from rng.normal() when the interval holds at least a quarter of the mass
 * (the usual ±2σ case), else a uniform proposal on a narrow interval, or a shifted
 * exponential proposal in a tail. Every branch accepts at least ~1/3 of its proposals.
 */
function truncatedSampler(alpha: number, beta: number): TruncatedSampler {
  if (truncatedMass(alpha, beta) >= 0.25) {
    return (rng) => {
      for (;;) {
        const x = rng.normal();
        if (x >= alpha && x <= beta) return x;
      }
    };
  }
  if (beta < 0) {
    const mirrored = truncatedSampler(-beta, -alpha);
    return (rng) => -mirrored(rng);
  }
  // Now 0 ≤ α or α < 0 < β with little mass, so the interval is narrow (a uniform proposal)
  // or one-sided far from 0 (uniform when narrow, exponential when wide).
  const nearest = alpha > 0 ? alpha : 0;
  const width = beta - alpha;
  if (alpha <= 0 || (2 * nearest * width + width * width) / 2 <= 1) {
    return (rng) => {
      for (;;) {
        const x = alpha + width * rng.uniform();
        if (rng.uniform() <= Math.exp((nearest * nearest - x * x) / 2)) return x;
      }
    };
  }
  const rate = (alpha + Math.sqrt(alpha * alpha + 4)) / 2;
  return (rng) => {
    for (;;) {
      const x = alpha - Math.log(1 - rng.uniform()) / rate;
      if (x > beta) continue;
      if (rng.uniform() <= Math.exp(-((x - rate) * (x - rate)) / 2)) return x;
    }
  };
}

// ── Sparse ──────────────────────────────────────────────────────────────────────────────

/**
 * Zeros per input unit of a sparse init. PyTorch's sparse_ zeroes ceil(sparsity·rows) entries of
 * every column of its (out, in) weight, i.e. of every input unit's fanOut outgoing weights.
 * The product is the same float PyTorch computes, so ceil(0.3·10) = 4 here as there.
 */
export function sparseZerosPerInput(sparsity: number, fanOut: number): number {
  return Math.ceil(sparsity * fanOut);
}

// ── Sampling ────────────────────────────────────────────────────────────────────────────

function requireShape(fanIn: number, fanOut: number, out: Float64Array): void {
  if (!Number.isSafeInteger(fanIn) || fanIn < 1) throw new InputError('fanIn', 'an integer ≥ 1', fanIn);
  if (!Number.isSafeInteger(fanOut) || fanOut < 1) throw new InputError('fanOut', 'an integer ≥ 1', fanOut);
  if (out.length !== fanIn * fanOut) throw new InputError('weight buffer length', `fanIn·fanOut = ${fanIn * fanOut}`, out.length);
}

/** Fills `out` with i.i.d. entries; false when `d` is not an entrywise distribution. */
function fillIndependent(d: WeightDistribution, rng: Rng, out: Float64Array): boolean {
  switch (d.kind) {
    case 'normal':
      // numpy: np.random.randn(rows, cols) * std (+ mean), the same draws in the same order.
      rng.fillNormal(out, d.std);
      if (d.mean !== 0) for (let i = 0; i < out.length; i++) out[i] += d.mean;
      return true;
    case 'uniform':
      rng.fillUniform(out, d.low, d.high);
      return true;
    case 'truncated_normal': {
      const sample = truncatedSampler((d.low - d.mean) / d.std, (d.high - d.mean) / d.std);
      for (let i = 0; i < out.length; i++) out[i] = d.mean + d.std * sample(rng);
      return true;
    }
    case 'constant':
      out.fill(d.value);
      return true;
    default:
      return false;
  }
}

/**
 * Draws W (fanIn × fanOut, row-major) from `d`. With the numpy stream, normal, uniform and
 * orthogonal weights are number for number those of the numpy code in the comments.
 */
export function sampleWeights(d: WeightDistribution, fanIn: number, fanOut: number, rng: Rng, out: Float64Array): void {
  requireShape(fanIn, fanOut, out);
  if (fillIndependent(d, rng, out)) return;
  switch (d.kind) {
    case 'orthogonal':
      sampleOrthogonal(d.gain, fanIn, fanOut, rng, out);
      return;
    case 'sparse':
      sampleSparse(d.sparsity, d.std, fanIn, fanOut, rng, out);
      return;
    case 'eye':
      // PyTorch eye_: ones on the main diagonal, also for rectangular weights.
      out.fill(0);
      for (let i = 0; i < Math.min(fanIn, fanOut); i++) out[i * fanOut + i] = d.value;
      return;
    default:
      throw new InputError('weight distribution kind', 'a known WeightDistribution kind', d.kind);
  }
}

/**
 * A = np.random.randn(fanIn, fanOut). Tall or square: Q, R = np.linalg.qr(A) and
 * W = gain · Q · sign(diag R). Wide: the same on Aᵀ, transposed back (as PyTorch's orthogonal_).
 * The sign fix makes W Haar-distributed rather than biased by the QR convention.
 */
function sampleOrthogonal(gain: number, fanIn: number, fanOut: number, rng: Rng, out: Float64Array): void {
  const a = new Float64Array(fanIn * fanOut);
  rng.fillNormal(a, 1);
  if (fanIn >= fanOut) {
    const q = orthonormalFactor(a, fanIn, fanOut);
    for (let i = 0; i < q.length; i++) out[i] = gain * q[i];
    return;
  }
  const aT = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < fanIn; i++) {
    for (let j = 0; j < fanOut; j++) aT[j * fanIn + i] = a[i * fanOut + j];
  }
  const q = orthonormalFactor(aT, fanOut, fanIn); // fanOut × fanIn
  for (let i = 0; i < fanIn; i++) {
    for (let j = 0; j < fanOut; j++) out[i * fanOut + j] = gain * q[j * fanIn + i];
  }
}

/**
 * PyTorch's sparse_ on the layer's (out, in) weight: N(0, std²) everywhere, then for each input
 * unit (a column there, a row of W here) zero a uniformly random subset of
 * ceil(sparsity·fanOut) entries, chosen by a partial Fisher–Yates shuffle.
 */
function sampleSparse(sparsity: number, std: number, fanIn: number, fanOut: number, rng: Rng, out: Float64Array): void {
  rng.fillNormal(out, std);
  const zeros = sparseZerosPerInput(sparsity, fanOut);
  const order = new Int32Array(fanOut);
  for (let j = 0; j < fanOut; j++) order[j] = j;
  for (let i = 0; i < fanIn; i++) {
    const row = i * fanOut;
    // Any starting order works: a partial shuffle of any arrangement picks a uniform subset.
    for (let t = 0; t < zeros; t++) {
      const pick = t + Math.min(fanOut - t - 1, Math.floor(rng.uniform() * (fanOut - t)));
      const chosen = order[pick];
      order[pick] = order[t];
      order[t] = chosen;
      out[row + chosen] = 0;
    }
  }
}

/** Draws a bias vector of length fanOut; only entrywise distributions make sense for a 1-D bias. */
export function sampleBias(d: WeightDistribution, fanOut: number, rng: Rng, out: Float64Array): void {
  if (!Number.isSafeInteger(fanOut) || fanOut < 1) throw new InputError('fanOut', 'an integer ≥ 1', fanOut);
  if (out.length !== fanOut) throw new InputError('bias buffer length', `fanOut = ${fanOut}`, out.length);
  if (!fillIndependent(d, rng, out)) {
    throw new InputError('bias init', 'normal, uniform, truncated normal or constant (orthogonal, sparse and eye need a 2-D weight)', d.kind);
  }
}
