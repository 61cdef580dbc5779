import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getActivation } from '../../../src/core/activations';
import { activationMoments, meanFieldFromVariances, varianceFixedPoint, type MeanFieldLayerInput } from '../../../src/core/meanField';
import { gaussLegendre, gaussianExpectation, gaussianRule, weightedSum } from '../../../src/core/quadrature';
import { normalCdf } from '../../../src/core/special';
import type { ActivationName, ActivationSpec, MeanFieldResult } from '../../../src/core/types';
import expectationsJson from '../../fixtures/meanfield-expectations.json';
import networksJson from '../../fixtures/meanfield-networks.json';

interface ExpectationRow {
  activation: string;
  name: string;
  param: number | null;
  q: number;
  mean: number;
  second: number;
  gradSecond: number;
  /** E[φ²] − E[φ]² at 30 digits (the difference of the rounded doubles would lose digits). */
  variance: number;
}
interface NetworkCase {
  name: string;
  batch: number;
  layers: MeanFieldLayerInput[];
  qStar: number | null;
  chi1: number;
  depthScale: number | null;
  expected: Array<{ layer: number; mean: number; std: number; preStd: number; gradStd: number; preGradStd: number; weightGradStd: number }>;
}
const expectationRows = (expectationsJson as { rows: ExpectationRow[] }).rows;
const networkCases = (networksJson as { networks: NetworkCase[] }).networks;

const relativeError = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

function assertClose(got: number, want: number, tol: number, what: string): void {
  const err = want === 0 ? Math.abs(got) : relativeError(got, want);
  assert.ok(err <= tol, `${what}: got ${got}, want ${want} (relative error ${err.toExponential(2)} > ${tol})`);
}

function square(depth: number, width: number, sigmaW2: number, activation: ActivationSpec, sigmaB2 = 0): MeanFieldLayerInput[] {
  return Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, sigmaW2, sigmaB2, activation }));
}

// ---------------------------------------------------------------- quadrature

test('Gauss–Legendre integrates polynomials of degree 2n − 1 exactly', () => {
  for (const n of [1, 2, 5, 20, 33]) {
    const { nodes, weights } = gaussLegendre(n);
    for (let k = 0; k < 2 * n; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += weights[i] * nodes[i] ** k;
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      assert.ok(Math.abs(sum - exact) < 4e-15, `n = ${n}, ∫x^${k}: ${sum} vs ${exact}`);
    }
  }
  assert.throws(() => gaussLegendre(0), /order must be an integer in \[1, 1000\], got 0/);
});

test('Gaussian rule: weights sum to 1 and moments of ξ are exact for any σ', () => {
  for (const sigma of [1e-8, 0.01, 1, 22.36, 1000, 1e100]) {
    const rule = gaussianRule(sigma, [0]);
    const total = weightedSum(rule.weights, new Float64Array(rule.weights.length).fill(1));
    assert.ok(Math.abs(total - 1) < 1e-15, `σ = ${sigma}: Σw = ${total}`);
    assertClose(gaussianExpectation((x) => x * x, sigma, []), sigma * sigma, 1e-14, `E[(σξ)²], σ = ${sigma}`);
    if (sigma < 1e70) assertClose(gaussianExpectation((x) => x ** 4, sigma, []), 3 * sigma ** 4, 1e-14, `E[(σξ)⁴], σ = ${sigma}`);
  }
  assertClose(gaussianExpectation(Math.exp, 3, []), Math.exp(4.5), 1e-14, 'E[exp(3ξ)]');
});

test('σ = 0 returns f(0); negative or NaN σ is rejected', () => {
  assert.equal(gaussianExpectation((x) => Math.cos(x) + 2, 0, [0]), 3);
  assert.throws(() => gaussianExpectation((x) => x, -1, []), /σ ≥ 0, got -1/);
  assert.throws(() => gaussianExpectation((x) => x, Number.NaN, []), /σ ≥ 0, got NaN/);
});

test('relu-like closed forms hold to 1e-14 with the split at the kink', () => {
  const relu = getActivation({ name: 'relu' });
  for (const sigma of [1e-6, 0.3, 1, 7, 22.36, 1e3, 1e8]) {
    assertClose(gaussianExpectation((x) => relu.phi(x) ** 2, sigma, relu.kinks), sigma * sigma / 2, 1e-14, `E[relu²], σ = ${sigma}`);
    assertClose(gaussianExpectation((x) => relu.dphi(x) ** 2, sigma, relu.kinks), 0.5, 1e-14, `E[relu′²], σ = ${sigma}`);
    assertClose(gaussianExpectation(relu.phi, sigma, relu.kinks), sigma / Math.sqrt(2 * Math.PI), 1e-14, `E[relu], σ = ${sigma}`);
  }
  // a kink away from 0: E[1{σξ > 3}] = Φ(−3/σ)
  for (const sigma of [0.5, 2, 40, 1e4]) {
    assertClose(gaussianExpectation((x) => (x > 3 ? 1 : 0), sigma, [3]), normalCdf(-3 / sigma), 1e-14, `P(σξ > 3), σ = ${sigma}`);
  }
});

test('erf-based closed forms (gelu checks)', () => {
  for (const a of [1e-3, 0.1, 1, 3, 22.36, 300, 1e5]) {
    assertClose(gaussianExpectation(normalCdf, a, []), 0.5, 1e-15, `E[Φ(aξ)], a = ${a}`);
    // 1/4 + asin(a²/(1 + a²))/(2π), rewritten so that large a does not lose digits in asin(1 − δ)
    const want = 0.5 - Math.asin(1 / Math.sqrt(2 * (1 + a * a))) / Math.PI;
    assertClose(gaussianExpectation((x) => normalCdf(x) ** 2, a, []), want, 1e-14, `E[Φ(aξ)²], a = ${a}`);
    // Stein's lemma: E[gelu(aξ)] = a²/√(2π(1 + a²))
    const gelu = getActivation({ name: 'gelu' });
    assertClose(gaussianExpectation(gelu.phi, a, []), (a * a) / Math.sqrt(2 * Math.PI * (1 + a * a)), 1e-13, `E[gelu(aξ)], a = ${a}`);
  }
});

test('E[tanh′(σξ)²] for saturated tanh matches its large-σ expansion', () => {
  // E = pdf(0)·(I0/σ − I2/(2σ³) + I4/(8σ⁵)·3 − …), I_k = ∫x^k sech⁴x dx
  const i0 = 4 / 3;
  const i2 = (Math.PI ** 2 - 6) / 9;
  const i4 = 0.4982631842925307973611826;
  const tanh = getActivation({ name: 'tanh' });
  for (const sigma of [1e3, 1e4, 1e6, 1e10, 1e100, 1e300]) {
    const want = (i0 / sigma - i2 / (2 * sigma ** 3) + (3 * i4) / (8 * sigma ** 5)) / Math.sqrt(2 * Math.PI);
    assertClose(gaussianExpectation((x) => tanh.dphi(x) ** 2, sigma, []), want, 1e-13, `E[tanh′²], σ = ${sigma}`);
  }
  // bounded functions stay finite even for σ = Infinity
  assertClose(gaussianExpectation((x) => tanh.phi(x) ** 2, Infinity, []), 1, 1e-15, 'E[tanh(∞·ξ)²]');
});

test('SELU is self-normalising at q = 1: E[selu] = 0, E[selu²] = 1', () => {
  const m = activationMoments(getActivation({ name: 'selu' }), 1);
  assert.ok(Math.abs(m.mean) < 1e-15, `mean ${m.mean}`);
  assert.ok(Math.abs(m.second - 1) < 1e-15, `second ${m.second}`);
});

test('expectations match the mpmath tanh-sinh references (13 activations × q ∈ 1e-4 … 1e6)', () => {
  let worst = 0;
  let where = '';
  for (const row of expectationRows) {
    const spec: ActivationSpec = row.param === null ? { name: row.name as ActivationName } : { name: row.name as ActivationName, param: row.param };
    const m = activationMoments(getActivation(spec), row.q);
    // E[φ] can be 0 by symmetry: measure it against the spread √E[φ²]
    const errors = [
      Math.abs(m.mean - row.mean) / Math.max(Math.abs(row.mean), Math.sqrt(row.second)),
      relativeError(m.second, row.second),
      relativeError(m.gradSecond, row.gradSecond),
      relativeError(m.variance, row.variance),
    ];
    const err = Math.max(...errors);
    if (err > worst) {
      worst = err;
      where = `${row.activation} q = ${row.q}: [mean, E[φ²], E[φ′²], Var] errors ${errors.map((e) => e.toExponential(1)).join(', ')}`;
    }
  }
  assert.ok(expectationRows.length >= 13 * 7);
  assert.ok(worst < 1e-13, `worst ${worst.toExponential(2)} at ${where}`);
});

// ---------------------------------------------------------------- mean-field recursion

function assertFinite(result: MeanFieldResult): void {
  for (const layer of result.layers) {
    for (const [key, value] of Object.entries(layer)) assert.ok(!Number.isNaN(value), `layer ${layer.layer} ${key} is NaN`);
  }
}

test('linear with σ_w² = 1 keeps q = 1 and every gradient variance at 1', () => {
  const batch = 64;
  const result = meanFieldFromVariances(square(30, 100, 1, { name: 'linear' }), batch);
  assert.equal(result.layers.length, 30);
  for (const layer of result.layers) {
    assert.equal(layer.preStd, 1);
    assert.equal(layer.std, 1);
    assert.equal(layer.mean, 0);
    assert.equal(layer.gradStd, 1);
    assert.equal(layer.preGradStd, 1);
    assert.equal(layer.weightGradStd, Math.sqrt(batch));
  }
  assert.equal(result.chi1, 1);
  assert.equal(result.depthScale, null);
  assert.equal(result.qStar, 1); // every q is a fixed point of q ↦ q: the iteration stays put
  assert.deepEqual(result.layers.map((l) => l.layer), Array.from({ length: 30 }, (_, i) => i + 1));
});

test('ReLU with σ_w² = 2 (He) keeps q and all gradient variances constant; χ₁ = 1', () => {
  const batch = 100;
  const result = meanFieldFromVariances(square(50, 256, 2, { name: 'relu' }), batch);
  for (const layer of result.layers) {
    assert.equal(layer.preStd, Math.SQRT2);
    assertClose(layer.mean, 1 / Math.sqrt(Math.PI), 1e-15, 'mean √2/√(2π)');
    assertClose(layer.std, Math.sqrt(1 - 1 / Math.PI), 1e-15, 'std');
    assert.equal(layer.gradStd, 1);
    assertClose(layer.preGradStd, Math.SQRT1_2, 1e-15, 'preGradStd');
    assertClose(layer.weightGradStd, Math.sqrt(batch / 2), 1e-15, 'weightGradStd'); // E[a²] = 1 at every layer
  }
  assert.equal(result.chi1, 1);
  assert.equal(result.depthScale, null);
  assert.equal(result.qStar, 2);
});

test('ReLU closed forms at every layer, off criticality and with bias', () => {
  const sigmaW2 = 1.7;
  const sigmaB2 = 0.3;
  const depth = 12;
  const batch = 32;
  const result = meanFieldFromVariances(square(depth, 64, sigmaW2, { name: 'relu' }, sigmaB2), batch);
  const q: number[] = [];
  for (let l = 0; l < depth; l++) q.push(l === 0 ? sigmaW2 + sigmaB2 : (sigmaW2 * q[l - 1]) / 2 + sigmaB2);
  result.layers.forEach((layer, l) => {
    const gradVar = (sigmaW2 / 2) ** (depth - 1 - l);
    const inputSecond = l === 0 ? 1 : q[l - 1] / 2;
    assertClose(layer.preStd, Math.sqrt(q[l]), 1e-15, `preStd ${l + 1}`);
    assertClose(layer.mean, Math.sqrt(q[l] / (2 * Math.PI)), 1e-15, `mean ${l + 1}`);
    assertClose(layer.std, Math.sqrt((q[l] * (Math.PI - 1)) / (2 * Math.PI)), 1e-15, `std ${l + 1}`);
    assertClose(layer.gradStd, Math.sqrt(gradVar), 1e-14, `gradStd ${l + 1}`);
    assertClose(layer.preGradStd, Math.sqrt(gradVar / 2), 1e-14, `preGradStd ${l + 1}`);
    assertClose(layer.weightGradStd, Math.sqrt((batch * inputSecond * gradVar) / 2), 1e-14, `weightGradStd ${l + 1}`);
  });
  const qStar = sigmaB2 / (1 - sigmaW2 / 2);
  assertClose(result.qStar ?? Number.NaN, qStar, 1e-13, 'q*');
  assertClose(result.chi1, sigmaW2 / 2, 1e-15, 'χ₁');
  assertClose(result.depthScale ?? Number.NaN, -1 / Math.log(sigmaW2 / 2), 1e-15, 'depth scale');
});

test('leaky_relu closed forms: gradients scale by σ_w²(1 + s²)/2 per layer', () => {
  const slope = 0.2;
  const result = meanFieldFromVariances(square(6, 128, 2 / (1 + slope * slope), { name: 'leaky_relu', param: slope }), 10);
  for (const layer of result.layers) {
    assertClose(layer.preStd, Math.sqrt(2 / (1 + slope * slope)), 1e-15, 'preStd');
    assertClose(layer.gradStd, 1, 1e-15, 'gradStd');
  }
  assertClose(result.chi1, 1, 1e-15, 'χ₁ of kaiming with a = 0.2');
});

test('tanh fixed point q* matches a direct solve of q = σ_w² E[tanh²(√q ξ)] + σ_b²', () => {
  const sigmaW2 = 1.5;
  const sigmaB2 = 0.05;
  const result = meanFieldFromVariances(square(15, 256, sigmaW2, { name: 'tanh' }, sigmaB2), 100);
  const g = (q: number): number => sigmaW2 * gaussianExpectation((x) => Math.tanh(x) ** 2, Math.sqrt(q), []) + sigmaB2 - q;
  let lo = 0.01;
  let hi = 10;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) > 0) lo = mid;
    else hi = mid;
  }
  assertClose(result.qStar ?? Number.NaN, 0.5 * (lo + hi), 1e-13, 'q*');
  const tanh = getActivation({ name: 'tanh' });
  const chi1 = sigmaW2 * gaussianExpectation((x) => tanh.dphi(x) ** 2, Math.sqrt(0.5 * (lo + hi)), []);
  assertClose(result.chi1, chi1, 1e-13, 'χ₁');
});

test('criticality: tanh with σ_w² = 1, σ_b = 0 has q* → 0 and χ₁ → 1', () => {
  const result = meanFieldFromVariances(square(20, 256, 1, { name: 'tanh' }), 100);
  assert.ok(result.qStar !== null && result.qStar < 1e-6, `q* = ${result.qStar}`);
  assert.ok(Math.abs(result.chi1 - 1) < 1e-9, `χ₁ = ${result.chi1}`);
  assert.equal(result.depthScale, null);
  // ordered phase below criticality: q* = 0 and χ₁ = σ_w² tanh′(0)² = σ_w²
  const ordered = meanFieldFromVariances(square(5, 256, 0.8, { name: 'tanh' }), 100);
  assert.equal(ordered.qStar, 0);
  assertClose(ordered.chi1, 0.8, 1e-15, 'χ₁ ordered');
});

test('sigmoid + Xavier over 20 layers: forward healthy, backward vanishing by ≈ 1/18 per layer', () => {
  const result = meanFieldFromVariances(square(20, 256, 1, { name: 'sigmoid' }), 100);
  const first = result.layers[0];
  const last = result.layers[19];
  const forwardRatio = last.std / first.std;
  assert.ok(forwardRatio > 0.5 && forwardRatio < 2, `forward ratio ${forwardRatio}`);
  const backwardRatio = first.preGradStd / last.preGradStd;
  assert.ok(backwardRatio < 1e-10, `backward ratio ${backwardRatio}`);
  for (let l = 0; l < 19; l++) {
    // Var(δ_l)/Var(δ_{l+1}) = σ_w² E[σ′(√q_l ξ)²] ≤ σ′(0)² = 1/16
    const perLayer = (result.layers[l].preGradStd / result.layers[l + 1].preGradStd) ** 2;
    assert.ok(perLayer > 1 / 25 && perLayer < 1 / 16, `layer ${l + 1}: ${perLayer}`);
  }
  // once q has settled, the per-layer factor is χ₁ = E[σ′(√q* ξ)²] ≈ 0.0557
  assertClose((result.layers[17].preGradStd / result.layers[18].preGradStd) ** 2, result.chi1, 1e-9, 'per-layer factor at q*');
  assert.ok(Math.abs(result.chi1 - 1 / 18) < 0.002, `χ₁ = ${result.chi1}`);
});

test('CS231n: tanh with std 0.01 at width 500 (σ_w² = 0.05) vanishes both ways', () => {
  const result = meanFieldFromVariances(square(10, 500, 500 * 0.01 ** 2, { name: 'tanh' }), 1000);
  const forwardRatio = result.layers[9].std / result.layers[0].std;
  const backwardRatio = result.layers[0].preGradStd / result.layers[9].preGradStd;
  assert.ok(forwardRatio < 1e-5, `forward ratio ${forwardRatio}`);
  assert.ok(backwardRatio < 1e-5, `backward ratio ${backwardRatio}`);
  assert.equal(result.qStar, 0);
  assertClose(result.chi1, 0.05, 1e-15, 'χ₁');
});

test('mean-field recursions match the mpmath references (tanh std=1 at width 500, non-square, …)', () => {
  let worst = 0;
  let where = '';
  for (const c of networkCases) {
    const result = meanFieldFromVariances(c.layers, c.batch);
    assert.equal(result.layers.length, c.expected.length, c.name);
    assert.equal(result.qStar === null, c.qStar === null, `${c.name}: q* ${result.qStar} vs ${c.qStar}`);
    const pairs: Array<[string, number, number, number]> = [['χ₁', result.chi1, c.chi1, 0]];
    if (c.qStar !== null && result.qStar !== null) pairs.push(['q*', result.qStar, c.qStar, 1e-12]);
    if (c.depthScale !== null) pairs.push(['depth scale', result.depthScale ?? Number.NaN, c.depthScale, 0]);
    c.expected.forEach((want, l) => {
      const got = result.layers[l];
      for (const key of ['preStd', 'std', 'gradStd', 'preGradStd', 'weightGradStd'] as const) pairs.push([`layer ${l + 1} ${key}`, got[key], want[key], 0]);
      pairs.push([`layer ${l + 1} mean`, got.mean, want.mean, want.std]); // E[φ] may be 0 by symmetry
    });
    for (const [what, got, want, scale] of pairs) {
      const err = Math.abs(got - want) / Math.max(Math.abs(want), scale);
      if (!(err <= worst)) {
        worst = err;
        where = `${c.name} ${what}: ${got} vs ${want}`;
      }
    }
  }
  assert.ok(networkCases.length >= 14);
  assert.ok(worst < 1e-12, `worst relative error ${worst.toExponential(2)} at ${where}`);
});

test('non-square 784→512→512→10: gradients scale by σ_w²·fanOut/fanIn', () => {
  const layers: MeanFieldLayerInput[] = [
    { fanIn: 784, fanOut: 512, sigmaW2: 2, sigmaB2: 0, activation: { name: 'relu' } },
    { fanIn: 512, fanOut: 512, sigmaW2: 2, sigmaB2: 0, activation: { name: 'relu' } },
    { fanIn: 512, fanOut: 10, sigmaW2: 2, sigmaB2: 0, activation: { name: 'relu' } },
  ];
  const result = meanFieldFromVariances(layers, 64);
  const gradVar = result.layers.map((l) => l.gradStd ** 2);
  assertClose(gradVar[2], 1, 0, 'output');
  assertClose(gradVar[1], 2 * (10 / 512) * 0.5, 1e-15, 'layer 2');
  assertClose(gradVar[0], gradVar[1] * 2 * (512 / 512) * 0.5, 1e-15, 'layer 1');
  for (const layer of result.layers) assertClose(layer.preStd, Math.SQRT2, 1e-15, 'He keeps q = 2');
});

test('forward overflow stops at the overflowing layer and says where', () => {
  const result = meanFieldFromVariances(square(2000, 256, 4, { name: 'relu' }), 64);
  assert.ok(result.overflow !== undefined);
  assert.equal(result.overflow.direction, 'forward');
  assert.equal(result.overflow.layer, 1023); // q_l = 2^l
  assert.match(result.overflow.message, /overflows at layer 1023/);
  assert.equal(result.layers.length, 1022);
  assert.equal(result.layers[1021].gradStd, 1);
  assert.equal(result.qStar, null);
  assert.equal(result.chi1, 2);
  assertFinite(result);
});

test('backward overflow leaves the forward pass intact and reports Infinity, not NaN', () => {
  const result = meanFieldFromVariances(square(200, 256, 1e10, { name: 'tanh' }), 64);
  assert.equal(result.layers.length, 200);
  assert.ok(result.overflow !== undefined && result.overflow.direction === 'backward');
  assert.equal(result.layers[0].gradStd, Infinity);
  assert.ok(Number.isFinite(result.layers[199].preGradStd));
  // std beyond 1e154 (variance beyond the double range) is still represented exactly
  const big = meanFieldFromVariances(square(80, 256, 1e10, { name: 'tanh' }), 64);
  assert.equal(big.overflow, undefined);
  assert.ok(big.layers[0].gradStd > 1e154 && Number.isFinite(big.layers[0].gradStd), `${big.layers[0].gradStd}`);
  assertFinite(result);
});

test('elu(1.5) with σ_w² = 2 has no finite fixed point: q* is null, χ₁ taken at the last q', () => {
  const result = meanFieldFromVariances(square(12, 400, 2, { name: 'elu', param: 1.5 }), 64);
  assert.equal(result.qStar, null);
  const last = result.layers[11].preStd ** 2;
  const chi1 = 2 * activationMoments(getActivation({ name: 'elu', param: 1.5 }), last).gradSecond;
  assert.equal(result.chi1, chi1);
});

test('zero variance (σ_w² = σ_b² = 0) gives exact zeros, no NaN', () => {
  const result = meanFieldFromVariances(square(3, 16, 0, { name: 'relu' }), 8);
  for (const layer of result.layers) {
    assert.equal(layer.preStd, 0);
    assert.equal(layer.std, 0);
  }
  assert.equal(result.layers[0].preGradStd, 0); // relu′(0) = 0 as in PyTorch
  assert.equal(result.chi1, 0);
  assert.equal(result.depthScale, 0);
  assertFinite(result);
});

test('varianceFixedPoint on affine and slow maps', () => {
  assertClose(varianceFixedPoint((q) => 0.5 * q + 1, 10) ?? Number.NaN, 2, 1e-15, 'contraction');
  assert.equal(varianceFixedPoint((q) => q + 1, 1), null); // identity plus a constant: grows for ever
  assert.equal(varianceFixedPoint((q) => 2 * q, 1), null);
  assert.equal(varianceFixedPoint((q) => q, 3), 3);
  const slow = varianceFixedPoint((q) => q - q * q, 0.5); // algebraic approach to 0
  assert.ok(slow !== null && slow < 1e-9, `${slow}`);
  assertClose(varianceFixedPoint((q) => 0.999 * q + 0.001, 5) ?? Number.NaN, 1, 1e-12, 'slow contraction');
});

test('bad input gets a clear error naming it', () => {
  const ok: MeanFieldLayerInput = { fanIn: 4, fanOut: 4, sigmaW2: 1, sigmaB2: 0, activation: { name: 'tanh' } };
  assert.throws(() => meanFieldFromVariances([], 8), /at least one layer, got 0/);
  assert.throws(() => meanFieldFromVariances([ok], 0), /batch must be a finite number ≥ 1, got 0/);
  assert.throws(() => meanFieldFromVariances([ok, { ...ok, fanIn: 0 }], 8), /layer 2: fanIn must be a finite number > 0, got 0/);
  assert.throws(() => meanFieldFromVariances([{ ...ok, sigmaW2: Number.NaN }], 8), /layer 1: sigmaW2 must be a finite number ≥ 0, got NaN/);
  assert.throws(() => meanFieldFromVariances([{ ...ok, sigmaB2: -1 }], 8), /sigmaB2 must be a finite number ≥ 0, got -1/);
});

test('a variance map that settles above the identity (softplus with σ_w² > 2) has no fixed point: χ₁ at the last q, found without scanning to 1e300', () => {
  // q₁ = σ_w² E[x²] = σ_w² for one layer from unit-variance inputs; χ₁ = σ_w² E[sigmoid(√q₁ ξ)²] there.
  for (const gain of [1.5, 2, 3]) {
    const sigmaW2 = gain * gain;
    const result = meanFieldFromVariances([{ fanIn: 1, fanOut: 1, sigmaW2, sigmaB2: 0, activation: { name: 'softplus' } }], 1);
    assert.equal(result.qStar, null, `gain ${gain}`);
    const expected = sigmaW2 * gaussianExpectation((x) => (1 / (1 + Math.exp(-x))) ** 2, Math.sqrt(sigmaW2));
    assert.ok(Math.abs(result.chi1 - expected) <= 1e-13 * expected, `gain ${gain}: χ₁ ${result.chi1} vs ${expected}`);
  }
});
