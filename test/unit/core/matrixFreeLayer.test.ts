// The matrix-free engine one layer at a time: exact identities of the conditional construction
// (design.md §3.3), which hold for every draw and so need no statistics. The network-level
// distribution tests are in matrixFree.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleLayer } from '../../../src/core/matrixFree';
import { createRng } from '../../../src/core/rng';
import type { InitSpec } from '../../../src/core/types';

// ── the conditioning itself, layer by layer ──────────────────────────────────────────
// For any weights, A·(δ·Wᵀ)ᵀ = (A·W)·δᵀ = Z·δᵀ: the backward pass must use the W that produced Z.
// An engine that drew the backward W independently (the mean-field "gradient independence"
// shortcut) gets every pooled std above right to O(1/n) but fails this identity at once.

function gaussianMatrix(rows: number, cols: number, seed: number): Float64Array {
  const m = new Float64Array(rows * cols);
  createRng('xoshiro', seed).fillNormal(m, 1);
  return m;
}

/** out (m×n) = X (m×k) · Yᵀ (Y n×k). */
function timesTransposed(x: Float64Array, y: Float64Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let p = 0; p < k; p++) sum += x[i * k + p] * y[j * k + p];
    out[i * n + j] = sum;
  }
  return out;
}

function assertClose(actual: Float64Array, expected: Float64Array, tolerance: number, what: string): void {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  assert.ok(worst <= tolerance * Math.max(scale, 1e-300), `${what}: max error ${worst} vs scale ${scale}`);
}

/** Inputs of every rank the engine meets: full, batch > width, zero samples, width 1, rank 2 of 6. */
function inputsFor(fanIn: number, batch: number, seed: number): [string, Float64Array][] {
  const full = gaussianMatrix(batch, fanIn, seed);
  const dead = full.slice();
  dead.fill(0, 0, fanIn);
  dead.fill(0, 2 * fanIn, 3 * fanIn);
  const low = new Float64Array(batch * fanIn);
  const c = gaussianMatrix(batch, 2, seed + 1);
  const r = gaussianMatrix(2, fanIn, seed + 2);
  for (let b = 0; b < batch; b++) for (let i = 0; i < fanIn; i++) low[b * fanIn + i] = c[b * 2] * r[i] + c[b * 2 + 1] * r[fanIn + i];
  const tiny = full.slice();
  for (let i = 0; i < fanIn; i++) tiny[fanIn + i] *= 1e-7; // sample 1 is 1e-7 the size of the rest
  return [['full', full], ['zero samples', dead], ['rank 2', low], ['one tiny sample', tiny]];
}

test('A·(dL/dA)ᵀ = Z·δᵀ exactly, for Gaussian and orthogonal layers of every shape and input rank', () => {
  const shapes: [number, number, number][] = [[12, 7, 5], [6, 9, 16], [1, 8, 6], [10, 10, 4], [10, 10, 14], [16, 6, 5], [5, 16, 8]];
  const inits: InitSpec[] = [{ scheme: 'normal', std: 0.7 }, { scheme: 'orthogonal', gain: 1.3 }];
  for (const init of inits) {
    for (const [fanIn, fanOut, batch] of shapes) {
      for (const [name, a] of inputsFor(fanIn, batch, fanIn * 100 + fanOut)) {
        const layer = sampleLayer({ fanIn, fanOut, init, activation: { name: 'tanh' } }, a, batch, createRng('xoshiro', batch));
        // δ depends on Z nonlinearly, as φ′(z) makes it.
        const g = gaussianMatrix(batch, fanOut, 77);
        const delta = layer.z.map((z, i) => g[i] * (1 - Math.tanh(z) ** 2));
        const grad = layer.gradientToInput(delta);
        const what = `${init.scheme} ${fanIn}→${fanOut}, B=${batch}, ${name}`;
        const left = timesTransposed(a, grad, batch, fanIn, batch);
        const right = timesTransposed(layer.z, delta, batch, fanOut, batch);
        assertClose(left, right, 1e-10, what);
        if (name === 'one tiny sample') {
          // The tiny sample is conditioned as exactly as the others, at its own scale.
          assertClose(left.subarray(batch, 2 * batch), right.subarray(batch, 2 * batch), 1e-9, `${what}, tiny row`);
          assert.ok(layer.z.subarray(fanOut, 2 * fanOut).some((z) => z !== 0), `${what}: tiny sample's z is zero`);
        }
      }
    }
  }
});

test('orthogonal layers keep norms exactly: Z·Zᵀ = g²·A·Aᵀ (wide or square), (dL/dA)(dL/dA)ᵀ = g²·δδᵀ (tall or square)', () => {
  const gain = 1.3;
  for (const [fanIn, fanOut, batch] of [[10, 10, 4], [10, 10, 14], [6, 15, 8], [15, 6, 8]]) {
    for (const [name, a] of inputsFor(fanIn, batch, fanIn + fanOut)) {
      const layer = sampleLayer({ fanIn, fanOut, init: { scheme: 'orthogonal', gain }, activation: { name: 'linear' } }, a, batch, createRng('xoshiro', 3));
      const what = `${fanIn}→${fanOut}, B=${batch}, ${name}`;
      if (fanOut >= fanIn) {
        const aaT = timesTransposed(a, a, batch, fanIn, batch).map((v) => gain * gain * v);
        assertClose(timesTransposed(layer.z, layer.z, batch, fanOut, batch), aaT, 1e-10, `ZZᵀ ${what}`);
      }
      if (fanIn >= fanOut) {
        const delta = gaussianMatrix(batch, fanOut, 5);
        const grad = layer.gradientToInput(delta);
        const ddT = timesTransposed(delta, delta, batch, fanOut, batch).map((v) => gain * gain * v);
        assertClose(timesTransposed(grad, grad, batch, fanIn, batch), ddT, 1e-10, `gradients ${what}`);
      }
    }
  }
});

test('Gaussian conditional: dL/dA is fixed inside span(A) and has covariance s²(n_in − r)·δδᵀ outside it', () => {
  // A = C·R with R's 3 rows orthonormal (rank 3 of 12, one zero sample), s = 0.7, fixed forward
  // draw and δ; 4000 backward draws. Given Z, the part of W in span(Rᵀ) is determined, so
  // dL/dA·Rᵀ must not move; the rest is δ·Uᵀ(I − RᵀR) with U i.i.d. N(0, s²).
  const [fanIn, fanOut, batch, rank, s] = [12, 7, 5, 3, 0.7];
  const r = new Float64Array(rank * fanIn);
  for (let k = 0; k < rank; k++) r[k * fanIn + 2 * k] = r[k * fanIn + 2 * k + 1] = Math.SQRT1_2; // orthonormal rows
  const c = gaussianMatrix(batch, rank, 8);
  c.fill(0, 0, rank);
  const a = new Float64Array(batch * fanIn);
  for (let b = 0; b < batch; b++) for (let i = 0; i < fanIn; i++) for (let k = 0; k < rank; k++) a[b * fanIn + i] += c[b * rank + k] * r[k * fanIn + i];
  const layer = sampleLayer({ fanIn, fanOut, init: { scheme: 'normal', std: s }, activation: { name: 'linear' } }, a, batch, createRng('xoshiro', 4));
  const delta = gaussianMatrix(batch, fanOut, 9);
  const ddT = timesTransposed(delta, delta, batch, fanOut, batch);
  const samples = 4000;
  let fixed: Float64Array | null = null;
  const rowCov = new Float64Array(batch * batch);
  for (let t = 0; t < samples; t++) {
    const grad = layer.gradientToInput(delta);
    const inSpan = timesTransposed(grad, r, batch, fanIn, rank);
    if (fixed === null) fixed = inSpan;
    else assertClose(inSpan, fixed, 1e-12, `dL/dA·Rᵀ, sample ${t}`);
    // The part outside span(Rᵀ): grad − (grad·Rᵀ)·R.
    const outside = grad.slice();
    for (let b = 0; b < batch; b++) for (let i = 0; i < fanIn; i++) for (let k = 0; k < rank; k++) outside[b * fanIn + i] -= inSpan[b * rank + k] * r[k * fanIn + i];
    const nnT = timesTransposed(outside, outside, batch, fanIn, batch);
    for (let i = 0; i < rowCov.length; i++) rowCov[i] += nnT[i] / samples;
  }
  const free = fanIn - rank;
  for (let b = 0; b < batch; b++) {
    for (let e = 0; e < batch; e++) {
      const expected = s * s * free * ddT[b * batch + e];
      // Var of one term (N Nᵀ)_be is s⁴·free·(D_bb·D_ee + D_be²).
      const se = s * s * Math.sqrt((free * (ddT[b * batch + b] * ddT[e * batch + e] + ddT[b * batch + e] ** 2)) / samples);
      assert.ok(Math.abs(rowCov[b * batch + e] - expected) <= 5 * se, `E[NNᵀ](${b}, ${e}) = ${rowCov[b * batch + e]} vs ${expected} (se ${se})`);
    }
  }
});

// ── magnitudes ────────────────────────────────────────────────────────────────────────
// A and δ are rescaled by a power of two only when their largest entry is far from 1. Scaling
// by a power of two commutes with rounding, so scaling the input (or δ) by 2^k must scale Z (or
// leave dL/dA scaled by exactly 2^k) bit for bit, whichever path each call takes.

test('inputs and gradients scaled by powers of two give the same draw bit for bit, rescaled or not', () => {
  const batch = 6;
  const fanIn = 20;
  const fanOut = 12;
  const a = gaussianMatrix(batch, fanIn, 31);
  const delta = gaussianMatrix(batch, fanOut, 32);
  for (const init of [{ scheme: 'he_normal' }, { scheme: 'orthogonal', gain: 1.3 }] as InitSpec[]) {
    const spec = { fanIn, fanOut, init, activation: { name: 'linear' } } as const;
    const reference = sampleLayer(spec, a, batch, createRng('xoshiro', 5));
    const referenceGradient = reference.gradientToInput(delta);
    for (const [inputScale, deltaScale] of [[2 ** 40, 2 ** -45], [2 ** -40, 2 ** 50], [2 ** 10, 1]]) {
      const layer = sampleLayer(spec, a.map((v) => v * inputScale), batch, createRng('xoshiro', 5));
      const label = `${init.scheme}, input ×${inputScale}, δ ×${deltaScale}`;
      layer.z.forEach((v, i) => assert.ok(Object.is(v, reference.z[i] * inputScale), `${label}: z[${i}] ${v} vs ${reference.z[i] * inputScale}`));
      const gradient = layer.gradientToInput(delta.map((v) => v * deltaScale));
      gradient.forEach((v, i) => assert.ok(Object.is(v, referenceGradient[i] * deltaScale), `${label}: dL/dA[${i}] ${v} vs ${referenceGradient[i] * deltaScale}`));
    }
  }
});
