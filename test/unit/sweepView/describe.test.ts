import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depthScaleLabel, depthScaleText, exportBaseName, formatElapsed, statusText, sweepTitle } from '../../../webview/sweep/describe';
import type { GainSweepResult, SweepResult } from '../../../src/sweep/types';
import { partialSchemes } from './fixtures';

const run = { batch: 64, draws: 4, seed: 0, monteCarlo: 'auto' as const };

function gain(): GainSweepResult {
  return {
    kind: 'gain',
    complete: true,
    done: 25,
    total: 25,
    engineNote: '',
    elapsedMs: 65_000,
    request: { kind: 'gain', depth: 50, width: 512, activation: { name: 'relu' }, biasStd: 0, gains: [0.5, 1, 2], currentGain: 1, ...run },
    activation: 'relu',
    points: [],
    criticalGain: Math.SQRT2,
    criticalGains: [Math.SQRT2],
    currentGain: 1,
  };
}

test('titles name the kind and the network', () => {
  assert.equal(sweepTitle(partialSchemes()), 'Schemes × activations · depth 50 · width 512 · batch 64 · 4 draws');
  assert.equal(sweepTitle(gain()), 'Gain sweep · ReLU · depth 50 · width 512 · batch 64 · 4 draws');
  const depth = { kind: 'depth', request: { kind: 'depth', initLabel: 'He normal', activation: { name: 'tanh' }, width: 256, biasStd: 0.1, depths: [1, 10], ...run } } as unknown as SweepResult;
  assert.equal(sweepTitle(depth), 'Depth sweep · He normal · tanh · width 256 · σ_b 0.1 · batch 64 · 4 draws');
});

test('export file names', () => {
  assert.equal(exportBaseName(gain()), 'init-lens-sweep-gain-relu-50x512');
  assert.equal(exportBaseName(partialSchemes()), 'init-lens-sweep-schemes-50x512');
  const width = { kind: 'width', request: { kind: 'width', initLabel: 'Normal (std 0.01)', activation: { name: 'leaky_relu', param: 0.2 }, depth: 20, biasStd: 0, widths: [16], ...run } } as unknown as SweepResult;
  assert.equal(exportBaseName(width), 'init-lens-sweep-width-normal-std-0.01-leaky-relu-0.2-d20');
});

test('status: running progress, done, cancelled with N of M', () => {
  const partial = partialSchemes();
  assert.equal(statusText(partial, true), 'Running: 5 / 9 · 5 of 9 cells so far · 1.2 s');
  assert.equal(statusText(partial, false), 'Cancelled: showing 5 of 9 cells · 1.2 s');
  const done = gain();
  done.points = [0.5, 1, 2].map((g) => ({ gain: g, engine: 'mean-field', forwardRatio: 1, backwardRatio: 1, chi1: 1, lastStd: 1, monteCarlo: null }));
  assert.equal(statusText(done, false), 'Done: 3 gains in 1 min 05 s');
});

test('elapsed time', () => {
  assert.equal(formatElapsed(420.4), '420 ms');
  assert.equal(formatElapsed(3210), '3.2 s');
  assert.equal(formatElapsed(42_000), '42 s');
  assert.equal(formatElapsed(125_000), '2 min 05 s');
});

test('depth scale in words: finite, critical, not applicable', () => {
  assert.match(depthScaleText(12.3, 0.922), /shrink by a factor e every ξ = 1\/\|ln χ₁\| = 12\.3 layers/);
  assert.match(depthScaleText(null, 1), /critical: ξ = ∞/);
  assert.match(depthScaleText(null, null), /mean-field does not apply/);
  assert.equal(depthScaleLabel(-12.3), 'ξ = 12.3 layers');
});
