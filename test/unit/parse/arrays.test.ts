import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findInitSites } from '../../../src/parse/sites';
import type { InitSite } from '../../../src/parse/types';

const CORPUS = 'test/unit/parse/corpus/arrays';
const ARRAY_FRAMEWORKS = new Set(['numpy', 'torch', 'jax', 'python', 'pseudo']);

function corpus(name: string): string {
  return readFileSync(join(CORPUS, name), 'utf8');
}

/** Array-style sites only: layer defaults, nn.init calls and Keras/Flax layers belong to other detectors. */
function arraySites(source: string): InitSite[] {
  return findInitSites(source).filter((s) => ARRAY_FRAMEWORKS.has(s.framework) && !s.implicit && !/\binit\.|\.data\b/.test(s.text));
}

/** The one array site starting on a 1-based line. */
function siteAt(sites: InitSite[], line: number): InitSite {
  const found = sites.filter((s) => s.range.start.line + 1 === line);
  assert.equal(found.length, 1, `one site on line ${line}, got ${found.map((s) => s.text).join(' | ') || 'none'}`);
  return found[0];
}

function only(source: string): InitSite {
  const sites = arraySites(source);
  assert.equal(sites.length, 1, `one site, got ${sites.map((s) => s.text).join(' | ') || 'none'}`);
  return sites[0];
}

function near(actual: number | string | undefined, expected: number, what = 'value'): void {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  const a = actual as number;
  assert.ok(Math.abs(a - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${a} ≠ ${expected}`);
}

/** A uniform U(low, high) has std (high − low)/√12. */
const uniformStd = (low: number, high: number) => (high - low) / Math.sqrt(12);

// ── Scale spellings, normalized ─────────────────────────────────────────────────────────────

interface SpellingCase {
  name: string;
  code: string;
  framework: InitSite['framework'];
  init: InitSite['init'];
  std: number;
  mean?: number;
  fanIn?: number;
  fanOut?: number;
  text?: string;
}

const NP = 'import numpy as np\nfan_in, fan_out = 256, 128\n';
const TORCH = 'import torch\nimport math\n';
const JAX = 'import jax\nimport jax.numpy as jnp\nkey = jax.random.PRNGKey(0)\n';

const SPELLINGS: SpellingCase[] = [
  { name: 'randn * sqrt(2/n)', code: `${NP}W = np.random.randn(fan_in, fan_out) * np.sqrt(2 / fan_in)`, framework: 'numpy', init: { scheme: 'normal', std: Math.sqrt(2 / 256) }, std: Math.sqrt(2 / 256), fanIn: 256, fanOut: 128, text: 'np.random.randn(fan_in, fan_out) * np.sqrt(2 / fan_in)' },
  { name: 's * randn', code: `${NP}W = 0.01 * np.random.randn(fan_in, fan_out)`, framework: 'numpy', init: { scheme: 'normal', std: 0.01 }, std: 0.01, fanIn: 256, fanOut: 128 },
  { name: 'randn / sqrt(fan_in)', code: `${NP}W = np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)`, framework: 'numpy', init: { scheme: 'normal', std: 1 / 16 }, std: 1 / 16, fanIn: 256, fanOut: 128 },
  { name: 'normal(loc, scale, size) positional', code: `${NP}W = np.random.normal(0, 0.02, (fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'normal', std: 0.02 }, std: 0.02, fanIn: 256, fanOut: 128 },
  { name: 'normal(loc=, scale=, size=)', code: `${NP}W = np.random.normal(loc=0.0, scale=0.05, size=(fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'normal', std: 0.05 }, std: 0.05, fanIn: 256, fanOut: 128 },
  { name: 'normal(size=) * s', code: `${NP}W = np.random.normal(size=(fan_in, fan_out)) * 0.1`, framework: 'numpy', init: { scheme: 'normal', std: 0.1 }, std: 0.1, fanIn: 256, fanOut: 128 },
  { name: 'normal with a mean', code: `${NP}W = np.random.normal(0.1, 0.02, (fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'normal', mean: 0.1, std: 0.02 }, std: 0.02, mean: 0.1 },
  { name: 'uniform(-r, r, size)', code: `${NP}r = np.sqrt(6 / (fan_in + fan_out))\nW = np.random.uniform(-r, r, (fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'uniform', low: -0.125, high: 0.125 }, std: uniformStd(-0.125, 0.125), fanIn: 256, fanOut: 128 },
  { name: 'rand is U[0, 1)', code: `${NP}W = np.random.rand(fan_in, fan_out)`, framework: 'numpy', init: { scheme: 'uniform', low: 0, high: 1 }, std: uniformStd(0, 1), mean: 0.5 },
  { name: '2 * rand - 1', code: `${NP}W = 2 * np.random.rand(fan_in, fan_out) - 1`, framework: 'numpy', init: { scheme: 'uniform', low: -1, high: 1 }, std: uniformStd(-1, 1) },
  { name: 'rand * 2 * eps - eps (Ng)', code: `${NP}epsilon_init = 0.12\nTheta1 = np.random.rand(fan_out, 1 + fan_in) * 2 * epsilon_init - epsilon_init`, framework: 'numpy', init: { scheme: 'uniform', low: -0.12, high: 0.12 }, std: uniformStd(-0.12, 0.12) },
  { name: 'default_rng standard_normal', code: `${NP}rng = np.random.default_rng(0)\nW = rng.standard_normal((fan_in, fan_out)) * 0.02`, framework: 'numpy', init: { scheme: 'normal', std: 0.02 }, std: 0.02, fanIn: 256, fanOut: 128 },
  { name: 'default_rng normal', code: `${NP}rng = np.random.default_rng(0)\nW = rng.normal(0, 0.1, size=(fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'normal', std: 0.1 }, std: 0.1 },
  { name: 'default_rng uniform', code: `${NP}rng = np.random.default_rng(0)\nW = rng.uniform(-0.1, 0.1, (fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'uniform', low: -0.1, high: 0.1 }, std: uniformStd(-0.1, 0.1) },
  { name: 'RandomState randn', code: `${NP}rs = np.random.RandomState(42)\nW = rs.randn(fan_in, fan_out) * 0.01`, framework: 'numpy', init: { scheme: 'normal', std: 0.01 }, std: 0.01 },
  { name: 'a Generator kept on self', code: `${NP}class L:\n    def __init__(self):\n        self.rng = np.random.default_rng(1)\n        self.W = self.rng.normal(0, 0.05, (4, 3))`, framework: 'numpy', init: { scheme: 'normal', std: 0.05 }, std: 0.05, fanIn: 4, fanOut: 3 },
  { name: '.astype keeps the draw', code: `${NP}W = np.random.randn(fan_in, fan_out).astype(np.float32) * 0.01`, framework: 'numpy', init: { scheme: 'normal', std: 0.01 }, std: 0.01 },
  { name: 'W *= s on the next line', code: `${NP}W = np.random.randn(fan_in, fan_out)\nW *= 0.02`, framework: 'numpy', init: { scheme: 'normal', std: 0.02 }, std: 0.02 },
  { name: 'W = W / sqrt(n) on the next line', code: `${NP}W = np.random.randn(fan_in, fan_out)\nW = W / np.sqrt(fan_in)`, framework: 'numpy', init: { scheme: 'normal', std: 1 / 16 }, std: 1 / 16 },
  { name: 'zeros on a weight', code: `${NP}W = np.zeros((fan_in, fan_out))`, framework: 'numpy', init: { scheme: 'zeros' }, std: 0, fanIn: 256, fanOut: 128 },
  { name: 'ones * c on a weight', code: `${NP}kernel = np.ones((fan_in, fan_out)) * 0.5`, framework: 'numpy', init: { scheme: 'constant', value: 0.5 }, std: 0, mean: 0.5 },
  { name: 'torch.randn * s', code: `${TORCH}W = torch.randn(256, 128) * 0.01`, framework: 'torch', init: { scheme: 'normal', std: 0.01 }, std: 0.01, fanIn: 256, fanOut: 128 },
  { name: 'torch.randn / math.sqrt(a)', code: `${TORCH}W = torch.randn(512, 256) / math.sqrt(512)`, framework: 'torch', init: { scheme: 'normal', std: 1 / Math.sqrt(512) }, std: 1 / Math.sqrt(512), fanIn: 512, fanOut: 256 },
  { name: 'torch.randn((a, b)) with a tuple', code: `${TORCH}W = torch.randn((64, 32)) * 0.05`, framework: 'torch', init: { scheme: 'normal', std: 0.05 }, std: 0.05, fanIn: 64, fanOut: 32 },
  { name: 'torch.rand', code: `${TORCH}W = torch.rand(64, 32)`, framework: 'torch', init: { scheme: 'uniform', low: 0, high: 1 }, std: uniformStd(0, 1), mean: 0.5 },
  { name: 'torch.empty().normal_(0, s)', code: `${TORCH}W = torch.empty(64, 32).normal_(0, 0.02)`, framework: 'torch', init: { scheme: 'normal', std: 0.02 }, std: 0.02, fanIn: 64, fanOut: 32 },
  { name: 'torch.empty().uniform_(-r, r)', code: `${TORCH}W = torch.empty(64, 32).uniform_(-0.1, 0.1)`, framework: 'torch', init: { scheme: 'uniform', low: -0.1, high: 0.1 }, std: uniformStd(-0.1, 0.1) },
  { name: 'torch.zeros on a weight', code: `${TORCH}W = torch.zeros(64, 32)`, framework: 'torch', init: { scheme: 'zeros' }, std: 0, fanIn: 64, fanOut: 32 },
  { name: 'jax.random.normal * s', code: `${JAX}W = jax.random.normal(key, (784, 512)) * jnp.sqrt(2 / 784)`, framework: 'jax', init: { scheme: 'normal', std: Math.sqrt(2 / 784) }, std: Math.sqrt(2 / 784), fanIn: 784, fanOut: 512 },
  { name: 'jax.random.uniform(minval, maxval)', code: `${JAX}W = jax.random.uniform(key, (512, 256), minval=-0.05, maxval=0.05)`, framework: 'jax', init: { scheme: 'uniform', low: -0.05, high: 0.05 }, std: uniformStd(-0.05, 0.05), fanIn: 512, fanOut: 256 },
  // N(0, 1) truncated to ±2 has std 0.87962566103423978 (Keras' correction constant).
  { name: 'jax.random.truncated_normal * s', code: `${JAX}W = jax.random.truncated_normal(key, -2.0, 2.0, (512, 512)) * 0.02`, framework: 'jax', init: { scheme: 'truncated_normal', std: 0.02, low: -0.04, high: 0.04 }, std: 0.02 * 0.87962566103423978 },
  { name: '`from jax import random`', code: 'from jax import random\nkey = random.PRNGKey(0)\nW = random.normal(key, (64, 64)) * 0.1', framework: 'jax', init: { scheme: 'normal', std: 0.1 }, std: 0.1, fanIn: 64, fanOut: 64 },
];

for (const c of SPELLINGS) {
  test(`spelling: ${c.name}`, () => {
    const site = only(c.code);
    assert.equal(site.framework, c.framework);
    assert.deepEqual(site.init, c.init);
    near(site.params.std, c.std, 'params.std');
    near(site.params.mean, c.mean ?? 0, 'params.mean');
    assert.deepEqual(site.unresolved, []);
    if (c.fanIn !== undefined) {
      assert.equal(site.params.fanIn, c.fanIn);
      assert.equal(site.context.fanIn?.value, c.fanIn);
    }
    if (c.fanOut !== undefined) assert.equal(site.context.fanOut?.value, c.fanOut);
    if (c.text !== undefined) assert.equal(site.text, c.text);
  });
}

test('uniform sites record their bounds', () => {
  const site = only(`${NP}W = np.random.uniform(-0.2, 0.3, (fan_in, fan_out))`);
  assert.equal(site.params.low, -0.2);
  assert.equal(site.params.high, 0.3);
  near(site.params.mean, 0.05, 'mean');
});

test('an unresolvable scale is kept as text and the std is left out', () => {
  const site = only('import numpy as np\ndef layer(n_in, n_out, scale):\n    W = np.random.randn(n_in, n_out) * scale\n    return W\n');
  assert.deepEqual(site.init, { scheme: 'normal' });
  assert.deepEqual(site.unresolved, ['scale']);
  assert.equal(site.params.std, undefined);
  assert.equal(site.context.fanIn, undefined);
});

// ── Aliases ─────────────────────────────────────────────────────────────────────────────────

test('import aliases and local aliases of the draw functions', () => {
  const cases: [string, string][] = [
    ['import numpy as onp\nW = onp.random.randn(8, 4) * 0.5', 'numpy'],
    ['from numpy.random import randn\nW = randn(8, 4) * 0.5', 'numpy'],
    ['from numpy import random as npr\nW = npr.randn(8, 4) * 0.5', 'numpy'],
    ['import numpy as np\nrandn = np.random.randn\nW = randn(8, 4) * 0.5', 'numpy'],
    // A note or notebook cell that uses np without showing the import.
    ['W = np.random.randn(8, 4) * 0.5', 'numpy'],
    ['import torch as th\nW = th.randn(8, 4) * 0.5', 'torch'],
    ['from torch import randn\nW = randn(8, 4) * 0.5', 'torch'],
  ];
  for (const [code, framework] of cases) {
    const site = only(code);
    assert.equal(site.framework, framework, code);
    assert.deepEqual(site.init, { scheme: 'normal', std: 0.5 }, code);
    assert.equal(site.context.fanIn?.value, 8, code);
    assert.equal(site.context.fanOut?.value, 4, code);
  }
});

// ── Targets and roles ───────────────────────────────────────────────────────────────────────

test('targets as written: names, attributes, dict keys, list items, appends', () => {
  const src = `import numpy as np
params = {}
params['W1'] = np.random.randn(4, 3) * 0.1
self.W = np.random.randn(4, 3) * 0.1
model = {'W2': np.random.randn(3, 2) * 0.1, 'b2': np.zeros(2)}
weights = [None] * 3
weights[0] = np.random.randn(4, 4) * 0.1
Ws = []
Ws.append(np.random.randn(4, 4) * 0.1)
`;
  const sites = arraySites(src);
  assert.deepEqual(
    sites.map((s) => s.target),
    ["params['W1']", 'self.W', "model['W2']", 'weights[0]', 'Ws'],
  );
});

test('nn.Parameter(torch.randn(out, in) * s) used as x @ W.t(): fans from the (out, in) layout', () => {
  const src = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.01)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight.t() + self.bias

net = Net(784, 256)
`;
  const site = only(src);
  assert.equal(site.framework, 'torch');
  assert.equal(site.target, 'self.weight');
  assert.equal(site.text, 'nn.Parameter(torch.randn(n_out, n_in) * 0.01)');
  assert.deepEqual(site.init, { scheme: 'normal', std: 0.01 });
  assert.equal(site.context.fanIn?.value, 784);
  assert.equal(site.context.fanOut?.value, 256);
  assert.equal(site.context.fanIn?.source, 'shape (256, 784) at line 7 read as (fan_out, fan_in): x @ self.weight.t() at line 11');
});

test('an unnamed matrix becomes a weight as an nn.Parameter or as the right factor in a layer loop', () => {
  const parameter = only('import torch\nimport torch.nn as nn\nA = nn.Parameter(torch.randn(64, 32) * 0.1)');
  assert.equal(parameter.target, 'A');
  const looped = only('import numpy as np\nh = np.ones((10, 64))\nM = np.random.randn(64, 64) * 0.1\nfor t in range(12):\n    h = np.tanh(h @ M)\n');
  assert.equal(looped.target, 'M');
  assert.equal(looped.context.depth?.value, 12);
  assert.equal(looped.context.depth?.source, 'M applied in for t in range(12) at line 4');
  assert.deepEqual(looped.context.activation?.value, { name: 'tanh' });
});

test('an init function that returns the draw, with fans from its call site', () => {
  const site = only('import numpy as np\ndef init_weights(n_in, n_out):\n    return np.random.randn(n_in, n_out) * 0.01\n\nW1 = init_weights(784, 100)\n');
  assert.equal(site.target, 'init_weights()');
  assert.deepEqual(site.init, { scheme: 'normal', std: 0.01 });
  assert.equal(site.context.fanIn?.value, 784);
  assert.equal(site.context.fanOut?.value, 100);
});

// ── Python stdlib (micrograd) and pseudo-code ───────────────────────────────────────────────

test("micrograd: a neuron's weights from random.uniform(-1, 1), fan_in from nin at the call site", () => {
  const src = `import random

class Neuron:
    def __init__(self, nin, nonlin=True):
        self.w = [Value(random.uniform(-1,1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

n = Neuron(3)
lr = random.uniform(0.01, 0.1)
`;
  const site = only(src);
  assert.equal(site.framework, 'python');
  assert.equal(site.target, 'self.w');
  assert.deepEqual(site.init, { scheme: 'uniform', low: -1, high: 1 });
  near(site.params.std, 1 / Math.sqrt(3), 'std');
  assert.equal(site.context.fanIn?.value, 3);
  assert.equal(site.context.fanOut, undefined);
});

test('python: a nested list of random.gauss weights, one inner list per neuron', () => {
  const site = only('import random\nW = [[random.gauss(0, 0.1) for _ in range(4)] for _ in range(3)]\n');
  assert.equal(site.framework, 'python');
  assert.deepEqual(site.init, { scheme: 'normal', std: 0.1 });
  assert.equal(site.context.fanIn?.value, 4);
  assert.equal(site.context.fanOut?.value, 3);
});

test('pseudo-code from lecture notes: randn that nothing imports', () => {
  const bare = only('W = randn * sqrt(2/fan_in)');
  assert.equal(bare.framework, 'pseudo');
  assert.equal(bare.target, 'W');
  assert.deepEqual(bare.init, { scheme: 'normal' });
  assert.deepEqual(bare.unresolved, ['sqrt(2/fan_in)']);
  assert.equal(bare.params.std, undefined);

  const shaped = only('fan_in = 512\nW = randn(fan_in, fan_out) / sqrt(fan_in)');
  assert.equal(shaped.framework, 'pseudo');
  assert.deepEqual(shaped.init, { scheme: 'normal', std: 1 / Math.sqrt(512) });
  assert.equal(shaped.context.fanIn?.value, 512);
  assert.equal(shaped.context.fanOut, undefined);
});

// ── The seeds' real code ────────────────────────────────────────────────────────────────────

test('CS231n tanh table: 10 layers of 500, std 0.01, act[nonlinearities[i]] is tanh', () => {
  const sites = arraySites(corpus('cs231n_tanh_table.py'));
  assert.equal(sites.length, 1, 'the data D = np.random.randn(1000, 500) is not a site');
  const site = siteAt(sites, 25);
  assert.equal(site.framework, 'numpy');
  assert.equal(site.target, 'W');
  assert.deepEqual(site.init, { scheme: 'normal', std: 0.01 });
  assert.deepEqual(site.context.depth, { value: 10, source: 'for i in range(len(hidden_layer_sizes)) at line 18 (10 iterations)' });
  assert.equal(site.context.fanIn?.value, 500);
  assert.equal(site.context.fanOut?.value, 500);
  assert.deepEqual(site.context.activation, { value: { name: 'tanh' }, source: "act[nonlinearities[i]] = 'tanh' at line 28" });
  assert.equal(site.context.stack, undefined, 'identical layers need no stack');
});

test('CS231n table with the relu line switched on, and with Xavier and He scales', () => {
  const relu = corpus('cs231n_tanh_table.py').replace('nonlinearities = ["tanh"]', 'nonlinearities = ["relu"]');
  assert.deepEqual(siteAt(arraySites(relu), 25).context.activation?.value, { name: 'relu' });
  const xavier = relu.replace('np.random.randn(fan_in, fan_out) * 0.01', 'np.random.randn(fan_in, fan_out) / np.sqrt(fan_in)');
  assert.deepEqual(siteAt(arraySites(xavier), 25).init, { scheme: 'normal', std: 1 / Math.sqrt(500) });
  const he = relu.replace('np.random.randn(fan_in, fan_out) * 0.01', 'np.random.randn(fan_in, fan_out) / np.sqrt(fan_in/2)');
  near(siteAt(arraySites(he), 25).params.std, 1 / Math.sqrt(250), 'He std');
});

test('Public AI: 20 sigmoid layers with Xavier, 20 relu layers with He; the input is not a site', () => {
  const sites = arraySites(corpus('public_ai_xavier.py'));
  assert.equal(sites.length, 2);
  const xavier = siteAt(sites, 18);
  assert.deepEqual(xavier.init, { scheme: 'normal', std: 1 / Math.sqrt(512) });
  assert.deepEqual(xavier.context.depth, { value: 20, source: 'for i in range(num_layer) at line 17 (20 iterations)' });
  assert.deepEqual(xavier.context.activation, { value: { name: 'sigmoid' }, source: 'sigmoid at line 20' });
  assert.equal(xavier.context.fanIn?.value, 512);
  const he = siteAt(sites, 29);
  assert.deepEqual(he.init, { scheme: 'normal', std: Math.sqrt(2 / 512) });
  assert.deepEqual(he.context.activation?.value, { name: 'relu' });
  assert.equal(he.context.depth?.value, 20);
});

test('Public AI as handed out (`W = # ...`): no site, no throw', () => {
  assert.deepEqual(arraySites(corpus('public_ai_placeholder.py')), []);
});

test('UDL init_params(K=5, D=8, σ²=1): a 6-layer list 1→8→…→8→1, ReLU then a linear output', () => {
  const sites = arraySites(corpus('udl_init_params.py'));
  assert.equal(sites.length, 9, 'three inits of three assignments each; biases and data are not sites');
  const first = siteAt(sites, 22);
  assert.equal(first.target, 'all_weights[0]');
  assert.deepEqual(first.init, { scheme: 'normal', std: 1 });
  assert.deepEqual(first.context.depth, { value: 6, source: 'all_weights[0…5] assigned at lines 22, 23, 29' });
  assert.equal(first.context.fanIn?.value, 1);
  assert.equal(first.context.fanOut?.value, 8);
  assert.equal(first.context.fanIn?.source, 'shape (8, 1) at line 22 read as (fan_out, fan_in): np.matmul(all_weights[layer], all_h[layer]) at line 50');
  assert.equal(first.context.stackIndex, 0);
  const stack = first.context.stack?.value ?? [];
  assert.deepEqual(
    stack.map((l) => [l.fanIn, l.fanOut, l.init.std, l.activation.name]),
    [[1, 8, 1, 'relu'], [8, 8, 1, 'relu'], [8, 8, 1, 'relu'], [8, 8, 1, 'relu'], [8, 8, 1, 'relu'], [8, 1, 1, 'linear']],
  );
  const hidden = siteAt(sites, 29);
  assert.equal(hidden.target, 'all_weights[layer]');
  assert.equal(hidden.context.stackIndex, 1);
  assert.deepEqual(hidden.context.activation, { value: { name: 'relu' }, source: 'ReLU at line 52' });
  const output = siteAt(sites, 23);
  assert.equal(output.target, 'all_weights[-1]');
  assert.equal(output.context.stackIndex, 5);
  assert.equal(output.context.fanIn?.value, 8);
  assert.equal(output.context.fanOut?.value, 1);
  assert.deepEqual(output.context.activation?.value, { name: 'linear' });
});

test('UDL he_init_params(K=50, D=80): 51 layers, √2 into the first, √(2/80) after', () => {
  const sites = arraySites(corpus('udl_init_params.py'));
  const first = siteAt(sites, 92);
  assert.deepEqual(first.init, { scheme: 'normal', std: Math.SQRT2 });
  assert.equal(first.context.depth?.value, 51);
  const hidden = siteAt(sites, 98);
  assert.deepEqual(hidden.init, { scheme: 'normal', std: Math.sqrt(2 / 80) });
  assert.equal(hidden.context.fanIn?.value, 80);
  assert.equal(hidden.context.fanOut?.value, 80);
  assert.equal(hidden.context.depth?.value, 51);
  const stack = hidden.context.stack?.value ?? [];
  assert.equal(stack.length, 51);
  assert.deepEqual([stack[0].fanIn, stack[0].fanOut, stack[50].fanIn, stack[50].fanOut], [1, 80, 80, 1]);
  assert.deepEqual(stack[50].activation, { name: 'linear' });
  assert.ok(stack.slice(0, 50).every((l) => l.activation.name === 'relu'));
  // re_init_params swaps the scales of the first and last layers.
  assert.deepEqual(siteAt(sites, 172).init, { scheme: 'normal', std: Math.sqrt(2 / 80) });
  assert.deepEqual(siteAt(sites, 173).init, { scheme: 'normal', std: Math.SQRT2 });
});

test('d2l: the matrix multiplied in 100 times is a 100-layer linear chain; the starting M is not', () => {
  // Choice: torch.mm(M, torch.normal(...)) in a loop multiplies a fresh Gaussian matrix into a
  // running product — exactly a deep linear network of width 4, which is what the demo shows.
  // The first M is the left factor (the "input" of that chain), so it is not a weight.
  const sites = arraySites(corpus('d2l_matrix_products.py'));
  assert.equal(sites.length, 1);
  const site = siteAt(sites, 7);
  assert.equal(site.framework, 'torch');
  assert.equal(site.target, undefined);
  assert.equal(site.text, 'torch.normal(0, 1, size=(4, 4))');
  assert.deepEqual(site.init, { scheme: 'normal', std: 1 });
  assert.deepEqual(site.context.depth, { value: 100, source: 'for i in range(100) at line 6' });
  assert.equal(site.context.fanIn?.value, 4);
  assert.equal(site.context.fanOut?.value, 4);
  assert.deepEqual(site.context.activation, { value: { name: 'linear' }, source: 'no nonlinearity in for i in range(100) at line 6' });
});

// ── Depth, widths and stacks ────────────────────────────────────────────────────────────────

test('range(1, K) counts K − 1 layers; the loop source names the header and its line', () => {
  const site = only('import numpy as np\nK = 7\nweights = {}\nfor layer in range(1, K):\n    weights[layer] = np.random.randn(16, 16) * 0.1\n');
  assert.deepEqual(site.context.depth, { value: 6, source: 'for layer in range(1, K) at line 4 (6 iterations)' });
  assert.equal(site.target, 'weights[layer]');
});

test('dims = [784, 512, 512, 10]: a 3-layer stack with per-layer std, relu and a linear last layer', () => {
  const src = `import numpy as np
dims = [784, 512, 512, 10]
W = {}
for i in range(len(dims) - 1):
    W[i] = np.random.randn(dims[i], dims[i+1]) * np.sqrt(2.0 / dims[i])
h = np.random.randn(64, 784)
for i in range(len(dims) - 1):
    h = h @ W[i]
    if i < len(dims) - 2:
        h = np.maximum(0, h)
`;
  const site = only(src);
  assert.equal(site.target, 'W[i]');
  assert.equal(site.context.depth?.value, 3);
  assert.equal(site.context.stackIndex, 0);
  assert.deepEqual(site.init, { scheme: 'normal', std: Math.sqrt(2 / 784) });
  assert.deepEqual(
    (site.context.stack?.value ?? []).map((l) => [l.fanIn, l.fanOut, l.init.std, l.activation.name]),
    [
      [784, 512, Math.sqrt(2 / 784), 'relu'],
      [512, 512, Math.sqrt(2 / 512), 'relu'],
      [512, 10, Math.sqrt(2 / 512), 'linear'],
    ],
  );
});

test("Nielsen's network.py: a comprehension over zip(sizes[:-1], sizes[1:]), weights first in np.dot", () => {
  const src = `import numpy as np

class Network(object):
    def __init__(self, sizes):
        self.num_layers = len(sizes)
        self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
        self.weights = [np.random.randn(y, x)/np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a)+b)
        return a

net = Network([784, 30, 10])
`;
  const site = only(src);
  assert.equal(site.target, 'self.weights');
  assert.equal(site.context.depth?.value, 2);
  assert.equal(site.context.fanIn?.value, 784);
  assert.equal(site.context.fanOut?.value, 30);
  assert.deepEqual(site.context.activation?.value, { name: 'sigmoid' });
  assert.deepEqual(
    (site.context.stack?.value ?? []).map((l) => [l.fanIn, l.fanOut, l.init.std]),
    [
      [784, 30, 1 / Math.sqrt(784)],
      [30, 10, 1 / Math.sqrt(30)],
    ],
  );
});

test("Andrew Ng's initialize_parameters_deep: W·A layout, relu in the loop, sigmoid on the output", () => {
  const src = `import numpy as np

def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters

def L_model_forward(X, parameters):
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A = relu(np.dot(parameters['W' + str(l)], A) + parameters['b' + str(l)])
    AL = sigmoid(np.dot(parameters['W' + str(L)], A) + parameters['b' + str(L)])
    return AL

parameters = initialize_parameters_deep([12288, 20, 7, 5, 1])
`;
  const site = only(src);
  assert.equal(site.target, "parameters['W' + str(l)]");
  assert.equal(site.context.depth?.value, 4);
  assert.deepEqual(
    (site.context.stack?.value ?? []).map((l) => [l.fanIn, l.fanOut, l.activation.name]),
    [
      [12288, 20, 'relu'],
      [20, 7, 'relu'],
      [7, 5, 'relu'],
      [5, 1, 'sigmoid'],
    ],
  );
});

test('CS231n TwoLayerNet: W1 and W2 form a 2-layer stack, relu then linear scores', () => {
  const src = `import numpy as np

class TwoLayerNet(object):
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        h1 = np.maximum(0, X.dot(W1) + b1)
        scores = h1.dot(W2) + b2
        return scores

net = TwoLayerNet(3072, 50, 10)
`;
  const sites = arraySites(src);
  assert.deepEqual(sites.map((s) => s.target), ["self.params['W1']", "self.params['W2']"]);
  const [w1, w2] = sites;
  assert.deepEqual(w1.init, { scheme: 'normal', std: 1e-4 });
  assert.deepEqual(w1.context.depth, { value: 2, source: "self.params['W1'], self.params['W2'] at lines 6–8" });
  assert.deepEqual(w1.context.activation, { value: { name: 'relu' }, source: 'np.maximum at line 14' });
  assert.deepEqual(w2.context.activation?.value, { name: 'linear' });
  assert.equal(w2.context.stackIndex, 1);
  assert.deepEqual(
    (w2.context.stack?.value ?? []).map((l) => [l.fanIn, l.fanOut, l.activation.name]),
    [
      [3072, 50, 'relu'],
      [50, 10, 'linear'],
    ],
  );
});

test('torch: weights appended in a loop and applied with F.relu in `for w in ws`', () => {
  const src = `import torch
import torch.nn.functional as F
L = 8
width = 256
ws = []
for _ in range(L):
    ws.append(torch.randn(width, width) * 0.05)
h = torch.randn(32, width)
for w in ws:
    h = F.relu(h @ w)
`;
  const site = only(src);
  assert.equal(site.target, 'ws');
  assert.deepEqual(site.init, { scheme: 'normal', std: 0.05 });
  assert.deepEqual(site.context.depth, { value: 8, source: 'for _ in range(L) at line 6 (8 iterations)' });
  assert.deepEqual(site.context.activation, { value: { name: 'relu' }, source: 'F.relu at line 10' });
  assert.equal(site.context.fanIn?.value, 256);
});

test('JAX: init_mlp over zip(keys, zip(sizes[:-1], sizes[1:])) with jax.nn.relu in the forward pass', () => {
  const src = `import jax
import jax.numpy as jnp

def init_mlp(key, sizes):
    params = []
    keys = jax.random.split(key, len(sizes))
    for k, (m, n) in zip(keys, zip(sizes[:-1], sizes[1:])):
        W = jax.random.normal(k, (m, n)) * jnp.sqrt(2.0 / m)
        params.append(W)
    return params

def forward(params, x):
    for W in params:
        x = jax.nn.relu(x @ W)
    return x

params = init_mlp(jax.random.PRNGKey(0), [128, 128, 128])
`;
  const site = only(src);
  assert.equal(site.framework, 'jax');
  assert.deepEqual(site.init, { scheme: 'normal', std: Math.sqrt(2 / 128) });
  assert.equal(site.context.depth?.value, 2);
  assert.deepEqual(site.context.activation?.value, { name: 'relu' });
});

// ── Activations ─────────────────────────────────────────────────────────────────────────────

test('activations recognized in the loop that applies the weight', () => {
  const cases: [string, unknown][] = [
    ['h = np.tanh(h @ W)', { name: 'tanh' }],
    ['h = np.maximum(0, h @ W)', { name: 'relu' }],
    ['h = 1/(1+np.exp(-np.dot(h, W)))', { name: 'sigmoid' }],
    ['h = (h @ W).clip(0.0)', { name: 'relu' }],
    ['h = np.where(h @ W > 0, h @ W, 0.01 * (h @ W))', { name: 'leaky_relu', param: 0.01 }],
    ['h = np.maximum(0.2 * (h @ W), h @ W)', { name: 'leaky_relu', param: 0.2 }],
    ['h = torch.tanh(h @ W)', { name: 'tanh' }],
    ['h = torch.relu(torch.mm(h, W))', { name: 'relu' }],
    ['h = F.relu(h @ W)', { name: 'relu' }],
    ['h = F.leaky_relu(h @ W, 0.1)', { name: 'leaky_relu', param: 0.1 }],
    ['h = jax.nn.relu(h @ W)', { name: 'relu' }],
    ['h = jax.nn.gelu(h @ W)', { name: 'gelu_tanh' }],
    ['z = h.dot(W)\n    h = relu(z)', { name: 'relu' }],
    ['z = h.dot(W)\n    h = my_act(z)', { name: 'relu' }],
    ['z = h @ W\n    h = sigmoid(z)', { name: 'sigmoid' }],
  ];
  for (const [body, expected] of cases) {
    const src = `import numpy as np\nimport torch\nimport torch.nn.functional as F\nimport jax\nmy_act = lambda v: np.maximum(v, 0)\nh = np.ones((4, 32))\nfor i in range(6):\n    W = np.random.randn(32, 32) * 0.1\n    ${body}\n`;
    const site = only(src);
    assert.deepEqual(site.context.activation?.value, expected, body);
    assert.equal(site.context.depth?.value, 6, body);
  }
});

test('a user function is read by its body when its name says nothing', () => {
  const src = `import numpy as np
def nonlin(v):
    out = v.clip(0.0)
    return out
h = np.ones((4, 32))
for i in range(3):
    W = np.random.randn(32, 32) * 0.1
    h = nonlin(h @ W)
`;
  assert.deepEqual(only(src).context.activation, { value: { name: 'relu' }, source: 'nonlin at line 8 (v.clip at line 3)' });
});

test('an unknown function in the loop leaves the activation open rather than guessing', () => {
  const src = 'import numpy as np\nh = np.ones((4, 32))\nfor i in range(3):\n    W = np.random.randn(32, 32) * 0.1\n    h = mystery(h @ W)\n';
  assert.equal(only(src).context.activation, undefined);
});

// ── Not sites ───────────────────────────────────────────────────────────────────────────────

const NEGATIVES: [string, string][] = [
  ['input data batches', 'import numpy as np\nimport torch\nX = np.random.randn(1000, 500)\nx = torch.randn(64, 784)\ninputs = torch.rand(32, 10)\ndata = np.random.rand(100, 3)\nX_train = np.random.normal(0, 1, (500, 20))'],
  ['noise added to data', 'import numpy as np\nimport torch\nX = np.ones((10, 3))\nnoisy = X + np.random.normal(0, 0.1, X.shape)\nx = torch.ones(4, 3)\nx_aug = x + 0.05 * torch.randn(4, 3)'],
  ['dropout masks', 'import numpy as np\nimport torch\nH1 = np.ones((100, 50))\nU1 = (np.random.rand(*H1.shape) < 0.5) / 0.5\nmask = np.random.rand(100, 50) < 0.8\nkeep = (torch.rand(100, 50) > 0.2).float()\nH1 *= U1'],
  ['data augmentation', 'import numpy as np\nimport random\nx = np.ones((32, 32))\nx = x * (1 + 0.1 * np.random.randn(*x.shape))\nangle = random.uniform(-15, 15)\nshift = np.random.randint(-4, 4)'],
  ['VAE reparameterization', 'import torch\ndef reparameterize(mu, logvar):\n    std = torch.exp(0.5 * logvar)\n    eps = torch.randn_like(std)\n    return mu + eps * std\n'],
  ['latent sampling for a GAN', 'import torch\nz = torch.randn(16, 100)\nfake = generator(torch.randn(16, 100))\nfor epoch in range(10):\n    noise = torch.randn(64, 100)\n    out = G(noise)'],
  ['seeds', 'import numpy as np\nimport torch\nimport random\nnp.random.seed(0)\ntorch.manual_seed(0)\nrandom.seed(0)\ntorch.cuda.manual_seed_all(0)'],
  ['gradients in a gradient check', 'import numpy as np\ndout = np.random.randn(10, 5)\ndW = np.random.randn(500, 500)\ngrad_w = np.random.randn(5, 5)\ndx_num = eval_numerical_gradient_array(f, x, dout)'],
  ['random labels and indices', 'import numpy as np\nimport torch\ny = np.random.randint(0, 10, size=100)\nlabels = torch.randint(0, 10, (64,))\nidx = np.random.permutation(1000)\nnp.random.shuffle(idx)\nchoice = np.random.choice(10, 3)'],
  ['biases', 'import numpy as np\nimport torch\nb = np.zeros(500)\nb1 = np.zeros((1, 500))\nbias = torch.zeros(256)\nself.b2 = np.random.randn(10) * 0.01\nparams["b1"] = np.zeros((4, 1))'],
  ['randn in a print or a plot', 'import numpy as np\nimport matplotlib.pyplot as plt\nprint(np.random.randn(3, 3))\nplt.hist(np.random.randn(1000))\nassert np.random.rand() < 1'],
  ['a linear-algebra demo outside any layer loop', 'import numpy as np\nA = np.random.randn(3, 3)\nB = np.random.randn(3, 3)\nC = A @ B\nval = np.random.randn()'],
  ['state and buffers named by their role', 'import torch\nimport numpy as np\nh0 = torch.zeros(1, 16, 128)\ncounts = np.zeros((10, 10))\nhidden = torch.randn(2, 4, 64)\nstate = np.zeros((8, 8))'],
  ['ViT tokens and embeddings, a LoRA zero matrix', 'import torch\nimport torch.nn as nn\nself.cls_token = nn.Parameter(torch.randn(1, 1, 768))\nself.pos_embedding = nn.Parameter(torch.randn(1, 197, 768))\nself.lora_B = nn.Parameter(torch.zeros(8, 768))'],
  ['the data side of a product in a loop', 'import numpy as np\nW = np.eye(8)\nfor i in range(5):\n    batch = np.random.randn(32, 8)\n    out = batch @ W'],
  ['a 1-D zeros weight (logistic regression starts at zero)', 'import numpy as np\nw = np.zeros(20)\nw = np.zeros(n_features)'],
];

for (const [name, code] of NEGATIVES) {
  test(`not a site: ${name}`, () => {
    assert.deepEqual(
      arraySites(code).map((s) => s.text),
      [],
    );
  });
}

// ── Robustness ──────────────────────────────────────────────────────────────────────────────

test('truncated and garbled corpus files never throw', () => {
  const files = ['cs231n_tanh_table.py', 'udl_init_params.py', 'd2l_matrix_products.py', 'public_ai_xavier.py'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const name of files) {
    const text = corpus(name);
    for (let i = 1; i <= 40; i++) {
      const cut = text.slice(0, Math.floor((text.length * i) / 40));
      assert.ok(Array.isArray(findInitSites(cut)));
      const at = Math.floor(next() * text.length);
      const garbled = text.slice(0, at) + ')]}:=*@('.charAt(i % 8) + text.slice(at + 1 + (i % 5));
      assert.ok(Array.isArray(findInitSites(garbled)));
    }
  }
});

test('keyword arguments: into a layer constructor yes, into np.average no', () => {
  const site = only('import numpy as np\nlayer = Dense(W=np.random.randn(64, 32) * 0.05)\navg = np.average(x, weights=np.random.rand(5))\n');
  assert.equal(site.target, 'W');
  assert.deepEqual(site.init, { scheme: 'normal', std: 0.05 });
});

test('an RNN: Wxh and Whh feed tanh; Why is the output, not chained back', () => {
  const src = `import numpy as np
hidden_size, vocab_size = 100, 65
Wxh = np.random.randn(hidden_size, vocab_size)*0.01
Whh = np.random.randn(hidden_size, hidden_size)*0.01
Why = np.random.randn(vocab_size, hidden_size)*0.01
bh = np.zeros((hidden_size, 1))

def lossFun(inputs, hprev):
  xs, hs, ys, ps = {}, {}, {}, {}
  hs[-1] = np.copy(hprev)
  for t in range(len(inputs)):
    xs[t] = np.zeros((vocab_size,1))
    hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t-1]) + bh)
    ys[t] = np.dot(Why, hs[t])
    ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
`;
  const sites = arraySites(src);
  assert.deepEqual(sites.map((s) => s.target), ['Wxh', 'Whh', 'Why']);
  const [wxh, whh, why] = sites;
  assert.deepEqual([wxh.context.fanIn?.value, wxh.context.fanOut?.value], [65, 100]);
  assert.deepEqual(wxh.context.activation?.value, { name: 'tanh' });
  assert.deepEqual(whh.context.activation?.value, { name: 'tanh' });
  assert.deepEqual([why.context.fanIn?.value, why.context.fanOut?.value], [100, 65]);
  assert.equal(why.context.activation, undefined, 'softmax over the output is not a hidden nonlinearity');
});

test('the PyTorch warm-up: w1 then relu, w2 linear; the training loop is not a layer loop', () => {
  const src = `import torch
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, requires_grad=True)
w2 = torch.randn(H, D_out, requires_grad=True)
for t in range(500):
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
`;
  const sites = arraySites(src);
  assert.deepEqual(sites.map((s) => s.target), ['w1', 'w2']);
  const [w1, w2] = sites;
  assert.deepEqual(w1.context.depth, { value: 2, source: 'w1, w2 at lines 5–6' });
  assert.deepEqual(w1.context.activation, { value: { name: 'relu' }, source: 'h.clamp at line 9' });
  assert.deepEqual(w2.context.activation?.value, { name: 'linear' });
  assert.deepEqual((w2.context.stack?.value ?? []).map((l) => [l.fanIn, l.fanOut]), [[1000, 100], [100, 10]]);
});
