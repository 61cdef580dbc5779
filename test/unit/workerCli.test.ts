// The CLI with worker threads: `--workers 2` prints the same numbers as `--workers 0`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('simulate --workers 2 gives the same JSON as --workers 0 (in-process), for both streams', () => {
  for (const rng of ['xoshiro', 'numpy']) {
    const args = ['simulate', '--init', 'xavier_normal', '--activation', 'tanh', '--width', '48', '--depth', '8', '--batch', '24', '--seeds', '5', '--seed', '3', '--rng', rng, '--json'];
    const inProcess = cli(...args, '--workers', '0');
    const pooled = cli(...args, '--workers', '2');
    const byDefault = cli(...args);
    assert.equal(inProcess.code, 0, inProcess.stderr);
    assert.equal(pooled.code, 0, pooled.stderr);
    assert.equal(pooled.stdout, inProcess.stdout);
    assert.equal(byDefault.stdout, inProcess.stdout);
    assert.equal(JSON.parse(pooled.stdout).layers[0].band.std.p5 > 0, true);
  }
});

test('--workers rejects values outside 0…64 with one clear line', () => {
  for (const value of ['-1', '65', '1.5', 'two']) {
    const run = cli('simulate', '--init', 'he_normal', '--activation', 'relu', '--width', '8', '--depth', '2', '--seeds', '2', '--workers', value);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^init-lens: --workers must be an integer/);
    assert.equal(run.stdout, '');
  }
});
