import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeFans,
  describeInit,
  distributionMoments,
  effectiveFans,
  formatQuantity,
  isGaussianScheme,
  parseInitName,
  parseSchemeName,
  resolveInit,
  SCHEME_NAMES,
  torchDefaultBias,
} from '../../../src/core/schemes';
import type { InitSpec, WeightDistribution } from '../../../src/core/types';

const KERAS_CORRECTION = 0.87962566103423978;

function close(actual: number, expected: number, relative = 1e-15, message = ''): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${message} ${actual} ≠ ${expected}`);
}

function assertNormal(d: WeightDistribution, std: number, mean = 0): void {
  assert.equal(d.kind, 'normal');
  if (d.kind !== 'normal') return;
  close(d.std, std, 1e-15, 'std');
  assert.equal(d.mean, mean);
}

function assertSymmetricUniform(d: WeightDistribution, bound: number): void {
  assert.equal(d.kind, 'uniform');
  if (d.kind !== 'uniform') return;
  close(d.high, bound, 1e-15, 'high');
  assert.equal(d.low, -d.high);
}

function assertTruncated(d: WeightDistribution, std: number, low: number, high: number, mean = 0): void {
  assert.equal(d.kind, 'truncated_normal');
  if (d.kind !== 'truncated_normal') return;
  close(d.std, std, 1e-15, 'std');
  assert.equal(d.mean, mean);
  close(d.low, low, 1e-15, 'low');
  close(d.high, high, 1e-15, 'high');
}

// The MNIST MLP of the seed notes: 784 → 512.
const FAN_IN = 784;
const FAN_OUT = 512;
const resolve = (init: InitSpec): WeightDistribution => resolveInit(init, FAN_IN, FAN_OUT);

describe('scheme names', () => {
  it('lists every canonical scheme once and parses each to itself', () => {
    assert.equal(SCHEME_NAMES.length, 18);
    assert.equal(new Set(SCHEME_NAMES).size, 18);
    for (const name of SCHEME_NAMES) assert.equal(parseSchemeName(name), name);
  });

  it('accepts the frameworks’ aliases and spellings', () => {
    const cases: Array<[string, string]> = [
      ['glorot_normal', 'xavier_normal'],
      ['glorot_uniform', 'xavier_uniform'],
      ['kaiming_normal', 'he_normal'],
      ['kaiming_uniform', 'he_uniform'],
      ['random_normal', 'normal'],
      ['random_uniform', 'uniform'],
      ['trunc_normal', 'truncated_normal'],
      ['identity', 'eye'],
      ['zero', 'zeros'],
      ['ones', 'constant'],
      ['nn.init.kaiming_normal_', 'he_normal'],
      ['torch.nn.init.xavier_uniform_', 'xavier_uniform'],
      ['HeNormal', 'he_normal'],
      ['GlorotUniform()', 'xavier_uniform'],
      ['tf.keras.initializers.TruncatedNormal', 'truncated_normal'],
      ['VarianceScaling', 'variance_scaling'],
      ['LecunNormal', 'lecun_normal'],
      ['  Xavier-Normal ', 'xavier_normal'],
    ];
    for (const [text, scheme] of cases) assert.equal(parseSchemeName(text), scheme, text);
  });

  it('rejects unknown names, naming the input and the allowed names', () => {
    assert.throws(() => parseSchemeName('gaussian'), (error: Error) => {
      assert.match(error.message, /^initialization must be one of normal, uniform, truncated_normal, .*constant \(or an alias: glorot_normal, .*\) \(got "gaussian"\)$/);
      return true;
    });
  });

  it('parseInitName sets what a bare name implies', () => {
    assert.deepEqual(parseInitName('ones'), { scheme: 'constant', value: 1 });
    assert.deepEqual(parseInitName('he_normal'), { scheme: 'he_normal' });
    assert.deepEqual(parseInitName('lecun_normal'), { scheme: 'lecun_normal' });
    assert.deepEqual(parseInitName('he_normal', 'torch'), { scheme: 'he_normal' });
  });

  it('parseInitName with keras: truncated *_normal variance scaling, 0.05 random defaults', () => {
    assert.deepEqual(parseInitName('he_normal', 'keras'), { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
    assert.deepEqual(parseInitName('GlorotNormal', 'keras'), { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' });
    assert.deepEqual(parseInitName('lecun_normal', 'keras'), { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' });
    assert.deepEqual(parseInitName('RandomNormal', 'keras'), { scheme: 'normal', std: 0.05 });
    assert.deepEqual(parseInitName('random_uniform', 'keras'), { scheme: 'uniform', low: -0.05, high: 0.05 });
    assert.deepEqual(parseInitName('TruncatedNormal', 'keras'), { scheme: 'truncated_normal', std: 0.05, truncation: 'keras' });
    assert.deepEqual(parseInitName('glorot_uniform', 'keras'), { scheme: 'xavier_uniform' });
    assert.deepEqual(parseInitName('ones', 'keras'), { scheme: 'constant', value: 1 });
  });

  it('parseInitName with flax: JAX defaults normal(0.01), uniform [0, 0.01), truncated lecun_normal', () => {
    assert.deepEqual(parseInitName('normal', 'flax'), { scheme: 'normal', std: 0.01 });
    assert.deepEqual(parseInitName('uniform', 'flax'), { scheme: 'uniform', low: 0, high: 0.01 });
    assert.deepEqual(parseInitName('truncated_normal', 'flax'), { scheme: 'truncated_normal', std: 0.01, truncation: 'plain' });
    assert.deepEqual(parseInitName('kaiming_normal', 'flax'), { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
    assert.deepEqual(parseInitName('lecun_normal', 'flax'), { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' });
  });
});

describe('resolveInit against the frameworks’ formulas (fan_in 784, fan_out 512)', () => {
  it('PyTorch defaults: normal_ N(0, 1), uniform_ U(0, 1), trunc_normal_ N(0, 1) on [−2, 2]', () => {
    assert.deepEqual(resolve({ scheme: 'normal' }), { kind: 'normal', mean: 0, std: 1 });
    assert.deepEqual(resolve({ scheme: 'uniform' }), { kind: 'uniform', low: 0, high: 1 });
    assert.deepEqual(resolve({ scheme: 'truncated_normal' }), { kind: 'truncated_normal', mean: 0, std: 1, low: -2, high: 2 });
    assert.deepEqual(resolve({ scheme: 'normal', mean: 0.1, std: 0.01 }), { kind: 'normal', mean: 0.1, std: 0.01 });
  });

  it('truncated normal: PyTorch bounds are absolute, Keras and JAX bounds are ±2 std, none rescale', () => {
    // trunc_normal_(std=0.02) keeps a = −2, b = 2: effectively untruncated.
    assertTruncated(resolve({ scheme: 'truncated_normal', std: 0.02 }), 0.02, -2, 2);
    assertTruncated(resolve({ scheme: 'truncated_normal', std: 0.02, low: -0.04, high: 0.03 }), 0.02, -0.04, 0.03);
    assertTruncated(resolve({ scheme: 'truncated_normal', std: 0.05, truncation: 'keras' }), 0.05, -0.1, 0.1);
    assertTruncated(resolve({ scheme: 'truncated_normal', mean: 1, std: 0.05, truncation: 'keras' }), 0.05, 0.9, 1.1, 1);
    assertTruncated(resolve({ scheme: 'truncated_normal', std: 0.01, truncation: 'plain' }), 0.01, -0.02, 0.02);
  });

  it('Xavier/Glorot: std √(2/1296) = 0.039283710065919304, bound √(6/1296) = 0.06804138174397717', () => {
    assertNormal(resolve({ scheme: 'xavier_normal' }), 0.039283710065919304);
    assertSymmetricUniform(resolve({ scheme: 'xavier_uniform' }), 0.06804138174397717);
    assertNormal(resolve({ scheme: 'xavier_normal', gain: 5 / 3 }), 0.0654728501098655);
  });

  it('Kaiming/He with PyTorch semantics: gain = calculate_gain(nonlinearity, a), std = gain/√fan', () => {
    assertNormal(resolve({ scheme: 'he_normal' }), 0.05050762722761054); // √2/28
    assertSymmetricUniform(resolve({ scheme: 'he_uniform' }), 0.08748177652797065); // √(6/784)
    assertNormal(resolve({ scheme: 'he_normal', mode: 'fan_out' }), 0.0625); // √(2/512)
    assertNormal(resolve({ scheme: 'he_normal', nonlinearity: 'relu' }), 0.05050762722761054);
    assertNormal(resolve({ scheme: 'he_normal', a: 0.2 }), 0.049526803234395456); // √(2/1.04)/28
    assertNormal(resolve({ scheme: 'he_normal', nonlinearity: 'tanh' }), 0.05952380952380953); // (5/3)/28
    assertNormal(resolve({ scheme: 'he_normal', nonlinearity: 'selu' }), 0.026785714285714284); // (3/4)/28
    // kaiming_uniform_(a=√5) is the PyTorch layer default, U(±1/√fan_in)
    assertSymmetricUniform(resolve({ scheme: 'he_uniform', a: Math.sqrt(5) }), 1 / 28);
  });

  it('LeCun: std 1/√784 = 1/28 (untruncated), bound √(3/784) = 0.06185895741317419', () => {
    assertNormal(resolve({ scheme: 'lecun_normal' }), 1 / 28);
    assertSymmetricUniform(resolve({ scheme: 'lecun_uniform' }), 0.06185895741317419);
  });

  it('VarianceScaling: truncated std √(scale/fan)/0.87962566103423978 cut at ±2 std; normal; uniform', () => {
    const keras = 0.06315817968547535; // √(2/648)/0.87962566103423978
    assertTruncated(resolve({ scheme: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'truncated_normal' }), keras, -2 * keras, 2 * keras);
    const plain = 1 / 28 / KERAS_CORRECTION;
    assertTruncated(resolve({ scheme: 'variance_scaling' }), plain, -2 * plain, 2 * plain);
    assertNormal(resolve({ scheme: 'variance_scaling', scale: 0.5, mode: 'fan_out', distribution: 'untruncated_normal' }), 0.03125);
    assertNormal(resolve({ scheme: 'variance_scaling', scale: 0.5, mode: 'fan_out', distribution: 'normal' }), 0.03125);
    assertSymmetricUniform(resolve({ scheme: 'variance_scaling', scale: 2, distribution: 'uniform' }), 0.08748177652797065);
  });

  it('framework layer defaults: PyTorch U(±1/28), Keras glorot_uniform, Flax truncated lecun_normal', () => {
    assertSymmetricUniform(resolve({ scheme: 'torch_default' }), 1 / 28);
    assert.deepEqual(torchDefaultBias(784), { scheme: 'uniform', low: -1 / 28, high: 1 / 28 });
    assertSymmetricUniform(resolve({ scheme: 'keras_default' }), 0.06804138174397717);
    const flax = 0.040601686940662726; // (1/28)/0.87962566103423978
    assertTruncated(resolve({ scheme: 'flax_default' }), flax, -2 * flax, 2 * flax);
  });

  it('structured and constant schemes', () => {
    assert.deepEqual(resolve({ scheme: 'orthogonal' }), { kind: 'orthogonal', gain: 1 });
    assert.deepEqual(resolve({ scheme: 'orthogonal', gain: 2 }), { kind: 'orthogonal', gain: 2 });
    assert.deepEqual(resolve({ scheme: 'sparse', sparsity: 0.1 }), { kind: 'sparse', sparsity: 0.1, std: 0.01 });
    assert.deepEqual(resolve({ scheme: 'eye' }), { kind: 'eye', value: 1 });
    assert.deepEqual(resolve({ scheme: 'eye', gain: 0.5 }), { kind: 'eye', value: 0.5 }); // Keras Identity(gain)
    assert.deepEqual(resolve({ scheme: 'zeros' }), { kind: 'constant', value: 0 });
    assert.deepEqual(resolve({ scheme: 'constant', value: 0.1 }), { kind: 'constant', value: 0.1 });
  });
});

describe('fans', () => {
  it('Conv2d(16, 32, 3): fan_in 144, fan_out 288; groups 4: fan_in 36 (PyTorch weight (32, 4, 3, 3))', () => {
    assert.deepEqual(effectiveFans({ scheme: 'xavier_uniform', receptiveField: 9 }, 16, 32), { fanIn: 144, fanOut: 288 });
    assert.deepEqual(effectiveFans({ scheme: 'xavier_uniform', receptiveField: 9, groups: 4 }, 16, 32), { fanIn: 36, fanOut: 288 });
    assertSymmetricUniform(resolveInit({ scheme: 'xavier_uniform', receptiveField: 9 }, 16, 32), 0.11785113019775792);
    assertSymmetricUniform(resolveInit({ scheme: 'torch_default', receptiveField: 9, groups: 4 }, 16, 32), 1 / 6);
    assertNormal(resolveInit({ scheme: 'he_normal', mode: 'fan_out', receptiveField: 9, groups: 4 }, 16, 32), Math.sqrt(2 / 288));
  });

  it('computeFans follows each framework’s layout', () => {
    assert.deepEqual(computeFans([32, 16, 3, 3], 'torch'), { fanIn: 144, fanOut: 288, receptiveField: 9 });
    assert.deepEqual(computeFans([32, 4, 3, 3], 'torch'), { fanIn: 36, fanOut: 288, receptiveField: 9 });
    assert.deepEqual(computeFans([512, 784], 'torch'), { fanIn: 784, fanOut: 512, receptiveField: 1 });
    assert.deepEqual(computeFans([3, 3, 16, 32], 'keras'), { fanIn: 144, fanOut: 288, receptiveField: 9 });
    assert.deepEqual(computeFans([784, 512], 'keras'), { fanIn: 784, fanOut: 512, receptiveField: 1 });
    assert.deepEqual(computeFans([784, 512], 'numpy'), { fanIn: 784, fanOut: 512, receptiveField: 1 });
    assert.deepEqual(computeFans([10], 'keras'), { fanIn: 10, fanOut: 10, receptiveField: 1 });
  });

  it('rejects shapes the frameworks reject', () => {
    assert.throws(() => computeFans([10], 'torch'), /PyTorch weight shape must be at least 2-D/);
    assert.throws(() => computeFans([10, 0], 'numpy'), /weight shape axis 1 must be an integer ≥ 1 \(got 0\)/);
    assert.throws(() => effectiveFans({ scheme: 'normal', groups: 3 }, 16, 32), /groups must be a divisor of fanIn = 16 \(got 3\)/);
    assert.throws(() => resolveInit({ scheme: 'normal' }, 0, 3), /fanIn must be an integer ≥ 1 \(got 0\)/);
    assert.throws(() => resolveInit({ scheme: 'normal' }, 3, 2.5), /fanOut must be an integer ≥ 1 \(got 2.5\)/);
  });
});

describe('distributionMoments', () => {
  it('variance scaling with truncation has variance exactly scale/fan', () => {
    const keras = distributionMoments(resolve({ scheme: 'variance_scaling', scale: 2, mode: 'fan_avg' }), FAN_IN, FAN_OUT);
    close(keras.variance, 2 / 648, 1e-14);
    assert.equal(keras.mean, 0);
    assert.equal(keras.iid, true);
    close(distributionMoments(resolve({ scheme: 'flax_default' }), FAN_IN, FAN_OUT).variance, 1 / 784, 1e-14);
  });

  it('Keras TruncatedNormal(0.05) keeps only 0.7737413035499232 of the nominal variance', () => {
    const m = distributionMoments(resolve({ scheme: 'truncated_normal', std: 0.05, truncation: 'keras' }), FAN_IN, FAN_OUT);
    close(m.variance, 0.05 * 0.05 * 0.7737413035499232, 1e-14);
  });

  it('normal, uniform and He have the textbook variances', () => {
    assert.deepEqual(distributionMoments(resolve({ scheme: 'normal', mean: 0.5, std: 0.1 }), 3, 4), { mean: 0.5, variance: 0.1 * 0.1, iid: true });
    close(distributionMoments(resolve({ scheme: 'he_uniform' }), FAN_IN, FAN_OUT).variance, 2 / 784, 1e-15);
    close(distributionMoments(resolve({ scheme: 'xavier_uniform' }), FAN_IN, FAN_OUT).variance, 2 / 1296, 1e-15);
    close(distributionMoments(resolve({ scheme: 'torch_default' }), FAN_IN, FAN_OUT).variance, 1 / (3 * 784), 1e-15);
    assert.deepEqual(distributionMoments({ kind: 'uniform', low: 0, high: 1 }, 1, 1), { mean: 0.5, variance: 1 / 12, iid: true });
  });

  it('orthogonal gain²/max(fanIn, fanOut); eye and sparse are not i.i.d.', () => {
    assert.deepEqual(distributionMoments({ kind: 'orthogonal', gain: 2 }, 300, 500), { mean: 0, variance: 4 / 500, iid: false });
    const eye = distributionMoments({ kind: 'eye', value: 2 }, 4, 8);
    assert.equal(eye.mean, (2 * 4) / 32);
    close(eye.variance, 4 * (4 / 32) * (1 - 4 / 32));
    assert.equal(eye.iid, false);
    // PyTorch zeroes ceil(0.07·100) = 8 of each input unit's 100 outgoing weights.
    const sparse = distributionMoments({ kind: 'sparse', sparsity: 0.07, std: 0.01 }, 50, 100);
    close(sparse.variance, 0.92 * 1e-4);
    assert.equal(sparse.iid, false);
    assert.deepEqual(distributionMoments({ kind: 'constant', value: 0.3 }, 5, 5), { mean: 0.3, variance: 0, iid: true });
  });
});

describe('invalid parameters name the parameter and the allowed range', () => {
  const cases: Array<[InitSpec, RegExp]> = [
    [{ scheme: 'normal', std: -1 }, /normal std must be a finite number ≥ 0 \(got -1\)/],
    [{ scheme: 'normal', std: Number.NaN }, /normal std must be a finite number ≥ 0 \(got NaN\)/],
    [{ scheme: 'uniform', low: 1, high: 1 }, /uniform high must be a finite number > low = 1 \(got 1\)/],
    [{ scheme: 'truncated_normal', low: 2, high: -2 }, /truncated_normal high must be a number > low = 2 \(got -2\)/],
    [{ scheme: 'truncated_normal', std: 0 }, /truncated_normal std must be a finite number > 0 \(got 0\)/],
    [{ scheme: 'truncated_normal', low: 50, high: 60 }, /truncated_normal bounds must be an interval with non-zero probability/],
    [{ scheme: 'truncated_normal', truncation: 'keras', low: -1 }, /truncated_normal low\/high must be unset with truncation 'keras'/],
    [{ scheme: 'xavier_uniform', gain: 0 }, /xavier gain must be a finite number > 0 \(got 0\)/],
    [{ scheme: 'orthogonal', gain: Number.NaN }, /orthogonal gain must be a finite number > 0 \(got NaN\)/],
    [{ scheme: 'he_normal', mode: 'fan_avg' }, /kaiming mode must be 'fan_in' or 'fan_out' \(got "fan_avg"\)/],
    [{ scheme: 'he_normal', nonlinearity: 'swish' }, /nonlinearity must be one of/],
    [{ scheme: 'sparse', sparsity: 1 }, /sparse sparsity must be a fraction in \[0, 1\) \(got 1\)/],
    [{ scheme: 'sparse', sparsity: -0.1 }, /sparse sparsity must be a fraction in \[0, 1\)/],
    [{ scheme: 'sparse' }, /sparse sparsity must be set/],
    [{ scheme: 'sparse', sparsity: 0.5, receptiveField: 9 }, /sparse receptiveField and groups must be 1 \(it is defined for 2-D weights only\)/],
    [{ scheme: 'eye', groups: 2 }, /eye receptiveField and groups must be 1/],
    [{ scheme: 'variance_scaling', scale: -2 }, /variance_scaling scale must be a finite number > 0 \(got -2\)/],
    [{ scheme: 'constant', value: Infinity }, /constant value must be a finite number \(got Infinity\)/],
    [{ scheme: 'xavier_normal', receptiveField: 0 }, /receptiveField must be an integer ≥ 1 \(got 0\)/],
  ];
  for (const [init, message] of cases) {
    it(JSON.stringify(init), () => {
      assert.throws(() => resolve(init), message);
    });
  }
});

describe('describeInit', () => {
  it('says the scheme in words', () => {
    const cases: Array<[InitSpec, string]> = [
      [{ scheme: 'he_normal' }, 'He normal (fan_in, gain √2)'],
      [{ scheme: 'he_uniform', mode: 'fan_out', nonlinearity: 'tanh' }, 'He uniform (fan_out, gain 5/3 for tanh)'],
      [{ scheme: 'he_uniform', a: Math.sqrt(5) }, 'He uniform (fan_in, gain √(1/3) for leaky_relu a = √5)'],
      [{ scheme: 'normal', std: 0.01 }, 'N(0, 0.01²)'],
      [{ scheme: 'normal' }, 'N(0, 1)'],
      [{ scheme: 'uniform', low: -0.05, high: 0.05 }, 'U(−0.05, 0.05)'],
      [{ scheme: 'truncated_normal', std: 0.02 }, 'N(0, 0.02²) truncated to [−2, 2]'],
      [{ scheme: 'truncated_normal', std: 0.05, truncation: 'keras' }, 'N(0, 0.05²) truncated at ±2σ (Keras TruncatedNormal)'],
      [{ scheme: 'xavier_uniform' }, 'Xavier/Glorot uniform (gain 1)'],
      [{ scheme: 'torch_default' }, 'U(−1/√fan_in, 1/√fan_in) — PyTorch nn.Linear default'],
      [{ scheme: 'keras_default' }, 'Glorot uniform — Keras Dense default'],
      [{ scheme: 'flax_default' }, 'LeCun normal, truncated (VarianceScaling(1, fan_in, truncated_normal)) — Flax Dense default'],
      [{ scheme: 'variance_scaling', scale: 2, mode: 'fan_avg' }, 'VarianceScaling(scale=2, mode=fan_avg, distribution=truncated_normal)'],
      [{ scheme: 'lecun_normal' }, 'LeCun normal: N(0, 1/fan_in)'],
      [{ scheme: 'orthogonal', gain: Math.SQRT2 }, 'Orthogonal (gain √2)'],
      [{ scheme: 'sparse', sparsity: 0.9 }, 'Sparse (90% zeros per input unit, N(0, 0.01²))'],
      [{ scheme: 'eye' }, 'Identity (eye)'],
      [{ scheme: 'zeros' }, 'Zeros — symmetry is never broken'],
      [{ scheme: 'constant', value: 1 }, 'Constant 1 — symmetry is never broken'],
      [{ scheme: 'xavier_uniform', receptiveField: 9, groups: 4 }, 'Xavier/Glorot uniform (gain 1) [receptive field 9, groups 4]'],
    ];
    for (const [init, text] of cases) assert.equal(describeInit(init), text);
  });

  it('formats quantities as decimals, fractions or square roots', () => {
    assert.equal(formatQuantity(0.05), '0.05');
    assert.equal(formatQuantity(0.3 * 100), '30');
    assert.equal(formatQuantity(2 / 3), '2/3');
    assert.equal(formatQuantity(-Math.sqrt(2)), '−√2');
    assert.equal(formatQuantity(Math.PI), '3.142');
    assert.equal(formatQuantity(1e-7), '1e-7');
  });
});

describe('isGaussianScheme', () => {
  it('is true exactly for zero-mean normal weights', () => {
    assert.equal(isGaussianScheme(resolve({ scheme: 'he_normal' })), true);
    assert.equal(isGaussianScheme(resolve({ scheme: 'normal', std: 0.01 })), true);
    assert.equal(isGaussianScheme(resolve({ scheme: 'normal', mean: 0.1 })), false);
    assert.equal(isGaussianScheme(resolve({ scheme: 'flax_default' })), false);
    assert.equal(isGaussianScheme(resolve({ scheme: 'he_uniform' })), false);
    assert.equal(isGaussianScheme(resolve({ scheme: 'orthogonal' })), false);
  });
});
