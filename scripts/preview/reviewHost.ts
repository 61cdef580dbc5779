// A stand-in for the extension host side of the review panel, for the review preview: the reports
// come from the real review library (reviewChange over temp git repositories, simulated in
// process) reduced by the real reviewReportView, so the panel shows what the editor would. Every
// message from the webview goes through the host's validator (validateFromReviewPanel).
// Bundled by scripts/review-preview.mjs with esbuild; plain data in, plain data out.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDefaults } from '../../src/cli/checkCommand';
import { reviewReportView } from '../../src/extension/reviewReportView';
import type { FromReviewPanel, ReviewReportView, ToReviewPanel } from '../../src/review/panelProtocol';
import { validateFromReviewPanel } from '../../src/review/panelValidate';
import { reviewChange } from '../../src/review/reviewChange';

export type ScenarioName = 'mixed' | 'single' | 'empty';

const tanhLoop = (scale: string) => `import numpy as np

D = np.random.randn(1000, 500)
H = D
for i in range(10):
    W = np.random.randn(500, 500) * ${scale}
    H = np.tanh(np.dot(H, W))
`;

const reluLoop = `import numpy as np
x = np.random.randn(64, 256)
for i in range(8):
    W = np.random.randn(256, 256) * np.sqrt(2 / 256)
    x = np.maximum(0, x @ W)
`;

const torchStack = (activation: string, init: string) => `import torch.nn as nn

model = nn.Sequential(*[m for _ in range(12) for m in (nn.Linear(256, 256), nn.${activation}())])
for m in model.modules():
    if isinstance(m, nn.Linear):
        ${init}
`;

function notebook(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Experiment'] },
      ...cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source.split(/(?<=\n)/) })),
    ],
  });
}

const cellA = 'import numpy as np\nn = 300\nx = np.random.randn(128, n)\n';
const cellB = (scale: string) => `for i in range(30):\n    W = np.random.randn(n, n) * ${scale}\n    x = np.maximum(0, x @ W)\n`;

interface Change {
  base: Record<string, string>;
  work: Record<string, string | null>;
}

const SCENARIOS: Record<ScenarioName, Change> = {
  mixed: {
    base: {
      'models/cs231n.py': tanhLoop('0.01'),
      'models/old_relu.py': reluLoop,
      'nets/encoder.py': torchStack('ReLU', 'nn.init.kaiming_normal_(m.weight, nonlinearity="relu")'),
      'notebooks/depth.ipynb': notebook([cellA, cellB('np.sqrt(2 / n)')]),
    },
    work: {
      'models/cs231n.py': tanhLoop('np.sqrt(1 / 500)'),
      'models/old_relu.py': null,
      'nets/encoder.py': torchStack('Tanh', 'nn.init.kaiming_normal_(m.weight, nonlinearity="relu")'),
      'nets/wide.py': torchStack('Tanh', 'nn.init.normal_(m.weight, std=0.5)'),
      'notebooks/depth.ipynb': notebook([cellA, cellB('0.05')]),
      'broken.ipynb': '{ "cells": [ oops',
    },
  },
  single: { base: { 'mlp.py': tanhLoop('0.01') }, work: { 'mlp.py': tanhLoop('np.sqrt(1 / 500)') } },
  empty: { base: { 'mlp.py': tanhLoop('0.01') }, work: { 'README.md': 'docs only\n' } },
};

function makeRepo(change: Change): { root: string; remove(): void } {
  const top = mkdtempSync(join(tmpdir(), 'init-lens-review-preview-'));
  const root = join(top, 'project');
  mkdirSync(root);
  const env = { PATH: process.env.PATH, HOME: top, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(top, '.gitconfig'), LANG: 'C' };
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Preview', '-c', 'user.email=preview@init-lens.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  };
  const write = (files: Record<string, string | null>) => {
    for (const [path, text] of Object.entries(files)) {
      if (text === null) rmSync(join(root, path));
      else {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    }
  };
  git('init', '-q', '-b', 'main');
  write(change.base);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  write(change.work);
  return { root, remove: () => rmSync(top, { recursive: true, force: true }) };
}

const views = new Map<ScenarioName, Promise<{ view: ReviewReportView; ms: number }>>();

export function record(name: ScenarioName): Promise<{ view: ReviewReportView; ms: number }> {
  let recorded = views.get(name);
  if (!recorded) {
    recorded = (async () => {
      const start = Date.now();
      const repo = makeRepo(SCENARIOS[name]);
      try {
        const report = await reviewChange({ cwd: repo.root, defaults: parseDefaults({}) });
        return { view: reviewReportView(report), ms: Date.now() - start };
      } finally {
        repo.remove();
      }
    })();
    views.set(name, recorded);
  }
  return recorded;
}

export interface SavedExport {
  format: string;
  fileName: string;
  data: string;
}

/** Answers one webview: replays its script after 'ready' (unless told not to), records and validates what it posts. */
export class ReviewPreviewHost {
  readonly received: FromReviewPanel[] = [];
  readonly invalid: string[] = [];
  readonly exports: SavedExport[] = [];

  constructor(
    private readonly script: ToReviewPanel[],
    private readonly send: (message: ToReviewPanel) => Promise<void>,
    private readonly siteCount: number,
    private readonly answerReady = true,
  ) {}

  async receive(raw: unknown): Promise<void> {
    let message: FromReviewPanel;
    try {
      message = validateFromReviewPanel(raw, this.siteCount);
    } catch (error) {
      this.invalid.push(`${error instanceof Error ? error.message : String(error)}: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    this.received.push(message);
    switch (message.type) {
      case 'ready':
        if (this.answerReady) for (const m of this.script) await this.send(m);
        return;
      case 'export':
        this.exports.push({ format: message.format, fileName: message.fileName, data: message.data });
        await this.send({ type: 'notice', level: 'info', message: `Saved ${message.fileName}` });
        return;
      case 'reveal':
        await this.send({ type: 'notice', level: 'info', message: `Revealed site ${message.site + 1} (preview).` });
        return;
      case 'rendered':
        return;
    }
  }
}
