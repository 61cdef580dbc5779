import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HE, HE_UNIFORM, LEAKY, LECUN, XAVIER, refusal, rewrite, rewrittenLine, siteOn } from './editHelpers';

const NP = 'import numpy as np\na, b = 256, 128\n';

// ── The spellings of design.md §5, each rewritten to He normal ──────────────────────────────

const HE_CASES: [string, string, string][] = [
  ['randn * s', 'W = np.random.randn(a, b) * 0.01', 'W = np.random.randn(a, b) * np.sqrt(2 / a)'],
  ['randn / sqrt(fan_in)', 'W = np.random.randn(a, b) / np.sqrt(a)', 'W = np.random.randn(a, b) * np.sqrt(2 / a)'],
  ['s * randn', 'W = 0.01 * np.random.randn(a, b)', 'W = np.sqrt(2 / a) * np.random.randn(a, b)'],
  ['normal(loc, scale, size=)', 'W = np.random.normal(0, 0.01, size=(a, b))', 'W = np.random.normal(0, np.sqrt(2 / a), size=(a, b))'],
  ['normal(loc=, scale=, size=)', 'W = np.random.normal(loc=0.0, scale=0.05, size=(a, b))', 'W = np.random.normal(loc=0.0, scale=np.sqrt(2 / a), size=(a, b))'],
  ['normal with a mean: the mean goes to 0', 'W = np.random.normal(0.1, 0.02, (a, b))', 'W = np.random.normal(0, np.sqrt(2 / a), (a, b))'],
  ['normal(size=) * s', 'W = np.random.normal(size=(a, b)) * 0.1', 'W = np.random.normal(size=(a, b)) * np.sqrt(2 / a)'],
  ['uniform(-r, r, size): same variance, uniform kept', 'r = 0.1\nW = np.random.uniform(-r, r, (a, b))', 'r = 0.1\nW = np.random.uniform(-np.sqrt(6 / a), np.sqrt(6 / a), (a, b))'],
  ['uniform(-1, 1) * r: the factor is the bound', 'W = np.random.uniform(-1, 1, (a, b)) * 0.1', 'W = np.random.uniform(-1, 1, (a, b)) * np.sqrt(6 / a)'],
  ['default_rng standard_normal', 'rng = np.random.default_rng(0)\nW = rng.standard_normal((a, b)) * 0.02', 'rng = np.random.default_rng(0)\nW = rng.standard_normal((a, b)) * np.sqrt(2 / a)'],
  ['RandomState randn', 'rs = np.random.RandomState(42)\nW = rs.randn(a, b) * 0.01', 'rs = np.random.RandomState(42)\nW = rs.randn(a, b) * np.sqrt(2 / a)'],
  ['.astype keeps the draw', 'W = np.random.randn(a, b).astype(np.float32) * 0.01', 'W = np.random.randn(a, b).astype(np.float32) * np.sqrt(2 / a)'],
  ['several factors become one', 'W = np.random.randn(a, b) * 0.1 * 0.5', 'W = np.random.randn(a, b) * np.sqrt(2 / a)'],
  ['a plain draw gets a factor', 'W = np.random.randn(a, b)\nprint(W)', 'W = np.random.randn(a, b) * np.sqrt(2 / a)\nprint(W)'],
  ['literal shape', 'W = np.random.randn(784, 100) * 0.01', 'W = np.random.randn(784, 100) * np.sqrt(2 / 784)'],
  ['an expression dimension is parenthesized', 'W = np.random.randn(a + 1, b) * 0.01', 'W = np.random.randn(a + 1, b) * np.sqrt(2 / (a + 1))'],
];

for (const [name, code, expected] of HE_CASES) {
  test(`numpy He: ${name}`, () => {
    const source = NP + code;
    const line = code.split('\n').findIndex((l) => l.startsWith('W =')) + 3;
    const { out } = rewrite(source, siteOn(source, line));
    assert.equal(out, NP + expected);
  });
}

test('numpy: Xavier, LeCun and leaky ReLU formulas', () => {
  const source = `${NP}W = np.random.randn(a, b) * 0.01\n`;
  assert.equal(rewrittenLine(source, 3, XAVIER), 'W = np.random.randn(a, b) * np.sqrt(2 / (a + b))');
  assert.equal(rewrittenLine(source, 3, LECUN), 'W = np.random.randn(a, b) * np.sqrt(1 / a)');
  assert.equal(rewrittenLine(source, 3, LEAKY), 'W = np.random.randn(a, b) * np.sqrt(2 / ((1 + 0.2**2) * a))');
  assert.equal(rewrittenLine(source, 3, { scheme: 'he_normal', mode: 'fan_out', nonlinearity: 'relu' }), 'W = np.random.randn(a, b) * np.sqrt(2 / b)');
  assert.equal(rewrittenLine(source, 3, { scheme: 'xavier_normal', gain: 5 / 3 }), 'W = np.random.randn(a, b) * 5 / 3 * np.sqrt(2 / (a + b))');
  assert.equal(rewrittenLine(source, 3, { scheme: 'normal', std: 0.02 }), 'W = np.random.randn(a, b) * 0.02');
  // A uniform scheme on a normal draw keeps the draw: He uniform's variance is He normal's.
  assert.equal(rewrittenLine(source, 3, HE_UNIFORM), 'W = np.random.randn(a, b) * np.sqrt(2 / a)');
});

test('numpy uniform: Xavier and LeCun bounds; a fixed normal becomes the same-variance bounds', () => {
  const source = `${NP}W = np.random.uniform(-0.1, 0.1, (a, b))\n`;
  assert.equal(rewrittenLine(source, 3, XAVIER), 'W = np.random.uniform(-np.sqrt(6 / (a + b)), np.sqrt(6 / (a + b)), (a, b))');
  assert.equal(rewrittenLine(source, 3, LECUN), 'W = np.random.uniform(-np.sqrt(3 / a), np.sqrt(3 / a), (a, b))');
  assert.equal(rewrittenLine(source, 3, { scheme: 'uniform', low: -0.05, high: 0.05 }), 'W = np.random.uniform(-0.05, 0.05, (a, b))');
  const result = rewrite(source, siteOn(source, 3), HE);
  assert.equal(result.scheme, 'He uniform');
});

test('the module alias the file uses: numpy, onp, from-import sqrt, math, none', () => {
  const cases: [string, string][] = [
    ['import numpy\nW = numpy.random.randn(64, 32) * 0.01', 'W = numpy.random.randn(64, 32) * numpy.sqrt(2 / 64)'],
    ['import numpy as onp\nW = onp.random.randn(64, 32) * 0.01', 'W = onp.random.randn(64, 32) * onp.sqrt(2 / 64)'],
    ['from numpy.random import randn\nfrom numpy import sqrt\nW = randn(64, 32) * 0.01', 'W = randn(64, 32) * sqrt(2 / 64)'],
    ['from numpy.random import randn\nimport math\nW = randn(64, 32) * 0.01', 'W = randn(64, 32) * math.sqrt(2 / 64)'],
    ['from numpy.random import randn\nW = randn(64, 32) * 0.01', 'W = randn(64, 32) * (2 / 64) ** 0.5'],
    // A snippet that uses np without showing the import: the reader took np for numpy.
    ['W = np.random.randn(64, 32) * 0.01', 'W = np.random.randn(64, 32) * np.sqrt(2 / 64)'],
  ];
  for (const [source, expected] of cases) {
    const lines = source.split('\n');
    assert.equal(rewrittenLine(source, lines.length), expected, source);
  }
});

test('the fan_in argument follows the layout the weight is used in, not its position', () => {
  // Andrew Ng's layout: W (n_out, n_in) applied as np.dot(W, X).
  const ng = 'import numpy as np\nn_x, n_h = 784, 64\nX = np.ones((n_x, 10))\nW1 = np.random.randn(n_h, n_x) * 0.01\nZ1 = np.dot(W1, X)\n';
  assert.equal(rewrittenLine(ng, 4), 'W1 = np.random.randn(n_h, n_x) * np.sqrt(2 / n_x)');
  // A layer loop over a size list.
  const loop = 'import numpy as np\nlayer_dims = [784, 128, 10]\nparams = {}\nfor l in range(1, len(layer_dims)):\n    params["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01\n';
  const site = siteOn(loop, 5);
  assert.equal(site.context.fanIn?.value !== undefined, true);
  assert.equal(rewrite(loop, site).out.split('\n')[4], '    params["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])');
});

test('UDL 7.3 notebook: init_params becomes what the notes write for He, and the buggy re_init_params is fixed', () => {
  const source = readFileSync(join('test/unit/parse/corpus/arrays', 'udl_init_params.py'), 'utf8');
  assert.equal(rewrittenLine(source, 22), '  all_weights[0] = np.random.normal(size=(D, D_i)) * np.sqrt(2 / D_i)');
  assert.equal(rewrittenLine(source, 23), '  all_weights[-1] = np.random.normal(size=(D_o, D)) * np.sqrt(2 / D)');
  assert.equal(rewrittenLine(source, 29), '    all_weights[layer] = np.random.normal(size=(D,D)) * np.sqrt(2 / D)');
  assert.equal(rewrittenLine(source, 172), '  all_weights[0] = np.random.normal(size=(D, D_i)) * np.sqrt(2 / D_i)');
  assert.match(refusal(source, 92), /already initializes with He normal/);
});

test('CS231n tanh table and Public AI notes: the cells students fill in', () => {
  const cs231n = readFileSync(join('test/unit/parse/corpus/arrays', 'cs231n_tanh_table.py'), 'utf8');
  assert.equal(rewrittenLine(cs231n, 25, XAVIER, { name: 'tanh' }), '    W = np.random.randn(fan_in, fan_out) * np.sqrt(2 / (fan_in + fan_out))');
  const publicAi = readFileSync(join('test/unit/parse/corpus/arrays', 'public_ai_xavier.py'), 'utf8');
  assert.equal(rewrittenLine(publicAi, 18), '    W = np.random.randn(unit_num, unit_num) * np.sqrt(2 / unit_num)');
});

test('a fan_in the reader cannot evaluate is still written as its name (checked by form)', () => {
  const source = 'import numpy as np\ndef layer(n_in, n_out, scale):\n    W = np.random.randn(n_in, n_out) * scale\n    return W\n';
  const result = rewrite(source, siteOn(source, 3));
  assert.equal(result.out.split('\n')[2], '    W = np.random.randn(n_in, n_out) * np.sqrt(2 / n_in)');
  assert.equal(result.checked, 'form');
});

test('jax.random draws: jnp.sqrt when jax.numpy is imported, ** 0.5 otherwise', () => {
  const withJnp = 'import jax\nimport jax.numpy as jnp\nkey = jax.random.PRNGKey(0)\nW = jax.random.normal(key, (784, 512)) * 0.01\n';
  assert.equal(rewrittenLine(withJnp, 4), 'W = jax.random.normal(key, (784, 512)) * jnp.sqrt(2 / 784)');
  const bare = 'import jax\nkey = jax.random.PRNGKey(0)\nW = jax.random.normal(key, (784, 512)) / 28\n';
  assert.equal(rewrittenLine(bare, 3), 'W = jax.random.normal(key, (784, 512)) * (2 / 784) ** 0.5');
  const uniform = 'import jax\nimport jax.numpy as jnp\nkey = jax.random.PRNGKey(0)\nW = jax.random.uniform(key, (512, 256), minval=-0.05, maxval=0.05)\n';
  assert.equal(rewrittenLine(uniform, 4, XAVIER), 'W = jax.random.uniform(key, (512, 256), minval=-jnp.sqrt(6 / (512 + 256)), maxval=jnp.sqrt(6 / (512 + 256)))');
});

test('pseudo-code: the scale factor is replaced, fans named as in the notes', () => {
  assert.equal(rewrittenLine('W = randn * sqrt(2/fan_in)\n', 1, LECUN), 'W = randn * sqrt(1 / fan_in)');
  assert.equal(rewrittenLine('W = randn * 0.01\n', 1, XAVIER), 'W = randn * sqrt(2 / (fan_in + fan_out))');
  assert.equal(rewrittenLine('W2 = randn(n, m) * 0.01\n', 1), 'W2 = randn(n, m) * sqrt(2 / n)');
});

test("Python's random: per-entry gauss in a comprehension", () => {
  const source = 'import random\nimport math\nn_in, n_out = 64, 32\nW = [[random.gauss(0, 0.01) for _ in range(n_out)] for _ in range(n_in)]\n';
  // One inner list per neuron: fan_in is the inner length, 32.
  assert.equal(rewrittenLine(source, 4), 'W = [[random.gauss(0, math.sqrt(2 / 32)) for _ in range(n_out)] for _ in range(n_in)]');
});

test('numpy sites that are not rewritten, with the reason', () => {
  assert.match(refusal(`${NP}W = np.random.randn(a, b)\nW *= 0.02\n`, 3), /scale is applied to this draw on another line/);
  assert.match(refusal(`${NP}W = 2 * np.random.rand(a, b) - 1\n`, 3), /combined with "-"/);
  assert.match(refusal(`${NP}W = np.random.rand(a, b) * 0.1\n`, 3), /U\[0, 1\)/);
  assert.match(refusal(`${NP}kernel = np.random.randn(3, 3, 16, 32) * 0.1\n`, 3), /receptive field/);
  assert.match(refusal(`${NP}W = np.random.randn(a, b) * 0.01\n`, 3, { scheme: 'orthogonal' }), /cannot be written as a scale/);
  assert.match(refusal(`${NP}W = np.random.normal(0, 0.5, (a, b)) * 0.1\n`, 3), /std is set in two places/);
});

test('a stale site (the text changed since the analysis) is refused', async () => {
  const { initEdit } = await import('../../../src/edit/writeInit');
  const source = `${NP}W = np.random.randn(a, b) * 0.01\n`;
  const site = siteOn(source, 3);
  const changed = source.replace('0.01', '0.1');
  const result = initEdit(site, changed, HE, { name: 'relu' });
  assert.ok('reason' in result);
  assert.match(result.reason, /changed since it was analysed/);
});
