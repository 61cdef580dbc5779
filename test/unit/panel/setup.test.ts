import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveInit } from '../../../src/core/schemes';
import type { InitSpec, LayerSpec } from '../../../src/core/types';
import { controlsOf, initFromControls, initLabel, paramForSchemeChange, paramProblem } from '../../../src/panel/initControls';
import type { PanelSetup, RunOptions } from '../../../src/panel/protocol';
import {
  compareSetup,
  sameNetwork,
  sameSetup,
  setupDepth,
  setupTitle,
  setupWidth,
  shapeLabel,
  siteInit,
  squareSetup,
  withInit,
  withOptions,
  withShape,
} from '../../../src/panel/setup';

const options: RunOptions = { batch: 64, draws: 8, seed: 0, engine: 'auto' };

/** 784 → 512 → 256 → 10 with the site at layer 2 (0-based 1), as model/network.ts builds a Sequential. */
function stack(): PanelSetup {
  const relu = { name: 'relu' as const };
  const torch: InitSpec = { scheme: 'torch_default' };
  const layers: LayerSpec[] = [
    { fanIn: 784, fanOut: 512, init: torch, activation: relu },
    { fanIn: 512, fanOut: 256, init: { scheme: 'normal', std: 0.01 }, activation: relu },
    { fanIn: 256, fanOut: 10, init: torch, activation: { name: 'linear' } },
  ];
  return { network: { inputWidth: 784, layers }, siteLayers: [1], shape: 'stack', options, assumptions: ['batch 64 (assumed: setting initLens.defaultBatch)'] };
}

test('squareSetup builds depth × width layers, all of them site layers', () => {
  const setup = squareSetup({ scheme: 'he_normal' }, { name: 'relu' }, 20, 512, options, ['depth 20 (assumed: setting initLens.defaultDepth)']);
  assert.equal(setup.shape, 'square');
  assert.equal(setup.network.inputWidth, 512);
  assert.equal(setup.network.layers.length, 20);
  assert.ok(setup.network.layers.every((l) => l.fanIn === 512 && l.fanOut === 512 && l.init.scheme === 'he_normal' && l.activation.name === 'relu'));
  assert.deepEqual(setup.siteLayers, Array.from({ length: 20 }, (_, i) => i));
  assert.deepEqual(setup.options, options);
  assert.equal(setupTitle(setup), 'He normal · ReLU · 20×512');
});

test('setupTitle names the param, leaky slope and a stack’s widths', () => {
  assert.equal(setupTitle(squareSetup({ scheme: 'normal', std: 0.01 }, { name: 'tanh' }, 10, 500, options)), 'Normal (std 0.01) · tanh · 10×500');
  assert.equal(setupTitle(squareSetup({ scheme: 'xavier_normal', gain: 5 / 3 }, { name: 'leaky_relu', param: 0.2 }, 3, 64, options)), 'Xavier normal (gain 5/3) · LeakyReLU(0.2) · 3×64');
  assert.equal(setupTitle(squareSetup({ scheme: 'xavier_uniform', gain: 1 }, { name: 'sigmoid' }, 3, 64, options)), 'Xavier uniform · sigmoid · 3×64');
  assert.equal(setupTitle(stack()), 'Normal (std 0.01) · ReLU, linear · 784→512→256→10');
  assert.equal(initLabel({ scheme: 'uniform', low: -0.05, high: 0.05 }), 'Uniform (±0.05)');
  assert.equal(initLabel({ scheme: 'uniform', low: 0, high: 0.01 }), 'Uniform (0, 0.01)');
  assert.equal(shapeLabel({ inputWidth: 784, layers: Array.from({ length: 20 }, (_, i) => ({ fanIn: i === 0 ? 784 : 512, fanOut: 512, init: { scheme: 'he_normal' }, activation: { name: 'relu' } })) }), '784→512×20');
});

test('withInit replaces the init at the site layers only', () => {
  const next = withInit(stack(), { scheme: 'he_normal' });
  assert.deepEqual(
    next.network.layers.map((l) => l.init.scheme),
    ['torch_default', 'he_normal', 'torch_default'],
  );
  assert.equal(siteInit(next).scheme, 'he_normal');
  // The original is not mutated.
  assert.equal(siteInit(stack()).scheme, 'normal');
});

test('withShape makes a stack square with the site init and drops assumptions the user replaced', () => {
  const s = stack();
  assert.equal(withShape(s, { width: 256 }), s, 'unchanged values keep the setup');
  const square = withShape(s, { depth: 30 });
  assert.equal(square.shape, 'square');
  assert.equal(setupDepth(square), 30);
  assert.equal(setupWidth(square), 256);
  assert.equal(square.network.inputWidth, 256);
  assert.ok(square.network.layers.every((l) => l.init.scheme === 'normal' && l.init.std === 0.01 && l.activation.name === 'relu'));
  assert.deepEqual(square.siteLayers.length, 30);

  const assumed = squareSetup({ scheme: 'he_normal' }, { name: 'relu' }, 10, 512, options, [
    'depth 10 (assumed: setting initLens.defaultDepth)',
    'width 512 (assumed: setting initLens.defaultWidth)',
    'activation relu (assumed: setting initLens.defaultActivation)',
    'batch 64 (assumed: setting initLens.defaultBatch)',
  ]);
  assert.deepEqual(withShape(assumed, { activation: { name: 'tanh' }, depth: 12 }).assumptions, [
    'width 512 (assumed: setting initLens.defaultWidth)',
    'batch 64 (assumed: setting initLens.defaultBatch)',
  ]);
  assert.deepEqual(withOptions(assumed, { batch: 128 }).assumptions.length, 3);
  assert.equal(withOptions(assumed, { batch: 128 }).options.batch, 128);
  assert.equal(withOptions(assumed, { seed: 3 }).assumptions.length, 4);
});

test('withShape keeps a square net’s own input width unless the width changes', () => {
  const base = squareSetup({ scheme: 'he_normal' }, { name: 'relu' }, 4, 512, options);
  base.network = { inputWidth: 784, layers: base.network.layers.map((l, i) => (i === 0 ? { ...l, fanIn: 784 } : l)) };
  const deeper = withShape(base, { depth: 6 });
  assert.equal(deeper.network.inputWidth, 784);
  assert.equal(deeper.network.layers[0].fanIn, 784);
  assert.equal(deeper.network.layers[5].fanIn, 512);
  const wider = withShape(base, { width: 1024 });
  assert.equal(wider.network.inputWidth, 1024);
});

test('controlsOf exposes each scheme’s one number with resolveInit’s defaults', () => {
  assert.deepEqual(controlsOf({ scheme: 'normal', std: 0.01 }), { scheme: 'normal', param: { name: 'std', value: 0.01 } });
  assert.deepEqual(controlsOf({ scheme: 'normal' }), { scheme: 'normal', param: { name: 'std', value: 1 } });
  assert.deepEqual(controlsOf({ scheme: 'uniform', low: -0.05, high: 0.05 }), { scheme: 'uniform', param: { name: 'bound', value: 0.05 } });
  assert.deepEqual(controlsOf({ scheme: 'uniform' }), { scheme: 'uniform', param: { name: 'bound', value: 1 } });
  assert.deepEqual(controlsOf({ scheme: 'truncated_normal', std: 0.02 }), { scheme: 'truncated_normal', param: { name: 'std', value: 0.02 } });
  assert.deepEqual(controlsOf({ scheme: 'xavier_uniform', gain: 5 / 3 }), { scheme: 'xavier_uniform', param: { name: 'gain', value: 5 / 3 } });
  assert.deepEqual(controlsOf({ scheme: 'orthogonal' }), { scheme: 'orthogonal', param: { name: 'gain', value: 1 } });
  assert.deepEqual(controlsOf({ scheme: 'variance_scaling', scale: 2, mode: 'fan_in' }), { scheme: 'variance_scaling', param: { name: 'scale', value: 2 } });
  assert.deepEqual(controlsOf({ scheme: 'constant', value: 0.5 }), { scheme: 'constant', param: { name: 'value', value: 0.5 } });
  for (const scheme of ['he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform', 'torch_default', 'keras_default', 'flax_default', 'zeros', 'eye', 'sparse'] as const) {
    assert.equal(controlsOf({ scheme }).param, null, scheme);
  }
});

test('initFromControls keeps the base’s other fields when the scheme is unchanged', () => {
  const keras: InitSpec = { scheme: 'truncated_normal', std: 0.05, truncation: 'keras' };
  assert.deepEqual(initFromControls(keras, 'truncated_normal', 0.02), { scheme: 'truncated_normal', std: 0.02, truncation: 'keras' });
  const scaling: InitSpec = { scheme: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' };
  assert.deepEqual(initFromControls(scaling, 'variance_scaling', 1), { scheme: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' });
  const he: InitSpec = { scheme: 'he_normal', mode: 'fan_out', nonlinearity: 'relu' };
  assert.equal(initFromControls(he, 'he_normal', null), he);
  // An unedited number keeps an asymmetric uniform as it is; an edited one makes it symmetric.
  const flax: InitSpec = { scheme: 'uniform', low: 0, high: 0.01 };
  assert.equal(initFromControls(flax, 'uniform', 0.01), flax);
  assert.deepEqual(initFromControls(flax, 'uniform', 0.1), { scheme: 'uniform', low: -0.1, high: 0.1 });
  assert.deepEqual(resolveInit(initFromControls(flax, 'uniform', 0.1), 10, 10), { kind: 'uniform', low: -0.1, high: 0.1 });
});

test('initFromControls starts a new scheme from its defaults, carrying only what still applies', () => {
  assert.deepEqual(initFromControls({ scheme: 'normal', std: 0.01, mean: 0.5 }, 'xavier_normal', 5 / 3), { scheme: 'xavier_normal', gain: 5 / 3 });
  assert.deepEqual(initFromControls({ scheme: 'he_normal', mode: 'fan_out', a: 0.2 }, 'he_uniform', null), { scheme: 'he_uniform', mode: 'fan_out', a: 0.2 });
  assert.deepEqual(initFromControls({ scheme: 'he_normal', mode: 'fan_out' }, 'lecun_normal', null), { scheme: 'lecun_normal' });
  assert.deepEqual(initFromControls({ scheme: 'he_normal', receptiveField: 9 }, 'normal', 0.02), { scheme: 'normal', receptiveField: 9, std: 0.02 });
  assert.deepEqual(initFromControls({ scheme: 'he_normal', receptiveField: 9 }, 'eye', null), { scheme: 'eye' });
  assert.deepEqual(initFromControls({ scheme: 'normal' }, 'uniform', 0.05), { scheme: 'uniform', low: -0.05, high: 0.05 });
  assert.deepEqual(initFromControls({ scheme: 'normal' }, 'constant', 0.1), { scheme: 'constant', value: 0.1 });
  assert.deepEqual(initFromControls({ scheme: 'normal' }, 'orthogonal', null), { scheme: 'orthogonal' });
  // sparse cannot be resolved without a sparsity: the picker gives it PyTorch's usual 0.9.
  const sparse = initFromControls({ scheme: 'normal' }, 'sparse', null);
  assert.deepEqual(sparse, { scheme: 'sparse', sparsity: 0.9 });
  assert.equal(resolveInit(sparse, 100, 100).kind, 'sparse');
});

test('paramForSchemeChange carries a number only when it means the same thing', () => {
  assert.equal(paramForSchemeChange({ scheme: 'normal', param: { name: 'std', value: 0.02 } }, 'truncated_normal'), 0.02);
  assert.equal(paramForSchemeChange({ scheme: 'xavier_normal', param: { name: 'gain', value: 2 } }, 'orthogonal'), 2);
  assert.equal(paramForSchemeChange({ scheme: 'normal', param: { name: 'std', value: 0.02 } }, 'xavier_normal'), null);
  assert.equal(paramForSchemeChange({ scheme: 'he_normal', param: null }, 'normal'), null);
});

test('paramProblem names the field and the allowed range, as resolveInit would reject it', () => {
  assert.equal(paramProblem('normal', 0), null);
  assert.equal(paramProblem('normal', -1), 'Normal std must be ≥ 0 (got -1).');
  assert.equal(paramProblem('truncated_normal', 0), 'Truncated normal std must be > 0 (got 0).');
  assert.equal(paramProblem('xavier_normal', Number.NaN), 'Xavier normal gain must be a finite number (got NaN).');
  assert.equal(paramProblem('uniform', 0), 'Uniform bound must be > 0 (got 0).');
  assert.equal(paramProblem('constant', -3), null);
  assert.equal(paramProblem('he_normal', -3), null);
  for (const [scheme, bad] of [['normal', -1], ['truncated_normal', 0], ['uniform', 0], ['xavier_normal', 0], ['variance_scaling', 0]] as const) {
    assert.throws(() => resolveInit(initFromControls({ scheme: 'lecun_normal' }, scheme, bad), 10, 10), scheme);
  }
});

test('compareSetup puts the suggestion’s init on the current network, or the scheme for a new activation', () => {
  const current = squareSetup({ scheme: 'normal', std: 0.01 }, { name: 'relu' }, 10, 512, options);
  const suggestion = squareSetup({ scheme: 'he_normal', nonlinearity: 'relu' }, { name: 'relu' }, 10, 512, options);
  const deeper = withShape(current, { depth: 40 });
  const overlay = compareSetup(deeper, suggestion);
  assert.equal(setupDepth(overlay), 40);
  assert.deepEqual(siteInit(overlay), { scheme: 'he_normal', nonlinearity: 'relu' });
  const tanh = withShape(current, { activation: { name: 'tanh' } });
  assert.deepEqual(siteInit(compareSetup(tanh, suggestion)), { scheme: 'xavier_normal' });
  assert.equal(compareSetup(tanh, suggestion).network.layers[0].activation.name, 'tanh');
});

test('sameSetup ignores key order', () => {
  const a = squareSetup({ scheme: 'normal', std: 0.01 }, { name: 'relu' }, 2, 8, options);
  const b = squareSetup({ std: 0.01, scheme: 'normal' } as InitSpec, { name: 'relu' }, 2, 8, { engine: 'auto', seed: 0, draws: 8, batch: 64 });
  assert.ok(sameSetup(a, b));
  assert.ok(!sameSetup(a, withOptions(b, { seed: 1 })));
  assert.ok(sameNetwork(a.network, b.network));
  assert.ok(!sameNetwork(a.network, withShape(b, { depth: 3 }).network));
});
