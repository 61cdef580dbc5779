// Real git repositories in temp dirs for the review tests, isolated from the machine's git
// configuration (no system config, HOME in the temp dir, identity given per commit).

import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { GitCommandError, type GitRunner } from '../../../src/review/git';

export const CLI = resolve('dist/cli.js');
export const ACTION = resolve('dist/action.js');

export interface Repo {
  root: string;
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  commit(message: string, files?: Record<string, string>): string;
  remove(): void;
}

export function isolatedEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), LANG: 'C' };
  return env;
}

export function makeRepo(files: Record<string, string> = {}): Repo {
  const top = mkdtempSync(join(tmpdir(), 'init-lens-review-'));
  const root = join(top, 'repo');
  mkdirSync(root);
  const env = isolatedEnv(top);
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Init Lens Test', '-c', 'user.email=test@init-lens.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    return run.stdout.trim();
  };
  const write = (more: Record<string, string>) => {
    for (const [path, text] of Object.entries(more)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };
  const commit = (message: string, more: Record<string, string> = {}) => {
    write(more);
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  git('init', '-q', '-b', 'main');
  if (Object.keys(files).length > 0) commit('initial', files);
  return { root, env, git, write, commit, remove: () => rmSync(top, { recursive: true, force: true }) };
}

/** The built CLI in the repository, as a user runs it. */
export function cli(repo: Repo, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'review', ...args], { cwd: repo.root, env: repo.env, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// ── Sources the detectors read (checked with `init-lens check` on scratch files) ──────────

/** CS231n's experiment: a 10-layer ReLU loop at width 500 with the given scale expression. */
export function numpyLoop(scale: string, before = ''): string {
  return `import numpy as np
${before}
n = 500
x = np.random.randn(1000, n)
for i in range(10):
    W = np.random.randn(n, n) * ${scale}
    x = np.maximum(0, x @ W)
`;
}

/** A 10-layer nn.Sequential of Linear(256, 256) + ACTIVATION, Xavier-initialised in a loop. */
export function torchStack(activation: 'Tanh' | 'ReLU'): string {
  const layers = Array.from({ length: 10 }, () => `    nn.Linear(256, 256),\n    nn.${activation}(),\n`).join('');
  return `import torch.nn as nn

model = nn.Sequential(
${layers})
for m in model.modules():
    if isinstance(m, nn.Linear):
        nn.init.xavier_normal_(m.weight)
`;
}

/** nbformat 4 JSON with the given code cells (a markdown cell first). */
export function notebook(cells: string[]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } },
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Experiment'] },
        ...cells.map((source) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source.split(/(?<=\n)/) })),
      ],
    },
    null,
    1,
  );
}

/** A GitRunner for reviewChange with the repository's isolated environment. */
export function gitIn(env: NodeJS.ProcessEnv): GitRunner {
  return (args, { cwd }) =>
    new Promise((resolvePromise, reject) => {
      execFile('git', [...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
        if (!error) return resolvePromise(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        reject(new GitCommandError(args, typeof code === 'number' ? code : null, stderr || error.message));
      });
    });
}
