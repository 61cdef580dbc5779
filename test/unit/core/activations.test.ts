import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIVATION_NAMES,
  SELU_ALPHA,
  SELU_LAMBDA,
  calculateGain,
  getActivation,
  parseActivation,
} from '../../../src/core/activations';
import type { ActivationSpec } from '../../../src/core/types';
import fixtureJson from '../../fixtures/meanfield-activations.json';

interface ActivationFixture {
  /** Per label: [x, φ(x), φ′(x), |xφ′/φ|, |xφ″/φ′|] from mpmath at 30 digits. */
  values: Record<string, number[][]>;
}
const fixture: ActivationFixture = fixtureJson;

const SPECS: ActivationSpec[] = [
  ...ACTIVATION_NAMES.map((name) => ({ name })),
  { name: 'leaky_relu', param: 0.2 },
  { name: 'elu', param: 1.5 },
  { name: 'elu', param: 0.5 },
];

/** 4th-order central difference; the step balances truncation against rounding. */
function centralDifference(f: (x: number) => number, x: number): number {
  const h = 1e-3 * Math.max(1, Math.abs(x));
  return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h);
}

test('φ′ matches finite differences of φ away from kinks', () => {
  for (const spec of SPECS) {
    const act = getActivation(spec);
    for (let x = -12; x <= 12; x += 0.0731) {
      if (act.kinks.some((k) => Math.abs(x - k) < 0.05)) continue;
      const fd = centralDifference(act.phi, x);
      const exact = act.dphi(x);
      const tol = 1e-9 * Math.max(1, Math.abs(exact)) + 1e-9;
      assert.ok(Math.abs(fd - exact) < tol, `${act.label}: φ′(${x}) = ${exact}, finite difference ${fd}`);
    }
  }
});

test('φ and φ′ match mpmath references to a few ulp times their condition number', () => {
  for (const spec of SPECS) {
    const act = getActivation(spec);
    const rows = fixture.values[act.label];
    assert.ok(rows !== undefined && rows.length > 50, `fixture has ${act.label}`);
    // φ′ of the non-monotone activations crosses 0 (gelu′(−0.75) ≈ 8e-4 is a difference of O(1)
    // terms), so relative accuracy there is bounded by an absolute 1e-16.
    const dphiFloor = ['gelu', 'gelu_tanh', 'silu', 'mish'].includes(spec.name) ? 1e-16 : 1e-300;
    for (const [x, phiRef, dphiRef, phiCondition, dphiCondition] of rows) {
      for (const [what, got, ref, condition, floor] of [
        ['φ', act.phi(x), phiRef, phiCondition, 1e-300],
        ['φ′', act.dphi(x), dphiRef, dphiCondition, dphiFloor],
      ] as const) {
        // a last-bit change of x moves φ by (condition number) ulp, whatever the implementation
        const err = Math.abs(got - ref);
        const tol = 4.5e-16 * (4 + condition) * Math.abs(ref) + floor;
        assert.ok(err <= tol, `${act.label} ${what}(${x}) = ${got}, mpmath ${ref}`);
      }
    }
  }
});

test('no NaN and the right limits at ±Infinity and huge |x|', () => {
  for (const spec of SPECS) {
    const act = getActivation(spec);
    for (const x of [-Infinity, -1e308, -1e200, -800, -40, 0, 40, 800, 1e200, 1e308, Infinity]) {
      assert.ok(!Number.isNaN(act.phi(x)), `${act.label} φ(${x}) is NaN`);
      assert.ok(!Number.isNaN(act.dphi(x)), `${act.label} φ′(${x}) is NaN`);
    }
  }
  const tanh = getActivation({ name: 'tanh' });
  assert.equal(tanh.dphi(30), 4 * Math.exp(-60) / (1 + Math.exp(-60)) ** 2); // not 0 = 1 − tanh²
  assert.ok(getActivation({ name: 'sigmoid' }).phi(-800) === 0);
  assert.equal(getActivation({ name: 'sigmoid' }).phi(-30), Math.exp(-30) / (1 + Math.exp(-30)));
  assert.equal(getActivation({ name: 'softplus' }).phi(25), 25); // PyTorch threshold = 20
  assert.equal(getActivation({ name: 'softplus' }).dphi(25), 1);
  assert.equal(getActivation({ name: 'gelu' }).phi(-Infinity), 0);
  assert.equal(getActivation({ name: 'mish' }).phi(Infinity), Infinity);
});

test('derivatives at the kink follow PyTorch', () => {
  assert.equal(getActivation({ name: 'relu' }).dphi(0), 0);
  assert.equal(getActivation({ name: 'leaky_relu', param: 0.2 }).dphi(0), 0.2);
  assert.equal(getActivation({ name: 'leaky_relu' }).dphi(0), 0.01);
  assert.equal(getActivation({ name: 'selu' }).dphi(0), SELU_LAMBDA * SELU_ALPHA);
  assert.equal(getActivation({ name: 'elu', param: 1.5 }).dphi(0), 1.5);
  assert.equal(getActivation({ name: 'selu' }).phi(1), SELU_LAMBDA);
});

test('gain equals PyTorch calculate_gain, and 1 where PyTorch has none', () => {
  const expected: Array<[ActivationSpec, number]> = [
    [{ name: 'linear' }, 1],
    [{ name: 'sigmoid' }, 1],
    [{ name: 'tanh' }, 5 / 3],
    [{ name: 'relu' }, Math.sqrt(2)],
    [{ name: 'leaky_relu' }, Math.sqrt(2 / (1 + 0.01 ** 2))],
    [{ name: 'leaky_relu', param: 0.2 }, Math.sqrt(2 / 1.04)],
    [{ name: 'selu' }, 0.75],
    [{ name: 'gelu' }, 1],
    [{ name: 'gelu_tanh' }, 1],
    [{ name: 'silu' }, 1],
    [{ name: 'elu' }, 1],
    [{ name: 'softplus' }, 1],
    [{ name: 'mish' }, 1],
  ];
  for (const [spec, gain] of expected) assert.equal(getActivation(spec).gain, gain, spec.name);
});

test('calculateGain accepts the PyTorch names and rejects others clearly', () => {
  for (const name of ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']) {
    assert.equal(calculateGain(name), 1);
  }
  assert.equal(calculateGain('tanh'), 5 / 3);
  assert.equal(calculateGain('relu'), Math.SQRT2);
  assert.equal(calculateGain('leaky_relu'), Math.sqrt(2 / 1.0001));
  assert.equal(calculateGain('leaky_relu', 0), Math.SQRT2);
  assert.equal(calculateGain('leaky_relu', Math.sqrt(5)), Math.sqrt(2 / 6)); // nn.Linear's default a = √5
  assert.equal(calculateGain('selu'), 0.75);
  assert.throws(() => calculateGain('gelu'), /nonlinearity must be one of linear, conv1d.*leaky_relu, selu \(got "gelu"\)/);
  assert.throws(() => calculateGain('identity'), /identity/);
});

test('kinks, saturation and dead flags', () => {
  const kinks = (spec: ActivationSpec): number[] => getActivation(spec).kinks;
  for (const name of ['relu', 'leaky_relu', 'selu', 'elu'] as const) assert.deepEqual(kinks({ name }), [0]);
  for (const name of ['linear', 'tanh', 'sigmoid', 'gelu', 'gelu_tanh', 'silu', 'mish'] as const) assert.deepEqual(kinks({ name }), []);
  assert.deepEqual(kinks({ name: 'softplus' }), [20]);

  const tanh = getActivation({ name: 'tanh' }).isSaturated;
  assert.ok(tanh !== null);
  assert.equal(tanh(0.995), true);
  assert.equal(tanh(-0.995), true);
  assert.equal(tanh(0.99), false);
  const sig = getActivation({ name: 'sigmoid' }).isSaturated;
  assert.ok(sig !== null);
  assert.equal(sig(0.005), true);
  assert.equal(sig(0.995), true);
  assert.equal(sig(0.5), false);
  assert.equal(sig(0.01), false);
  for (const spec of SPECS) {
    const act = getActivation(spec);
    assert.equal(act.isSaturated === null, spec.name !== 'tanh' && spec.name !== 'sigmoid', act.label);
    assert.equal(act.canDie, spec.name === 'relu' || spec.name === 'leaky_relu', act.label);
  }
});

test('labels', () => {
  assert.equal(getActivation({ name: 'leaky_relu', param: 0.2 }).label, 'leaky_relu(0.2)');
  assert.equal(getActivation({ name: 'leaky_relu' }).label, 'leaky_relu(0.01)');
  assert.equal(getActivation({ name: 'elu' }).label, 'elu');
  assert.equal(getActivation({ name: 'elu', param: 1.5 }).label, 'elu(1.5)');
  assert.equal(getActivation({ name: 'gelu_tanh' }).label, 'gelu_tanh');
});

test('getActivation rejects bad parameters with a clear message', () => {
  assert.throws(() => getActivation({ name: 'tanh', param: 0.3 }), /"tanh" takes no parameter/);
  assert.throws(() => getActivation({ name: 'leaky_relu', param: Number.NaN }), /finite/);
  assert.throws(() => getActivation({ name: 'elu', param: -1 }), /alpha must be ≥ 0/);
  assert.throws(() => getActivation({ name: 'swish' as ActivationSpec['name'] }), /Unknown activation "swish". Allowed: linear/);
});

test('parseActivation reads name[:param] and aliases', () => {
  assert.deepEqual(parseActivation('relu'), { name: 'relu' });
  assert.deepEqual(parseActivation('leaky_relu:0.2'), { name: 'leaky_relu', param: 0.2 });
  assert.deepEqual(parseActivation(' Leaky-ReLU : 0.2 '), { name: 'leaky_relu', param: 0.2 });
  assert.deepEqual(parseActivation('elu:1.5'), { name: 'elu', param: 1.5 });
  assert.deepEqual(parseActivation('identity'), { name: 'linear' });
  assert.deepEqual(parseActivation('swish'), { name: 'silu' });
  assert.deepEqual(parseActivation('gelu_erf'), { name: 'gelu' });
  assert.deepEqual(parseActivation('gelu_tanh'), { name: 'gelu_tanh' });
  for (const name of ACTIVATION_NAMES) assert.deepEqual(parseActivation(name), { name });
});

test('parseActivation errors name the input and list the allowed names', () => {
  assert.throws(() => parseActivation('relu6'), /Unknown activation "relu6"\. Allowed: linear, relu, leaky_relu\[:slope\].*mish/);
  assert.throws(() => parseActivation(''), /Unknown activation ""/);
  assert.throws(() => parseActivation('tanh:2'), /"tanh:2": tanh takes no parameter/);
  assert.throws(() => parseActivation('leaky_relu:abc'), /"leaky_relu:abc": parameter "abc" is not a finite number/);
  assert.throws(() => parseActivation('leaky_relu:'), /not a finite number/);
  assert.throws(() => parseActivation('elu:-1'), /alpha must be ≥ 0/);
});
