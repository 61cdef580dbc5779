import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '../../../src/core/simulate';
import type { PanelSetup } from '../../../src/panel/protocol';
import { MAX_EXPORT_CHARS, toSimulationOptions, validateFromPanel } from '../../../src/panel/validate';

/** CS231n's network as the panel sends it: 10 × 500, N(0, 0.01), tanh, a zero-mean bias on layer 1. */
function setup(): PanelSetup {
  return {
    network: {
      inputWidth: 500,
      layers: Array.from({ length: 10 }, (_, i) => ({
        fanIn: 500,
        fanOut: 500,
        init: { scheme: 'normal' as const, std: 0.01 },
        activation: { name: 'tanh' as const },
        ...(i === 0 ? { bias: { scheme: 'normal' as const, std: 0.1 } } : {}),
      })),
    },
    siteLayers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    shape: 'square',
    options: { batch: 64, draws: 8, seed: 0, engine: 'auto' },
    assumptions: ['batch 64 (assumed: setting initLens.defaultBatch)'],
  };
}

/** A JSON copy (what postMessage delivers) with one change applied. */
function run(change: (m: any) => void = () => {}): unknown {
  const message: any = JSON.parse(JSON.stringify({ type: 'run', setup: setup(), compare: null }));
  change(message);
  return message;
}

function rejects(message: unknown, pattern: RegExp) {
  assert.throws(() => validateFromPanel(message), (error: Error) => {
    assert.match(error.message, pattern);
    return true;
  });
}

test('a well-formed run passes, and comes back as a fresh copy without unknown fields', () => {
  const message: any = run((m) => {
    m.extra = 1;
    m.setup.evil = '<script>';
    m.setup.network.layers[0].init.__proto__ = { polluted: true };
    m.setup.network.layers[0].init.note = 'x';
    m.setup.network.layers[3].activation.label = 'tanh';
    m.setup.options.rng = 'numpy';
    m.compare = setup();
    m.compare.network.layers = m.compare.network.layers.map((l: any) => ({ ...l, init: { scheme: 'xavier_normal' } }));
  });
  const valid = validateFromPanel(message);
  assert.equal(valid.type, 'run');
  if (valid.type !== 'run') return;
  assert.deepEqual(Object.keys(valid), ['type', 'setup', 'compare']);
  assert.deepEqual(Object.keys(valid.setup), ['network', 'siteLayers', 'shape', 'options', 'assumptions']);
  assert.deepEqual(valid.setup.network.layers[0], { fanIn: 500, fanOut: 500, init: { scheme: 'normal', std: 0.01 }, activation: { name: 'tanh' }, bias: { scheme: 'normal', std: 0.1 } });
  assert.deepEqual(valid.setup.network.layers[3].activation, { name: 'tanh' });
  assert.deepEqual(valid.setup.options, { batch: 64, draws: 8, seed: 0, engine: 'auto' });
  assert.equal(valid.compare?.network.layers[5].init.scheme, 'xavier_normal');
  assert.notEqual(valid.setup.network, message.setup.network, 'a fresh object');
  assert.notEqual(valid.setup.siteLayers, message.setup.siteLayers);
  assert.equal(({} as any).polluted, undefined);
});

test('ready, reveal and applyToCode', () => {
  assert.deepEqual(validateFromPanel({ type: 'ready', junk: 1 }), { type: 'ready' });
  assert.deepEqual(validateFromPanel({ type: 'reveal' }), { type: 'reveal' });
  const apply = validateFromPanel({ type: 'applyToCode', setup: setup() });
  assert.equal(apply.type === 'applyToCode' && apply.setup.network.layers.length, 10);
  rejects({ type: 'applyToCode' }, /^setup must be an object \(got nothing\)$/);
});

test('cancel names which run, main or compare', () => {
  assert.deepEqual(validateFromPanel({ type: 'cancel', which: 'compare', extra: true }), { type: 'cancel', which: 'compare' });
  rejects({ type: 'cancel', which: 'both' }, /^message\.which must be one of main, compare \(got "both"\)$/);
  rejects({ type: 'cancel' }, /^message\.which must be one of main, compare \(got nothing\)$/);
});

test('the message itself and its type tag', () => {
  rejects(null, /^message must be an object \(got null\)$/);
  rejects([], /^message must be an object \(got an array\)$/);
  rejects('run', /^message must be an object \(got "run"\)$/);
  rejects({}, /^message\.type must be one of ready, run, applyToCode, export, reveal, cancel \(got nothing\)$/);
  rejects({ type: 'eval' }, /^message\.type must be one of .* \(got "eval"\)$/);
  rejects({ type: 7 }, /^message\.type must be one of .* \(got 7\)$/);
  rejects(Object.create({ type: 'ready' }), /^message\.type must be one of/);
});

test('network shape: widths, depth and chaining, naming the layer', () => {
  rejects(run((m) => (m.setup = undefined)), /^setup must be an object \(got nothing\)$/);
  rejects(run((m) => delete m.compare), /^compare must be an object \(got nothing\)$/);
  rejects(run((m) => (m.setup.network.inputWidth = 0)), /^setup\.network\.inputWidth must be an integer from 1 to 65536 \(got 0\)$/);
  rejects(run((m) => (m.setup.network.inputWidth = '500')), /^setup\.network\.inputWidth must be an integer from 1 to 65536 \(got "500"\)$/);
  rejects(run((m) => (m.setup.network.inputWidth = LIMITS.width + 1)), /^setup\.network\.inputWidth must be an integer from 1 to 65536 \(got 65537\)$/);
  rejects(run((m) => (m.setup.network.layers = [])), /^setup\.network\.layers must be an array of 1 to 10000 layers \(got an empty array\)$/);
  rejects(run((m) => (m.setup.network.layers = {})), /^setup\.network\.layers must be an array of at most 10000 items \(got an object\)$/);
  rejects(run((m) => (m.setup.network.layers = Array(LIMITS.depth + 1).fill(m.setup.network.layers[1]))), /^setup\.network\.layers must be an array of at most 10000 items \(got 10001 items\)$/);
  rejects(run((m) => (m.setup.network.layers[3].fanIn = 400)), /^setup\.network\.layers\[3\]\.fanIn must be equal to the previous layer's width 500 \(got 400\)$/);
  rejects(run((m) => (m.setup.network.layers[9].fanOut = 1.5)), /^setup\.network\.layers\[9\]\.fanOut must be an integer from 1 to 65536 \(got 1\.5\)$/);
  rejects(run((m) => (m.setup.network.layers[2] = null)), /^setup\.network\.layers\[2\] must be an object \(got null\)$/);
  rejects(run((m) => (m.compare = { ...m.setup, shape: 'round' })), /^compare\.shape must be one of square, stack \(got "round"\)$/);
});

test('inits and activations: known names, finite numbers, and the core checks located by path', () => {
  rejects(run((m) => (m.setup.network.layers[0].init.scheme = 'kaiming')), /^setup\.network\.layers\[0\]\.init\.scheme must be one of normal, uniform, .*constant \(got "kaiming"\)$/);
  rejects(run((m) => delete m.setup.network.layers[0].init.scheme), /^setup\.network\.layers\[0\]\.init\.scheme must be one of/);
  rejects(run((m) => (m.setup.network.layers[4].init.std = null)), /^setup\.network\.layers\[4\]\.init\.std must be a finite number \(got null\)$/);
  rejects(run((m) => (m.setup.network.layers[4].init.gain = '2')), /^setup\.network\.layers\[4\]\.init\.gain must be a finite number \(got "2"\)$/);
  // JSON turns Infinity and NaN into null; structured clone keeps them.
  const infinite = setup();
  infinite.network.layers[1].init = { scheme: 'normal', std: Number.POSITIVE_INFINITY };
  rejects({ type: 'run', setup: infinite, compare: null }, /^setup\.network\.layers\[1\]\.init\.std must be a finite number \(got Infinity\)$/);
  const nan = setup();
  nan.network.layers[1].activation = { name: 'leaky_relu', param: Number.NaN };
  rejects({ type: 'run', setup: nan, compare: null }, /^setup\.network\.layers\[1\]\.activation\.param must be a finite number \(got NaN\)$/);
  rejects(run((m) => (m.setup.network.layers[4].init.std = -1)), /^setup\.network\.layers\[4\]\.init: normal std must be .*\(got -1\)$/);
  rejects(run((m) => (m.setup.network.layers[4].init = { scheme: 'uniform', low: 1, high: 0 })), /^setup\.network\.layers\[4\]\.init: uniform high must be a finite number > low = 1 \(got 0\)$/);
  rejects(run((m) => (m.setup.network.layers[4].init = { scheme: 'he_normal', mode: 'fan_x' })), /^setup\.network\.layers\[4\]\.init\.mode must be one of fan_in, fan_out, fan_avg \(got "fan_x"\)$/);
  rejects(run((m) => (m.setup.network.layers[4].init = { scheme: 'variance_scaling', distribution: 'cauchy' })), /\.init\.distribution must be one of truncated_normal, untruncated_normal, normal, uniform/);
  rejects(run((m) => (m.setup.network.layers[4].init = { scheme: 'truncated_normal', truncation: 'numpy' })), /\.init\.truncation must be one of keras, plain/);
  rejects(run((m) => (m.setup.network.layers[4].init = { scheme: 'he_normal', nonlinearity: 'x'.repeat(33) })), /\.init\.nonlinearity must be a string of at most 32 characters \(got 33 characters\)$/);
  rejects(run((m) => (m.setup.network.layers[0].bias = { scheme: 'ones' })), /^setup\.network\.layers\[0\]\.bias\.scheme must be one of/);
  rejects(run((m) => (m.setup.network.layers[0].bias = null)), /^setup\.network\.layers\[0\]\.bias must be an object \(got null\)$/);
  rejects(run((m) => (m.setup.network.layers[6].activation = { name: 'swish' })), /^setup\.network\.layers\[6\]\.activation\.name must be one of linear, relu, leaky_relu, tanh, .* \(got "swish"\)$/);
  rejects(run((m) => (m.setup.network.layers[6].activation = 'relu')), /^setup\.network\.layers\[6\]\.activation must be an object \(got "relu"\)$/);
  rejects(run((m) => (m.setup.network.layers[6].activation = { name: 'elu', param: -1 })), /^setup\.network\.layers\[6\]\.activation: /);
});

test('site layers, options and assumptions', () => {
  rejects(run((m) => (m.setup.siteLayers = [0, 10])), /^setup\.siteLayers\[1\] must be an integer from 0 to 9 \(got 10\)$/);
  rejects(run((m) => (m.setup.siteLayers = [-1])), /^setup\.siteLayers\[0\] must be an integer from 0 to 9 \(got -1\)$/);
  rejects(run((m) => (m.setup.siteLayers = [2, 2])), /^setup\.siteLayers must be distinct layer indices \(got \[2, 2\]\)$/);
  rejects(run((m) => (m.setup.siteLayers = '0')), /^setup\.siteLayers must be an array of at most 10 items/);
  rejects(run((m) => (m.setup.options = null)), /^setup\.options must be an object \(got null\)$/);
  rejects(run((m) => (m.setup.options.batch = 0)), /^setup\.options\.batch must be an integer from 1 to 1000000 \(got 0\)$/);
  rejects(run((m) => (m.setup.options.draws = LIMITS.seeds + 1)), /^setup\.options\.draws must be an integer from 1 to 10000 \(got 10001\)$/);
  rejects(run((m) => (m.setup.options.seed = 0.5)), /^setup\.options\.seed must be an integer from 0 to 9007199254740991 \(got 0\.5\)$/);
  rejects(run((m) => (m.setup.options.engine = 'gpu')), /^setup\.options\.engine must be one of auto, dense, matrix-free, mean-field \(got "gpu"\)$/);
  rejects(run((m) => (m.setup.assumptions = [3])), /^setup\.assumptions\[0\] must be a string of at most 2000 characters \(got 3\)$/);
  rejects(run((m) => (m.setup.assumptions = 'none')), /^setup\.assumptions must be an array of at most 100 items/);
});

test('engines that do not apply, and networks too large for the engine that would run them', () => {
  rejects(run((m) => { m.setup.network.layers[2].init = { scheme: 'zeros' }; m.setup.options.engine = 'mean-field'; }), /^setup\.options\.engine must be auto or dense for this network, since mean-field does not apply \(got "layer 3 has a deterministic constant init/);
  rejects(run((m) => { m.setup.network.layers[2].init = { scheme: 'uniform', low: -0.1, high: 0.1 }; m.setup.options.engine = 'matrix-free'; }), /^setup\.options\.engine must be auto or dense for this network, since matrix-free does not apply/);
  // 65536 × 65536 weights are 32 GiB: dense cannot hold them.
  const wide = (engine: string, scheme: string) => run((m) => {
    m.setup.network = { inputWidth: 65536, layers: [0, 1].map(() => ({ fanIn: 65536, fanOut: 65536, init: scheme === 'normal' ? { scheme, std: 0.004 } : { scheme }, activation: { name: 'relu' } })) };
    m.setup.siteLayers = [0, 1];
    m.setup.options.engine = engine;
  });
  rejects(wide('dense', 'normal'), /^setup\.options\.batch × width × depth must be at most 1024 MiB for the dense engine \(lower the batch, width or depth, or choose the mean-field engine\) \(got 65760 MiB\)$/);
  rejects(wide('auto', 'he_uniform'), /^setup\.options\.batch × width × depth must be at most 1024 MiB for the dense engine/);
  // Auto runs Gaussian weights matrix-free, and mean-field needs no memory at all.
  assert.equal(validateFromPanel(wide('auto', 'normal')).type, 'run');
  assert.equal(validateFromPanel(wide('mean-field', 'he_uniform')).type, 'run');
});

test('export: format, a bare file name, size and a real PNG data: URL', () => {
  const png = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64')}`;
  assert.deepEqual(validateFromPanel({ type: 'export', format: 'png', fileName: 'cs231n layer stats.png', data: png, x: 1 }), { type: 'export', format: 'png', fileName: 'cs231n layer stats.png', data: png });
  assert.equal(validateFromPanel({ type: 'export', format: 'csv', fileName: 'stats.csv', data: 'layer,std\n1,0.2\n' }).type, 'export');
  const exp = (over: object) => ({ type: 'export', format: 'csv', fileName: 'stats.csv', data: 'a,b', ...over });
  rejects(exp({ format: 'svg' }), /^message\.format must be one of png, csv, json \(got "svg"\)$/);
  for (const fileName of ['../stats.csv', 'a/b.csv', 'a\\b.csv', 'C:stats.csv', '..', 'a\u0000.csv', ' ']) {
    rejects(exp({ fileName }), /^message\.fileName must be a bare file name without path separators/);
  }
  rejects(exp({ fileName: 'x'.repeat(256) }), /^message\.fileName must be a string of at most 255 characters \(got 256 characters\)$/);
  rejects(exp({ fileName: 42 }), /^message\.fileName must be a string of at most 255 characters \(got 42\)$/);
  rejects(exp({ data: { csv: 'a' } }), /^message\.data must be a string \(got an object\)$/);
  rejects(exp({ data: 'x'.repeat(MAX_EXPORT_CHARS + 1) }), /^message\.data must be at most 50 MB \(got 50\.0 MB\)$/);
  rejects(exp({ format: 'png', data: 'iVBORw0KGgo=' }), /^message\.data must be a data:image\/png;base64,… URL holding base64 PNG bytes \(got iVBORw0KGgo=\)$/);
  rejects(exp({ format: 'png', data: 'data:image/png;base64,PHN2Zz4=' }), /^message\.data must be a data:image\/png;base64,… URL/);
  rejects(exp({ format: 'png', data: `${png}<script>` }), /^message\.data must be a data:image\/png;base64,… URL/);
});

test('toSimulationOptions: draws become seeds, the generator is always xoshiro', () => {
  assert.deepEqual(toSimulationOptions({ batch: 64, draws: 8, seed: 3, engine: 'matrix-free' }, 30), { batch: 64, seeds: 8, seed: 3, rng: 'xoshiro', engine: 'matrix-free', bins: 30 });
});
