import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { distributionMoments, resolveInit } from '../../../src/core/schemes';
import { detectFlaxSites } from '../../../src/parse/detectors/flax';
import { detectKerasSites } from '../../../src/parse/detectors/keras';
import type { InitSite } from '../../../src/parse/types';
import { close, corpusFile, detectContext, lineOf, stackOf } from './siteHelpers';

/** Std of N(0, 1) truncated to ±2 (JAX/Haiku truncated_normal std = stddev × this; no rescale). */
const TRUNCATED_2SIGMA_STD = 0.87962566103423978;
/** Std of N(0, 1) truncated to ±3: √(1 − 2·3·φ(3)/(2Φ(3) − 1)). */
const TRUNCATED_3SIGMA_STD = Math.sqrt(1 - (6 * 0.0044318484119380075) / 0.9973002039367398);
const corpus = (name: string) => corpusFile('flax', name);
const line = lineOf;

function flaxSites(source: string): InitSite[] {
  return detectFlaxSites(detectContext(source)).sort((a, b) => a.range.from - b.range.from);
}

const LECUN_TRUNCATED = { scheme: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' };

test('@nn.compact MLP: order from __call__, activations that follow, n_0 stated by model.init', () => {
  const sites = flaxSites(corpus('compact_mlp.py'));
  assert.equal(sites.length, 4);
  const [he, scaled, orthogonal, head] = sites;
  for (const site of sites) {
    assert.equal(site.framework, 'flax');
    assert.deepEqual(stackOf(site), ['784→512 relu', '512→256 gelu_tanh', '256→128 leaky_relu(0.2)', '128→10 linear']);
    assert.equal(site.context.depth?.value, 4);
  }
  assert.deepEqual(sites.map((s) => s.context.stackIndex), [0, 1, 2, 3]);

  // JAX's he_normal is truncated and rescaled: exactly variance 2/fan_in.
  assert.deepEqual(he.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
  close(he.params.std, Math.sqrt(2 / 784));
  assert.deepEqual(he.context.fanIn, { value: 784, source: 'model.init(jax.random.PRNGKey(0), jnp.ones((1, 784)))' });
  assert.deepEqual(he.context.fanOut, { value: 512, source: 'features=512' });
  assert.deepEqual(he.context.activation, { value: { name: 'relu' }, source: 'nn.relu(x)' });
  assert.equal(he.target, 'Dense(512)');

  // variance_scaling(..., 'normal') in JAX is untruncated.
  assert.deepEqual(scaled.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'normal' });
  close(scaled.params.std, Math.sqrt(2 / 512));
  // jax.nn.gelu defaults to the tanh approximation.
  assert.deepEqual(scaled.context.activation, { value: { name: 'gelu_tanh' }, source: 'nn.gelu(x)' });

  assert.deepEqual(orthogonal.init, { scheme: 'orthogonal', gain: 1.5 });
  close(orthogonal.params.std, 1.5 / Math.sqrt(256));
  assert.deepEqual(orthogonal.context.fanOut, { value: 128, source: 'features=128' });

  assert.deepEqual(head.init, { scheme: 'flax_default' });
  assert.equal(head.implicit, true);
  close(head.params.std, Math.sqrt(1 / 128));
  assert.deepEqual(head.context.activation, { value: { name: 'linear' }, source: 'no activation after Dense(10)' });
});

test('from flax import linen as nn: unrolled range(self.depth), unknown loops, setup(), nn.Sequential', () => {
  const sites = flaxSites(corpus('from_flax.py'));
  assert.deepEqual(sites.map(line), [12, 13, 22, 23, 28, 29, 35, 35]);
  const [deep, zeros, feat, last, encoder, head, lecun, truncated] = sites;

  // range(self.depth) with depth: int = 4 → four tanh layers, then Dense(1).
  assert.deepEqual(stackOf(deep), ['NaN→128 tanh', '128→128 tanh', '128→128 tanh', '128→128 tanh', '128→1 linear']);
  assert.equal(deep.context.depth?.value, 5);
  assert.deepEqual(deep.init, { scheme: 'normal', mean: 0, std: 0.02 });
  close(deep.params.std, 0.02);
  // normal(0.02) needs no fans, but n_0 is still unknown to the simulation.
  assert.equal(deep.context.fanIn, undefined);
  assert.deepEqual(deep.unresolved, ['fan_in']);
  assert.deepEqual(deep.context.fanOut, { value: 128, source: 'features=self.width (128)' });
  assert.equal(deep.target, 'Dense(128)');
  assert.deepEqual(zeros.init, { scheme: 'zeros' });
  assert.equal(zeros.params.std, 0);
  assert.equal(zeros.context.stackIndex, 4);

  // for feat in self.features[:-1]: the count is unknown, so no stack and no depth.
  assert.deepEqual(feat.unresolved, ['feat', 'fan_in', 'depth']);
  assert.equal(feat.context.stack, undefined);
  assert.equal(feat.context.depth, undefined);
  assert.deepEqual(feat.context.activation?.value, { name: 'relu' });
  assert.deepEqual(feat.init, { scheme: 'flax_default' });
  assert.equal(feat.implicit, true);
  assert.deepEqual(last.unresolved, ['self.features[-1]', 'fan_in', 'depth']);

  assert.equal(encoder.target, 'self.encoder');
  assert.deepEqual(encoder.init, { scheme: 'xavier_uniform' });
  assert.deepEqual(encoder.unresolved, ['fan_in']);
  assert.deepEqual(encoder.context.activation, { value: { name: 'selu' }, source: 'nn.selu(self.encoder(x))' });
  assert.deepEqual(stackOf(head), ['NaN→64 selu', '64→8 linear']);
  close(head.params.std, Math.sqrt(1 / 64));

  assert.deepEqual(stackOf(lecun), ['NaN→300 sigmoid', '300→10 linear']);
  assert.deepEqual(lecun.context.activation, { value: { name: 'sigmoid' }, source: 'nn.sigmoid' });
  assert.deepEqual(truncated.init, { scheme: 'truncated_normal', mean: 0, std: 0.02, truncation: 'plain' });
  close(truncated.params.std, 0.02 * TRUNCATED_2SIGMA_STD);
  assert.deepEqual(truncated.context.fanIn, { value: 300, source: 'output of Dense(300)' });
});

/** nn.Dense(50, kernel_init=…) in a module initialised with a (1, 200) input: fan_in 200, fan_out 50. */
function denseInit(kernel: string): InitSite {
  const source = `import jax
import jax.numpy as jnp
import flax.linen as nn

class M(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(50, kernel_init=${kernel})(x)

params = M().init(jax.random.PRNGKey(0), jnp.ones((1, 200)))
`;
  const sites = flaxSites(source);
  assert.equal(sites.length, 1, kernel);
  return sites[0];
}

test('jax.nn.initializers / nn.initializers with JAX defaults, factories and bare functions', () => {
  const avg = 125;
  const cases: [string, object, number][] = [
    ['nn.initializers.normal()', { scheme: 'normal', mean: 0, std: 0.01 }, 0.01],
    ['nn.initializers.normal(0.02)', { scheme: 'normal', mean: 0, std: 0.02 }, 0.02],
    ['nn.initializers.normal(stddev=0.5)', { scheme: 'normal', mean: 0, std: 0.5 }, 0.5],
    // JAX's uniform is U[0, scale), not symmetric.
    ['nn.initializers.uniform()', { scheme: 'uniform', low: 0, high: 0.01 }, 0.01 / Math.sqrt(12)],
    ['nn.initializers.uniform(scale=0.1)', { scheme: 'uniform', low: 0, high: 0.1 }, 0.1 / Math.sqrt(12)],
    ['nn.initializers.truncated_normal()', { scheme: 'truncated_normal', mean: 0, std: 0.01, truncation: 'plain' }, 0.01 * TRUNCATED_2SIGMA_STD],
    ['nn.initializers.truncated_normal(0.02)', { scheme: 'truncated_normal', mean: 0, std: 0.02, truncation: 'plain' }, 0.02 * TRUNCATED_2SIGMA_STD],
    ['nn.initializers.truncated_normal(stddev=1.0, lower=-3.0, upper=3.0)', { scheme: 'truncated_normal', mean: 0, std: 1, low: -3, high: 3 }, TRUNCATED_3SIGMA_STD],
    ['nn.initializers.glorot_normal()', { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' }, Math.sqrt(1 / avg)],
    ['nn.initializers.xavier_normal()', { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' }, Math.sqrt(1 / avg)],
    ['nn.initializers.glorot_uniform()', { scheme: 'xavier_uniform' }, Math.sqrt(1 / avg)],
    ['nn.initializers.xavier_uniform()', { scheme: 'xavier_uniform' }, Math.sqrt(1 / avg)],
    ['nn.initializers.he_normal()', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['nn.initializers.kaiming_normal()', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['nn.initializers.he_uniform()', { scheme: 'he_uniform' }, Math.sqrt(2 / 200)],
    ['nn.initializers.kaiming_uniform()', { scheme: 'he_uniform' }, Math.sqrt(2 / 200)],
    ['nn.initializers.lecun_normal()', LECUN_TRUNCATED, Math.sqrt(1 / 200)],
    ['nn.initializers.lecun_uniform()', { scheme: 'lecun_uniform' }, Math.sqrt(1 / 200)],
    ["nn.initializers.variance_scaling(2.0, 'fan_out', 'normal')", { scheme: 'variance_scaling', scale: 2, mode: 'fan_out', distribution: 'normal' }, Math.sqrt(2 / 50)],
    ["nn.initializers.variance_scaling(1.0, 'fan_avg', 'uniform')", { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' }, Math.sqrt(1 / avg)],
    ["nn.initializers.variance_scaling(scale=2.0, mode='fan_in', distribution='truncated_normal')", { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['nn.initializers.orthogonal()', { scheme: 'orthogonal', gain: 1 }, 1 / Math.sqrt(200)],
    ['nn.initializers.orthogonal(scale=2.0)', { scheme: 'orthogonal', gain: 2 }, 2 / Math.sqrt(200)],
    ['nn.initializers.zeros', { scheme: 'zeros' }, 0],
    ['nn.initializers.ones', { scheme: 'constant', value: 1 }, 0],
    ['nn.initializers.zeros_init()', { scheme: 'zeros' }, 0],
    ['nn.initializers.constant(0.3)', { scheme: 'constant', value: 0.3 }, 0],
    ['jax.nn.initializers.he_normal()', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ['jax.nn.initializers.normal(1e-3)', { scheme: 'normal', mean: 0, std: 1e-3 }, 1e-3],
  ];
  for (const [kernel, init, std] of cases) {
    const site = denseInit(kernel);
    assert.deepEqual(site.init, init, kernel);
    close(site.params.std, std, `${kernel}: std ${String(site.params.std)} ≠ ${std}`);
    assert.deepEqual(site.context.fanIn?.value, 200, kernel);
    assert.equal(site.implicit, false, kernel);
    assert.deepEqual(site.unresolved, [], kernel);
  }
  const implicit = flaxSites('import flax.linen as nn\nd = nn.Dense(features=64)\n')[0];
  assert.deepEqual(implicit.init, { scheme: 'flax_default' });
  assert.equal(implicit.implicit, true);
  assert.deepEqual(implicit.unresolved, ['fan_in']);
  assert.equal(implicit.params.std, undefined);
  assert.equal(implicit.context.activation, undefined, 'what follows a lone nn.Dense is unknown');

  // A mode JAX has and the simulator does not: listed, and no std from a guessed mode.
  const geo = denseInit("nn.initializers.variance_scaling(1.0, 'fan_geo_avg', 'normal')");
  assert.deepEqual(geo.unresolved, ["mode='fan_geo_avg'"]);
  assert.equal(geo.params.std, undefined);
});

test('standalone jax.nn.initializers: applied to a shape, or written and left unused', () => {
  const sites = flaxSites(corpus('jax_initializers.py'));
  assert.deepEqual(sites.map(line), [6, 7, 8, 9]);
  const [glorot, lecun, conv, uniform] = sites;
  for (const site of sites) assert.equal(site.framework, 'jax');
  assert.equal(glorot.text, 'glorot(key, (784, 512))');
  assert.equal(glorot.target, 'W1');
  close(glorot.params.std, Math.sqrt(2 / (784 + 512)));
  assert.deepEqual(glorot.context.fanIn, { value: 784, source: 'shape (784, 512)' });
  assert.deepEqual(glorot.context.fanOut, { value: 512, source: 'shape (784, 512)' });
  assert.deepEqual(lecun.init, LECUN_TRUNCATED);
  close(lecun.params.std, Math.sqrt(1 / 512));
  // (3, 3, 16, 32): receptive field 9 on both fans, as JAX computes them.
  assert.deepEqual(conv.init, { scheme: 'he_uniform', receptiveField: 9 });
  close(conv.params.std, Math.sqrt(2 / (9 * 16)));
  assert.deepEqual(uniform.init, { scheme: 'uniform', low: 0, high: 0.1 });
  assert.equal(uniform.target, 'u');
  assert.deepEqual(uniform.context, {});
});

test('Haiku: hk.Sequential, the TruncatedNormal(1/√fan_in) default, hk.nets.MLP, hk.get_parameter', () => {
  const sites = flaxSites(corpus('haiku_mlp.py'));
  assert.deepEqual(sites.map(line), [8, 9, 10, 20, 24]);
  const [first, scaled, small, mlp, param] = sites;
  for (const site of [first, scaled, small]) {
    assert.equal(site.framework, 'haiku');
    assert.deepEqual(stackOf(site), ['784→300 relu', '300→100 relu', '100→10 linear']);
  }
  // The default is a plain truncation at ±2σ of N(0, 1/fan_in): its std is 0.8796/√fan_in.
  assert.deepEqual(first.init, { scheme: 'truncated_normal', mean: 0, std: 1 / Math.sqrt(784), truncation: 'plain' });
  close(first.params.std, TRUNCATED_2SIGMA_STD / Math.sqrt(784));
  assert.equal(first.implicit, true);
  assert.deepEqual(first.context.fanIn, { value: 784, source: 'net.init(jax.random.PRNGKey(42), jnp.ones([8, 784]))' });
  assert.deepEqual(first.context.fanOut, { value: 300, source: 'output_size=300' });
  assert.deepEqual(first.context.activation, { value: { name: 'relu' }, source: 'jax.nn.relu' });

  assert.deepEqual(scaled.init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' });
  close(scaled.params.std, Math.sqrt(2 / 300));
  assert.deepEqual(small.init, { scheme: 'truncated_normal', mean: 0, std: 0.01, truncation: 'plain' });
  close(small.params.std, 0.01 * TRUNCATED_2SIGMA_STD);

  // hk.nets.MLP([300, 100, 10]): relu between layers, not after the last; n_0 unknown.
  assert.equal(mlp.text, 'hk.nets.MLP([300, 100, 10])');
  assert.deepEqual(stackOf(mlp), ['NaN→300 relu', '300→100 relu', '100→10 linear']);
  assert.equal(mlp.context.depth?.value, 3);
  assert.equal(mlp.implicit, true);
  assert.deepEqual(mlp.unresolved, ['fan_in']);
  const later = mlp.context.stack?.value[1];
  assert.deepEqual(later?.init, { scheme: 'truncated_normal', mean: 0, std: 1 / Math.sqrt(300), truncation: 'plain' });

  assert.equal(param.target, 'w');
  assert.deepEqual(param.init, { scheme: 'normal', std: 0.05, mean: 0 });
  assert.deepEqual(param.context.fanIn, { value: 784, source: 'shape [784, 300]' });
});

test("Haiku's default before fan_in is known resolves to exactly TruncatedNormal(1/√fan_in)", () => {
  const site = flaxSites('import haiku as hk\nlayer = hk.Linear(64)\n')[0];
  assert.equal(site.implicit, true);
  assert.deepEqual(site.unresolved, ['fan_in']);
  assert.equal(site.target, 'layer');
  for (const fanIn of [3, 100, 784]) {
    const d = resolveInit(site.init, fanIn, 64);
    assert.equal(d.kind, 'truncated_normal');
    if (d.kind !== 'truncated_normal') continue;
    close(d.std, 1 / Math.sqrt(fanIn));
    close(d.high, 2 / Math.sqrt(fanIn));
    close(Math.sqrt(distributionMoments(d, fanIn, 64).variance), TRUNCATED_2SIGMA_STD / Math.sqrt(fanIn));
  }
});

/** hk.Linear(50, w_init=…) with a (1, 200) input: fan_in 200, fan_out 50. */
function linearInit(wInit: string): InitSite {
  const source = `import jax, haiku as hk
import jax.numpy as jnp

def f(x):
    return hk.Linear(50, w_init=${wInit})(x)

net = hk.transform(f)
params = net.init(jax.random.PRNGKey(0), jnp.ones((1, 200)))
`;
  const sites = flaxSites(source);
  assert.equal(sites.length, 1, wInit);
  return sites[0];
}

test('hk.initializers with Haiku defaults and argument orders', () => {
  const cases: [string, object, number][] = [
    ['hk.initializers.TruncatedNormal(stddev=0.1)', { scheme: 'truncated_normal', mean: 0, std: 0.1, truncation: 'plain' }, 0.1 * TRUNCATED_2SIGMA_STD],
    ['hk.initializers.TruncatedNormal(0.1, 0.5)', { scheme: 'truncated_normal', mean: 0.5, std: 0.1, truncation: 'plain' }, 0.1 * TRUNCATED_2SIGMA_STD],
    ['hk.initializers.TruncatedNormal(stddev=1.0, lower=-3.0, upper=3.0)', { scheme: 'truncated_normal', mean: 0, std: 1, low: -3, high: 3 }, TRUNCATED_3SIGMA_STD],
    // RandomNormal(stddev, mean): stddev comes first in Haiku.
    ['hk.initializers.RandomNormal(0.02)', { scheme: 'normal', std: 0.02, mean: 0 }, 0.02],
    ['hk.initializers.RandomNormal(stddev=0.02, mean=0.1)', { scheme: 'normal', std: 0.02, mean: 0.1 }, 0.02],
    ['hk.initializers.RandomNormal()', { scheme: 'normal', std: 1, mean: 0 }, 1],
    ['hk.initializers.RandomUniform(-0.1, 0.1)', { scheme: 'uniform', low: -0.1, high: 0.1 }, 0.1 / Math.sqrt(3)],
    ['hk.initializers.RandomUniform()', { scheme: 'uniform', low: 0, high: 1 }, 1 / Math.sqrt(12)],
    ['hk.initializers.VarianceScaling()', LECUN_TRUNCATED, Math.sqrt(1 / 200)],
    ['hk.initializers.VarianceScaling(2.0)', { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, Math.sqrt(2 / 200)],
    ["hk.initializers.VarianceScaling(2.0, 'fan_out', 'normal')", { scheme: 'variance_scaling', scale: 2, mode: 'fan_out', distribution: 'normal' }, Math.sqrt(2 / 50)],
    ["hk.initializers.VarianceScaling(1.0, mode='fan_avg', distribution='uniform')", { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' }, Math.sqrt(1 / 125)],
    ['hk.initializers.UniformScaling(2.0)', { scheme: 'variance_scaling', scale: 4, mode: 'fan_in', distribution: 'uniform' }, 2 / Math.sqrt(200)],
    ['hk.initializers.Orthogonal(scale=2.0)', { scheme: 'orthogonal', gain: 2 }, 2 / Math.sqrt(200)],
    ['hk.initializers.Constant(0.1)', { scheme: 'constant', value: 0.1 }, 0],
    ['hk.initializers.Identity()', { scheme: 'eye', gain: 1 }, Math.sqrt(0.005 * 0.995)],
  ];
  for (const [wInit, init, std] of cases) {
    const site = linearInit(wInit);
    assert.equal(site.framework, 'haiku');
    assert.deepEqual(site.init, init, wInit);
    close(site.params.std, std, `${wInit}: std ${String(site.params.std)} ≠ ${std}`);
  }
  const implicit = linearInit('None');
  assert.deepEqual(implicit.init, { scheme: 'truncated_normal', mean: 0, std: 1 / Math.sqrt(200), truncation: 'plain' });
  assert.equal(implicit.implicit, true);
});

test('every import spelling: flax.linen, linen from flax, jax.nn.initializers, flax nnx, haiku', () => {
  const spellings: [string, string][] = [
    ['import flax.linen as nn\nd = nn.Dense(64, kernel_init=nn.initializers.he_normal())', 'flax'],
    ['from flax import linen as nn\nd = nn.Dense(64, kernel_init=nn.initializers.he_normal())', 'flax'],
    ['import flax\nd = flax.linen.Dense(64, kernel_init=flax.linen.initializers.he_normal())', 'flax'],
    ['import jax\nfrom flax import linen\nd = linen.Dense(64, kernel_init=jax.nn.initializers.he_normal())', 'flax'],
    ['from flax.linen import Dense\nfrom jax.nn.initializers import he_normal\nd = Dense(64, kernel_init=he_normal())', 'flax'],
    ['from flax.linen import Dense\nfrom jax.nn import initializers as init\nd = Dense(64, kernel_init=init.he_normal())', 'flax'],
    ['import haiku as hk\nd = hk.Linear(64, w_init=hk.initializers.VarianceScaling(2.0))', 'haiku'],
  ];
  for (const [source, framework] of spellings) {
    const sites = flaxSites(`${source}\n`);
    assert.equal(sites.length, 1, source);
    assert.equal(sites[0].framework, framework, source);
    assert.deepEqual(sites[0].init, { scheme: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }, source);
    assert.equal(sites[0].target, 'd', source);
  }
  // nnx.Linear states its input width.
  const nnx = flaxSites('from flax import nnx\nfc = nnx.Linear(784, 256, rngs=nnx.Rngs(0))\n')[0];
  assert.deepEqual(nnx.init, { scheme: 'flax_default' });
  assert.deepEqual(nnx.context.fanIn, { value: 784, source: 'in_features=784' });
  close(nnx.params.std, Math.sqrt(1 / 784));
});

test('flax Conv: receptive field from kernel_size, SAME padding by default', () => {
  const source = `import jax, jax.numpy as jnp
import flax.linen as nn

class CNN(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.relu(nn.Conv(32, kernel_size=(3, 3))(x))
        x = nn.avg_pool(x, window_shape=(2, 2), strides=(2, 2))
        x = x.reshape((x.shape[0], -1))
        return nn.Dense(10, kernel_init=nn.initializers.he_normal())(x)

params = CNN().init(jax.random.PRNGKey(0), jnp.ones((1, 28, 28, 1)))
`;
  const [conv, dense] = flaxSites(source);
  assert.deepEqual(conv.init, { scheme: 'flax_default', receptiveField: 9 });
  close(conv.params.std, Math.sqrt(1 / 9));
  // 28×28 SAME → 28×28×32 → pool 2 → 14×14×32 = 6272.
  assert.deepEqual(stackOf(dense), ['1→32 relu', '6272→10 linear']);
  close(dense.params.std, Math.sqrt(2 / 6272));
});

test('hk.Conv2D: the default std uses fan_in = in_channels · receptive field; hk.Flatten widths', () => {
  const source = `import jax, jax.numpy as jnp
import haiku as hk

def f(x):
    x = jax.nn.relu(hk.Conv2D(32, kernel_shape=3)(x))
    return hk.Linear(10)(hk.Flatten()(x))

p = hk.transform(f).init(jax.random.PRNGKey(0), jnp.zeros((1, 28, 28, 1)))
`;
  const [conv, linear] = flaxSites(source);
  assert.deepEqual(conv.init, { scheme: 'truncated_normal', mean: 0, std: 1 / 3, truncation: 'plain' });
  assert.deepEqual(stackOf(conv), ['1→32 relu', '25088→10 linear']);
  close(linear.params.std, TRUNCATED_2SIGMA_STD / Math.sqrt(25088));
});

test('negatives: PRNG keys, optax, Dropout, BatchNorm, Embed, bias inits and bias params give no site', () => {
  const ctx = detectContext(corpus('negatives.py'));
  assert.deepEqual(detectFlaxSites(ctx), []);
  assert.deepEqual(detectKerasSites(ctx), []);
  const dense = flaxSites('import flax.linen as nn\nd = nn.Dense(8, bias_init=nn.initializers.zeros)\n');
  assert.equal(dense.length, 1);
  assert.equal(dense[0].implicit, true);
});

test('Flax, JAX and Haiku files give no Keras sites', () => {
  for (const name of readdirSync('test/unit/parse/corpus/flax')) assert.deepEqual(detectKerasSites(detectContext(corpus(name))), [], name);
});

test('truncated and corrupted Flax/Haiku code never throws', () => {
  let seed = 987654;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const name of readdirSync('test/unit/parse/corpus/flax')) {
    const source = corpus(name);
    for (let cut = 0; cut <= source.length; cut += 11) {
      const ctx = detectContext(source.slice(0, cut));
      assert.doesNotThrow(() => detectFlaxSites(ctx), `${name} cut at ${cut}`);
    }
    for (let i = 0; i < 40; i++) {
      const chars = [...source];
      for (let k = 0; k < 5; k++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 128));
      assert.doesNotThrow(() => detectFlaxSites(detectContext(chars.join(''))));
    }
  }
});
