import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/core/simulate';
import type { InitSpec, LayerSpec } from '../../../src/core/types';
import { describeNetwork, networkForSite, type NetworkDefaults } from '../../../src/model/network';
import type { InitSite, SiteContext } from '../../../src/parse/types';

const DEFAULTS: NetworkDefaults = { depth: 20, width: 512, activation: { name: 'relu' }, batch: 64 };

function site(init: InitSpec, context: SiteContext = {}, extra: Partial<InitSite> = {}): InitSite {
  return {
    range: { from: 0, to: 1, start: { line: 0, column: 0 }, end: { line: 0, column: 1 } },
    framework: 'numpy',
    init,
    params: init.std !== undefined ? { std: init.std } : {},
    unresolved: [],
    implicit: false,
    context,
    text: 'W',
    ...extra,
  };
}

const inferred = <T>(value: T) => ({ value, source: 'code' });

test('context gives depth, fans and activation: a square network, only the batch assumed', () => {
  const result = networkForSite(
    site({ scheme: 'normal', std: 0.01 }, { depth: inferred(10), fanIn: inferred(500), fanOut: inferred(500), activation: inferred({ name: 'tanh' as const }) }),
    DEFAULTS,
  );
  assert.ok(result.network);
  assert.equal(result.network.inputWidth, 500);
  assert.equal(result.network.layers.length, 10);
  for (const layer of result.network.layers) assert.deepEqual(layer, { fanIn: 500, fanOut: 500, init: { scheme: 'normal', std: 0.01 }, activation: { name: 'tanh' } });
  assert.equal(result.batch, 64);
  assert.deepEqual(result.assumptions, ['batch 64 (assumed: setting initLens.defaultBatch)']);
  assert.deepEqual(result.summary, { depth: 10, widths: Array(11).fill(500), activations: Array(10).fill('tanh') });
  assert.equal(describeNetwork(result.summary), '10 × 500, tanh');
});

test('nothing known: every default is used and named, with the origin the caller gives', () => {
  const bare = networkForSite(site({ scheme: 'he_normal' }), DEFAULTS);
  assert.deepEqual(bare.assumptions, [
    'depth 20 (assumed: setting initLens.defaultDepth)',
    'width 512 (assumed: setting initLens.defaultWidth)',
    'activation relu (assumed: setting initLens.defaultActivation)',
    'batch 64 (assumed: setting initLens.defaultBatch)',
  ]);
  assert.equal(bare.network?.layers.length, 20);
  const cli = networkForSite(site({ scheme: 'he_normal' }), { ...DEFAULTS, activation: { name: 'leaky_relu', param: 0.2 }, origin: { depth: '--depth', activation: 'default of --activation' } });
  assert.equal(cli.assumptions[0], 'depth 20 (assumed: --depth)');
  assert.equal(cli.assumptions[2], 'activation leaky_relu(0.2) (assumed: default of --activation)');
});

test('known fan_in only: the first layer keeps it, the rest take the assumed width', () => {
  const result = networkForSite(site({ scheme: 'xavier_uniform' }, { fanIn: inferred(784), depth: inferred(3) }), DEFAULTS);
  assert.deepEqual(result.summary.widths, [784, 512, 512, 512]);
  assert.equal(result.assumptions[0], 'width 512 after the 784 inputs (assumed: setting initLens.defaultWidth)');
  const fanOutOnly = networkForSite(site({ scheme: 'xavier_uniform' }, { fanOut: inferred(10), depth: inferred(2) }), DEFAULTS);
  assert.deepEqual(fanOutOnly.summary.widths, [512, 10, 10]);
  assert.equal(fanOutOnly.assumptions[0], 'input width 512 (assumed: setting initLens.defaultWidth)');
  assert.equal(describeNetwork(fanOutOnly.summary), '512 → 10 → 10, relu');
});

test('the init-lens comment wins over the context and the defaults, and is not an assumption', () => {
  const context = { depth: inferred(10), fanIn: inferred(500), fanOut: inferred(500), activation: inferred({ name: 'tanh' as const }) };
  const result = networkForSite(
    site({ scheme: 'normal', std: 0.05 }, context, { override: { depth: 50, width: 80, activation: { name: 'relu' }, batch: 128 } }),
    DEFAULTS,
  );
  assert.equal(result.network?.layers.length, 50);
  assert.equal(result.network?.inputWidth, 80);
  assert.ok(result.network?.layers.every((l) => l.fanIn === 80 && l.fanOut === 80 && l.activation.name === 'relu'));
  assert.equal(result.batch, 128);
  assert.deepEqual(result.assumptions, []);
  // A partial override keeps the rest of the context.
  const partial = networkForSite(site({ scheme: 'normal', std: 0.05 }, context, { override: { depth: 3 } }), DEFAULTS);
  assert.deepEqual(partial.summary, { depth: 3, widths: [500, 500, 500, 500], activations: ['tanh', 'tanh', 'tanh'] });
});

const mlp: LayerSpec[] = [
  { fanIn: 784, fanOut: 512, init: { scheme: 'torch_default' }, activation: { name: 'relu' } },
  { fanIn: 512, fanOut: 512, init: { scheme: 'torch_default' }, activation: { name: 'relu' } },
  { fanIn: 512, fanOut: 10, init: { scheme: 'torch_default' }, activation: { name: 'linear' } },
];

test('a stack is simulated as written: real widths, inits and activations, non-square', () => {
  const xavier: InitSpec = { scheme: 'xavier_uniform' };
  const result = networkForSite(site(xavier, { stack: inferred(mlp), stackIndex: 1, depth: inferred(99) }, { framework: 'torch' }), DEFAULTS);
  assert.ok(result.network);
  assert.equal(result.network.inputWidth, 784);
  assert.deepEqual(result.network.layers.map((l) => l.init.scheme), ['torch_default', 'xavier_uniform', 'torch_default']);
  assert.deepEqual(result.summary, { depth: 3, widths: [784, 512, 512, 10], activations: ['relu', 'relu', 'linear'] });
  assert.equal(describeNetwork(result.summary), '784 → 512 → 512 → 10, relu ×2, linear');
  assert.deepEqual(result.assumptions, ['batch 64 (assumed: setting initLens.defaultBatch)']);
  // The core simulates the non-square stack.
  const sim = simulate(result.network, { batch: 8, seeds: 1, seed: 0, rng: 'xoshiro', engine: 'dense', bins: 5 });
  assert.equal(sim.layers.length, 3);
  assert.equal(sim.layers[2].forward.histogram.counts.reduce((a, b) => a + b, 0), 8 * 10);

  const tanh = networkForSite(site(xavier, { stack: inferred(mlp), stackIndex: 0 }, { override: { activation: { name: 'tanh' } } }), DEFAULTS);
  assert.deepEqual(tanh.summary.activations, ['tanh', 'tanh', 'tanh']);
  // A depth or width in the comment asks for another shape than the stack: a square network.
  const deep = networkForSite(site(xavier, { stack: inferred(mlp), stackIndex: 0, fanIn: inferred(784), fanOut: inferred(512) }, { override: { depth: 30 } }), DEFAULTS);
  assert.deepEqual(deep.summary.widths, [784, ...Array(30).fill(512)]);
  assert.equal(describeNetwork(deep.summary), '784 → 512 ×30, relu');
});

test('an unresolved scale cannot be simulated: the reason names the expression', () => {
  const result = networkForSite(site({ scheme: 'normal' }, { depth: inferred(10) }, { unresolved: ['scale'] }), DEFAULTS);
  assert.equal(result.network, null);
  assert.match(result.reason ?? '', /standard deviation depends on `scale`, which is not a constant/);
  assert.equal(result.summary.depth, 10);
  assert.match(networkForSite(site({ scheme: 'uniform' }), DEFAULTS).reason ?? '', /no bounds Init Lens can read/);
  assert.match(networkForSite(site({ scheme: 'constant' }), DEFAULTS).reason ?? '', /no value/);
  // Fan-based schemes need no constant from the code; what was not read is still said.
  const he = networkForSite(site({ scheme: 'he_normal' }, {}, { unresolved: ['n_in'] }), DEFAULTS);
  assert.ok(he.network);
  assert.match(he.assumptions.at(-1) ?? '', /not read from the code: `n_in`/);
});

test('params fill in the scale the init spec leaves out', () => {
  const normal = networkForSite(site({ scheme: 'normal' }, { depth: inferred(1) }, { params: { std: 0.2 } }), DEFAULTS);
  assert.deepEqual(normal.network?.layers[0].init, { scheme: 'normal', std: 0.2 });
  const uniform = networkForSite(site({ scheme: 'uniform' }, { depth: inferred(1) }, { params: { std: 0.1 } }), DEFAULTS);
  const init = uniform.network?.layers[0].init;
  assert.ok(init && Math.abs((init.high ?? 0) - 0.1 * Math.sqrt(3)) < 1e-15 && init.low === -(init.high ?? 0));
  const bounds = networkForSite(site({ scheme: 'uniform' }, { depth: inferred(1) }, { params: { low: -0.5, high: 0.5, std: 0.2887 } }), DEFAULTS);
  assert.deepEqual(bounds.network?.layers[0].init, { scheme: 'uniform', low: -0.5, high: 0.5 });
});

test('a conv layer becomes a dense layer over channels with the same variance per unit', () => {
  const conv: InitSpec = { scheme: 'he_normal', nonlinearity: 'relu', receptiveField: 9 };
  const result = networkForSite(site(conv, { fanIn: inferred(64), fanOut: inferred(64), depth: inferred(4), activation: inferred({ name: 'relu' as const }) }), DEFAULTS);
  assert.ok(result.network);
  const layer = result.network.layers[0];
  // He over fan_in = 64·9: std √2/24; over 64 channels the weights are scaled by √9 so σ_w² stays 2.
  assert.equal(layer.init.scheme, 'normal');
  assert.ok(Math.abs((layer.init.std ?? 0) - (Math.SQRT2 / 24) * 3) < 1e-15);
  assert.ok(Math.abs(64 * (layer.init.std ?? 0) ** 2 - 2) < 1e-12);
  assert.match(result.assumptions.join('\n'), /conv layers simulated as dense layers over channels with weights scaled by √\(receptive field\) = 3/);
  const grouped = networkForSite(site({ scheme: 'torch_default', receptiveField: 9, groups: 4 }, { fanIn: inferred(64), fanOut: inferred(64), depth: inferred(1) }), DEFAULTS);
  // U(±1/√(16·9)) scaled by √(9/4): variance·64 = 64·(1/144)/3·(9/4) = 1/3.
  const g = grouped.network?.layers[0].init;
  assert.ok(g && Math.abs(64 * ((g.high ?? 0) ** 2 / 3) - 1 / 3) < 1e-12);
  const dirac = networkForSite(site({ scheme: 'eye', receptiveField: 9 }, { fanIn: inferred(8), fanOut: inferred(8), depth: inferred(2) }), DEFAULTS);
  assert.deepEqual(dirac.network?.layers[0].init, { scheme: 'eye', value: 1 });
});

test('shapes the core rejects become a named reason, never a throw or a huge allocation', () => {
  const huge = networkForSite(site({ scheme: 'he_normal' }, { depth: inferred(1_000_000) }), DEFAULTS);
  assert.equal(huge.network, null);
  assert.match(huge.reason ?? '', /depth must be an integer from 1 to 10000 \(got 1000000\)/);
  const broken: LayerSpec[] = [mlp[0], mlp[0]];
  const chain = networkForSite(site({ scheme: 'he_normal' }, { stack: inferred(broken) }), DEFAULTS);
  assert.match(chain.reason ?? '', /layer 2 fan_in must be equal to the previous layer's width 512 \(got 784\)/);
  assert.deepEqual(chain.summary.widths, [784, 512, 512]);
  const negative = networkForSite(site({ scheme: 'normal', std: -1 }), DEFAULTS);
  assert.match(negative.reason ?? '', /normal std must be a finite number ≥ 0/);
});

test('a stack width the code leaves open is chained from the layer before, or assumed and said so', () => {
  const open: LayerSpec[] = [
    { fanIn: Number.NaN, fanOut: 512, init: { scheme: 'flax_default' }, activation: { name: 'tanh' } },
    { fanIn: Number.NaN, fanOut: 10, init: { scheme: 'flax_default' }, activation: { name: 'linear' } },
  ];
  const result = networkForSite(site({ scheme: 'flax_default' }, { stack: inferred(open), stackIndex: 1 }, { framework: 'flax' }), DEFAULTS);
  assert.ok(result.network, result.reason);
  assert.deepEqual(result.summary.widths, [512, 512, 10]);
  assert.deepEqual(result.assumptions, ['input width 512 (assumed: setting initLens.defaultWidth)', 'batch 64 (assumed: setting initLens.defaultBatch)']);
});
