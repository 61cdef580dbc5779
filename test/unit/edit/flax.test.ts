import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HE, HE_UNIFORM, LEAKY, LECUN, XAVIER, refusal, rewrite, rewrittenLine, siteOn } from './editHelpers';

const corpus = (name: string) => readFileSync(join('test/unit/parse/corpus/flax', name), 'utf8');

test('kernel_init: the new initializer with the prefix as written', () => {
  const compact = corpus('compact_mlp.py');
  assert.equal(rewrittenLine(compact, 11), '        x = nn.Dense(256, kernel_init=jax.nn.initializers.he_normal())(x)');
  assert.equal(rewrittenLine(compact, 13, LEAKY, { name: 'leaky_relu', param: 0.2 }), "        x = nn.Dense(features=128, kernel_init=nn.initializers.variance_scaling(2 / (1 + 0.2**2), 'fan_in', 'truncated_normal'))(x)");
  const fromFlax = corpus('from_flax.py');
  assert.equal(rewrittenLine(fromFlax, 12, XAVIER, { name: 'tanh' }), '            x = nn.tanh(nn.Dense(self.width, kernel_init=nn.initializers.glorot_normal())(x))');
  assert.equal(rewrittenLine(fromFlax, 13), '        return nn.Dense(1, kernel_init=nn.initializers.he_normal())(x)');
  assert.equal(rewrittenLine(fromFlax, 28, LECUN, { name: 'selu' }), '        self.encoder = nn.Dense(64, kernel_init=initializers.lecun_normal())');
});

test('the file spelling of Glorot is kept (xavier_* when only xavier_* is used)', () => {
  const source = 'import flax.linen as nn\nlayer = nn.Dense(10, kernel_init=nn.initializers.xavier_uniform())\n';
  assert.equal(rewrittenLine(source, 2, XAVIER, { name: 'tanh' }), 'layer = nn.Dense(10, kernel_init=nn.initializers.xavier_normal())');
  assert.equal(rewrittenLine(source, 2, HE_UNIFORM), 'layer = nn.Dense(10, kernel_init=nn.initializers.he_uniform())');
});

test('nn.Dense left at the default gets kernel_init through the flax.linen alias', () => {
  const compact = corpus('compact_mlp.py');
  const result = rewrite(compact, siteOn(compact, 15));
  assert.equal(result.out.split('\n')[14], '        return nn.Dense(10, kernel_init=nn.initializers.he_normal())(x)');
  assert.equal(result.checked, 'std');
  const fromFlax = corpus('from_flax.py');
  // Fans unknown (features from a list): checked as a formula at sample fans.
  const loop = rewrite(fromFlax, siteOn(fromFlax, 22));
  assert.equal(loop.out.split('\n')[21], '            x = nn.relu(nn.Dense(feat, kernel_init=nn.initializers.he_normal())(x))');
  assert.equal(loop.checked, 'scheme');
  const bare = 'from flax.linen import Dense\nfrom jax.nn import initializers\nlayer = Dense(8)\n';
  assert.equal(rewrittenLine(bare, 3), 'layer = Dense(8, kernel_init=initializers.he_normal())');
});

test('JAX initializers applied directly: the factory is replaced', () => {
  const source = corpus('jax_initializers.py');
  assert.equal(rewrittenLine(source, 7), 'W2 = jax.nn.initializers.he_normal()(key, (512, 256))');
  // from-imported he_uniform: the replacement goes through the jax import.
  assert.equal(rewrittenLine(source, 8, HE), 'W3 = jax.nn.initializers.he_normal()(key, (3, 3, 16, 32))');
  assert.equal(rewrittenLine(source, 9, { scheme: 'normal', std: 0.02 }), 'u = jax.nn.initializers.normal(stddev=0.02)');
  assert.match(refusal(source, 6), /defined elsewhere/);
});

test('Haiku: w_init and get_parameter init as hk.initializers objects', () => {
  const source = corpus('haiku_mlp.py');
  assert.equal(rewrittenLine(source, 8), "        hk.Linear(300, w_init=hk.initializers.VarianceScaling(2, 'fan_in', 'truncated_normal')), jax.nn.relu,");
  assert.equal(rewrittenLine(source, 10, XAVIER, { name: 'tanh' }), "        hk.Linear(10, w_init=hk.initializers.VarianceScaling(1, 'fan_avg', 'truncated_normal')),");
  assert.equal(rewrittenLine(source, 24, LECUN, { name: 'selu' }), '    w = hk.get_parameter("w", [784, 300], init=hk.initializers.VarianceScaling(1, "fan_in", "truncated_normal"))');
  assert.equal(rewrittenLine(source, 20), "    return hk.nets.MLP([300, 100, 10], w_init=hk.initializers.VarianceScaling(2, 'fan_in', 'truncated_normal'))(x)");
  assert.match(refusal(source, 9), /already initializes/);
});

test('Flax sites that are not rewritten, with the reason', () => {
  const source = 'import flax.linen as nn\nlayer = nn.Dense(10, kernel_init=nn.initializers.xavier_uniform())\n';
  assert.match(refusal(source, 2, { scheme: 'uniform', low: -0.1, high: 0.1 }), /\[0, scale\)/);
  assert.match(refusal(source, 2, { scheme: 'normal', mean: 0.5, std: 0.1 }), /no mean/);
  assert.match(refusal(corpus('compact_mlp.py'), 9), /already initializes with He normal/);
});
