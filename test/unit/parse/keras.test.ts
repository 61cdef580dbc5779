import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { detectFlaxSites } from '../../../src/parse/detectors/flax';
import { detectKerasSites } from '../../../src/parse/detectors/keras';
import type { InitSite } from '../../../src/parse/types';
import { close, corpusFile, detectContext, lineOf, stackOf } from './siteHelpers';

/** Std of N(0, 1) truncated to ±2: Keras TruncatedNormal's std is stddev times this. */
const TRUNCATED_2SIGMA_STD = 0.87962566103423978;
const corpus = (name: string) => corpusFile('keras', name);
const line = lineOf;

function kerasSites(source: string): InitSite[] {
  return detectKerasSites(detectContext(source)).sort((a, b) => a.range.from - b.range.from);
}


test('Sequential MLP: string, object and bound initializers, widths from Input, activations and the implicit default', () => {
  const sites = kerasSites(corpus('sequential_mnist.py'));
  assert.equal(sites.length, 4);
  const [first, second, third, last] = sites;
  for (const site of sites) {
    assert.equal(site.framework, 'keras');
    assert.deepEqual(stackOf(site), ['784→512 relu', '512→512 relu', '512→256 tanh', '256→10 linear']);
    assert.equal(site.context.depth?.value, 4);
  }
  assert.deepEqual(sites.map((s) => s.context.stackIndex), [0, 1, 2, 3]);
  assert.deepEqual(sites.map(line), [9, 11, 13, 15]);

  assert.deepEqual(first.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
  close(first.params.std, Math.sqrt(2 / 784));
  assert.deepEqual(first.context.fanIn, { value: 784, source: 'layers.Input((784,))' });
  assert.deepEqual(first.context.fanOut, { value: 512, source: 'units=512' });
  assert.deepEqual(first.context.activation, { value: { name: 'relu' }, source: "activation='relu'" });
  assert.equal(first.implicit, false);
  assert.equal(first.target, 'Dense(512)');
  assert.deepEqual(first.unresolved, []);

  // `he = initializers.HeNormal()` bound earlier means the same as 'he_normal'.
  assert.deepEqual(second.init, first.init);
  close(second.params.std, Math.sqrt(2 / 512));
  assert.deepEqual(second.context.fanIn, { value: 512, source: 'output of Dense(512)' });

  assert.deepEqual(third.init, { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' });
  close(third.params.std, Math.sqrt(1 / ((512 + 256) / 2)));
  assert.deepEqual(third.context.activation, { value: { name: 'tanh' }, source: "layers.Activation('tanh')" });

  assert.deepEqual(last.init, { scheme: 'keras_default' });
  assert.equal(last.implicit, true);
  close(last.params.std, Math.sqrt(2 / (256 + 10)));
  assert.equal(last.context.activation?.value.name, 'linear');
  assert.match(last.context.activation?.source ?? '', /softmax/);

  const layers = first.context.stack?.value ?? [];
  assert.deepEqual(layers[3], { fanIn: 256, fanOut: 10, init: { scheme: 'keras_default' }, activation: { name: 'linear' } });
  assert.equal(first.context.depth?.source, 'layers in order: Dense(512) ×2 → Dense(256) → Dense(10)');
});

test('import tensorflow as tf: model.add, input_shape, ReLU() after a linear Dense, range loop unrolled, bias_initializer is no site', () => {
  const sites = kerasSites(corpus('tf_alias.py'));
  assert.equal(sites.length, 3);
  const [first, looped, last] = sites;
  for (const site of sites) {
    assert.deepEqual(stackOf(site), ['784→128 relu', '128→128 relu', '128→128 relu', '128→128 relu', '128→10 sigmoid']);
    assert.equal(site.context.depth?.value, 5);
  }
  assert.deepEqual(first.init, { scheme: 'xavier_uniform' });
  close(first.params.std, Math.sqrt(2 / (784 + 128)));
  assert.deepEqual(first.context.fanIn, { value: 784, source: 'input_shape=(784,)' });
  assert.deepEqual(first.context.fanOut, { value: 128, source: 'units=hidden (128)' });
  assert.deepEqual(first.context.activation, { value: { name: 'relu' }, source: 'tf.keras.layers.ReLU()' });

  assert.deepEqual(looped.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' });
  close(looped.params.std, Math.sqrt(2 / 128));
  assert.equal(looped.context.stackIndex, 1);
  assert.deepEqual(looped.context.activation, { value: { name: 'relu' }, source: 'activation=tf.nn.relu' });

  assert.equal(last.implicit, true);
  assert.equal(last.context.stackIndex, 4);
  assert.deepEqual(last.context.activation?.value, { name: 'sigmoid' });
  assert.equal(last.context.stack?.value[4].bias, undefined);
});

test('from keras.layers import Dense: input_dim, loops over a list, activation layers and initializer objects', () => {
  const sites = kerasSites(corpus('keras_direct.py'));
  assert.equal(sites.length, 5);
  const expected = ['20→64 leaky_relu(0.2)', '64→32 selu', '32→16 selu', '16→8 elu', '8→4 gelu', '4→2 silu'];
  for (const site of sites) assert.deepEqual(stackOf(site), expected);
  const [normal, lecun, truncated, uniform, orthogonal] = sites;

  assert.deepEqual(normal.init, { scheme: 'normal', mean: 0, std: 0.05 });
  close(normal.params.std, 0.05);
  assert.deepEqual(normal.context.fanIn, { value: 20, source: 'input_dim=20' });
  assert.deepEqual(normal.context.activation, { value: { name: 'leaky_relu', param: 0.2 }, source: 'LeakyReLU(0.2)' });

  // One source line, two layers: the site is its first run (units 32).
  assert.equal(lecun.target, 'Dense(32)');
  assert.deepEqual(lecun.context.fanOut, { value: 32, source: 'units=units (32)' });
  close(lecun.params.std, Math.sqrt(1 / 64));
  assert.equal(lecun.context.stackIndex, 1);

  assert.deepEqual(truncated.init, { scheme: 'truncated_normal', mean: 0, std: 0.02, truncation: 'keras' });
  close(truncated.params.std, 0.02 * TRUNCATED_2SIGMA_STD);

  assert.deepEqual(uniform.init, { scheme: 'uniform', low: -0.1, high: 0.1 });
  close(uniform.params.std, 0.1 / Math.sqrt(3));

  assert.deepEqual(orthogonal.init, { scheme: 'orthogonal', gain: 2 });
  close(orthogonal.params.std, 2 / Math.sqrt(4));
  // ELU after a layer with its own activation does not compose: swish stays.
  assert.deepEqual(orthogonal.context.activation?.value, { name: 'silu' });
});

test('functional API chain, the study-notes he_normal cells, and standalone initializers', () => {
  const sites = kerasSites(corpus('functional.py'));
  assert.deepEqual(sites.map(line), [10, 11, 13, 17, 18, 21]);
  const [d1, d2, d3, glorot, applied, hidden] = sites;
  for (const site of [d1, d2, d3]) {
    assert.deepEqual(stackOf(site), ['784→64 relu', '64→64 relu', '64→10 linear']);
    assert.equal(site.implicit, true);
  }
  assert.deepEqual(d1.context.fanIn, { value: 784, source: 'keras.Input(shape=(784,))' });
  close(d2.params.std, Math.sqrt(2 / 128));
  assert.deepEqual(d2.context.activation, { value: { name: 'relu' }, source: 'layers.Activation("relu")' });

  // glorot_init is never used: a standalone site whose fans are unknown.
  assert.equal(glorot.text, 'glorot_normal()');
  assert.equal(glorot.target, 'glorot_init');
  assert.deepEqual(glorot.init, { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' });
  assert.equal(glorot.params.std, undefined);
  assert.deepEqual(glorot.unresolved, ['fan_in', 'fan_out']);

  assert.equal(applied.text, 'he_init(shape=(1000, 100))');
  assert.equal(applied.target, 'values');
  close(applied.params.std, Math.sqrt(2 / 1000));
  assert.deepEqual(applied.context.fanIn, { value: 1000, source: 'shape (1000, 100)' });
  assert.deepEqual(applied.context.fanOut, { value: 100, source: 'shape (1000, 100)' });

  assert.equal(hidden.target, 'hidden1');
  assert.deepEqual(hidden.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
  close(hidden.params.std, Math.sqrt(2 / 3));
  assert.deepEqual(stackOf(hidden), ['3→100 relu']);
  // The he_normal() it was bound from is the layer's init, not a site of its own.
  assert.ok(!sites.some((s) => s.text === 'he_normal()'));
});

test('Conv2D/Conv1D: receptive field in the fans, widths through pooling and Flatten, unknown input channels', () => {
  const sites = kerasSites(corpus('conv.py'));
  assert.equal(sites.length, 4);
  const [c1, c2, dense, conv1d] = sites;
  // 28×28×1 → valid 3×3 → 26×26×32 → pool 2 → 13×13×32 → same 3×3 → 13×13×64 → 10816.
  for (const site of [c1, c2, dense]) assert.deepEqual(stackOf(site), ['1→32 relu', '32→64 relu', '10816→10 linear']);
  assert.deepEqual(c1.init, { scheme: 'keras_default', receptiveField: 9 });
  close(c1.params.std, Math.sqrt(2 / (9 * 1 + 9 * 32)));
  assert.deepEqual(c1.context.fanIn, { value: 1, source: 'input_shape=(28, 28, 1)' });
  assert.deepEqual(c1.context.fanOut, { value: 32, source: 'filters=32' });
  assert.equal(c1.target, 'Conv2D(32, 3)');
  assert.deepEqual(c2.init, { scheme: 'he_uniform', receptiveField: 9 });
  close(c2.params.std, Math.sqrt(2 / (9 * 32)));
  close(dense.params.std, Math.sqrt(2 / (10816 + 10)));
  assert.equal(dense.context.fanIn?.value, 10816);

  assert.deepEqual(conv1d.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal', receptiveField: 5 });
  assert.equal(conv1d.params.std, undefined);
  assert.deepEqual(conv1d.unresolved, ['fan_in']);
  assert.equal(conv1d.context.fanIn, undefined);
  assert.equal(conv1d.context.stack, undefined);
  assert.equal(conv1d.target, 'audio');
});

test('subclassed Model: layers set in __init__, called in call()', () => {
  const sites = kerasSites(corpus('subclass.py'));
  assert.equal(sites.length, 2);
  const [fc1, fc2] = sites;
  assert.equal(fc1.target, 'self.fc1');
  assert.equal(fc2.target, 'self.fc2');
  assert.equal(fc1.context.fanIn, undefined);
  assert.deepEqual(fc1.unresolved, ['fan_in']);
  assert.deepEqual(fc1.context.activation, { value: { name: 'relu' }, source: 'tf.nn.relu(self.fc1(inputs))' });
  const layers = fc1.context.stack?.value ?? [];
  assert.ok(Number.isNaN(layers[0].fanIn), 'n_0 is unknown: NaN for the model layer to fill');
  assert.deepEqual(stackOf(fc2).slice(1), ['256→10 linear']);
  assert.deepEqual(fc2.init, { scheme: 'zeros' });
  assert.equal(fc2.params.std, 0);
});

/** One Dense(50) after Input((200,)), so every init resolves against fan_in 200 and fan_out 50. */
function denseInit(kernel: string, header = 'import tensorflow as tf\nfrom tensorflow.keras import layers, initializers\n'): InitSite {
  const sites = kerasSites(`${header}m = tf.keras.Sequential([layers.Input((200,)), layers.Dense(50, kernel_initializer=${kernel})])\n`);
  assert.equal(sites.length, 1, kernel);
  return sites[0];
}

test('Keras initializer objects with their defaults, positional and keyword arguments', () => {
  const avg = 125;
  const cases: [string, object, number][] = [
    ['initializers.HeNormal()', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['initializers.HeNormal(seed=0)', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['initializers.HeUniform()', { scheme: 'he_uniform' }, Math.sqrt(2 / 200)],
    ['initializers.GlorotUniform()', { scheme: 'xavier_uniform' }, Math.sqrt(1 / avg)],
    ['initializers.GlorotNormal()', { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' }, Math.sqrt(1 / avg)],
    ['initializers.LecunNormal()', { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(1 / 200)],
    ['initializers.LecunUniform()', { scheme: 'lecun_uniform' }, Math.sqrt(1 / 200)],
    ["initializers.VarianceScaling(scale=2.0, mode='fan_avg', distribution='uniform')", { scheme: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }, Math.sqrt(2 / avg)],
    // Keras maps distribution='normal' to the truncated normal.
    ["initializers.VarianceScaling(2.0, 'fan_out', 'normal')", { scheme: 'variance_scaling', scale: 2, mode: 'fan_out', distribution: 'truncated_normal' }, Math.sqrt(2 / 50)],
    ["initializers.VarianceScaling(1.0, distribution='untruncated_normal')", { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'untruncated_normal' }, Math.sqrt(1 / 200)],
    ['initializers.VarianceScaling()', { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(1 / 200)],
    ['initializers.RandomNormal(mean=0.0, stddev=0.05)', { scheme: 'normal', mean: 0, std: 0.05 }, 0.05],
    ['initializers.RandomNormal(0.1, 0.2)', { scheme: 'normal', mean: 0.1, std: 0.2 }, 0.2],
    ['initializers.RandomNormal()', { scheme: 'normal', mean: 0, std: 0.05 }, 0.05],
    ['initializers.RandomUniform(minval=-0.2, maxval=0.2)', { scheme: 'uniform', low: -0.2, high: 0.2 }, 0.2 / Math.sqrt(3)],
    ['initializers.RandomUniform()', { scheme: 'uniform', low: -0.05, high: 0.05 }, 0.05 / Math.sqrt(3)],
    ['initializers.TruncatedNormal(stddev=0.02)', { scheme: 'truncated_normal', mean: 0, std: 0.02, truncation: 'keras' }, 0.02 * TRUNCATED_2SIGMA_STD],
    ['initializers.TruncatedNormal()', { scheme: 'truncated_normal', mean: 0, std: 0.05, truncation: 'keras' }, 0.05 * TRUNCATED_2SIGMA_STD],
    ['initializers.Orthogonal(gain=2.0)', { scheme: 'orthogonal', gain: 2 }, 2 / Math.sqrt(200)],
    ['initializers.Orthogonal()', { scheme: 'orthogonal', gain: 1 }, 1 / Math.sqrt(200)],
    ['initializers.Constant(0.5)', { scheme: 'constant', value: 0.5 }, 0],
    ['initializers.Constant(value=0.1)', { scheme: 'constant', value: 0.1 }, 0],
    ['initializers.Zeros()', { scheme: 'zeros' }, 0],
    ['initializers.Ones()', { scheme: 'constant', value: 1 }, 0],
    ['initializers.Identity()', { scheme: 'eye', gain: 1 }, Math.sqrt(0.005 * 0.995)],
    ['tf.keras.initializers.he_normal()', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['tf.keras.initializers.GlorotUniform', { scheme: 'xavier_uniform' }, Math.sqrt(1 / avg)],
    ['tf.random_normal_initializer(stddev=0.02)', { scheme: 'normal', mean: 0, std: 0.02 }, 0.02],
    ['tf.initializers.GlorotUniform()', { scheme: 'xavier_uniform' }, Math.sqrt(1 / avg)],
  ];
  for (const [kernel, init, std] of cases) {
    const site = denseInit(kernel);
    assert.deepEqual(site.init, init, kernel);
    close(site.params.std, std, `${kernel}: std ${String(site.params.std)} ≠ ${std}`);
    assert.equal(site.implicit, false, kernel);
    assert.deepEqual(site.unresolved, [], kernel);
  }
});

test('Keras string names mean what keras.initializers.get() gives', () => {
  const cases: [string, object, number][] = [
    ['he_normal', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['he_uniform', { scheme: 'he_uniform' }, Math.sqrt(2 / 200)],
    ['glorot_uniform', { scheme: 'xavier_uniform' }, Math.sqrt(1 / 125)],
    ['glorot_normal', { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' }, Math.sqrt(1 / 125)],
    ['GlorotUniform', { scheme: 'xavier_uniform' }, Math.sqrt(1 / 125)],
    ['lecun_normal', { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(1 / 200)],
    ['lecun_uniform', { scheme: 'lecun_uniform' }, Math.sqrt(1 / 200)],
    ['random_normal', { scheme: 'normal', mean: 0, std: 0.05 }, 0.05],
    ['random_uniform', { scheme: 'uniform', low: -0.05, high: 0.05 }, 0.05 / Math.sqrt(3)],
    ['truncated_normal', { scheme: 'truncated_normal', mean: 0, std: 0.05, truncation: 'keras' }, 0.05 * TRUNCATED_2SIGMA_STD],
    ['variance_scaling', { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(1 / 200)],
    ['orthogonal', { scheme: 'orthogonal', gain: 1 }, 1 / Math.sqrt(200)],
    ['zeros', { scheme: 'zeros' }, 0],
    ['ones', { scheme: 'constant', value: 1 }, 0],
    ['identity', { scheme: 'eye', gain: 1 }, Math.sqrt(0.005 * 0.995)],
  ];
  for (const [name, init, std] of cases) {
    const site = denseInit(`'${name}'`);
    assert.deepEqual(site.init, init, name);
    close(site.params.std, std, `${name}: std ${String(site.params.std)} ≠ ${std}`);
  }
  // A name held in a variable reads the same.
  assert.deepEqual(denseInit('init_name', "from tensorflow.keras import layers\nimport tensorflow as tf\ninit_name = 'he_normal'\n").init.mode, 'fan_in');
});

test('the implicit glorot_uniform default, and unknown or unevaluable initializers', () => {
  const implicit = kerasSites('from tensorflow.keras import layers, Sequential\nm = Sequential([layers.Input((200,)), layers.Dense(50)])\n')[0];
  assert.deepEqual(implicit.init, { scheme: 'keras_default' });
  assert.equal(implicit.implicit, true);
  close(implicit.params.std, Math.sqrt(2 / 250));
  assert.deepEqual(denseInit('None').init, { scheme: 'keras_default' });
  assert.equal(denseInit('None').implicit, true);

  const custom = denseInit('my_init');
  assert.deepEqual(custom.init, { scheme: 'keras_default' });
  assert.equal(custom.implicit, false);
  assert.deepEqual(custom.unresolved, ['my_init']);

  const unevaluable = denseInit('initializers.RandomNormal(stddev=cfg.std)');
  assert.deepEqual(unevaluable.init, { scheme: 'normal', mean: 0 });
  assert.equal(unevaluable.params.std, undefined);
  assert.deepEqual(unevaluable.unresolved, ['cfg.std']);
});

test('activation spellings and activation layers', () => {
  const activationOf = (layer: string, after = '') =>
    kerasSites(`import tensorflow as tf\nfrom tensorflow.keras import layers\nm = tf.keras.Sequential([layers.Input((8,)), ${layer}${after ? `, ${after}` : ''}])\n`)[0].context.activation?.value;
  const cases: [string, string, object][] = [
    ["layers.Dense(8, activation='relu')", '', { name: 'relu' }],
    ["layers.Dense(8, 'tanh')", '', { name: 'tanh' }],
    ["layers.Dense(8, activation='sigmoid')", '', { name: 'sigmoid' }],
    ["layers.Dense(8, activation='selu')", '', { name: 'selu' }],
    ["layers.Dense(8, activation='elu')", '', { name: 'elu' }],
    ["layers.Dense(8, activation='gelu')", '', { name: 'gelu' }],
    ["layers.Dense(8, activation='swish')", '', { name: 'silu' }],
    ["layers.Dense(8, activation='linear')", '', { name: 'linear' }],
    ['layers.Dense(8, activation=None)', '', { name: 'linear' }],
    ['layers.Dense(8)', '', { name: 'linear' }],
    ['layers.Dense(8, activation=tf.nn.relu)', '', { name: 'relu' }],
    ['layers.Dense(8, activation=tf.nn.leaky_relu)', '', { name: 'leaky_relu', param: 0.2 }],
    ['layers.Dense(8, activation=tf.keras.activations.tanh)', '', { name: 'tanh' }],
    ['layers.Dense(8, activation=layers.LeakyReLU(0.1))', '', { name: 'leaky_relu', param: 0.1 }],
    ['layers.Dense(8)', "layers.Activation('relu')", { name: 'relu' }],
    ['layers.Dense(8)', 'layers.ReLU()', { name: 'relu' }],
    ['layers.Dense(8)', 'layers.ReLU(negative_slope=0.1)', { name: 'leaky_relu', param: 0.1 }],
    ['layers.Dense(8)', 'layers.LeakyReLU()', { name: 'leaky_relu', param: 0.3 }],
    ['layers.Dense(8)', 'layers.LeakyReLU(negative_slope=0.2)', { name: 'leaky_relu', param: 0.2 }],
    ['layers.Dense(8)', 'layers.ELU()', { name: 'elu' }],
    ['layers.Dense(8)', 'layers.PReLU()', { name: 'relu' }],
    ['layers.Dense(8)', 'layers.Dropout(0.5), layers.Activation(tf.nn.tanh)', { name: 'tanh' }],
  ];
  for (const [layer, after, expected] of cases) assert.deepEqual(activationOf(layer, after), expected, `${layer} ${after}`);
});

test('every import spelling reaches the same Dense', () => {
  const spellings = [
    'from tensorflow.keras import layers\nm = layers.Dense(50)',
    'import tensorflow as tf\nm = tf.keras.layers.Dense(50)',
    'import tensorflow\nm = tensorflow.keras.layers.Dense(50)',
    'from tensorflow import keras\nm = keras.layers.Dense(50)',
    'import keras\nm = keras.layers.Dense(50)',
    'from keras import layers\nm = layers.Dense(50)',
    'from keras.layers import Dense\nm = Dense(50)',
    'from tensorflow.keras.layers import Dense as D\nm = D(50)',
  ];
  for (const source of spellings) {
    const sites = kerasSites(`${source}\n`);
    assert.equal(sites.length, 1, source);
    assert.deepEqual(sites[0].init, { scheme: 'keras_default' }, source);
    assert.deepEqual(sites[0].context.fanOut, { value: 50, source: 'units=50' }, source);
    assert.equal(sites[0].target, 'm', source);
    // A lone layer states no activation (linear) and nothing about its input.
    assert.deepEqual(sites[0].context.activation?.value, { name: 'linear' }, source);
    assert.deepEqual(sites[0].unresolved, ['fan_in'], source);
  }
  // Without a Keras import, `Dense` is someone else's.
  assert.equal(kerasSites('m = Dense(50)\n').length, 0);
});

test('Sequential lists built from comprehensions, concatenation and names', () => {
  const source = `from tensorflow.keras import layers, Sequential
hidden = [layers.Dense(512, activation='relu') for _ in range(4)]
model = Sequential([layers.Input((784,))] + hidden + [layers.Dense(10)])
`;
  const sites = kerasSites(source);
  assert.equal(sites.length, 2);
  assert.deepEqual(stackOf(sites[0]), ['784→512 relu', '512→512 relu', '512→512 relu', '512→512 relu', '512→10 linear']);
  assert.equal(sites[0].context.depth?.value, 5);
  assert.equal(sites[1].context.stackIndex, 4);
});

test('widths through Embedding, pooling, Flatten(input_shape=), conv groups and tf.compat.v1 spellings', () => {
  const text = kerasSites(`from tensorflow import keras
from tensorflow.keras import layers
m = keras.Sequential([layers.Embedding(10000, 16), layers.GlobalAveragePooling1D(), layers.Dense(16, activation='relu'), layers.Dense(1, activation='sigmoid')])
`);
  // Embedding is a lookup table (no site); its width feeds the first Dense.
  assert.deepEqual(text.map(stackOf), [['16→16 relu', '16→1 sigmoid'], ['16→16 relu', '16→1 sigmoid']]);

  const [compat] = kerasSites(`import tensorflow as tf
m = tf.compat.v1.keras.Sequential([tf.compat.v1.keras.layers.Flatten(input_shape=(28, 28)), tf.compat.v1.keras.layers.Dense(128, kernel_initializer=tf.compat.v1.keras.initializers.he_normal())])
`);
  assert.deepEqual(compat.context.fanIn?.value, 784);
  close(compat.params.std, Math.sqrt(2 / 784));

  const [grouped] = kerasSites("from tensorflow.keras import layers\ng = layers.Conv2D(64, 3, groups=4, kernel_initializer='he_normal', input_shape=(32, 32, 16))\n");
  assert.deepEqual(grouped.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal', receptiveField: 9, groups: 4 });
  close(grouped.params.std, Math.sqrt(2 / ((16 / 4) * 9)));
  assert.equal(grouped.context.stack, undefined, 'a lone layer is no network');
});

test('negatives: Dropout, BatchNormalization, Embedding, bias-only initializers, tf.random, optimizers give no site', () => {
  const ctx = detectContext(corpus('negatives.py'));
  assert.deepEqual(detectKerasSites(ctx), []);
  assert.deepEqual(detectFlaxSites(ctx), []);
  // A Dense whose only initializer is its bias: one site, the implicit kernel.
  const sites = kerasSites('from tensorflow.keras import layers, initializers\nd = layers.Dense(10, bias_initializer=initializers.Constant(0.1))\n');
  assert.equal(sites.length, 1);
  assert.equal(sites[0].implicit, true);
});

test('Keras files give no Flax/JAX/Haiku sites', () => {
  for (const name of readdirSync('test/unit/parse/corpus/keras')) assert.deepEqual(detectFlaxSites(detectContext(corpus(name))), [], name);
});

test('truncated and corrupted Keras code never throws', () => {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const name of readdirSync('test/unit/parse/corpus/keras')) {
    const source = corpus(name);
    for (let cut = 0; cut <= source.length; cut += 11) {
      const ctx = detectContext(source.slice(0, cut));
      assert.doesNotThrow(() => detectKerasSites(ctx), `${name} cut at ${cut}`);
    }
    for (let i = 0; i < 40; i++) {
      const chars = [...source];
      for (let k = 0; k < 5; k++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 128));
      assert.doesNotThrow(() => detectKerasSites(detectContext(chars.join(''))));
    }
  }
});
