// The base quick pick's data: git's branch and commit lists parsed, and the items in order (the
// merge base with the default branch first and pre-selected, "Enter a ref…" last).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseChoices, parseBranchRefs, parseRecentCommits, RECENT_COMMIT_ARGS, REF_LIST_ARGS, refInputProblem } from '../../../src/extension/reviewRefs';
import { makeRepo, numpyLoop } from '../review/gitRepo';

test('parseBranchRefs: local and remote branches, symbolic remote HEADs and duplicates dropped', () => {
  const output = [
    'refs/heads/main\tmain',
    'refs/heads/feature/init\tfeature/init',
    'refs/remotes/origin/HEAD\torigin',
    'refs/remotes/upstream/HEAD\tupstream/HEAD',
    'refs/remotes/origin/main\torigin/main',
    'refs/remotes/origin/main\torigin/main',
    'refs/tags/v1\tv1',
    '',
    'garbage without a tab',
  ].join('\n');
  assert.deepEqual(parseBranchRefs(output), [
    { name: 'main', remote: false },
    { name: 'feature/init', remote: false },
    { name: 'origin/main', remote: true },
  ]);
  assert.deepEqual(parseBranchRefs(''), []);
});

test('parseRecentCommits: hash and subject (tabs in the subject kept), other lines skipped', () => {
  assert.deepEqual(parseRecentCommits('1a2b3c4\tUse He init\nabcdef0\tfix:\tkeep tabs\n\nnot-a-hash\tx\n5555555\n'), [
    { hash: '1a2b3c4', subject: 'Use He init' },
    { hash: 'abcdef0', subject: 'fix:\tkeep tabs' },
    { hash: '5555555', subject: '' },
  ]);
});

test('baseChoices: merge base first and picked, HEAD, branches, remote branches, commits, then Enter a ref…', () => {
  const choices = baseChoices({
    defaultBranch: { name: 'main', mergeBase: '0123456789abcdef0123456789abcdef01234567' },
    currentBranch: 'feature',
    branches: [
      { name: 'main', remote: false },
      { name: 'feature', remote: false },
      { name: 'origin/main', remote: true },
    ],
    commits: [{ hash: '1a2b3c4', subject: 'Use He init' }],
  });
  const summary = choices.map((c) => (c.kind === 'separator' ? `--${c.label}` : c.kind === 'enter' ? 'ENTER' : `${c.label}${c.picked ? ' (picked)' : ''}`));
  assert.deepEqual(summary, [
    '$(git-merge) Merge base with main (picked)',
    '$(git-commit) HEAD',
    '--Branches',
    '$(git-branch) main',
    '$(git-branch) feature',
    '--Remote branches',
    '$(cloud) origin/main',
    '--Recent commits',
    '$(git-commit) 1a2b3c4',
    '--',
    'ENTER',
  ]);
  const first = choices[0];
  assert.ok(first.kind === 'choice');
  assert.deepEqual(first.selection, { defaultBranch: 'main', label: 'merge base with main' });
  assert.equal(first.description, '0123456789ab');
  const feature = choices[4];
  assert.ok(feature.kind === 'choice');
  assert.equal(feature.description, 'current branch: its last commit');
  assert.deepEqual(feature.selection, { base: 'feature', label: 'feature' });
  const commit = choices[8];
  assert.ok(commit.kind === 'choice');
  assert.deepEqual([commit.description, commit.selection], ['Use He init', { base: '1a2b3c4', label: '1a2b3c4' }]);
});

test('baseChoices without a default branch or history: HEAD is picked; no empty sections', () => {
  const choices = baseChoices({ defaultBranch: null, currentBranch: null, branches: [], commits: [] });
  assert.deepEqual(
    choices.map((c) => c.kind),
    ['choice', 'separator', 'enter'],
  );
  const head = choices[0];
  assert.ok(head.kind === 'choice' && head.picked === true);
  assert.deepEqual(head.selection, { base: 'HEAD', label: 'HEAD' });
});

test('the git commands the quick pick runs, on a real repository, parse into its lists', () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('0.01') });
  repo.commit('second\twith a tab', { 'mlp.py': numpyLoop('np.sqrt(2 / n)') });
  repo.git('branch', 'feature');
  repo.git('update-ref', 'refs/remotes/origin/main', 'main');
  repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  const refs = parseBranchRefs(repo.git(...REF_LIST_ARGS));
  assert.deepEqual(refs.map((r) => `${r.remote ? 'remote ' : ''}${r.name}`).sort(), ['feature', 'main', 'remote origin/main']);
  const commits = parseRecentCommits(repo.git(...RECENT_COMMIT_ARGS));
  assert.deepEqual(
    commits.map((c) => c.subject),
    ['second\twith a tab', 'initial'],
  );
  assert.equal(commits[0].hash, repo.git('rev-parse', '--short', 'HEAD'));
  repo.remove();
});

test('refInputProblem: empty, spaces and control characters are refused; git judges the rest', () => {
  assert.equal(refInputProblem('  '), 'Enter a branch, tag or commit');
  assert.equal(refInputProblem('my branch'), 'A ref has no spaces or control characters');
  assert.equal(refInputProblem('a\u0007'), 'A ref has no spaces or control characters');
  assert.equal(refInputProblem('x'.repeat(251)), 'At most 250 characters');
  assert.equal(refInputProblem(' HEAD~3 '), null);
  assert.equal(refInputProblem('--output=x'), null, 'resolveCommit passes it after --end-of-options');
});
