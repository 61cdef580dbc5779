import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseSource, type AnalysisSettings } from '../../../src/analysis/analyse';
import { DEFAULT_THRESHOLDS } from '../../../src/diagnose/verdict';

const settings: AnalysisSettings = { depth: 10, width: 512, activation: 'relu', batch: 64, seed: 0, thresholds: DEFAULT_THRESHOLDS };

const CS231N = `import numpy as np
D = np.random.randn(1000, 500)
hidden_layer_sizes = [500] * 10
Hs = {}
for i in range(len(hidden_layer_sizes)):
    X = D if i == 0 else Hs[i - 1]
    fan_in = X.shape[1]
    fan_out = hidden_layer_sizes[i]
    W = np.random.randn(fan_in, fan_out) * 0.01
    H = np.dot(X, W)
    H = np.tanh(H)
    Hs[i] = H
`;

test('CS231n tanh with N(0, 0.01): the mean-field verdict vanishes, a quick run fits, and the fix is checked', () => {
  let asked = 0;
  const analysis = analyseSource({ kind: 'python', text: CS231N }, settings, (site, source, init, activation) => {
    asked++;
    assert.equal(init.scheme, 'xavier_normal');
    assert.equal(activation.name, 'tanh');
    assert.ok(source.includes(site.text));
    return { title: 'Use Xavier normal', label: 'Xavier normal', edits: [] };
  });
  assert.equal(analysis.sites.length, 1);
  const [site] = analysis.sites;
  assert.equal(site.site.range.start.line, 8);
  assert.equal(site.network.network?.layers.length, 10);
  assert.equal(site.network.network?.layers[0].fanIn, 500);
  assert.equal(site.meanField?.verdict.forward, 'vanishing');
  assert.ok(site.meanField.result.layers.length === 10);
  assert.deepEqual(site.quickRun, { batch: 64, seed: 0 });
  assert.equal(asked, 1);
  assert.equal(site.fix?.title, 'Use Xavier normal');
  assert.ok(site.network.assumed.includes('batch'));
  assert.ok(!site.network.assumed.includes('depth'));
});

test('a healthy site gets no fix, and its assumed values are named', () => {
  const healthy = analyseSource({ kind: 'python', text: 'import numpy as np\nW = np.random.randn(512, 512) * np.sqrt(2 / 512)\n' }, settings, () => {
    throw new Error('no fix should be asked for');
  });
  assert.equal(healthy.sites[0].meanField?.verdict.forward, 'healthy');
  assert.equal(healthy.sites[0].fix, null);
  assert.deepEqual(new Set(healthy.sites[0].network.assumed), new Set(['depth', 'activation', 'batch']));
});

test('a constant init is symmetric without mean-field, and too-large networks get no quick run', () => {
  const schemes: string[] = [];
  const constant = analyseSource({ kind: 'python', text: 'import numpy as np\nW = np.zeros((64, 64))\n' }, { ...settings, width: 64 }, (_site, _source, init) => {
    schemes.push(init.scheme);
    return { title: 'Use He normal', label: 'He normal', edits: [] };
  });
  assert.equal(constant.sites.length, 1);
  assert.equal(constant.sites[0].meanField, null);
  assert.match(constant.sites[0].meanFieldNote ?? '', /mean-field does not apply: layer 1 has a deterministic constant init/);
  // Symmetric by one tiny draw, so the fix (He for the assumed ReLU) is still checked and offered.
  assert.deepEqual(schemes, ['he_normal']);
  assert.equal(constant.sites[0].fix?.title, 'Use He normal');
  const huge = analyseSource({ kind: 'python', text: '# init-lens: depth=1000 width=4096\nimport numpy as np\nW = np.random.randn(4096, 4096) * 0.01\n' }, settings, null);
  assert.equal(huge.sites[0].quickRun, null);
  assert.equal(huge.sites[0].meanField?.verdict.forward, 'vanishing');
});

test('notebook cells are analysed together and each site names its cell; bad override keys are problems', () => {
  const cells = [
    { kind: 'code' as const, source: 'import torch.nn as nn\nwidth = 256\n' },
    { kind: 'markdown' as const, source: '# a model' },
    { kind: 'code' as const, source: '# init-lens: depth=abc\nlayer = nn.Linear(width, width)\nnn.init.normal_(layer.weight, std=0.01)\n' },
  ];
  const analysis = analyseSource({ kind: 'notebook', cells }, settings, null);
  assert.ok(analysis.sites.length >= 1);
  for (const s of analysis.sites) assert.equal(s.site.cell, 2);
  const normal = analysis.sites.find((s) => s.site.init.scheme === 'normal');
  assert.equal(normal?.network.network?.layers[0].fanIn, 256);
  assert.equal(analysis.problems.length, 1);
  assert.equal(analysis.problems[0].cell, 2);
  assert.equal(analysis.problems[0].line, 0);
  assert.match(analysis.problems[0].message, /depth/);
});

test('site keys survive an edit above the site', () => {
  const before = analyseSource({ kind: 'python', text: CS231N }, settings, null);
  const after = analyseSource({ kind: 'python', text: `# a comment\n\n${CS231N}` }, settings, null);
  assert.equal(before.sites[0].key, after.sites[0].key);
  assert.equal(after.sites[0].site.range.start.line, 10);
});

test('oversized documents are refused with a message naming the limit', () => {
  const analysis = analyseSource({ kind: 'python', text: 'x = 1\n'.repeat(400_000) }, settings, null);
  assert.deepEqual(analysis.sites, []);
  assert.match(analysis.problems[0].message, /skips documents over 2 M characters/);
});

test('the editor\'s fix writer rewrites the CS231n line in numpy idiom, and a notebook cell with imports in another cell', async () => {
  const { writeFix } = await import('../../../src/analysis/fixWriter');
  const { applyEdits } = await import('../../../src/edit/verifyEdit');
  const [site] = analyseSource({ kind: 'python', text: CS231N }, settings, writeFix).sites;
  assert.equal(site.fix?.title, 'Use Xavier normal: np.random.randn(fan_in, fan_out) * np.sqrt(2 / (fan_in + fan_out))');
  assert.match(applyEdits(CS231N, site.fix.edits), /W = np\.random\.randn\(fan_in, fan_out\) \* np\.sqrt\(2 \/ \(fan_in \+ fan_out\)\)\n/);

  const cells = [
    { kind: 'code' as const, source: 'import numpy as np\nn = 256\n' },
    { kind: 'code' as const, source: 'x = np.random.randn(500, n)\nfor i in range(20):\n    W = np.random.randn(n, n) * 0.05\n    x = np.tanh(x @ W)\n' },
  ];
  const [cellSite] = analyseSource({ kind: 'notebook', cells }, settings, writeFix).sites;
  assert.equal(cellSite.site.cell, 1);
  assert.equal(cellSite.meanField?.verdict.forward, 'vanishing');
  assert.equal(applyEdits(cells[1].source, cellSite.fix?.edits ?? []), 'x = np.random.randn(500, n)\nfor i in range(20):\n    W = np.random.randn(n, n) * np.sqrt(2 / (n + n))\n    x = np.tanh(x @ W)\n');
});
