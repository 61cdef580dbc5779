// The edge of chaos: where χ₁ = σ_w² E[φ′(√q* ξ)²] crosses 1, from criticalGains directly and from
// a mean-field gain sweep, against closed forms (Poole et al. 2016; Schoenholz et al. 2017).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SELU_ALPHA, SELU_LAMBDA } from '../../../src/core/activations';
import { normalCdf } from '../../../src/core/special';
import type { ActivationSpec } from '../../../src/core/types';
import { chi1ForGain, criticalGains } from '../../../src/sweep/criticalGain';
import { runSweep } from '../../../src/sweep/engine';
import { logSpaced } from '../../../src/sweep/presets';
import { inProcessRunner } from '../../../src/sweep/runner';
import type { GainSweepRequest, GainSweepResult } from '../../../src/sweep/types';

function assertRelative(got: number | null | undefined, want: number, tol: number, what: string): void {
  assert.ok(typeof got === 'number', `${what}: got ${got}`);
  const err = Math.abs(got - want) / Math.abs(want);
  assert.ok(err <= tol, `${what}: got ${got}, want ${want} (relative error ${err.toExponential(2)} > ${tol})`);
}

/** SELU: the zero fixed point q* = 0 has slope σ_w² λ²(1 + α²)/2; it loses stability where that is 1. */
const SELU_CRITICAL = Math.sqrt(2 / (SELU_LAMBDA ** 2 * (1 + SELU_ALPHA ** 2)));

/**
 * Transversal crossings (χ₁ linear in the gain on both sides: relu, leaky_relu, linear, where χ₁ = σ_w²·const)
 * are found to the bisection's 1e-15. tanh and SELU cross tangentially from above: just past the crossing
 * q* > 0 is tiny and χ₁ − 1 ≈ c (g/g_c − 1)² (tanh: series of tanh² and sech⁴ give c = 4/3; SELU: c ≈ 0.53,
 * from the mpmath values χ₁(1.001 g_c) − 1 = 5.32e-7 and χ₁(1.01 g_c) − 1 = 5.28e-5). χ₁ − 1 is only resolved
 * above the ~1e-15 quadrature/rounding floor, so the sign is known to |g/g_c − 1| ≳ √(1e-15/c) < 5e-8: 1e-7.
 */
const TANGENT_TOL = 1e-7;

const CASES: { activation: ActivationSpec; critical: number; tol: number; chi1: (g: number) => number | null }[] = [
  // χ₁ = σ_w² E[φ′²] with E[relu′²] = ½ for every q > 0 (and in the limit q* → 0).
  { activation: { name: 'relu' }, critical: Math.SQRT2, tol: 1e-12, chi1: (g) => (g * g) / 2 },
  { activation: { name: 'leaky_relu', param: 0.2 }, critical: Math.sqrt(2 / (1 + 0.2 ** 2)), tol: 1e-12, chi1: (g) => (g * g * (1 + 0.2 ** 2)) / 2 },
  { activation: { name: 'linear' }, critical: 1, tol: 1e-12, chi1: (g) => g * g },
  // tanh, σ_b = 0: below g = 1, q* = 0 and χ₁ = σ_w² tanh′(0)² = g²; above, no simple form.
  { activation: { name: 'tanh' }, critical: 1, tol: TANGENT_TOL, chi1: (g) => (g <= 1 ? g * g : null) },
];

test('criticalGains: ReLU √2, leaky_relu(0.2) √(2/1.04), linear 1, tanh (σ_b = 0) 1, each the only crossing in [0.25, 4]', async () => {
  for (const { activation, critical, tol } of CASES) {
    const found = await criticalGains(activation, 0, 0.25, 4);
    assert.equal(found.length, 1, `${activation.name}: one crossing, got ${found.join(', ')}`);
    assertRelative(found[0], critical, tol, `${activation.name} critical gain`);
  }
});

test('criticalGains for SELU: the zero fixed point loses stability at g_c = √(2/(λ²(1+α²))) ≈ 0.6905 (σ_w² ≈ 0.477)', async () => {
  assertRelative(SELU_CRITICAL, 0.690486073634184817713, 1e-15, 'g_c from the constants (mpmath, 30 digits)');
  assertRelative(SELU_CRITICAL ** 2, 0.476771017882752898080, 1e-15, 'σ_w² at g_c');
  // [0.5, 1.5] rather than [0.25, 4]: every χ₁ evaluation near g_c needs a slow near-critical fixed point.
  const found = await criticalGains({ name: 'selu' }, 0, 0.5, 1.5);
  assert.equal(found.length, 1, `one crossing, got ${found.join(', ')}`);
  assertRelative(found[0], SELU_CRITICAL, TANGENT_TOL, 'SELU critical gain');
});

test('SELU sits near, not at, the edge of chaos: χ₁ ∈ [1, 1.08] from g_c up to LeCun normal (g = 1, χ₁ ≈ 1.0716)', () => {
  const selu: ActivationSpec = { name: 'selu' };
  // Below g_c, q* = 0 and χ₁ is the q → 0⁺ limit σ_w² λ²(1 + α²)/2 = (g/g_c)².
  for (const f of [0.5, 0.9, 0.99]) assertRelative(chi1ForGain(selu, f * SELU_CRITICAL, 0), f * f, 1e-12, `χ₁ at ${f} g_c`);
  // At g = 1, q* = 1 (λ, α are chosen so E[selu(ξ)²] = 1), so χ₁ = E[selu′(ξ)²] = λ²(½ + α² e² Φ(−2)).
  const lecun = SELU_LAMBDA ** 2 * (0.5 + SELU_ALPHA ** 2 * Math.E ** 2 * normalCdf(-2));
  assertRelative(lecun, 1.0715749924557993, 1e-14, 'closed form vs mpmath');
  assertRelative(chi1ForGain(selu, 1, 0), lecun, 1e-12, 'χ₁ at LeCun normal');
  // mpmath (30 digits; q* by iteration + findroot, E by mp.quad split at 0):
  //   for g in ['0.75','0.8','0.9']: q = qstar(g²); chi1 = g² E[φ′(√q ξ)²]
  const reference: [number, number][] = [
    [0.75, 1.0036703508393921],
    [0.8, 1.0116691613084393],
    [0.9, 1.0375949966395746],
  ];
  for (const [g, chi1] of reference) assertRelative(chi1ForGain(selu, g, 0), chi1, 1e-10, `χ₁ at g = ${g}`);
  let previous = 1;
  for (let i = 1; i <= 16; i++) {
    const g = SELU_CRITICAL * (1 / SELU_CRITICAL) ** (i / 16);
    const chi1 = chi1ForGain(selu, g, 0);
    assert.ok(chi1 >= 1 - 1e-12 && chi1 <= 1.08, `χ₁(${g}) = ${chi1} within [1, 1.08]`);
    assert.ok(chi1 >= previous - 1e-12, `χ₁ grows with the gain: ${chi1} after ${previous}`);
    previous = chi1;
  }
});

test('chi1ForGain: ReLU at σ_w² = 1 is 0.5 (the q* = 0 limit, not relu′(0)² = 0); tanh at g = 0.9 is 0.81', () => {
  assert.equal(chi1ForGain({ name: 'relu' }, 1, 0), 0.5);
  assertRelative(chi1ForGain({ name: 'relu' }, 0.5, 0), 0.125, 1e-15, 'ReLU at g = 0.5 (q* = 0)');
  assertRelative(chi1ForGain({ name: 'tanh' }, 0.9, 0), 0.81, 1e-14, 'tanh at g = 0.9');
  assertRelative(chi1ForGain({ name: 'linear' }, 1.7, 0), 1.7 * 1.7, 1e-15, 'linear χ₁ = g²');
});

function gainRequest(activation: ActivationSpec, gains: number[]): GainSweepRequest {
  return { kind: 'gain', depth: 10, width: 64, activation, biasStd: 0, gains, currentGain: null, batch: 8, draws: 1, seed: 0, monteCarlo: 'mean-field' };
}

test("a mean-field gain sweep's criticalGain and per-point χ₁ match the closed forms", async () => {
  const gains = logSpaced(0.25, 4, 25);
  for (const { activation, critical, tol, chi1 } of CASES) {
    const result = (await runSweep(gainRequest(activation, gains), inProcessRunner())) as GainSweepResult;
    assert.equal(result.complete, true);
    assert.equal(result.done, gains.length);
    assert.equal(result.total, gains.length, 'mean-field policy: no Monte Carlo runs');
    assert.equal(result.criticalGains.length, 1, `${activation.name}: ${result.criticalGains.join(', ')}`);
    assertRelative(result.criticalGain, critical, tol, `${activation.name} sweep critical gain`);
    // The sweep bisects on its own grid with the depth-10 network's χ₁; the dense scan agrees to the same tolerance.
    const scanned = await criticalGains(activation, 0, gains[0], gains.at(-1) as number);
    assert.equal(result.criticalGains.length, scanned.length);
    result.criticalGains.forEach((g, i) => assertRelative(g, scanned[i], tol, `${activation.name}: sweep vs scan`));
    assert.deepEqual(result.points.map((p) => p.gain), gains);
    for (const p of result.points) {
      assert.equal(p.engine, 'mean-field');
      assert.equal(p.monteCarlo, null);
      const want = chi1(p.gain);
      // σ_w² = width · (g/√width)² equals g² up to rounding.
      if (want !== null) assertRelative(p.chi1, want, 1e-13, `${activation.name} χ₁ at g = ${p.gain}`);
    }
  }
  // SELU through the sweep on a narrower range (each χ₁ near g_c needs a slow near-critical fixed point).
  const selu = (await runSweep(gainRequest({ name: 'selu' }, logSpaced(0.6, 1.2, 7)), inProcessRunner())) as GainSweepResult;
  assert.equal(selu.criticalGains.length, 1);
  assertRelative(selu.criticalGain, SELU_CRITICAL, TANGENT_TOL, 'SELU sweep critical gain');
  // A range that does not contain a crossing reports none.
  const none = (await runSweep(gainRequest({ name: 'relu' }, [0.25, 0.5, 1]), inProcessRunner())) as GainSweepResult;
  assert.equal(none.criticalGain, null);
  assert.deepEqual(none.criticalGains, []);
});
