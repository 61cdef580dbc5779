// The GitHub Action entry (dist/action.js) end to end: inputs from INPUT_* variables, the base
// from GITHUB_BASE_REF in a pull_request event, files under RUNNER_TEMP, outputs appended to
// GITHUB_OUTPUT in the delimiter syntax, and the exit code from fail-on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION, makeRepo, numpyLoop, torchStack, type Repo } from './gitRepo';

/** `name<<DELIM\nvalue\nDELIM` entries of a GITHUB_OUTPUT file. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const end = lines.indexOf(m[2], i + 1);
    assert.ok(end > i, `no closing delimiter for ${m[1]}`);
    outputs[m[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

function runAction(repo: Repo, inputs: Record<string, string>, event: Record<string, string> = {}) {
  const temp = mkdtempSync(join(tmpdir(), 'init-lens-action-'));
  const outputFile = join(temp, 'github_output');
  const summaryFile = join(temp, 'step_summary');
  writeFileSync(outputFile, 'earlier=kept\n');
  const env = {
    ...repo.env,
    GITHUB_WORKSPACE: repo.root,
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...event,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const run = spawnSync(process.execPath, [ACTION], { cwd: repo.root, env, encoding: 'utf8' });
  const result = { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs: readFileSync(outputFile, 'utf8'), temp, summaryFile, report: '', summary: '', sarif: '' };
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  Object.assign(result, { report: read(join(temp, 'init-lens-review.md')), summary: read(summaryFile), sarif: read(join(temp, 'init-lens-review.sarif')) });
  rmSync(temp, { recursive: true, force: true });
  return result;
}

test('pull_request: base from GITHUB_BASE_REF, annotations on stdout, report files and outputs, fail-on regressed exits 1', () => {
  const repo = makeRepo({ 'net.py': torchStack('Tanh'), 'mlp.py': numpyLoop('0.01') });
  // What actions/checkout leaves: the target branch as origin/main, the PR's change checked out.
  repo.git('update-ref', 'refs/remotes/origin/main', 'main');
  repo.git('checkout', '-q', '-b', 'pr');
  repo.commit('relu', { 'net.py': torchStack('ReLU'), 'mlp.py': numpyLoop('np.sqrt(2 / n)') });
  repo.git('branch', '-f', 'main', 'HEAD'); // main moved on locally: the action must use origin/main
  const run = runAction(repo, { 'fail-on': 'regressed', format: '', paths: '' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^::error file=net\.py,line=27,/);
  assert.match(run.stdout, /::notice title=Init Lens review::2 init sites changed, 1 regressed \(origin\/main \(merge base/);
  assert.ok(run.outputs.startsWith('earlier=kept\n'));
  const outputs = parseOutputs(run.outputs);
  assert.deepEqual(outputs, { report: join(run.temp, 'init-lens-review.md'), sarif: join(run.temp, 'init-lens-review.sarif'), regressed: '1' });
  assert.ok(run.report.startsWith('<!-- init-lens-review -->\n'));
  assert.equal(run.summary, run.report);
  const sarif = JSON.parse(run.sarif);
  assert.deepEqual(
    sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
    ['init-lens/vanishing'],
  );
  repo.remove();
});

test('inputs: format, paths and base; fail-on that does not match exits 0; bad inputs exit 2 with an ::error', () => {
  const repo = makeRepo({ 'a/net.py': torchStack('Tanh'), 'b/mlp.py': numpyLoop('0.01') });
  repo.commit('change', { 'a/net.py': torchStack('ReLU'), 'b/mlp.py': numpyLoop('np.sqrt(2 / n)') });
  const json = runAction(repo, { base: 'HEAD~1', format: 'json', paths: 'b/\n', 'fail-on': 'regressed' });
  assert.equal(json.status, 0, json.stdout + json.stderr);
  const report = JSON.parse(json.stdout);
  assert.deepEqual(
    report.sites.map((s: { file: string }) => s.file),
    ['b/mlp.py'],
  );
  assert.equal(parseOutputs(json.outputs).regressed, '0');
  const bad = runAction(repo, { 'fail-on': 'vanishing,often' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '::error title=Init Lens review::input fail-on must be a comma-separated list of: vanishing, exploding, saturating, dead, symmetric, regressed (got "often")\n');
  // depth/width/activation/batch fill in what the code does not say, as check's flags do.
  const assumed = runAction(repo, { base: 'HEAD~1', format: 'json', paths: 'b/', batch: '16' });
  assert.equal(assumed.status, 0, assumed.stdout + assumed.stderr);
  assert.match(assumed.stdout, /"batch":16/);
  const badDepth = runAction(repo, { depth: '0' });
  assert.equal(badDepth.status, 2);
  assert.match(badDepth.stdout, /^::error title=Init Lens review::input depth must be an integer from 1 to 10000 \(got 0\)/);
  const ref = runAction(repo, { base: 'origin/nowhere' });
  assert.equal(ref.status, 2);
  assert.match(ref.stdout, /^::error title=Init Lens review::input base must be a branch, tag or commit in this repository \(check out with fetch-depth: 0 so it is there\) \(got "origin\/nowhere"\)\n$/);
  repo.remove();
});

test('action.yml declares the inputs the entry reads, the outputs it sets, and runs dist/action.js on node20', () => {
  const yml = readFileSync('action.yml', 'utf8');
  const section = (name: string) => {
    const m = new RegExp(`^${name}:\\n((?:  .*\\n|\\s*\\n)*)`, 'm').exec(yml);
    return m ? [...m[1].matchAll(/^ {2}([\w-]+):/gm)].map((k) => k[1]) : [];
  };
  assert.deepEqual(section('inputs'), ['fail-on', 'format', 'paths', 'base', 'depth', 'width', 'activation', 'batch']);
  assert.deepEqual(section('outputs'), ['report', 'sarif', 'regressed']);
  assert.match(yml, /^runs:\n {2}using: node20\n {2}main: dist\/action\.js\n/m);
  const workflow = readFileSync('examples/workflows/init-lens-review.yml', 'utf8');
  assert.match(workflow, /fetch-depth: 0/);
  assert.match(workflow, /<!-- init-lens-review -->/);
  assert.match(workflow, /github\/codeql-action\/upload-sarif@v3/);
});
