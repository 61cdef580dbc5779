import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scope } from '../../../src/parse/evaluate';
import { collectImports, qualify } from '../../../src/parse/imports';
import { parsePython, walk, type SyntaxNode } from '../../../src/parse/syntax';

/** Evaluates the right side of the last assignment to `name`. */
function valueOf(source: string, name: string) {
  const file = parsePython(source);
  const scope = new Scope(file, collectImports(file));
  return scope.lookup(name, source.length);
}

test('numbers, operators, sqrt spellings and precedence', () => {
  const src = `import math
import numpy as np
fan_in = 512
a = 2.0/fan_in
b = np.sqrt(2 / fan_in)
c = math.sqrt(6) / math.sqrt(fan_in + 256)
d = -2 ** 2
e = 7 // 2 + 7 % 3
f = 1e-2 * 3
g = (fan_in)
`;
  assert.equal(valueOf(src, 'a'), 2 / 512);
  assert.equal(valueOf(src, 'b'), Math.sqrt(2 / 512));
  assert.equal(valueOf(src, 'c'), Math.sqrt(6) / Math.sqrt(768));
  assert.equal(valueOf(src, 'd'), -4);
  assert.equal(valueOf(src, 'e'), 4);
  assert.equal(valueOf(src, 'f'), 0.03);
  assert.equal(valueOf(src, 'g'), 512);
});

test('tuple unpacking, lists, repetition, len, indexing and config attributes', () => {
  const src = `fan_in, fan_out = 256, 128
(p, (q, r)) = 1, (2, 3)
hidden_layer_sizes = [500]*10
depth = len(hidden_layer_sizes)
first = hidden_layer_sizes[0]
config.initializer_range = 0.02
std = config.initializer_range
x = y = 7
`;
  assert.equal(valueOf(src, 'fan_in'), 256);
  assert.equal(valueOf(src, 'fan_out'), 128);
  assert.equal(valueOf(src, 'r'), 3);
  assert.deepEqual(valueOf(src, 'hidden_layer_sizes'), Array(10).fill(500));
  assert.equal(valueOf(src, 'depth'), 10);
  assert.equal(valueOf(src, 'first'), 500);
  assert.equal(valueOf(src, 'std'), 0.02);
  assert.equal(valueOf(src, 'x'), 7);
  assert.equal(valueOf(src, 'y'), 7);
});

test('scopes: later rebinding, function locals, cycles and unknowns', () => {
  const src = `K = 5
K = K * 10
def f():
    K = 3
    return K
n = n + 1
m = unknown * 2
`;
  assert.equal(valueOf(src, 'K'), 50);
  assert.equal(valueOf(src, 'n'), null);
  assert.equal(valueOf(src, 'm'), null);
  const file = parsePython(src);
  const scope = new Scope(file, collectImports(file));
  let inner: SyntaxNode | null = null;
  walk(file.tree.topNode, (node) => {
    if (node.name === 'ReturnStatement') inner = node;
  });
  assert.ok(inner);
  assert.equal(scope.lookup('K', (inner as SyntaxNode).from), 3);
});

test('imports resolve aliases to canonical paths', () => {
  const file = parsePython(`import numpy as np
import torch.nn as nn
from torch.nn import init
from torch import nn as tnn
import tensorflow as tf
from tensorflow.keras import layers, initializers
import flax.linen as fnn
from jax import random
import jax
`);
  const t = collectImports(file);
  assert.equal(qualify('np.random.randn', t), 'numpy.random.randn');
  assert.equal(qualify('nn.init.kaiming_normal_', t), 'torch.nn.init.kaiming_normal_');
  assert.equal(qualify('init.xavier_uniform_', t), 'torch.nn.init.xavier_uniform_');
  assert.equal(qualify('tnn.Linear', t), 'torch.nn.Linear');
  assert.equal(qualify('tf.keras.layers.Dense', t), 'keras.layers.Dense');
  assert.equal(qualify('layers.Dense', t), 'keras.layers.Dense');
  assert.equal(qualify('initializers.HeNormal', t), 'keras.initializers.HeNormal');
  assert.equal(qualify('fnn.initializers.lecun_normal', t), 'jax.nn.initializers.lecun_normal');
  assert.equal(qualify('fnn.Dense', t), 'flax.linen.Dense');
  assert.equal(qualify('random.normal', t), 'jax.random.normal');
  assert.equal(qualify('jax.random.normal', t), 'jax.random.normal');
  assert.equal(qualify('randn', t), 'randn');
});
