// Width sweep: the seed-to-seed spread of ln std(a_L) against the log-normal (delta-method) prediction,
// the prediction against closed forms, and where the prediction does not apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationSpec, InitSpec, NetworkSpec } from '../../../src/core/types';
import { runSweep } from '../../../src/sweep/engine';
import { predictLogStdSpread } from '../../../src/sweep/logNormal';
import { inProcessRunner } from '../../../src/sweep/runner';
import type { WidthSweepRequest, WidthSweepResult } from '../../../src/sweep/types';
import { assertRelative } from './helpers';

function network(init: InitSpec, activation: ActivationSpec, depth: number, width: number): NetworkSpec {
  return { inputWidth: width, layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation })) };
}

function request(init: InitSpec, activation: ActivationSpec, depth: number, widths: number[], overrides: Partial<WidthSweepRequest> = {}): WidthSweepRequest {
  return { kind: 'width', init, initLabel: init.scheme, activation, depth, biasStd: 0, widths, batch: 1, draws: 8, seed: 21, monteCarlo: 'auto', ...overrides };
}

async function widthSweep(r: WidthSweepRequest): Promise<WidthSweepResult> {
  const result = (await runSweep(r, inProcessRunner())) as WidthSweepResult;
  assert.equal(result.kind, 'width');
  assert.equal(result.complete, true);
  assert.equal(result.done, r.widths.length);
  return result;
}

// X = relu(Z), Z ~ N(0, 1): raw moments E X = 1/√(2π), E X² = 1/2, E X³ = √(2/π) (= 2/√(2π)), E X⁴ = 3/2.
const RELU_M1 = 1 / Math.sqrt(2 * Math.PI);
const RELU_M2 = 1 / 2;
const RELU_M3 = Math.sqrt(2 / Math.PI);
const RELU_M4 = 3 / 2;
const RELU_VARIANCE = RELU_M2 - RELU_M1 ** 2;
const RELU_CENTRAL4 = RELU_M4 - 4 * RELU_M1 * RELU_M3 + 6 * RELU_M1 ** 2 * RELU_M2 - 3 * RELU_M1 ** 4;

/**
 * Var ln std(a_L) for one input ≈ ¼ (Var ln ‖x‖²/n + Σ per-layer relative variance of ‖a_l‖² + last-layer sampling):
 * ‖x‖²/n is χ²_n/n (2/n); each of the L − 1 hidden relu layers multiplies ‖a‖² by an independent factor of
 * relative variance (E X⁴/(E X²)² − 1)/n = (6 − 1)/n; the last layer's sample variance over n units has relative
 * variance (μ₄/σ⁴ − 1)/n. Linear: 2/n for each of the three kinds of term.
 */
function reluSpread(n: number, depth: number): number {
  return 0.5 * Math.sqrt((2 + 5 * (depth - 1) + (RELU_CENTRAL4 / RELU_VARIANCE ** 2 - 1)) / n);
}
function linearSpread(n: number, depth: number): number {
  return 0.5 * Math.sqrt((2 + 2 * (depth - 1) + 2) / n);
}

test('predictLogStdSpread at batch 1: ReLU/He and linear against the closed forms', () => {
  // mpmath: c4 = quad((max(x,0) − m1)⁴ φ(x)) / (m2 − m1²)² with m_k = quad(x^k φ(x), 0, ∞), 30 digits.
  assertRelative(RELU_CENTRAL4 / RELU_VARIANCE ** 2, 5.4076392415974315309, 1e-14, 'kurtosis of relu(Z)');
  for (const n of [16, 64, 256, 2048]) {
    for (const depth of [1, 3, 10, 50]) {
      const relu = predictLogStdSpread(network({ scheme: 'he_normal' }, { name: 'relu' }, depth, n), 1);
      assertRelative(relu.value, reluSpread(n, depth), 1e-9, `relu n = ${n}, L = ${depth}`);
      const linear = predictLogStdSpread(network({ scheme: 'xavier_normal' }, { name: 'linear' }, depth, n), 1);
      assertRelative(linear.value, linearSpread(n, depth), 1e-9, `linear n = ${n}, L = ${depth}`);
      // The gain does not matter for positively homogeneous φ: only ratios of moments enter.
      const scaled = predictLogStdSpread(network({ scheme: 'normal', std: 3 / Math.sqrt(n) }, { name: 'linear' }, depth, n), 1);
      assertRelative(scaled.value, linearSpread(n, depth), 1e-9, `linear with gain 3, n = ${n}, L = ${depth}`);
    }
  }
});

/**
 * Standard error of a sample standard deviation s over N draws. For normal data (N − 1)s²/σ² ~ χ²_{N−1}, so
 * Var s² = 2σ⁴/(N − 1); the delta method through s = √(s²) gives Var s ≈ Var s² / (4σ²) = σ²/(2(N − 1)).
 * With excess kurtosis κ − 3 of ln std, Var s² ≈ σ⁴ (2/(N − 1) + (κ − 3)/N), hence the general form.
 */
function standardError(sigma: number, draws: number, kurtosis = 3): number {
  return (sigma * Math.sqrt(2 / (draws - 1) + (kurtosis - 3) / draws)) / 2;
}

/*
 * Independent reference (numpy, 2 × 10⁶ or 10⁶ draws; batch 1, so z = W a is exactly N(0, σ_w²‖a‖²/n · I) given a):
 *
 *   import numpy as np
 *   def spread(act, s2, n, L, draws, seed):
 *       rng = np.random.default_rng(seed); a = rng.standard_normal((draws, n))
 *       for _ in range(L):
 *           a = act(np.sqrt(s2 / n * (a * a).sum(1, keepdims=True)) * rng.standard_normal((draws, n)))
 *       x = np.log(a.std(axis=1)); s = x.std(ddof=1); k = ((x - x.mean())**4).mean() / x.var()**2
 *       return s, s * np.sqrt(2/(len(x)-1) + (k-3)/len(x)) / 2, k
 *   spread(np.tanh, 1.0, 64, 10, 2_000_000, 11)              → 0.161215 ± 0.000083, kurtosis 3.117
 *   spread(lambda z: np.maximum(z, 0), 2.0, 256, 10, 10**6, 12) → 0.225856 ± 0.000160, kurtosis 3.004
 *
 * (The tanh value was confirmed with explicit 64 × 64 weight matrices: 0.16136 ± 0.00026 over 2 × 10⁵ draws.)
 */
const REFERENCE = {
  relu256: { spread: 0.2258561600275481, kurtosis: 3.004 },
  tanh64: { spread: 0.1612145429024289, kurtosis: 3.117 },
};

test('Monte Carlo vs prediction, ReLU/He, depth 10, width 256, batch 1, 400 draws: within 4 standard errors', async (t) => {
  const draws = 400;
  const r = request({ scheme: 'he_normal' }, { name: 'relu' }, 10, [256], { draws, seed: 1 });
  const [point] = (await widthSweep(r)).points;
  const predicted = reluSpread(256, 10);
  assertRelative(point.predictedLogStdSpread, predicted, 1e-9, 'the prediction on the point');
  assert.equal(point.draws, draws);
  const se = standardError(predicted, draws, REFERENCE.relu256.kurtosis);
  // The delta method's own O(1/n) bias here is 0.2259 − 0.2241 = 0.0018 ≈ 0.23 SE (reference above): inside 4 SE.
  const deviation = Math.abs(point.logStdSpread - predicted);
  assert.ok(deviation <= 4 * se, `measured ${point.logStdSpread} vs predicted ${predicted}: |Δ| = ${deviation} > 4 SE = ${4 * se}`);
  // And against the independent numpy reference (its own SE, 1.6e-4, is negligible beside ours).
  assert.ok(Math.abs(point.logStdSpread - REFERENCE.relu256.spread) <= 4 * se, `measured ${point.logStdSpread} vs numpy ${REFERENCE.relu256.spread}`);
  t.diagnostic(`relu/He n=256 L=10: measured ${point.logStdSpread.toFixed(4)}, predicted ${predicted.toFixed(4)}, numpy ${REFERENCE.relu256.spread.toFixed(4)}, SE ${se.toFixed(4)}`);
});

test('Monte Carlo vs prediction, tanh/Xavier, depth 10, width 64, batch 1, 400 draws: within 4 SE + the delta-method bias', async (t) => {
  const draws = 400;
  const r = request({ scheme: 'xavier_normal' }, { name: 'tanh' }, 10, [64], { draws, seed: 2 });
  const [point] = (await widthSweep(r)).points;
  const predicted = point.predictedLogStdSpread;
  assert.ok(predicted !== null);
  /*
   * The delta method keeps only the first order of each layer's fluctuation: it linearises ln E[tanh²](q) in ln q
   * (tanh's variance map is curved, unlike relu's), takes the kurtosis term at the mean q rather than averaging over
   * q's fluctuation, and ignores the cross terms between layers. Each neglected term is a relative O(1/n) correction
   * to the variance it approximates. Its size is estimated from the numpy reference above (2 × 10⁶ draws):
   * bias = 0.16121 − 0.15524 = 0.0060 (3.8 % ≈ 2.5/n at n = 64; relu shows the same 1/n scaling, 0.8 % at n = 256
   * and 3.0 % at n = 64). The measured spread must lie within 4 SE of the prediction plus that bias.
   */
  const bias = REFERENCE.tanh64.spread - predicted;
  assert.ok(bias > 0 && bias < 0.05 * predicted, `the bias is O(1/n): ${bias}`);
  const se = standardError(predicted, draws, REFERENCE.tanh64.kurtosis);
  const deviation = Math.abs(point.logStdSpread - predicted);
  assert.ok(deviation <= 4 * se + bias, `measured ${point.logStdSpread} vs predicted ${predicted}: |Δ| = ${deviation} > 4 SE + bias = ${4 * se + bias}`);
  assert.ok(Math.abs(point.logStdSpread - REFERENCE.tanh64.spread) <= 4 * se, `measured ${point.logStdSpread} vs numpy ${REFERENCE.tanh64.spread}`);
  t.diagnostic(`tanh/Xavier n=64 L=10: measured ${point.logStdSpread.toFixed(4)}, predicted ${predicted.toFixed(4)}, numpy ${REFERENCE.tanh64.spread.toFixed(4)}, bias ${bias.toFixed(4)}, SE ${se.toFixed(4)}`);
});

test('no prediction at batch > 1 or with orthogonal weights, each with a note saying why', async () => {
  const batched = await widthSweep(request({ scheme: 'he_normal' }, { name: 'relu' }, 3, [16, 32], { batch: 2, draws: 2 }));
  assert.ok(batched.points.every((p) => p.predictedLogStdSpread === null));
  assert.match(batched.predictionNote, /one input \(batch 1/);
  assert.match(batched.predictionNote, /batch 2/);
  const orthogonal = await widthSweep(request({ scheme: 'orthogonal' }, { name: 'tanh' }, 3, [16, 32], { draws: 2 }));
  assert.ok(orthogonal.points.every((p) => p.predictedLogStdSpread === null));
  assert.match(orthogonal.predictionNote, /layer 1 has orthogonal weights; the prediction needs independent zero-mean entries/);
  // Where it applies, the note says what the prediction is.
  const gaussian = await widthSweep(request({ scheme: 'he_normal' }, { name: 'relu' }, 3, [16], { draws: 2 }));
  assert.match(gaussian.predictionNote, /log-normal prediction for one input/);
});

test('points ascend in width, p5 ≤ p50 ≤ p95, Σ 1/width = depth/width, mean-field std from the closed form', async () => {
  const widths = [8, 16, 32, 64, 128];
  const r = request({ scheme: 'he_normal' }, { name: 'relu' }, 6, widths, { draws: 16, batch: 4 });
  const result = await widthSweep(r);
  assert.deepEqual(result.points.map((p) => p.width), widths);
  for (const p of result.points) {
    assert.ok(p.std.p5 <= p.std.p50 && p.std.p50 <= p.std.p95, `width ${p.width}: ${JSON.stringify(p.std)}`);
    assert.ok(p.std.p5 > 0);
    assert.equal(p.sumInverseWidth, 6 / p.width);
    assert.equal(p.draws, 16);
    assert.ok(p.logStdSpread > 0 && Number.isFinite(p.logStdSpread));
    // He/relu: q = 2 at every layer, std(relu(√2 ξ)) = √(2 (½ − 1/(2π))) = √(1 − 1/π).
    assertRelative(p.meanFieldStd, Math.sqrt(1 - 1 / Math.PI), 1e-12, `width ${p.width} mean-field std`);
  }
  // The spread shrinks as the width grows (Σ 1/width falls by 2 each step; 16 draws resolve that).
  const spreads = result.points.map((p) => p.logStdSpread);
  assert.ok(spreads[0] > spreads[spreads.length - 1], `spreads ${spreads.join(', ')}`);
});
