// reviewChange over real git repositories: which sites a change touched, how they match across
// the change, and their verdicts before and after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefaults } from '../../../src/cli/checkCommand';
import { GitError, RefError } from '../../../src/review/git';
import { reviewChange } from '../../../src/review/reviewChange';
import type { ReviewOptions, ReviewReport } from '../../../src/review/types';
import { gitIn, makeRepo, notebook, numpyLoop, torchStack, type Repo } from './gitRepo';

function review(repo: Repo, options: Partial<ReviewOptions> = {}): Promise<ReviewReport> {
  return reviewChange({ cwd: repo.root, defaults: parseDefaults({}), ...options }, { git: gitIn(repo.env) });
}

test('randn * 0.01 → He in a numpy loop: modified, vanishing before, healthy after', async () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('0.01') });
  repo.write({ 'mlp.py': numpyLoop('np.sqrt(2 / n)') });
  const report = await review(repo);
  assert.equal(report.sites.length, 1);
  const [site] = report.sites;
  assert.equal(site.change, 'modified');
  assert.deepEqual(site.aspects, ['init']);
  assert.equal(site.after?.file, 'mlp.py');
  assert.equal(site.after?.site.range.start.line, 5);
  assert.equal(site.before?.outcome.verdict?.forward, 'vanishing');
  assert.equal(site.before?.outcome.verdict?.backward, 'vanishing');
  assert.equal(site.after?.outcome.verdict?.forward, 'healthy');
  assert.equal(site.after?.outcome.verdict?.backward, 'healthy');
  assert.equal(site.regressed, false);
  assert.equal(site.before?.outcome.verdict ? site.before.outcome.stds.length : 0, 10);
  assert.equal(report.head.ref, 'working tree');
  assert.equal(report.head.commit, null);
  assert.equal(report.base.commit, repo.git('rev-parse', 'main'));
  assert.deepEqual(report.counts, { added: 0, modified: 1, removed: 0, moved: 0, unchanged: 0, regressed: 0 });
  repo.remove();
});

test('Tanh → ReLU around an unchanged xavier_normal_ line: modified (network), worse, regressed', async () => {
  const repo = makeRepo({ 'net.py': torchStack('Tanh') });
  repo.commit('relu', { 'net.py': torchStack('ReLU') });
  const report = await review(repo, { base: 'HEAD~1', head: 'HEAD' });
  assert.equal(report.sites.length, 1);
  const [site] = report.sites;
  assert.equal(site.change, 'modified');
  assert.deepEqual(site.aspects, ['network']);
  assert.equal(site.before?.site.text, 'nn.init.xavier_normal_(m.weight)');
  assert.equal(site.before?.site.range.start.line, site.after?.site.range.start.line);
  assert.equal(site.before?.outcome.verdict?.forward, 'drifting');
  assert.equal(site.after?.outcome.verdict?.forward, 'vanishing');
  assert.equal(site.after?.outcome.verdict?.backward, 'vanishing');
  assert.equal(site.regressed, true);
  assert.equal(report.counts.regressed, 1);
  // The fix is written in the site's idiom.
  assert.match(site.after?.suggestion?.title ?? '', /kaiming_normal_\(m\.weight, nonlinearity='relu'\)/);
  assert.deepEqual([report.base.ref, report.base.mergeBase, report.head.ref, report.head.commit], ['HEAD~1', false, 'HEAD', repo.git('rev-parse', 'HEAD')]);
  repo.remove();
});

test('an init moved by lines inserted above is not reported; --all lists it as moved', async () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('0.01') });
  repo.write({ 'mlp.py': numpyLoop('0.01', '# Setup\nimport os\nSEED = 0\n') });
  const report = await review(repo);
  assert.deepEqual(report.sites, []);
  assert.equal(report.counts.moved, 1);
  const all = await review(repo, { all: true });
  assert.equal(all.sites.length, 1);
  assert.equal(all.sites[0].change, 'moved');
  assert.equal(all.sites[0].before?.site.range.start.line, 5);
  assert.equal(all.sites[0].after?.site.range.start.line, 8);
  assert.equal(all.sites[0].regressed, false);
  repo.remove();
});

test('--all lists the untouched sites of unchanged files as unchanged', async () => {
  const repo = makeRepo({ 'a.py': numpyLoop('0.01'), 'b.py': torchStack('Tanh') });
  repo.write({ 'a.py': numpyLoop('np.sqrt(2 / n)') });
  const report = await review(repo, { all: true });
  assert.deepEqual(
    report.sites.map((s) => [s.after?.file, s.change]),
    [
      ['a.py', 'modified'],
      ['b.py', 'unchanged'],
    ],
  );
  assert.equal(report.files.find((f) => f.after === 'b.py')?.status, 'unchanged');
  repo.remove();
});

test('a notebook cell edited: the site is matched within its cell and the cell index is kept', async () => {
  const setup = 'import numpy as np\nn = 500\nx = np.random.randn(1000, n)\n';
  const loop = (scale: string) => `for i in range(10):\n    W = np.random.randn(n, n) * ${scale}\n    x = np.maximum(0, x @ W)\n`;
  const repo = makeRepo({ 'exp.ipynb': notebook([setup, loop('0.01')]) });
  repo.write({ 'exp.ipynb': notebook([setup, loop('np.sqrt(2 / n)')]) });
  const report = await review(repo);
  assert.equal(report.sites.length, 1);
  const [site] = report.sites;
  assert.equal(site.change, 'modified');
  assert.equal(site.after?.site.cell, 2);
  assert.equal(site.after?.site.range.start.line, 1);
  assert.equal(site.before?.outcome.verdict?.forward, 'vanishing');
  assert.equal(site.after?.outcome.verdict?.forward, 'healthy');
  // A cell inserted above moves the site to another cell: moved, not removed + added.
  repo.commit('he');
  repo.write({ 'exp.ipynb': notebook(['print("hello")\n', setup, loop('np.sqrt(2 / n)')]) });
  const moved = await review(repo, { base: 'HEAD', all: true });
  assert.deepEqual(
    moved.sites.map((s) => [s.change, s.before?.site.cell, s.after?.site.cell]),
    [['moved', 2, 3]],
  );
  repo.remove();
});

test('a deleted init is removed: before set, after null, never regressed', async () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('np.sqrt(2 / n)'), 'gone.py': numpyLoop('0.01') });
  repo.git('rm', '-q', 'gone.py');
  repo.write({ 'mlp.py': 'import numpy as np\nn = 500\n' });
  const report = await review(repo);
  assert.deepEqual(
    report.sites.map((s) => [s.before?.file, s.change, s.after, s.regressed]),
    [
      ['gone.py', 'removed', null, false],
      ['mlp.py', 'removed', null, false],
    ],
  );
  assert.equal(report.sites[0].before?.outcome.verdict?.forward, 'vanishing');
  assert.equal(report.files.find((f) => f.before === 'gone.py')?.status, 'deleted');
  repo.remove();
});

test('renamed files: unchanged content reports nothing; renamed and modified reports under the new path', async () => {
  const body = numpyLoop('0.01') + '\n# ' + 'a long comment so that the rename is detected '.repeat(4) + '\n';
  const repo = makeRepo({ 'old.py': body });
  repo.git('mv', 'old.py', 'new.py');
  const renamed = await review(repo);
  assert.deepEqual(renamed.sites, []);
  assert.deepEqual(renamed.files, [{ before: 'old.py', after: 'new.py', status: 'renamed' }]);
  assert.equal(renamed.counts.moved, 1);

  repo.commit('rename');
  renameSync(join(repo.root, 'new.py'), join(repo.root, 'newer.py'));
  repo.write({ 'newer.py': body.replace('* 0.01', '* np.sqrt(2 / n)') });
  repo.git('add', '-A');
  const edited = await review(repo, { base: 'HEAD' });
  assert.equal(edited.sites.length, 1);
  assert.deepEqual([edited.sites[0].change, edited.sites[0].before?.file, edited.sites[0].after?.file], ['modified', 'new.py', 'newer.py']);
  repo.remove();
});

test('a targetless init edited in place is modified, not removed + added', async () => {
  const before = 'import numpy as np\nn = 500\nx = np.random.randn(64, n)\nfor i in range(10):\n    x = np.maximum(0, x @ (np.random.randn(n, n) * 0.01))\n';
  const repo = makeRepo({ 'inline.py': before });
  repo.write({ 'inline.py': before.replace('* 0.01', '* np.sqrt(2 / n)') });
  const report = await review(repo);
  assert.equal(report.sites.length, 1);
  assert.equal(report.sites[0].before?.site.target, undefined);
  assert.equal(report.sites[0].change, 'modified');
  repo.remove();
});

test('untracked files count as added; an added problem site is regressed', async () => {
  const repo = makeRepo({ 'README.md': 'hi\n' });
  repo.write({ 'new.py': numpyLoop('0.01'), 'ok.py': numpyLoop('np.sqrt(2 / n)'), 'notes.txt': 'W = np.random.randn(3, 3)\n' });
  const report = await review(repo);
  assert.deepEqual(
    report.sites.map((s) => [s.after?.file, s.change, s.before, s.regressed]),
    [
      ['new.py', 'added', null, true],
      ['ok.py', 'added', null, false],
    ],
  );
  repo.remove();
});

test('default base: the merge base with main, so commits on main since the branch point are not reported', async () => {
  const repo = makeRepo({ 'a.py': numpyLoop('0.01'), 'b.py': numpyLoop('0.01') });
  const branchPoint = repo.git('rev-parse', 'HEAD');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('feature: He in a.py', { 'a.py': numpyLoop('np.sqrt(2 / n)') });
  repo.git('checkout', '-q', 'main');
  repo.commit('main: He in b.py', { 'b.py': numpyLoop('np.sqrt(2 / n)') });
  repo.git('checkout', '-q', 'feature');
  const report = await review(repo);
  assert.deepEqual([report.base.ref, report.base.commit, report.base.mergeBase], ['main', branchPoint, true]);
  assert.deepEqual(
    report.sites.map((s) => s.after?.file),
    ['a.py'],
  );
  // PATHs narrow the files (relative to cwd).
  assert.deepEqual((await review(repo, { paths: ['b.py'] })).sites, []);
  repo.remove();
});

test('unknown refs and directories outside a repository are named in one clear error', async () => {
  const repo = makeRepo({ 'a.py': numpyLoop('0.01') });
  await assert.rejects(review(repo, { base: 'no-such-branch' }), (e: unknown) => e instanceof RefError && e.role === 'base' && e.ref === 'no-such-branch');
  await assert.rejects(review(repo, { head: 'v9' }), (e: unknown) => e instanceof RefError && e.role === 'head');
  await assert.rejects(review(repo, { cwd: join(repo.root, '..') }), (e: unknown) => e instanceof GitError && /not a git repository/.test(e.message));
  repo.remove();
});

test('malformed Python and notebooks are reported as errors, never a crash', async () => {
  const repo = makeRepo({ 'a.py': numpyLoop('0.01') });
  repo.write({ 'broken.ipynb': '{"cells": [', 'weird.py': 'def f(:\n  W = np.random.randn(3, 3) * 0.01 )))\n' });
  const report = await review(repo);
  const problem = report.errors.find((e) => e.file === 'broken.ipynb');
  assert.equal(problem?.side, 'head');
  assert.match(problem?.message ?? '', /not valid JSON/);
  repo.remove();
});

test('identical networks are simulated once, through the injected simulator', async () => {
  const repo = makeRepo({ 'a.py': numpyLoop('0.01'), 'b.py': numpyLoop('0.01') });
  repo.write({ 'a.py': numpyLoop('np.sqrt(2 / n)'), 'b.py': numpyLoop('np.sqrt(2 / n)') });
  const seen: string[] = [];
  const { simulateQuick } = await import('../../../src/analysis/quickSimulation');
  const report = await reviewChange(
    { cwd: repo.root, defaults: parseDefaults({}) },
    {
      git: gitIn(repo.env),
      simulate: async (network, batch) => {
        seen.push(JSON.stringify(network));
        return simulateQuick(network, batch);
      },
    },
  );
  assert.equal(report.sites.length, 2);
  assert.equal(seen.length, 2);
  repo.remove();
});
