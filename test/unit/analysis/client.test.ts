// The analysis worker for real (dist/analysisWorker.js, built by the test runner): answers,
// supersedes per document, survives a crash and a hang.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { AnalysisSettings } from '../../../src/analysis/analyse';
import { AnalysisClient } from '../../../src/analysis/client';
import { analyseSource } from '../../../src/analysis/sourceAnalysis';
import { DEFAULT_THRESHOLDS } from '../../../src/diagnose/verdict';

const settings: AnalysisSettings = { depth: 10, width: 512, activation: 'relu', batch: 64, seed: 0, thresholds: DEFAULT_THRESHOLDS };
const workerPath = resolve('dist/analysisWorker.js');
const source = (std: string) => ({ kind: 'python' as const, text: `import numpy as np\nW = np.random.randn(512, 512) * ${std}\n` });

test('the worker analyses, and a newer request for the same document supersedes a waiting one', async () => {
  const client = new AnalysisClient({ workerPath });
  try {
    const first = client.analyse('a', 1, source('0.01'), settings);
    const stale = client.analyse('b', 1, source('0.01'), settings);
    const newer = client.analyse('b', 2, source('np.sqrt(2 / 512)'), settings);
    const [a, b, c] = await Promise.all([first, stale, newer]);
    assert.equal(a?.sites[0].meanField?.verdict.forward, 'vanishing');
    assert.equal(b, null);
    assert.equal(c?.version, 2);
    assert.equal(c?.sites[0].meanField?.verdict.forward, 'healthy');
  } finally {
    client.dispose();
  }
});

test('a crashed worker fails its request with a clear error and is replaced for the next one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'init-lens-analysis-'));
  const crashing = join(dir, 'crash.js');
  // Crashes on the first message only (the second worker sees the marker file and answers).
  writeFileSync(
    crashing,
    `const fs = require('fs'); const { parentPort } = require('worker_threads'); const marker = ${JSON.stringify(join(dir, 'crashed'))};
     parentPort.on('message', (r) => { if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ''); throw new Error('boom'); }
       parentPort.postMessage({ id: r.id, ok: true, analysis: { version: r.version, sites: [], problems: [] } }); });`,
  );
  const client = new AnalysisClient({ workerPath: crashing });
  try {
    await assert.rejects(client.analyse('a', 1, source('0.01'), settings), /analysis worker crashed: boom/);
    const next = await client.analyse('a', 2, source('0.01'), settings);
    assert.equal(next?.version, 2);
  } finally {
    client.dispose();
  }
});

test('a hung worker is stopped after the timeout, named in the error, and replaced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'init-lens-analysis-'));
  const hanging = join(dir, 'hang.js');
  writeFileSync(
    hanging,
    `const fs = require('fs'); const { parentPort } = require('worker_threads'); const marker = ${JSON.stringify(join(dir, 'hung'))};
     parentPort.on('message', (r) => { if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ''); for (;;) {} }
       parentPort.postMessage({ id: r.id, ok: true, analysis: { version: r.version, sites: [], problems: [] } }); });`,
  );
  const client = new AnalysisClient({ workerPath: hanging, timeoutMs: 300 });
  try {
    await assert.rejects(client.analyse('a', 1, source('0.01'), settings), /analysis took longer than 0.3 s and was stopped/);
    assert.equal((await client.analyse('a', 2, source('0.01'), settings))?.version, 2);
  } finally {
    client.dispose();
  }
});

test("a file text's sites come from the worker exactly as in process (python and notebook), never superseded", async () => {
  const client = new AnalysisClient({ workerPath });
  try {
    const python = 'import numpy as np\nfor i in range(10):\n    W = np.random.randn(500, 500) * 0.01\n';
    const notebook = JSON.stringify({
      cells: [
        { cell_type: 'code', source: ['import numpy as np\n', 'n = 256\n'], metadata: {}, outputs: [], execution_count: 1 },
        { cell_type: 'code', source: ['W = np.random.randn(n, n) * 0.05\n'], metadata: {}, outputs: [], execution_count: 2 },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    });
    const [a, b, c] = await Promise.all([client.sites('a.py', python), client.sites('b.ipynb', notebook), client.sites('c.ipynb', '{ not json')]);
    assert.deepEqual(a, analyseSource('a.py', python));
    assert.equal(a.sites.length, 1);
    assert.deepEqual(b, analyseSource('b.ipynb', notebook));
    assert.equal(b.sites[0].cell, 1);
    assert.deepEqual(c, analyseSource('c.ipynb', '{ not json'));
    assert.ok(c.errors.length > 0);
  } finally {
    client.dispose();
  }
  await assert.rejects(client.sites('late.py', ''), /analysis worker: disposed/);
});
