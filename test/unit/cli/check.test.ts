// `init-lens check`: the pipeline in process with a stand-in site finder (so the report, the
// cache and the exit codes are tested whatever the detectors do), then the built CLI over a tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles, CHECK_DEFAULTS, parseDefaults, runCheck, type SiteFinder } from '../../../src/cli/checkCommand';
import { compileExclude, discoverFiles, isExcluded } from '../../../src/cli/scan';
import { overrideAt } from '../../../src/parse/override';
import { parsePython } from '../../../src/parse/syntax';
import type { InitSite } from '../../../src/parse/types';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'init-lens-check-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const inferred = <T>(value: T) => ({ value, source: 'stand-in' });

/** Stand-in detector: one site per line that names a SITE_ kind, with the context a detector would infer. */
const standIn: SiteFinder = (source) => {
  const file = parsePython(source);
  const sites: InitSite[] = [];
  source.split('\n').forEach((text, line) => {
    const kind = /SITE_(\w+)/.exec(text)?.[1];
    if (!kind) return;
    const base = {
      range: { from: file.lineStarts[line], to: file.lineStarts[line] + text.length, start: { line, column: 0 }, end: { line, column: text.length } },
      framework: 'numpy' as const,
      implicit: false,
      text: text.trim(),
      unresolved: [] as string[],
      ...(overrideAt(file, line) ? { override: overrideAt(file, line) } : {}),
    };
    const square = (n: number, depth: number, name: 'tanh' | 'relu') => ({ depth: inferred(depth), fanIn: inferred(n), fanOut: inferred(n), activation: inferred({ name }) });
    if (kind === 'VANISH') sites.push({ ...base, init: { scheme: 'normal', std: 0.01 }, params: { std: 0.01 }, context: square(500, 10, 'tanh') });
    if (kind === 'HE') sites.push({ ...base, init: { scheme: 'he_normal' }, params: {}, context: square(64, 10, 'relu') });
    if (kind === 'UNRESOLVED') sites.push({ ...base, init: { scheme: 'normal' }, params: {}, unresolved: ['scale'], context: square(64, 10, 'relu') });
    if (kind === 'BARE') sites.push({ ...base, init: { scheme: 'xavier_normal' }, params: {}, context: {} });
  });
  return sites;
};

function capture(argv: string[], find: SiteFinder = standIn): { code: number; out: string } {
  let out = '';
  const code = runCheck(argv, (t) => (out += t), find);
  return { code, out };
}

test('--json: one object with files, sites in the documented shape, and errors', () => {
  const root = tree({
    'a.py': 'import numpy as np\nfor i in range(10):\n    W = np.random.randn(500, 500) * 0.01  # SITE_VANISH\n    x = np.tanh(x @ W)\n',
    'b.py': 'W = init(w)  # SITE_HE\n',
    'c.py': '# init-lens: depth=4 width=32 batch=16\nW = init(w)  # SITE_HE\nV = randn(64, 64) * scale  # SITE_UNRESOLVED\n',
  });
  const { code, out } = capture([root, '--json']);
  assert.equal(code, 0);
  assert.equal(out.trim().split('\n').length, 1);
  const report = JSON.parse(out);
  assert.deepEqual(Object.keys(report), ['files', 'sites', 'errors']);
  assert.equal(report.files, 3);
  assert.deepEqual(report.errors, []);
  const [vanish, he, override, unresolved] = report.sites;
  assert.deepEqual(
    { ...vanish, verdict: undefined },
    {
      file: join(root, 'a.py'),
      line: 3,
      endLine: 3,
      framework: 'numpy',
      scheme: 'normal',
      description: 'N(0, 0.01²)',
      params: { std: 0.01 },
      implicit: false,
      network: { depth: 10, widths: Array(11).fill(500), activations: Array(10).fill('tanh') },
      assumptions: ['batch 64 (assumed: default of --batch)'],
      verdict: undefined,
    },
  );
  assert.equal(vanish.verdict.forward, 'vanishing');
  assert.equal(vanish.verdict.backward, 'vanishing');
  assert.match(vanish.verdict.summary, /Activations vanish/);
  assert.equal(vanish.verdict.fix.scheme, 'xavier_normal');
  assert.match(vanish.verdict.engine, /^dense Monte Carlo \(batch 64, 1 draw, seed 0\) \+ mean-field$/);
  assert.equal(he.verdict.forward, 'healthy');
  assert.equal(he.verdict.fix, null);
  assert.deepEqual(override.network.widths, Array(5).fill(32));
  assert.deepEqual(override.override, { depth: 4, width: 32, batch: 16 });
  assert.deepEqual(override.assumptions, []);
  assert.match(override.verdict.engine, /batch 16/);
  assert.deepEqual(
    { forward: unresolved.verdict.forward, backward: unresolved.verdict.backward, fix: unresolved.verdict.fix },
    { forward: null, backward: null, fix: null },
  );
  assert.match(unresolved.verdict.summary, /^Not simulated: the standard deviation depends on `scale`, which is not a constant/);
  assert.equal(unresolved.network.depth, 10);
  rmSync(root, { recursive: true });
});

test('identical networks are simulated once per run', () => {
  const root = tree({ 'a.py': 'W1 = x  # SITE_VANISH\nW2 = x  # SITE_VANISH\n', 'b.py': 'W3 = x  # SITE_VANISH\nW4 = x  # SITE_HE\n' });
  const report = checkFiles([join(root, 'a.py'), join(root, 'b.py')], parseDefaults({}), standIn);
  const [a, b, c, d] = report.sites.map((s) => s.outcome);
  assert.ok(a === b && b === c);
  assert.notEqual(c, d);
  rmSync(root, { recursive: true });
});

test('--fail-on exits 1 when a forward or backward verdict matches, 0 otherwise', () => {
  const root = tree({ 'a.py': 'W = x  # SITE_VANISH\n', 'b.py': 'W = x  # SITE_HE\n' });
  assert.equal(capture([root, '--fail-on', 'vanishing']).code, 1);
  assert.equal(capture([root, '--fail-on', 'exploding,dead']).code, 0);
  assert.equal(capture([root, '--fail-on', 'exploding', '--fail-on', ' Vanishing ']).code, 1);
  assert.equal(capture([join(root, 'b.py'), '--fail-on', 'vanishing,saturating']).code, 0);
  assert.equal(capture([root, '--fail-on', 'healthy']).code, 1);
  rmSync(root, { recursive: true });
});

test('the text report: location, scheme in words, network, assumptions, verdict and a tally', () => {
  const root = tree({ 'a.py': 'import numpy as np\nW = np.random.randn(500, 500) * 0.01  # SITE_VANISH\nV = f()  # SITE_BARE\n', 'z.py': 'x = 1  # init-lens: depth=5 wdth=3\n' });
  const { code, out } = capture([root, '--depth', '7', '--activation', 'tanh']);
  assert.equal(code, 0);
  const a = join(root, 'a.py');
  assert.ok(out.startsWith(`${a}:2  W = np.random.randn(500, 500) * 0.01  # SITE_VANISH\n    init      N(0, 0.01²) · numpy\n    network   10 × 500, tanh\n    assumed   batch 64 (assumed: default of --batch)\n    verdict   forward vanishing, backward vanishing\n`), out);
  assert.match(out, /network {3}7 × 512, tanh\n {4}assumed {3}depth 7 \(assumed: --depth\)\n {4}assumed {3}width 512 \(assumed: default of --width\)\n {4}assumed {3}activation tanh \(assumed: --activation\)/);
  assert.match(out, /engine {4}dense Monte Carlo/);
  const z = join(root, 'z.py');
  assert.match(out, new RegExp(`${z.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: error: init-lens comment: unknown key "wdth"`));
  assert.match(out, /z\.py:1: error: init-lens comment applies to no init site/);
  assert.match(out, /Checked 2 files: 2 init sites \(1 vanishing, 1 \w+\); 2 errors\.\n$/);
  rmSync(root, { recursive: true });
});

test('the text report shows an override as the user wrote it, not as an assumption', () => {
  const root = tree({ 'o.py': '# init-lens: depth=4 width=32 activation=leaky_relu:0.2\nW = x  # SITE_HE\n' });
  const { out } = capture([root]);
  assert.match(out, /\n {4}network {3}4 × 32, leaky_relu\(0\.2\)\n {4}override {2}depth 4, width 32, activation leaky_relu\(0\.2\) \(# init-lens comment\)\n {4}assumed {3}batch 64/);
  rmSync(root, { recursive: true });
});

test('networks too large for a quick Monte Carlo run get mean-field only, and say so', () => {
  const root = tree({ 'a.py': '# init-lens: width=4096 depth=100\nW = x  # SITE_HE\n' });
  const report = JSON.parse(capture([root, '--json']).out);
  assert.match(report.sites[0].verdict.engine, /^mean-field only: the network is too large for a quick Monte Carlo run/);
  assert.equal(report.sites[0].verdict.forward, 'healthy');
  rmSync(root, { recursive: true });
});

test('exclude patterns: gitignore-style *, **, ?, classes, directories only, anchors and negation', () => {
  const matches = (pattern: string, path: string, dir = false) => isExcluded([path], dir, [compileExclude(pattern)]);
  assert.ok(matches('*.ipynb', 'a/b/c.ipynb'));
  assert.ok(!matches('*.ipynb', 'a/b/c.py'));
  assert.ok(matches('build/', 'x/build', true));
  assert.ok(!matches('build/', 'x/build', false));
  assert.ok(matches('src/legacy', 'src/legacy', true));
  assert.ok(!matches('src/legacy', 'x/src/legacy', true));
  assert.ok(matches('/top.py', 'top.py'));
  assert.ok(!matches('/top.py', 'a/top.py'));
  assert.ok(matches('**/tests/*.py', 'tests/a.py'));
  assert.ok(matches('**/tests/*.py', 'a/b/tests/a.py'));
  assert.ok(!matches('**/tests/*.py', 'a/tests/b/a.py'));
  assert.ok(matches('a/**/b.py', 'a/b.py'));
  assert.ok(matches('a/**/b.py', 'a/x/y/b.py'));
  assert.ok(matches('data/**', 'data/x/y.py'));
  assert.ok(matches('test_?.py', 'pkg/test_1.py'));
  assert.ok(!matches('test_?.py', 'pkg/test_12.py'));
  assert.ok(matches('exp[0-9].py', 'exp3.py'));
  assert.ok(!matches('exp[!0-9].py', 'exp3.py'));
  assert.ok(matches('a+b(1).py', 'a+b(1).py'));
  assert.ok(!isExcluded(['keep.py'], false, [compileExclude('*.py'), compileExclude('!keep.py')]));
  assert.throws(() => compileExclude(''), /--exclude must be a non-empty glob pattern/);
});

test('discovery: sorted, tool directories skipped, excludes relative to PATH or as printed', () => {
  const root = tree({
    'b.py': '',
    'a.ipynb': '{}',
    'notes.txt': '',
    'src/m.py': '',
    'src/legacy/old.py': '',
    'build/gen.py': '',
    '.git/hooks/x.py': '',
    'node_modules/p/x.py': '',
    'pkg/__pycache__/x.py': '',
    '.venv/lib/x.py': '',
    'venv/lib/x.py': '',
    '.ipynb_checkpoints/a-checkpoint.ipynb': '{}',
  });
  const rel = (files: string[]) => files.map((f) => f.slice(root.length + 1));
  assert.deepEqual(rel(discoverFiles([root], []).files), ['a.ipynb', 'b.py', 'build/gen.py', 'src/legacy/old.py', 'src/m.py']);
  const excluded = discoverFiles([root], ['build/', 'src/legacy', '*.ipynb'].map(compileExclude));
  assert.deepEqual(rel(excluded.files), ['b.py', 'src/m.py']);
  // Paths given twice, or a file inside a given directory, are listed once.
  assert.deepEqual(rel(discoverFiles([join(root, 'src'), root, join(root, 'b.py')], []).files), ['a.ipynb', 'b.py', 'build/gen.py', 'src/legacy/old.py', 'src/m.py']);
  const notPython = discoverFiles([join(root, 'notes.txt')], []);
  assert.deepEqual(notPython.files, []);
  assert.match(notPython.errors[0].message, /not a \.py or \.ipynb file/);
  rmSync(root, { recursive: true });
});

// ── The built CLI over a tree ───────────────────────────────────────────────────────────

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/cli.js', 'check', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const NUMPY_LOOP = `import numpy as np

x = np.random.randn(1000, 500)
for i in range(10):
    W = np.random.randn(500, 500) * 0.01
    x = np.tanh(np.dot(x, W))
`;

function notebookJson(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: [{ cell_type: 'markdown', source: '# Init', metadata: {} }, ...cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null }))],
  });
}

function cliTree(): string {
  return tree({
    'train.py': NUMPY_LOOP,
    'models/mlp.py': 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))\n',
    'nb/explore.ipynb': notebookJson(['%matplotlib inline\nimport numpy as np\nunit_num = 500', 'x = np.random.randn(1000, unit_num)\nfor i in range(10):\n    W = np.random.randn(unit_num, unit_num) * 0.01\n    x = np.tanh(x @ W)']),
    'nb/broken.ipynb': '{"cells": [ {"cell_type": "code", ',
    'healthy/he.py': 'import numpy as np\n\nx = np.random.randn(1000, 256)\nfor i in range(10):\n    W = np.random.randn(256, 256) * np.sqrt(2 / 256)\n    x = np.maximum(0, x @ W)\n',
    'build/generated.py': NUMPY_LOOP,
    '.venv/lib/site.py': NUMPY_LOOP,
  });
}

test('CLI: scans the tree, reports a malformed notebook in errors and carries on, exit 0', () => {
  const root = cliTree();
  const run = cli(root, '--exclude', 'build/', '--json');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout);
  assert.equal(report.files, 5);
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0].file, join(root, 'nb/broken.ipynb'));
  assert.match(report.errors[0].message, /^not valid JSON/);
  for (const site of report.sites) {
    for (const key of ['file', 'line', 'endLine', 'framework', 'scheme', 'params', 'implicit', 'network', 'assumptions', 'verdict']) assert.ok(key in site, key);
    assert.ok(!site.file.includes('build') && !site.file.includes('.venv'));
  }
  const text = cli(root, '--exclude', 'build/');
  assert.equal(text.code, 0);
  assert.match(text.stdout, /nb\/broken\.ipynb: error: not valid JSON/);
  assert.match(text.stdout, /Checked 5 files: /);
  rmSync(root, { recursive: true });
});

test('CLI: numpy sites in scripts and notebooks, with verdicts and --fail-on', () => {
  const root = cliTree();
  const report = JSON.parse(cli(root, '--exclude', 'build/', '--json').stdout);
  const train = report.sites.find((s: { file: string }) => s.file === join(root, 'train.py'));
  assert.ok(train, JSON.stringify(report.sites));
  assert.equal(train.line, 5);
  assert.equal(train.framework, 'numpy');
  assert.equal(train.scheme, 'normal');
  assert.equal(train.params.std, 0.01);
  assert.deepEqual(train.network, { depth: 10, widths: Array(11).fill(500), activations: Array(10).fill('tanh') });
  assert.deepEqual(train.assumptions, ['batch 64 (assumed: default of --batch)']);
  assert.equal(train.verdict.forward, 'vanishing');
  const nb = report.sites.find((s: { file: string }) => s.file === join(root, 'nb/explore.ipynb'));
  assert.ok(nb);
  assert.equal(nb.cell, 2);
  assert.equal(nb.line, 3);
  assert.equal(nb.params.std, 0.01);
  assert.equal(nb.network.widths[0], 500);
  assert.match(cli(root, '--exclude', 'build/').stdout, /explore\.ipynb#cell 3:3 {2}np\.random\.randn\(unit_num, unit_num\) \* 0\.01\n/);
  assert.equal(cli(root, '--exclude', 'build/', '--fail-on', 'vanishing').code, 1);
  const healthy = cli(join(root, 'healthy'), '--fail-on', 'vanishing,exploding,drifting', '--json');
  assert.equal(healthy.code, 0, healthy.stdout);
  assert.deepEqual(JSON.parse(healthy.stdout).sites.map((s: { verdict: { forward: string } }) => s.verdict.forward), ['healthy']);
  rmSync(root, { recursive: true });
});

test('CLI: an init-lens comment overrides what the code says; a bad key is an error at its line', () => {
  const root = tree({
    'o.py': 'import numpy as np\n\nfor i in range(10):\n    # init-lens: depth=30 activation=relu batch=16\n    W = np.random.randn(500, 500) * 0.01\n    x = np.tanh(x @ W)  # init-lens: dpth=3\n',
  });
  const report = JSON.parse(cli(root, '--json').stdout);
  assert.equal(report.sites.length, 1);
  const [site] = report.sites;
  assert.deepEqual(site.override, { depth: 30, activation: { name: 'relu' }, batch: 16 });
  assert.deepEqual(site.network, { depth: 30, widths: Array(31).fill(500), activations: Array(30).fill('relu') });
  assert.deepEqual(site.assumptions, []);
  assert.deepEqual(report.errors, [
    { file: join(root, 'o.py'), line: 6, message: 'init-lens comment: unknown key "dpth" (allowed: depth, width, activation, batch)' },
  ]);
  rmSync(root, { recursive: true });
});

test('CLI: a torch nn.Sequential is simulated as its real non-square stack', () => {
  const root = cliTree();
  const report = JSON.parse(cli(join(root, 'models'), '--json').stdout);
  assert.equal(report.sites.length, 2);
  for (const site of report.sites) {
    assert.equal(site.framework, 'torch');
    assert.equal(site.scheme, 'torch_default');
    assert.equal(site.implicit, true);
    assert.deepEqual(site.network, { depth: 2, widths: [784, 512, 10], activations: ['relu', 'linear'] });
    assert.deepEqual(site.assumptions, ['batch 64 (assumed: default of --batch)']);
    assert.equal(site.verdict.forward, 'healthy');
  }
  // Both sites belong to one network: one simulation, one verdict.
  assert.deepEqual(report.sites[0].verdict, report.sites[1].verdict);
  assert.equal(report.sites[0].params.std, 1 / Math.sqrt(3 * 784));
  rmSync(root, { recursive: true });
});

test('CLI: bad arguments exit 2 with one line naming the argument and what is allowed', () => {
  const root = tree({ 'a.py': 'x = 1\n' });
  const cases: [string[], RegExp][] = [
    [[root, '--fail-on', 'vanishing,nope'], /--fail-on must be a comma-separated list of: healthy, drifting, vanishing, exploding, saturating, dead, symmetric \(got "nope"\)/],
    [[root, '--depth', '0'], /--depth must be an integer from 1 to 10000 \(got 0\)/],
    [[root, '--width', 'wide'], /--width must be an integer from 1 to 65536 \(got "wide"\)/],
    [[root, '--batch', '2000000'], /--batch must be an integer from 1 to 1000000/],
    [[root, '--activation', 'swishy'], /--activation: Unknown activation "swishy"/],
    [[root, '--exclude', ''], /--exclude must be a non-empty glob pattern/],
    [[join(root, 'missing')], /PATH must be an existing file or directory/],
    [[], /PATH must be given/],
    [[root, '--frobnicate'], /frobnicate/],
  ];
  for (const [args, message] of cases) {
    const run = cli(...args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}`);
    assert.match(run.stderr, message);
    assert.match(run.stderr, /^init-lens: /);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  }
  const help = cli('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--depth L .*default 10/);
  assert.match(help.stdout, /--width N .*default 512/);
  assert.match(help.stdout, /--activation ACT .*default relu/);
  assert.match(help.stdout, /--batch B .*default 64/);
  assert.equal(CHECK_DEFAULTS.depth, 10);
  rmSync(root, { recursive: true });
});
