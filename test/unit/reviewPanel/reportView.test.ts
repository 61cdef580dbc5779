// The report the review panel draws: reviewReportView over real git repositories says what
// `init-lens review` says (its phrases), in plain data; the editor's pool simulator gives the
// same outcomes as the CLI's in-process one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefaults } from '../../../src/cli/checkCommand';
import { reviewText } from '../../../src/cli/report/reviewText';
import { reviewReportView, reviewSummary } from '../../../src/extension/reviewReportView';
import { poolSimulator } from '../../../src/extension/reviewSimulator';
import { AnalysisClient } from '../../../src/analysis/client';
import { resolve } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../../src/diagnose/verdict';
import { simulateQuick } from '../../../src/analysis/quickSimulation';
import { reviewChange } from '../../../src/review/reviewChange';
import type { ReviewReport } from '../../../src/review/types';
import type { NetworkSpec, SimulationOptions } from '../../../src/core/types';
import { SimulationPool } from '../../../src/worker/pool';
import { WORKER_PATH } from '../workerHelpers';
import { gitIn, makeRepo, type Repo } from '../review/gitRepo';
import { RELU_LOOP, tanhLoop, threeKindsRepo, TORCH_WIDE } from './fixtures';

function review(repo: Repo, deps: Parameters<typeof reviewChange>[1] = {}): Promise<ReviewReport> {
  return reviewChange({ cwd: repo.root, defaults: parseDefaults({}) }, { git: gitIn(repo.env), ...deps });
}

test('three kinds of change: rows in file order with the CLI phrases, verdicts, ratios and stds', async () => {
  const repo = threeKindsRepo();
  const report = await review(repo);
  const view = reviewReportView(report);
  const text = reviewText(report);

  assert.equal(view.root, report.root);
  assert.deepEqual(view.base, { ref: 'main', commit: repo.git('rev-parse', 'main'), mergeBase: true, words: `main (merge base ${repo.git('rev-parse', 'main').slice(0, 12)})` });
  assert.deepEqual(view.head, { ref: 'working tree', commit: null, mergeBase: false, words: 'working tree' });
  assert.ok(text.startsWith(`Init Lens review: ${view.base.words} → ${view.head.words}\n`));
  assert.deepEqual(view.counts, { added: 1, modified: 1, removed: 1, moved: 0, unchanged: 0, regressed: 1, changed: 3 });
  assert.equal(view.headline, '3 init sites changed (1 added, 1 modified, 1 removed), 1 regressed');
  assert.ok(text.includes(`3 Python/notebook files changed: ${view.headline}.`));
  assert.equal(view.filesChanged, 3);
  assert.equal(view.omitted, null);
  assert.equal(view.defaults, 'depth 10 · width 512 · relu · batch 64');
  assert.deepEqual(reviewSummary(view), { sites: 3, regressed: 1 });

  assert.deepEqual(
    view.sites.map((s) => [s.index, s.shown, s.change, s.changeWords, s.regressed, s.before?.location ?? null, s.after?.location ?? null]),
    [
      [0, 'before', 'removed', 'removed', false, 'gone.py:4', null],
      [1, 'after', 'modified', 'modified (init)', false, 'net.py:6', 'net.py:6'],
      [2, 'after', 'added', 'added', true, null, 'new.py:6'],
    ],
  );
  const [removed, modified, added] = view.sites;
  // Each side in the CLI's words: the text report prints the same scheme · network and verdict lines.
  for (const side of [removed.before, modified.before, modified.after, added.after]) {
    assert.ok(side);
    assert.ok(text.includes(`${side.scheme} · ${side.network}`), `${side.scheme} · ${side.network} in the text report`);
    assert.ok(text.includes(side.summary.split('. ')[0]), side.summary);
    assert.equal(side.stds.length, side.network.startsWith('12') ? 12 : side.network.startsWith('8') ? 8 : 10);
    assert.ok(side.stds.every((s) => s === null || (Number.isFinite(s) && s >= 0)));
    assert.match(side.engine ?? '', /^dense Monte Carlo \(batch 64, 1 draw, seed 0\) \+ mean-field$/);
  }
  assert.deepEqual([modified.before?.scheme, modified.after?.scheme], ['N(0, 0.01²)', 'N(0, 0.04472²)']);
  assert.deepEqual([modified.before?.forward, modified.before?.backward, modified.after?.forward, modified.after?.backward], ['vanishing', 'vanishing', 'drifting', 'drifting']);
  assert.ok(text.includes(`forward vanishing (ratio 1.4e-6), backward vanishing (ratio 1.3e-6)`));
  assert.ok((modified.before?.forwardRatio ?? 1) < 1e-5);
  assert.equal(modified.before?.line, 6);
  assert.equal(modified.before?.cell, null);
  assert.equal(modified.before?.code, 'np.random.randn(500, 500) * 0.01');
  assert.equal(typeof modified.before?.params.std, 'number');
  // Vanishing: the forward std falls by decades across the layers.
  const stds = modified.before?.stds ?? [];
  assert.ok((stds.at(-1) ?? 1) / (stds[0] ?? 1) < 1e-5);
  assert.deepEqual([added.after?.forward, added.after?.backward], ['saturating', 'exploding']);
  assert.ok(added.fix?.startsWith('Xavier normal (std √(2/(fan_in+fan_out))): nn.init.xavier_normal_(m.weight)'), added.fix ?? 'no fix');
  assert.ok(text.includes(`fix       ${added.fix}`));
  assert.equal(removed.fix, null, 'a removed site has no fix');
  assert.equal(removed.after, null);
  assert.deepEqual(removed.before?.assumptions, ['batch 64 (assumed: default of --batch)']);
  assert.deepEqual(view.errors, []);
  // Plain data: survives postMessage / setState unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
  repo.remove();
});

test('errors, moved sites not listed, notebooks: located as the CLI locates them', async () => {
  const repo = makeRepo({ 'a.py': tanhLoop('0.01'), 'b.py': RELU_LOOP });
  repo.write({ 'a.py': `# a comment\n${tanhLoop('0.01')}`, 'bad.ipynb': '{ not json' });
  const view = reviewReportView(await review(repo));
  assert.deepEqual(view.sites, []);
  assert.equal(view.counts.moved, 1);
  assert.equal(view.omitted, '1 moved site not shown (identical init and network; --all lists them)');
  assert.equal(view.errors.length, 1);
  assert.equal(view.errors[0].location, 'bad.ipynb');
  assert.equal(view.errors[0].side, 'after');
  assert.match(view.errors[0].message, /not valid JSON/);
  repo.remove();
});

test('not simulated: no verdicts, no stds, the reason as the summary', async () => {
  const repo = makeRepo({ 'big.py': 'import numpy as np\n' });
  // Too wide for a quick Monte Carlo run, and a constant init, where mean-field does not apply.
  repo.write({ 'big.py': 'import numpy as np\nn = 8192\nx = np.random.randn(256, n)\nfor i in range(200):\n    W = np.ones((n, n)) * 0.01\n    x = np.tanh(x @ W)\n' });
  const view = reviewReportView(await review(repo));
  assert.equal(view.sites.length, 1);
  const after = view.sites[0].after;
  assert.ok(after);
  assert.deepEqual([after.forward, after.backward, after.forwardRatio, after.engine, after.stds], [null, null, null, null, []]);
  assert.match(after.summary, /^Not simulated: /);
  repo.remove();
});

test('the pool simulator gives the outcomes simulateQuick gives: dense draw, mean-field only, neither', async () => {
  const pool = new SimulationPool({ size: 2, workerPath: WORKER_PATH });
  try {
    const square = (width: number, depth: number, init: NetworkSpec['layers'][number]['init']): NetworkSpec => ({
      inputWidth: width,
      layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation: { name: 'tanh' as const } })),
    });
    const simulate = poolSimulator(pool);
    const cases: [string, NetworkSpec, number][] = [
      ['dense', square(128, 10, { scheme: 'normal', std: 0.01 }), 64],
      ['mean-field', square(4096, 100, { scheme: 'xavier_normal' }), 256],
      ['neither', square(4096, 100, { scheme: 'constant', value: 0.01 }), 256],
    ];
    for (const [name, network, batch] of cases) {
      const pooled = await simulate(network, batch);
      assert.deepEqual(pooled, simulateQuick(network, batch), name);
      if (name === 'neither') assert.equal(pooled.verdict, null);
      else assert.ok(pooled.verdict && pooled.engine.startsWith(name === 'dense' ? 'dense Monte Carlo' : 'mean-field only'), name);
    }
    // The editor's thresholds judge the same run: with vanishing below 1e-30, N(0, 0.01²) over 10 layers only drifts.
    const lenient = { ...DEFAULT_THRESHOLDS, vanishingBelow: 1e-30 };
    const judged = await poolSimulator(pool, undefined, lenient)(cases[0][1], 64);
    assert.equal(simulateQuick(cases[0][1], 64).verdict?.forward, 'vanishing');
    assert.equal(judged.verdict?.forward, 'drifting');
    // A whole review as the editor runs it (simulation on the pool, parsing in the analysis worker) equals the in-process one.
    const repo = threeKindsRepo();
    const client = new AnalysisClient({ workerPath: resolve('dist/analysisWorker.js') });
    try {
      const inProcess = reviewReportView(await review(repo));
      const pooled = reviewReportView(await review(repo, { simulate, analyseText: (path, text) => client.sites(path, text) }));
      assert.deepEqual(pooled, inProcess);
    } finally {
      client.dispose();
    }
    repo.remove();
  } finally {
    await pool.dispose();
  }
});

test('the pool simulator: an abort rejects (the review stops); a failed run becomes the site reason', async () => {
  const network: NetworkSpec = { inputWidth: 8, layers: [{ fanIn: 8, fanOut: 8, init: { scheme: 'normal', std: 0.1 }, activation: { name: 'relu' } }] };
  const failing = { run: (_job: { network: NetworkSpec; options: SimulationOptions; signal?: AbortSignal }) => Promise.reject(new Error('worker crashed')) };
  assert.deepEqual(await poolSimulator(failing)(network, 4), { verdict: null, reason: 'simulation failed: worker crashed' });
  const controller = new AbortController();
  const cancelling = {
    run: (job: { signal?: AbortSignal }) => {
      controller.abort();
      assert.equal(job.signal, controller.signal);
      return Promise.reject(Object.assign(new Error('cancelled'), { name: 'CancelledError' }));
    },
  };
  await assert.rejects(async () => poolSimulator(cancelling as never, controller.signal)(network, 4), /cancelled/);
  // Both sides of a real review through a cancelled signal: reviewChange rejects.
  const repo = makeRepo({ 'net.py': tanhLoop('0.01') });
  repo.write({ 'net.py': TORCH_WIDE });
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(reviewChange({ cwd: repo.root, defaults: parseDefaults({}), signal: aborted.signal }, { git: gitIn(repo.env), simulate: poolSimulator(cancelling as never, aborted.signal) }));
  repo.remove();
});
