import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HE, HE_UNIFORM, LEAKY, LECUN, XAVIER, refusal, rewrite, rewrittenLine, siteOn } from './editHelpers';

const corpus = (name: string) => readFileSync(join('test/unit/parse/corpus/keras', name), 'utf8');
const HEAD = 'from tensorflow.keras import layers, initializers\n';

test('string initializers: the new name in the same quotes', () => {
  const single = `${HEAD}d = layers.Dense(64, input_shape=(100,), kernel_initializer='glorot_uniform')\n`;
  assert.equal(rewrittenLine(single, 2), "d = layers.Dense(64, input_shape=(100,), kernel_initializer='he_normal')");
  assert.equal(rewrittenLine(single.replace(/'/g, '"'), 2), 'd = layers.Dense(64, input_shape=(100,), kernel_initializer="he_normal")');
  assert.equal(rewrittenLine(single, 2, XAVIER, { name: 'tanh' }), "d = layers.Dense(64, input_shape=(100,), kernel_initializer='glorot_normal')");
  assert.equal(rewrittenLine(single, 2, LECUN, { name: 'selu' }), "d = layers.Dense(64, input_shape=(100,), kernel_initializer='lecun_normal')");
  assert.equal(rewrittenLine(single, 2, HE_UNIFORM), "d = layers.Dense(64, input_shape=(100,), kernel_initializer='he_uniform')");
});

test('initializer objects: the new class with the same prefix', () => {
  const direct = corpus('keras_direct.py');
  assert.equal(rewrittenLine(direct, 6), 'model.add(Dense(64, input_dim=20, kernel_initializer=initializers.HeNormal()))');
  const alias = corpus('tf_alias.py');
  assert.equal(
    rewrittenLine(alias, 6),
    "model.add(tf.keras.layers.Dense(hidden, input_shape=(784,), kernel_initializer=tf.keras.initializers.HeNormal()))",
  );
  assert.equal(
    rewrittenLine(alias, 9),
    '    model.add(tf.keras.layers.Dense(hidden, activation=tf.nn.relu, kernel_initializer=tf.keras.initializers.HeNormal()))',
  );
  const keras3 = 'import keras\nd = keras.layers.Dense(64, input_shape=(100,), kernel_initializer=keras.initializers.RandomNormal(stddev=0.01))\n';
  assert.equal(rewrittenLine(keras3, 2), 'd = keras.layers.Dense(64, input_shape=(100,), kernel_initializer=keras.initializers.HeNormal())');
  const mnist = corpus('sequential_mnist.py');
  assert.equal(rewrittenLine(mnist, 13), '    layers.Dense(256, kernel_initializer=initializers.HeNormal()),');
});

test('inits Keras has no name for are written as VarianceScaling or a Random* object', () => {
  const source = `${HEAD}d = layers.Dense(64, input_shape=(100,), kernel_initializer='glorot_uniform')\n`;
  assert.equal(
    rewrittenLine(source, 2, LEAKY, { name: 'leaky_relu', param: 0.2 }),
    "d = layers.Dense(64, input_shape=(100,), kernel_initializer=initializers.VarianceScaling(scale=2 / (1 + 0.2**2), mode='fan_in', distribution='truncated_normal'))",
  );
  assert.equal(
    rewrittenLine(source, 2, { scheme: 'xavier_normal', gain: 5 / 3 }, { name: 'tanh' }),
    "d = layers.Dense(64, input_shape=(100,), kernel_initializer=initializers.VarianceScaling(scale=(5 / 3)**2, mode='fan_avg', distribution='truncated_normal'))",
  );
  assert.equal(rewrittenLine(source, 2, { scheme: 'normal', std: 0.02 }), 'd = layers.Dense(64, input_shape=(100,), kernel_initializer=initializers.RandomNormal(stddev=0.02))');
  // Without an initializers import, only string names can be written.
  const noModule = "from tensorflow.keras.layers import Dense\nd = Dense(64, input_shape=(100,), kernel_initializer='glorot_uniform')\n";
  assert.equal(rewrittenLine(noModule, 2), "d = Dense(64, input_shape=(100,), kernel_initializer='he_normal')");
  assert.match(refusal(noModule, 2, LEAKY), /keras\.initializers is not imported/);
});

test('a bound initializer name becomes a string; the unused binding is left alone', () => {
  const functional = corpus('functional.py');
  assert.equal(rewrittenLine(functional, 21, XAVIER, { name: 'tanh' }), "dense = Dense(100, activation='relu', kernel_initializer='glorot_normal', name='hidden1')(x)");
});

test('layers left at the default get kernel_initializer before the closing parenthesis', () => {
  const functional = corpus('functional.py');
  assert.equal(rewrittenLine(functional, 10), 'x = layers.Dense(64, activation="relu", kernel_initializer="he_normal")(inputs)');
  assert.equal(rewrittenLine(functional, 11), 'x = layers.Dense(64, kernel_initializer="he_normal")(x)');
  const conv = corpus('conv.py');
  assert.equal(rewrittenLine(conv, 4), "    layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1), kernel_initializer='he_normal'),");
  const alias = corpus('tf_alias.py');
  assert.equal(
    rewrittenLine(alias, 10, XAVIER, { name: 'sigmoid' }),
    "model.add(tf.keras.layers.Dense(10, activation=tf.keras.activations.sigmoid, bias_initializer='zeros', kernel_initializer='glorot_normal'))",
  );
});

test('multi-line layer calls: one argument per line, trailing commas, comments', () => {
  const head = "from tensorflow import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([\n    keras.Input((784,)),\n";
  const tail = '])\n';
  const trailing = `${head}    layers.Dense(\n        64,\n        activation='relu',  # hidden\n    ),\n${tail}`;
  assert.equal(
    rewrittenLine(trailing, 5, HE, { name: 'relu' }, undefined, 9),
    "    layers.Dense(\n        64,\n        activation='relu',  # hidden\n        kernel_initializer='he_normal',\n    ),",
  );
  const noTrailing = `${head}    layers.Dense(\n        64,\n        activation='relu'  # hidden\n    ),\n${tail}`;
  assert.equal(
    rewrittenLine(noTrailing, 5, HE, { name: 'relu' }, undefined, 9),
    "    layers.Dense(\n        64,\n        activation='relu',  # hidden\n        kernel_initializer='he_normal'\n    ),",
  );
  const aligned = `${head}    layers.Dense(64,\n                 activation='relu'),\n${tail}`;
  assert.equal(rewrittenLine(aligned, 5, HE, { name: 'relu' }, undefined, 7), "    layers.Dense(64,\n                 activation='relu',\n                 kernel_initializer='he_normal'),");
  const inlineTrailing = `${head}    layers.Dense(64, activation='relu',),\n${tail}`;
  assert.equal(rewrittenLine(inlineTrailing, 5), "    layers.Dense(64, activation='relu', kernel_initializer='he_normal',),");
});

test('Keras sites that are not rewritten, with the reason', () => {
  const functional = corpus('functional.py');
  assert.match(refusal(functional, 18), /not a layer argument/);
  assert.match(refusal(corpus('sequential_mnist.py'), 9), /already initializes with He normal/);
  const splat = `${HEAD}cfg = dict(activation='relu')\nmodel_input = layers.Input((32,))\nd = layers.Dense(16, **cfg)(model_input)\n`;
  assert.match(refusal(splat, 4), /\*\*kwargs/);
  assert.match(refusal(`${HEAD}d = layers.Dense(64, input_shape=(10,), kernel_initializer='glorot_uniform')\n`, 2, { scheme: 'sparse', sparsity: 0.1 }), /no initializer for sparse/);
});

test('the rewrite is verified against Keras semantics (he_normal is truncated, same variance)', () => {
  const source = `${HEAD}d = layers.Dense(64, input_shape=(100,), kernel_initializer='glorot_uniform')\n`;
  const result = rewrite(source, siteOn(source, 2));
  assert.equal(result.checked, 'std');
  assert.equal(result.scheme, 'He normal');
});
