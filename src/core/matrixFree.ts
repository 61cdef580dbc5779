// The matrix-free engine (design.md §3.3): exact in distribution for zero-mean Gaussian and for
// orthogonal (Haar) weights, with no weight matrix ever built. O(B²·n) per layer, not O(B·n²).
//
// Row-major convention of dense.ts: A = a_{l−1} (B×n_in, samples as rows), W (n_in×n_out),
// Z = A·W, δ = dL/dZ (B×n_out), dL/dA = δ·Wᵀ, dL/dW = Aᵀ·δ.
//
// Gaussian W, i.i.d. N(0, s²). Write A = K·Q with Q (r×n_in) orthonormal rows spanning the row
// space of A and K (B×r), from a pivoted CholeskyQR of G = A·Aᵀ (cholesky.ts); K·Kᵀ = G.
// - Forward: Ξ = Q·W / s (r×n_out) has i.i.d. N(0, 1) entries (Q has orthonormal rows), and
//   Z = A·W = K·Q·W = s·K·Ξ. So each column of Z is N(0, s²·G), as it must be.
// - Backward: split W along Q: W = Qᵀ(Q·W) + (I − QᵀQ)·W = s·QᵀΞ + (I − QᵀQ)·U, where U is
//   an independent copy of W, because the projection of an isotropic Gaussian onto the
//   complement of span(Qᵀ) is independent of its projection onto span(Qᵀ). Conditioning on Z
//   fixes exactly Ξ (K has full column rank) and leaves U free. Then
//     dL/dA = δ·Wᵀ = s·(δ·Ξᵀ)·Q + δ·Uᵀ·(I − QᵀQ) = V + (s·δ·Ξᵀ − V·Qᵀ)·Q,   V = δ·Uᵀ.
//   V (B×n_in) has i.i.d. columns V[:, i] = δ·U[i, :]ᵀ ~ N(0, s²·δδᵀ): V = s·F·Ξ' with
//   F·Fᵀ = δδᵀ (pivoted Cholesky) and Ξ' i.i.d. N(0, 1). Since Kᵀ(KKᵀ)⁺K = I_r,
//   s·δ·Ξᵀ·Q = δ·Zᵀ·G⁺·A: transposed, with H = Aᵀ and Δ = δᵀ, this is the design's
//   WᵀΔ = H(HᵀH)⁺ZᵀΔ + (I − P_H)V, with P_H = QᵀQ never formed.
//   (I − QᵀQ)·V is formed as V − (V·Qᵀ)·Q: nothing of size n×n exists anywhere.
// - dL/dW: Σ dW_ij² = Σ_bc G_bc (δδᵀ)_bc and Σ dW_ij = Σ_b (Σ_i A_bi)(Σ_j δ_bj), from the
//   Gram matrices already at hand.
// Orthogonal W = g·O[:n_in, :n_out] with O Haar on O(N), N = max(n_in, n_out) (what PyTorch's
// orthogonal_ draws, tall or wide). Pad A to Ã = [A, 0] (B×N); Ã·O = K·(Q̃·O) and F = Q̃·O is a
// Haar r-frame (r×N, orthonormal rows), independent of A: Z = g·K·F[:, :n_out]. Given F,
// O = Q̃ᵀF + Q̃⊥·M·F⊥ᵀ with M Haar on O(N − r), so with δ̃ = [δ, 0] (B×N)
//   δ̃·Oᵀ = (δ̃Fᵀ)·Q̃ + Y·Mᵀ·Q̃⊥ᵀ,   Y = δ̃·F⊥,   Y·Yᵀ = δ̃δ̃ᵀ − (δ̃Fᵀ)(δ̃Fᵀ)ᵀ,
// and Y·Mᵀ·Q̃⊥ᵀ = K_Y·R with K_Y·K_Yᵀ = Y·Yᵀ and R a Haar frame in the complement of Q̃'s rows
// (a projected Gaussian, orthonormalized by sign-fixed QR). dL/dA is the first n_in columns, ×g.
//
// Magnitudes: A and δ are divided by a power of two near their largest entry (exact) before
// any Gram is formed, when that entry is outside [2^-32, 2^32), so Grams never overflow while Z or
// dL/dA would still be finite; overflow of Z, dL/dA or dL/dW is then reported exactly as dense.ts does. Draw order differs from
// dense (far fewer normals) but is fixed: X, per layer (Ξ or frame, bias), dL/da_L, per layer
// (Ξ' or complement frame), from layer L down.

import { getActivation } from './activations';
import { throwIfCancelled } from './cancel';
import { orthonormalRows, pivotedCholesky, pivotOrder, timesBasis, timesBasisTransposed, type RowBasis } from './cholesky';
import { gemmStrided } from './gemm';
import { runBackward } from './backwardPass';
import { activateLayer, type DrawOptions, type DrawResult } from './dense';
import { sampleBias } from './distributions';
import { gram, matmul, matmulTransA, matmulTransB } from './linalg';
import { orthonormalFactor } from './qr';
import type { Rng } from './rng';
import { resolveInit } from './schemes';
import { stdFromSums } from './stats';
import type { ForwardStats, LayerSpec, NetworkSpec, Overflow } from './types';

/**
 * Pivots below this fraction of the largest Gram diagonal count as zero. It sits well above the
 * Gram rounding noise (≈ width·ε ≤ 1e-11 for width ≤ 65536), and a direction it drops carries at
 * most 1e-10 of a sample's squared norm, far below any statistical resolution.
 */
const RANK_TOLERANCE = 1e-10;

type LayerWeights = { kind: 'gaussian'; std: number } | { kind: 'haar'; gain: number };

function layerWeights(layer: LayerSpec): LayerWeights | string {
  const d = resolveInit(layer.init, layer.fanIn, layer.fanOut);
  switch (d.kind) {
    case 'normal':
      return d.mean === 0 ? { kind: 'gaussian', std: d.std } : `normal weights with mean ${d.mean}`;
    case 'orthogonal':
      return { kind: 'haar', gain: d.gain };
    case 'truncated_normal':
      return 'truncated normal weights';
    default:
      return `${d.kind} weights`;
  }
}

/** null when the matrix-free engine is exact for every layer; otherwise the reason it is not. */
export function matrixFreeApplies(network: NetworkSpec): string | null {
  for (const [i, layer] of network.layers.entries()) {
    const weights = layerWeights(layer);
    if (typeof weights === 'string') {
      return `layer ${i + 1} has ${weights}; matrix-free is exact only for zero-mean normal and orthogonal weights`;
    }
  }
  return null;
}

/** What one draw keeps per layer for the backward pass: O(B·n), never a weight matrix. */
interface LayerRecord {
  weights: LayerWeights;
  /** z_l (B×fanOut), bias included. */
  z: Float64Array;
  /** Q (rank×fanIn) for the scaled input A_s = A / inputScale, its K and its Gram A_s·A_sᵀ. */
  basis: RowBasis;
  /** Gaussian: Ξ (rank×fanOut). Haar: the first fanOut rows of the frame Fᵀ (fanOut×rank). */
  noise: Float64Array;
  inputScale: number;
  /** Row sums of A_s, for Σ dL/dW. */
  inputRowSums: Float64Array;
}

export function simulateMatrixFreeDraw(network: NetworkSpec, rng: Rng, options: DrawOptions): DrawResult {
  const { batch, bins, isCancelled, onLayer } = options;
  const why = matrixFreeApplies(network);
  if (why !== null) throw new RangeError(`matrix-free engine: ${why}`);
  const activations = network.layers.map((layer) => getActivation(layer.activation));
  const weights = network.layers.map((layer) => layerWeights(layer) as LayerWeights);
  const x = new Float64Array(batch * network.inputWidth);
  rng.fillNormal(x, 1);

  const records: LayerRecord[] = [];
  const forward: ForwardStats[] = [];
  let input: Float64Array = x;
  let largest = largestMagnitude(x);
  for (let l = 0; l < network.layers.length; l++) {
    throwIfCancelled(isCancelled);
    const spec = network.layers[l];
    const record = forwardLayer(spec, weights[l], input, largest, batch, rng);
    if (spec.bias) {
      const bias = new Float64Array(spec.fanOut);
      sampleBias(resolveInit(spec.bias, spec.fanIn, spec.fanOut), spec.fanOut, rng, bias);
      addBias(record.z, bias, batch, spec.fanOut);
    }
    const activated = activateLayer(record.z, activations[l], batch, spec.fanOut, bins);
    if (!activated) {
      const layers = forward.map((f, i) => ({ layer: i + 1, forward: f, backward: null }));
      return { layers, overflow: forwardOverflow(l + 1, forward) };
    }
    forward.push(activated.stats);
    onLayer?.({ direction: 'forward', layer: l + 1, stats: forward[l] });
    records.push(record);
    input = activated.a;
    largest = activated.largest;
  }

  const lastWidth = network.layers[network.layers.length - 1].fanOut;
  let gradA: Float64Array = new Float64Array(batch * lastWidth);
  rng.fillNormal(gradA, 1);
  const zs = records.map((r) => r.z);
  const { backward, overflow } = runBackward(activations, zs, gradA, options, (l, delta, deltaLargest) => {
    const spec = network.layers[l];
    const record = records[l];
    const scaled = scaleDelta(delta, deltaLargest, batch, spec.fanOut);
    return {
      weightGradStd: weightGradStd(record, scaled, batch, spec.fanIn, spec.fanOut),
      gradientToInput: () => gradientToInput(record, scaled, batch, spec, rng),
    };
  });
  return {
    layers: forward.map((f, l) => ({ layer: l + 1, forward: f, backward: backward[l] })),
    overflow,
  };
}

/** δ divided by a power of two near its largest entry, and the Gram of the result. */
interface ScaledDelta {
  delta: Float64Array;
  scale: number;
  gram: Float64Array;
}

function scaleDelta(delta: Float64Array, largest: number, batch: number, fanOut: number): ScaledDelta {
  const scale = rescaleFor(largest);
  const scaled = divided(delta, scale, SCRATCH_DELTA);
  const deltaGram = new Float64Array(batch * batch);
  gram(scaled, deltaGram, batch, fanOut);
  return { delta: scaled, scale, gram: deltaGram };
}

/** dL/dA = δ·Wᵀ drawn from W's distribution given the recorded Z = A·W. */
function gradientToInput(record: LayerRecord, scaled: ScaledDelta, batch: number, spec: LayerSpec, rng: Rng): Float64Array {
  const { weights } = record;
  const factor = (weights.kind === 'gaussian' ? weights.std : weights.gain) * scaled.scale;
  return weights.kind === 'gaussian'
    ? gaussianBackward(record, scaled.delta, scaled.gram, factor, batch, spec, rng)
    : haarBackward(record, scaled.delta, scaled.gram, factor, batch, spec, rng);
}

/** One layer on its own: Z = A·W drawn, then dL/dA = δ·Wᵀ for any δ, from the same W. */
export interface SampledLayer {
  /** A·W (B×fanOut), no bias. */
  z: Float64Array;
  /** δ·Wᵀ (B×fanIn) for δ (B×fanOut); each call draws W's unobserved part afresh. */
  gradientToInput(delta: Float64Array): Float64Array;
}

/** The per-layer step of the engine, exposed so its conditioning can be tested directly. */
export function sampleLayer(spec: LayerSpec, input: Float64Array, batch: number, rng: Rng): SampledLayer {
  const weights = layerWeights(spec);
  if (typeof weights === 'string') throw new RangeError(`matrix-free engine: ${weights}`);
  const record = forwardLayer(spec, weights, input, largestMagnitude(input), batch, rng);
  return {
    z: record.z,
    gradientToInput: (delta) => gradientToInput(record, scaleDelta(delta, largestMagnitude(delta), batch, spec.fanOut), batch, spec, rng),
  };
}

/** z = A·W (no bias yet) sampled from the factor of A·Aᵀ, plus what the backward pass needs; `largest` is max |A|. */
function forwardLayer(spec: LayerSpec, weights: LayerWeights, input: Float64Array, largest: number, batch: number, rng: Rng): LayerRecord {
  const { fanIn, fanOut } = spec;
  const inputScale = rescaleFor(largest);
  const scaledInput = divided(input, inputScale, SCRATCH_INPUT);
  const basis = orthonormalRows(scaledInput, batch, fanIn, RANK_TOLERANCE);
  const rank = basis.rank;
  // The weight scale is folded into K (B×rank), the smallest operand, taken in the row order in
  // which it is lower trapezoidal (when it is) so the product skips its zero upper part.
  const factor = (weights.kind === 'gaussian' ? weights.std : weights.gain) * inputScale;
  const { coef, order } = basis;
  const k = new Float64Array(batch * rank);
  for (let i = 0; i < batch; i++) {
    const src = (order ? order[i] : i) * rank;
    for (let c = 0; c < rank; c++) k[i * rank + c] = coef[src + c] * factor;
  }
  const band = order ? 0 : rank;
  const z = new Float64Array(batch * fanOut);
  let noise: Float64Array;
  if (weights.kind === 'gaussian') {
    // Z = s·K·Ξ: columns of Z are N(0, s²·A·Aᵀ).
    noise = new Float64Array(rank * fanOut);
    rng.fillNormal(noise, 1);
    orderedProduct(k, order, noise, fanOut, 1, z, batch, rank, fanOut, band);
  } else {
    // Z = g·K·F[:, :fanOut] with F a Haar r-frame of R^N.
    noise = haarFrameColumns(Math.max(fanIn, fanOut), rank, fanOut, rng);
    orderedProduct(k, order, noise, 1, rank, z, batch, rank, fanOut, band);
  }
  return { weights, z, basis, noise, inputScale, inputRowSums: rowSums(scaledInput, batch, fanIn) };
}

/**
 * out = Π·(L·B̂) for L (m×k, row-major) the rows of a factor taken in row order `order` (null: the
 * identity), zero at (i, p) for p > i + band, and B̂(p, j) = b[p·rsB + j·csB]: row i of the
 * product lands in row order[i] of out (m×n).
 */
function orderedProduct(
  left: Float64Array, order: Int32Array | null, b: Float64Array, rsB: number, csB: number,
  out: Float64Array, m: number, k: number, n: number, band: number,
): void {
  if (!order) {
    gemmStrided(left, k, 1, b, rsB, csB, out, m, k, n, false, band);
    return;
  }
  const permuted = scratch(SCRATCH_PERMUTED, m * n);
  gemmStrided(left, k, 1, b, rsB, csB, permuted, m, k, n, false, band);
  for (let i = 0; i < m; i++) out.set(permuted.subarray(i * n, (i + 1) * n), order[i] * n);
}

/** The first `rows` rows (rows×rank) of a Haar-distributed N×rank matrix with orthonormal columns. */
function haarFrameColumns(n: number, rank: number, rows: number, rng: Rng): Float64Array {
  if (rank === 0) return new Float64Array(0);
  const gaussian = new Float64Array(n * rank);
  rng.fillNormal(gaussian, 1);
  // Sign-fixed QR of a Gaussian matrix is Haar (as in distributions.ts's orthogonal draw).
  return orthonormalFactor(gaussian, n, rank).slice(0, rows * rank);
}

/**
 * dL/dA = c·[V₁ + (δ_s·Ξᵀ − V₁·Qᵀ)·Q] with V₁ = F·Ξ', F·Fᵀ = δ_sδ_sᵀ and c = s·deltaScale, formed
 * as one product [c·(δ_s·Ξᵀ − F·(Ξ'·Qᵀ))·L₁₁⁻¹ | c·F] · [A_pivots; Ξ']: Ξ'·Qᵀ (r_D×r) costs the
 * same as V₁·Qᵀ, and V₁ is never formed on its own. F is lower trapezoidal in its pivot order,
 * so the product runs in that row order and skips F's zero half.
 */
function gaussianBackward(
  record: LayerRecord, delta: Float64Array, deltaGram: Float64Array, factor: number, batch: number, spec: LayerSpec, rng: Rng,
): Float64Array {
  const { fanIn, fanOut } = spec;
  const { basis, noise } = record;
  const r = basis.rank;
  const chol = pivotedCholesky(deltaGram, batch, RANK_TOLERANCE);
  const rD = chol.rank;
  const width = r + rD;
  // [A_pivots; Ξ'] (width×fanIn): Ξ' is drawn into the last rD rows.
  const stacked = scratch(SCRATCH_STACKED, width * fanIn);
  rng.fillNormal(stacked, 1, r * fanIn, rD * fanIn);
  const scaledF = chol.factor;
  for (let i = 0; i < scaledF.length; i++) scaledF[i] *= factor;
  // F is lower trapezoidal in its pivot order: the products with it run in that row order.
  const order = pivotOrder(chol.pivots, batch);
  let turned: Float64Array | null = null;
  if (r > 0) {
    stacked.set(basis.rows, 0);
    const fresh = stacked.subarray(r * fanIn);
    const freshInSpan = timesBasisTransposed(basis, fresh, rD, fanIn);
    const coupling = new Float64Array(batch * r);
    matmulTransB(delta, noise, coupling, batch, fanOut, r);
    const permutedF = new Float64Array(batch * rD);
    for (let i = 0; i < batch; i++) permutedF.set(scaledF.subarray(order[i] * rD, (order[i] + 1) * rD), i * rD);
    const inSpan = new Float64Array(batch * r);
    orderedProduct(permutedF, order, freshInSpan, r, 1, inSpan, batch, rD, r, 0);
    for (let i = 0; i < coupling.length; i++) coupling[i] = factor * coupling[i] - inSpan[i];
    turned = basis.transform ? product(coupling, basis.transform, batch, r, r) : coupling;
  }
  // [turned | c·F] (B×width) in the pivot order of F, where it is zero past column r + i in row i.
  const left = new Float64Array(batch * width);
  for (let i = 0; i < batch; i++) {
    const src = order[i];
    if (turned) left.set(turned.subarray(src * r, (src + 1) * r), i * width);
    left.set(scaledF.subarray(src * rD, (src + 1) * rD), i * width + r);
  }
  const out = new Float64Array(batch * fanIn);
  orderedProduct(left, order, stacked, fanIn, 1, out, batch, width, fanIn, r);
  return out;
}

/** dL/dA = c·[(δ̃Fᵀ)·Q̃ + K_Y·R], first fanIn columns, c = g·deltaScale (see the header). */
function haarBackward(
  record: LayerRecord, delta: Float64Array, deltaGram: Float64Array, factor: number, batch: number, spec: LayerSpec, rng: Rng,
): Float64Array {
  const { fanIn, fanOut } = spec;
  const n = Math.max(fanIn, fanOut);
  const { basis, noise } = record;
  const rank = basis.rank;
  const projected = new Float64Array(batch * rank);
  matmul(delta, noise, projected, batch, fanOut, rank);
  const out = new Float64Array(batch * fanIn);
  if (rank > 0) timesBasis(basis, projected, batch, fanIn, out);
  if (rank < n) addComplement(out, projected, deltaGram, batch, fanIn, n, basis, rng);
  for (let i = 0; i < out.length; i++) out[i] *= factor;
  return out;
}

/** out += K_Y·R[:, :fanIn]: the part of δ̃·Oᵀ outside the frame F, through M Haar on O(N − r). */
function addComplement(
  out: Float64Array, projected: Float64Array, deltaGram: Float64Array, batch: number, fanIn: number, n: number, basis: RowBasis, rng: Rng,
): void {
  const rank = basis.rank;
  // Y·Yᵀ = δδᵀ − (δFᵀ)(δFᵀ)ᵀ loses digits to cancellation: residuals are judged against δδᵀ's diagonal.
  const explained = new Float64Array(batch * batch);
  gram(projected, explained, batch, rank);
  const residual = new Float64Array(batch * batch);
  for (let i = 0; i < residual.length; i++) residual[i] = deltaGram[i] - explained[i];
  const norms = new Float64Array(batch);
  for (let b = 0; b < batch; b++) norms[b] = deltaGram[b * batch + b];
  const chol = pivotedCholesky(residual, batch, RANK_TOLERANCE, n - rank, norms);
  const rY = chol.rank;
  if (rY === 0) return;

  // R: a Haar rY-frame in the complement of span(Q̃ᵀ). Project a Gaussian (twice: one pass
  // leaves ε-size components) and orthonormalize; only its first fanIn rows meet Q̃.
  const gaussian = new Float64Array(n * rY);
  rng.fillNormal(gaussian, 1);
  const top = gaussian.subarray(0, fanIn * rY);
  for (let pass = 0; pass < 2 && rank > 0; pass++) {
    // top −= Qᵀ·(Q·top), with Q = transform·rows.
    let coeffs = product(basis.rows, top, rank, fanIn, rY);
    if (basis.transform) {
      coeffs = product(basis.transform, coeffs, rank, rank, rY);
      const back = new Float64Array(rank * rY);
      matmulTransA(basis.transform, coeffs, back, rank, rank, rY);
      coeffs = back;
    }
    const inSpan = new Float64Array(fanIn * rY);
    matmulTransA(basis.rows, coeffs, inSpan, fanIn, rank, rY);
    for (let i = 0; i < top.length; i++) top[i] -= inSpan[i];
  }
  const frame = orthonormalFactor(gaussian, n, rY).subarray(0, fanIn * rY);
  const rest = new Float64Array(batch * fanIn);
  matmulTransB(chol.factor, frame, rest, batch, rY, fanIn);
  for (let i = 0; i < out.length; i++) out[i] += rest[i];
}

function product(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  matmul(a, b, out, m, k, n);
  return out;
}

/** std of dL/dW = Aᵀδ from the Gram matrices; null when it overflows. */
function weightGradStd(record: LayerRecord, scaled: ScaledDelta, batch: number, fanIn: number, fanOut: number): number | null {
  let sumOfSquares = 0;
  for (let i = 0; i < scaled.gram.length; i++) sumOfSquares += record.basis.gram[i] * scaled.gram[i];
  const deltaRowSums = rowSums(scaled.delta, batch, fanOut);
  let sum = 0;
  for (let b = 0; b < batch; b++) sum += record.inputRowSums[b] * deltaRowSums[b];
  // Both factors were scaled to entries below 2, so these sums are finite; only the scale-back can overflow.
  const std = record.inputScale * scaled.scale * stdFromSums(sum, sumOfSquares, fanIn * fanOut);
  return Number.isFinite(std) ? std : null;
}

// Scratch slots for the large per-layer temporaries (B×n and up). A slot's contents are only
// used inside the call that fills it and never kept in a record, so one buffer per slot is
// reused from layer to layer instead of allocating (and zero-filling) a new one each time.
const SCRATCH_INPUT = 0;
const SCRATCH_DELTA = 1;
const SCRATCH_PERMUTED = 2;
const SCRATCH_STACKED = 3;
const scratchPool: Float64Array[] = [];

/** A buffer of `length` values from slot `slot`, with arbitrary contents: the caller overwrites it. */
function scratch(slot: number, length: number): Float64Array {
  let buffer = scratchPool[slot];
  if (buffer === undefined || buffer.length < length) {
    buffer = new Float64Array(length);
    scratchPool[slot] = buffer;
  }
  return buffer.length === length ? buffer : buffer.subarray(0, length);
}

/** max |v| (NaN entries are skipped). */
function largestMagnitude(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (v > max) max = v;
  }
  return max;
}

/**
 * What to divide an array whose largest magnitude is `largest` by, so that its Gram matrix can
 * neither overflow nor lose its small entries to underflow: 1 when the entries are of moderate
 * size already (the common case, which then needs no pass over the array), else 2^⌊log₂ largest⌋,
 * which bounds them by 2. Dividing by a power of two is exact and commutes with every rounding
 * downstream, so either choice gives the same numbers bit for bit, unless some intermediate
 * would be subnormal (below 2^-1022), far beneath anything the statistics resolve.
 */
function rescaleFor(largest: number): number {
  if (largest === 0 || !Number.isFinite(largest)) return 1;
  if (largest >= MODERATE_LOW && largest < MODERATE_HIGH) return 1;
  return 2 ** Math.floor(Math.log2(largest));
}

/** Entries below 2^32 in magnitude give Gram entries below width·2^64: no overflow anywhere near. */
const MODERATE_HIGH = 2 ** 32;
const MODERATE_LOW = 2 ** -32;

/** values / scale, in scratch slot `slot` (only valid until that slot is next used). */
function divided(values: Float64Array, scale: number, slot: number): Float64Array {
  if (scale === 1) return values;
  const out = scratch(slot, values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] / scale;
  return out;
}

function rowSums(m: Float64Array, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += m[r * cols + c];
    sums[r] = s;
  }
  return sums;
}

function addBias(z: Float64Array, bias: Float64Array, batch: number, width: number): void {
  for (let r = 0; r < batch; r++) {
    const row = r * width;
    for (let j = 0; j < width; j++) z[row + j] += bias[j];
  }
}

function forwardOverflow(layer: number, reached: ForwardStats[]): Overflow {
  const last = reached.length > 0 ? reached[reached.length - 1].preStd : 1;
  return {
    layer,
    direction: 'forward',
    message: `activations overflowed to ±Inf at layer ${layer} (pre-activation std was ${last.toExponential(2)} at layer ${layer - 1}): they explode`,
  };
}

// ── Cost model for engine selection ─────────────────────────────────────────────────────

/** One normal draw (xoshiro + ziggurat) costs about as much as this many GEMM flops. */
const NORMAL_COST = 12;
/** Unblocked O(B³) work (pivoted Cholesky, triangular inverse) runs ~4× slower than GEMM flops. */
const CUBIC_COST = 16;
/** Extra elementwise passes over B×n arrays (scaling, row sums, stacking), per entry. */
const ELEMENT_COST = 24;
/** Householder QR for Haar frames: unblocked, about 4·N·r² flops at ~1/3 of GEMM speed. */
const HOUSEHOLDER_COST = 12;

/**
 * Estimated work of one draw, in GEMM-flop equivalents, for each engine; calibrated on square
 * ReLU/He nets (n = 128 … 1024), where matrix-free wins below a batch of about 0.3·n.
 */
export function engineCosts(network: NetworkSpec, batch: number): { dense: number; matrixFree: number } {
  let dense = 0;
  let matrixFree = 0;
  const b = batch;
  for (const [l, layer] of network.layers.entries()) {
    const { fanIn, fanOut } = layer;
    const r = Math.min(b, fanIn);
    const rD = Math.min(b, fanOut);
    const backward = l > 0;
    dense += 2 * b * fanIn * fanOut * (backward ? 2 : 1) + NORMAL_COST * fanIn * fanOut;
    dense += b * (fanIn + fanOut) < 2 * fanIn * fanOut ? b * b * (fanIn + fanOut) : 2 * b * fanIn * fanOut;
    matrixFree += b * b * (fanIn + fanOut) + 2 * b * r * fanOut + NORMAL_COST * r * fanOut + CUBIC_COST * b * b * b;
    matrixFree += ELEMENT_COST * b * (fanIn + fanOut);
    if (backward) matrixFree += 2 * b * r * fanOut + 2 * rD * r * fanIn + 2 * b * (rD + r) * fanIn + NORMAL_COST * rD * fanIn;
    if (typeof layerWeights(layer) !== 'string' && resolveInit(layer.init, fanIn, fanOut).kind === 'orthogonal') {
      const n = Math.max(fanIn, fanOut);
      dense += HOUSEHOLDER_COST * n * Math.min(fanIn, fanOut) ** 2;
      matrixFree += HOUSEHOLDER_COST * n * (r * r + (backward ? b * b : 0));
    }
  }
  return { dense, matrixFree };
}

/** Bytes one matrix-free draw holds: per layer z_l, Q's rows, Ξ (or the frame), plus scratch. */
export function matrixFreeBytes(network: NetworkSpec, batch: number): number {
  let entries = batch * network.inputWidth;
  let widest = network.inputWidth;
  for (const layer of network.layers) {
    const r = Math.min(batch, layer.fanIn);
    entries += batch * layer.fanOut + r * (layer.fanIn + layer.fanOut) + batch * batch + batch;
    widest = Math.max(widest, layer.fanIn, layer.fanOut);
  }
  return 8 * (entries + 6 * batch * widest + 4 * batch * batch);
}
