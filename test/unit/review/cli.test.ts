// `init-lens review` through the built CLI, in real repositories: formats, --output, and the
// exit codes CI gates on (0 done, 1 --fail-on matched, 2 bad input).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, makeRepo, numpyLoop, torchStack } from './gitRepo';

test('--fail-on: 1 when a changed site has the verdict or regressed, 0 otherwise, 2 for unknown names', () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('np.sqrt(2 / n)'), 'net.py': torchStack('Tanh') });
  repo.write({ 'net.py': torchStack('ReLU') });
  assert.equal(cli(repo, '--fail-on', 'regressed', '--format', 'json').status, 1);
  assert.equal(cli(repo, '--fail-on', 'vanishing', '--format', 'json').status, 1);
  assert.equal(cli(repo, '--fail-on', 'exploding,dead', '--format', 'json').status, 0);
  assert.equal(cli(repo, '--format', 'json').status, 0);
  // Only the change gates: the untouched healthy numpy site does not matter, nor does --all add gating.
  assert.equal(cli(repo, 'mlp.py', '--fail-on', 'regressed,vanishing').status, 0);
  const bad = cli(repo, '--fail-on', 'vanishing,slow');
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr, 'init-lens: --fail-on must be a comma-separated list of: vanishing, exploding, saturating, dead, symmetric, regressed (got "slow")\n');
  repo.remove();
});

test('bad input, unknown refs and non-repositories exit 2 with one line naming the problem', () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('0.01') });
  const format = cli(repo, '--format', 'html');
  assert.deepEqual([format.status, format.stderr], [2, 'init-lens: --format must be one of: text, markdown, json, sarif, github (got "html")\n']);
  const ref = cli(repo, '--base', 'release-9');
  assert.deepEqual([ref.status, ref.stderr], [2, 'init-lens: --base must be a branch, tag or commit in this repository (got "release-9")\n']);
  const head = cli(repo, '--head', 'nope');
  assert.match(head.stderr, /^init-lens: --head must be a branch, tag or commit in this repository \(got "nope"\)\n$/);
  const depth = cli(repo, '--depth', '0');
  assert.deepEqual([depth.status, depth.stderr.split('\n').length], [2, 2]);
  assert.match(depth.stderr, /--depth/);
  const outside = { ...repo, root: mkdtempSync(join(tmpdir(), 'init-lens-no-repo-')) };
  const notRepo = cli(outside, '--format', 'json');
  assert.equal(notRepo.status, 2);
  assert.match(notRepo.stderr, /^init-lens: not a git repository: .*\n$/);
  rmSync(outside.root, { recursive: true, force: true });
  repo.remove();
});

test('default format off a terminal is Markdown; --output writes the report to a file', () => {
  const repo = makeRepo({ 'mlp.py': numpyLoop('0.01') });
  repo.write({ 'mlp.py': numpyLoop('np.sqrt(2 / n)') });
  const md = cli(repo);
  assert.equal(md.status, 0);
  assert.ok(md.stdout.startsWith('<!-- init-lens-review -->\n## Init Lens review\n'));
  const file = join(repo.root, '..', 'report.sarif');
  const written = cli(repo, '--format', 'sarif', '--output', file);
  assert.deepEqual([written.status, written.stdout], [0, '']);
  const sarif = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(sarif.runs[0].results, []);
  const json = JSON.parse(cli(repo, '--format', 'json').stdout);
  assert.deepEqual(
    json.sites.map((s: { file: string; line: number; change: string; before: { verdict: { forward: string } }; after: { verdict: { forward: string } }; regressed: boolean }) => [s.file, s.line, s.change, s.before.verdict.forward, s.after.verdict.forward, s.regressed]),
    [['mlp.py', 6, 'modified', 'vanishing', 'healthy', false]],
  );
  assert.match(cli(repo, '--help').stdout, /Never executes the code under review/);
  repo.remove();
});

test('--format github prints annotations for the changed problem sites', () => {
  const repo = makeRepo({ 'net.py': torchStack('Tanh') });
  repo.write({ 'net.py': torchStack('ReLU') });
  const run = cli(repo, '--format', 'github');
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^::error file=net\.py,line=27,endLine=27,col=9,endColumn=41,title=Init Lens%3A vanishing \(regressed\)::/);
  assert.match(lines[1], /^::notice title=Init Lens review::1 init site changed, 1 regressed/);
  repo.remove();
});
