// The dense engine: exact Monte Carlo with real weight matrices (design.md §3.2).
// Draw order is the numpy script's: X, then per layer W (and b), then dL/da_L,
// so the numpy-compatible stream reproduces a seeded user script number for number.

import { getActivation } from './activations';
import { runBackward } from './backwardPass';
import { throwIfCancelled, type IsCancelled } from './cancel';
import { sampleBias, sampleWeights } from './distributions';
import { matmul, matmulTransB } from './linalg';
import type { Rng } from './rng';
import { resolveInit } from './schemes';
import { firstNonFinite, moments, summarize } from './stats';
import { weightGradStd } from './weightGrad';
import type { Activation, BackwardStats, ForwardStats, LayerResult, LayerSpec, NetworkSpec, Overflow } from './types';

export interface DrawOptions {
  batch: number;
  bins: number;
  isCancelled?: IsCancelled;
  /** Called as each layer's statistics are ready, so a view can draw before the draw ends. */
  onLayer?: (progress: LayerProgress) => void;
}

/** One layer of one draw, finished in one direction (forward runs 1…L, backward L…1). */
export type LayerProgress =
  | { direction: 'forward'; layer: number; stats: ForwardStats }
  | { direction: 'backward'; layer: number; stats: BackwardStats };

/** One network draw: per-layer statistics, or as many layers as were reached before an overflow. */
export interface DrawResult {
  layers: LayerResult[];
  overflow: Overflow | null;
}

export function simulateDenseDraw(network: NetworkSpec, rng: Rng, options: DrawOptions): DrawResult {
  const { batch, bins, isCancelled, onLayer } = options;
  const activations = network.layers.map((layer) => getActivation(layer.activation));
  const x = new Float64Array(batch * network.inputWidth);
  rng.fillNormal(x, 1);

  /** A constant init is kept as its value: every product with it is a row sum (no n² work). */
  const weights: (Float64Array | number)[] = [];
  const preActivations: Float64Array[] = [];
  const forward: ForwardStats[] = [];
  let input: Float64Array = x;
  for (let l = 0; l < network.layers.length; l++) {
    throwIfCancelled(isCancelled);
    const spec = network.layers[l];
    const w = drawWeights(spec, rng);
    const z = new Float64Array(batch * spec.fanOut);
    if (typeof w === 'number') constantTimes(input, w, z, batch, spec.fanIn, spec.fanOut);
    else matmul(input, w, z, batch, spec.fanIn, spec.fanOut);
    if (spec.bias) addBias(z, drawBias(spec, rng), batch, spec.fanOut);
    const activated = activateLayer(z, activations[l], batch, spec.fanOut, bins);
    if (!activated) {
      const layers = forward.map((f, i) => ({ layer: i + 1, forward: f, backward: null }));
      return { layers, overflow: forwardOverflow(l + 1, forward) };
    }
    const a = activated.a;
    forward.push(activated.stats);
    onLayer?.({ direction: 'forward', layer: l + 1, stats: forward[l] });
    weights.push(w);
    preActivations.push(z);
    input = a;
  }

  const lastWidth = network.layers[network.layers.length - 1].fanOut;
  let gradA = new Float64Array(batch * lastWidth);
  rng.fillNormal(gradA, 1);
  const { backward, overflow } = runBackward(activations, preActivations, gradA, options, (l, delta) => {
    const spec = network.layers[l];
    const prevA = l === 0 ? x : applyPhi(activations[l - 1], preActivations[l - 1]);
    return {
      weightGradStd: weightGradStd(prevA, delta, batch, spec.fanIn, spec.fanOut),
      gradientToInput: () => {
        const next = new Float64Array(batch * spec.fanIn);
        const w = weights[l];
        if (typeof w === 'number') constantTimes(delta, w, next, batch, spec.fanOut, spec.fanIn);
        else matmulTransB(delta, w, next, batch, spec.fanOut, spec.fanIn);
        return next;
      },
    };
  });
  return {
    layers: forward.map((f, l) => ({ layer: l + 1, forward: f, backward: backward[l] })),
    overflow,
  };
}

function forwardOverflow(layer: number, reached: ForwardStats[]): Overflow {
  const last = reached.length > 0 ? reached[reached.length - 1].preStd : 1;
  return {
    layer,
    direction: 'forward',
    message: `activations overflowed to ±Inf at layer ${layer} (pre-activation std was ${last.toExponential(2)} at layer ${layer - 1}): they explode`,
  };
}

/** The weight matrix, or the value of a constant one (it draws no random numbers either way). */
function drawWeights(spec: LayerSpec, rng: Rng): Float64Array | number {
  const distribution = resolveInit(spec.init, spec.fanIn, spec.fanOut);
  if (distribution.kind === 'constant') return distribution.value;
  const w = new Float64Array(spec.fanIn * spec.fanOut);
  sampleWeights(distribution, spec.fanIn, spec.fanOut, rng, w);
  return w;
}

/** out (rows × outWidth) = x (rows × inWidth) times the all-c matrix: every entry of a row is c·Σ x_row. */
function constantTimes(x: Float64Array, c: number, out: Float64Array, rows: number, inWidth: number, outWidth: number): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const row = r * inWidth;
    for (let k = 0; k < inWidth; k++) sum += x[row + k];
    out.fill(c * sum, r * outWidth, (r + 1) * outWidth);
  }
}

function drawBias(spec: LayerSpec, rng: Rng): Float64Array {
  const b = new Float64Array(spec.fanOut);
  if (spec.bias) sampleBias(resolveInit(spec.bias, spec.fanIn, spec.fanOut), spec.fanOut, rng, b);
  return b;
}

function addBias(z: Float64Array, bias: Float64Array, batch: number, width: number): void {
  for (let r = 0; r < batch; r++) {
    const row = r * width;
    for (let j = 0; j < width; j++) z[row + j] += bias[j];
  }
}

export function applyPhi(activation: Activation, z: Float64Array): Float64Array {
  const a = new Float64Array(z.length);
  const phi = activation.phi;
  for (let i = 0; i < z.length; i++) a[i] = phi(z[i]);
  return a;
}

/** A layer's output and statistics, shared by both engines. */
export interface ActivatedLayer {
  a: Float64Array;
  stats: ForwardStats;
  /** max |a|, for the next layer's rescaling. */
  largest: number;
}

/** a = φ(z) and the layer's statistics; null when z holds ±Inf or NaN (the forward pass overflowed). */
export function activateLayer(z: Float64Array, activation: Activation, batch: number, width: number, bins: number): ActivatedLayer | null {
  const pre = moments(z);
  // Any ±Inf or NaN entry makes the mean non-finite, so finite arrays skip the scan.
  if (!Number.isFinite(pre.mean) && firstNonFinite(z) >= 0) return null;
  const a = applyPhi(activation, z);
  const summary = summarize(a, bins);
  const stats: ForwardStats = {
    mean: summary.mean,
    std: summary.std,
    preStd: pre.std,
    saturated: saturatedFraction(a, activation),
    dead: activation.canDie ? deadFraction(z, batch, width) : null,
    histogram: summary.histogram,
  };
  return { a, stats, largest: Math.max(Math.abs(summary.lowest), Math.abs(summary.highest)) };
}

function saturatedFraction(a: Float64Array, activation: Activation): number | null {
  const isSaturated = activation.isSaturated;
  if (!isSaturated) return null;
  let count = 0;
  for (let i = 0; i < a.length; i++) if (isSaturated(a[i])) count++;
  return count / a.length;
}

/** Fraction of units whose pre-activation is ≤ 0 for every sample in the batch. */
export function deadFraction(z: Float64Array, batch: number, width: number): number {
  let dead = 0;
  for (let j = 0; j < width; j++) {
    let alive = false;
    for (let r = 0; r < batch && !alive; r++) alive = z[r * width + j] > 0;
    if (!alive) dead++;
  }
  return dead / width;
}
