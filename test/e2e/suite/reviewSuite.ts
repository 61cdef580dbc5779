// Reviewing initialization changes in a real editor: a temp git repository (the e2e workspace is
// not one and stays untouched) whose working tree changes CS231n's `randn * 0.01` tanh loop to
// Xavier's 1/√n, reviewed against main through the command's non-interactive argument; the
// webview draws the row and the before/after chart; a row jumps to the line (the working tree,
// or the base version read-only for a removed site); bad refs and folders outside git say so.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { until } from './helpers';

interface ReviewSide {
  scheme: string;
  forward: string | null;
  backward: string | null;
  layers: number;
}
interface ReviewState {
  id: string;
  title: string;
  running: boolean;
  root: string | null;
  base: string | null;
  head: string | null;
  counts: { added: number; modified: number; removed: number; regressed: number; changed: number } | null;
  sites: { location: string; change: string; aspects: string[]; regressed: boolean; before: ReviewSide | null; after: ReviewSide | null; fix: string | null }[];
  error: string | null;
  rejected: number;
  rendered: { rows: number; charts: number } | null;
  lastRevealed: string | null;
}
interface ReviewOutcome {
  panelId: string | null;
  sites: number;
  regressed: number;
  error?: string;
}

async function reviews(): Promise<ReviewState[]> {
  return ((await vscode.commands.executeCommand('initLens.state', { settle: false })) as { reviews: ReviewState[] }).reviews;
}

function tanhLoop(scale: string): string {
  return `import numpy as np

D = np.random.randn(1000, 500)
H = D
for i in range(10):
    W = np.random.randn(500, 500) * ${scale}
    H = np.tanh(np.dot(H, W))
`;
}

const RELU_LOOP = `import numpy as np
x = np.random.randn(64, 256)
for i in range(8):
    W = np.random.randn(256, 256) * np.sqrt(2 / 256)
    x = np.maximum(0, x @ W)
`;

/** A repository in a temp dir with one commit on main holding `files`. */
function makeRepo(top: string, name: string, files: Record<string, string>): { root: string; git: (...args: string[]) => string } {
  const root = join(top, name);
  mkdirSync(root);
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Init Lens Test', '-c', 'user.email=test@init-lens.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    return run.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  return { root, git };
}

export function reviewSuite(): void {
  suite('Init Lens review in a real editor', () => {
    let top = '';

    suiteSetup(() => {
      // realpath: git reports the top level with symlinks resolved (macOS /var → /private/var).
      top = realpathSync(mkdtempSync(join(tmpdir(), 'init-lens-e2e-review-')));
    });

    suiteTeardown(() => {
      if (top) rmSync(top, { recursive: true, force: true });
    });

    test('Review Initialization Changes… against main: 0.01 → 1/√n is modified, vanishing → drifting; the webview drew the row and the chart; the row jumps to the line', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const repo = makeRepo(top, 'cs231n', { 'net.py': tanhLoop('0.01') });
      writeFileSync(join(repo.root, 'net.py'), tanhLoop('np.sqrt(1 / 500)'));
      const main = repo.git('rev-parse', 'main');

      const outcome = await vscode.commands.executeCommand<ReviewOutcome>('initLens.reviewChanges', { cwd: repo.root, base: 'main' });
      assert.equal(outcome.error, undefined, outcome.error);
      assert.ok(outcome.panelId);
      assert.deepEqual([outcome.sites, outcome.regressed], [1, 0]);

      const review = await until('the webview drew the review', async () => (await reviews()).find((r) => r.id === outcome.panelId && r.rendered !== null && r.rendered.rows === 1 && r.rendered.charts === 1));
      assert.equal(review.title, 'Init Lens: Review since main');
      assert.equal(review.root, repo.root);
      assert.equal(review.base, `main (${main.slice(0, 12)})`);
      assert.equal(review.head, 'working tree');
      assert.deepEqual(review.counts, { added: 0, modified: 1, removed: 0, moved: 0, unchanged: 0, regressed: 0, changed: 1 });
      assert.equal(review.sites.length, 1);
      const [site] = review.sites;
      assert.equal(site.location, 'net.py:6');
      assert.equal(site.change, 'modified');
      assert.deepEqual(site.aspects, ['init']);
      assert.equal(site.regressed, false);
      assert.deepEqual(site.before, { scheme: 'N(0, 0.01²)', forward: 'vanishing', backward: 'vanishing', layers: 10 });
      assert.deepEqual(site.after, { scheme: 'N(0, 0.04472²)', forward: 'drifting', backward: 'drifting', layers: 10 });
      assert.equal(review.error, null);
      assert.equal(review.rejected, 0);

      // The row's reveal, as the webview posts it: the working-tree file at the site's line.
      await vscode.commands.executeCommand('initLens.test.reviewMessage', outcome.panelId, { type: 'reveal', site: 0 });
      const fileUri = vscode.Uri.file(join(repo.root, 'net.py')).toString();
      await until('the editor at the site', () => {
        const editor = vscode.window.activeTextEditor;
        return editor?.document.uri.toString() === fileUri && editor.selection.active.line === 5;
      });
      assert.equal((await reviews()).find((r) => r.id === outcome.panelId)?.lastRevealed, `${fileUri}:5`);

      // Forged messages are rejected, not acted on: an index past the list, a path instead of an index.
      await vscode.commands.executeCommand('initLens.test.reviewMessage', outcome.panelId, { type: 'reveal', site: 1 });
      await vscode.commands.executeCommand('initLens.test.reviewMessage', outcome.panelId, { type: 'reveal', site: '/etc/passwd' });
      assert.equal((await reviews()).find((r) => r.id === outcome.panelId)?.rejected, 2);
    });

    test('A removed site opens in the base version, read-only; an unknown ref and a folder outside git are named', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const repo = makeRepo(top, 'removal', { 'keep.py': tanhLoop('0.01'), 'relu.py': RELU_LOOP });
      repo.git('rm', '-q', 'relu.py');
      const head = repo.git('rev-parse', 'HEAD');

      const outcome = await vscode.commands.executeCommand<ReviewOutcome>('initLens.reviewChanges', { cwd: repo.root, base: 'HEAD' });
      assert.deepEqual([outcome.error, outcome.sites, outcome.regressed], [undefined, 1, 0]);
      const review = await until('the webview drew the removed site', async () => (await reviews()).find((r) => r.id === outcome.panelId && r.rendered?.rows === 1));
      assert.deepEqual(
        review.sites.map((s) => [s.location, s.change, s.before?.forward, s.after]),
        [['relu.py:4', 'removed', 'healthy', null]],
      );
      assert.equal(review.rendered?.charts, 1, 'the before curve alone is drawn');

      await vscode.commands.executeCommand('initLens.test.reviewMessage', outcome.panelId, { type: 'reveal', site: 0 });
      const editor = await until('the base version in an editor', () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.scheme === 'init-lens-review' ? e : null;
      });
      assert.equal(editor.document.uri.path, '/relu.py');
      assert.equal(editor.selection.active.line, 3);
      assert.equal(editor.document.lineAt(3).text, '    W = np.random.randn(256, 256) * np.sqrt(2 / 256)');
      assert.ok((await reviews()).find((r) => r.id === outcome.panelId)?.lastRevealed?.includes(head));

      const unknown = await vscode.commands.executeCommand<ReviewOutcome>('initLens.reviewChanges', { cwd: repo.root, base: 'no-such-branch' });
      assert.equal(unknown.panelId, null);
      assert.match(unknown.error ?? '', /^unknown base ref "no-such-branch": not a branch, tag or commit in this repository \(the repository at .*removal\)$/);

      const outside = join(top, 'not-a-repo');
      mkdirSync(outside);
      const notGit = await vscode.commands.executeCommand<ReviewOutcome>('initLens.reviewChanges', { cwd: outside, base: 'main' });
      assert.equal(notGit.panelId, null);
      assert.match(notGit.error ?? '', new RegExp(`^not a git repository: ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    });
  });
}
