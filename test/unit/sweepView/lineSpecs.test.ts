import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depthSpecs, drawnPoints, gainSpecs, labelLeft, logTickLabel, nearestIndex, stackLabels, widthSpecs } from '../../../webview/sweep/lineSpecs';
import type { DepthSweepResult, GainSweepResult, WidthSweepResult } from '../../../src/sweep/types';

const run = { batch: 64, draws: 4, seed: 0, monteCarlo: 'auto' as const };

function gainResult(): GainSweepResult {
  const gains = [0.5, 1, Math.SQRT2, 2, 4];
  return {
    kind: 'gain',
    complete: true,
    done: 5,
    total: 5,
    engineNote: 'mean-field',
    elapsedMs: 10,
    request: { kind: 'gain', depth: 50, width: 512, activation: { name: 'relu' }, biasStd: 0, gains, currentGain: 1, ...run },
    activation: 'relu',
    points: gains.map((g, i) => ({
      gain: g,
      engine: 'mean-field',
      forwardRatio: i === 4 ? null : (g * g) / 2,
      backwardRatio: (g * g) / 2,
      chi1: (g * g) / 2,
      lastStd: 1,
      monteCarlo: i === 2 ? { engine: 'matrix-free', draws: 4, forwardRatio: { p5: 0.8, p50: 1, p95: 1.2 }, backwardRatio: null } : null,
    })),
    criticalGain: Math.SQRT2,
    criticalGains: [Math.SQRT2],
    currentGain: 1,
  };
}

test('gain specs: ratio lines with gaps, the MC band, critical and current-gain markers, χ₁ chart', () => {
  const [ratios, chi1] = gainSpecs(gainResult());
  assert.equal(ratios.id, 'gain');
  assert.deepEqual(ratios.xs, [0.5, 1, Math.SQRT2, 2, 4]);
  assert.deepEqual(ratios.requested, [0.5, 1, Math.SQRT2, 2, 4], 'the axis spans what was asked for');
  assert.equal(ratios.lines[0].points[4].y, null, 'a null ratio is a gap');
  assert.ok(ratios.lines[0].band, 'forward has a band');
  assert.equal(ratios.lines[0].band?.high[2].y, 1.2);
  assert.equal(ratios.lines[0].band?.high[0].y, null);
  assert.equal(ratios.lines[1].band, null, 'no backward band anywhere');
  const critical = ratios.markers.find((m) => m.role === 'critical');
  assert.equal(critical?.value, Math.SQRT2);
  assert.equal(critical?.label, 'critical gain g* = 1.41 (χ₁ = 1)');
  assert.equal(ratios.markers.find((m) => m.role === 'current')?.label, 'your line (g = 1)');
  assert.equal(drawnPoints(ratios), 5);
  assert.equal(chi1.id, 'chi1');
  assert.deepEqual(chi1.markers.find((m) => m.axis === 'y'), { axis: 'y', value: 1, label: 'χ₁ = 1', role: 'unit' });
});

test('depth specs: ξ marker when finite, caption says ∞ when critical', () => {
  const base = {
    kind: 'depth',
    complete: true,
    done: 2,
    total: 2,
    engineNote: '',
    elapsedMs: 1,
    request: { kind: 'depth', init: { scheme: 'he_normal' }, initLabel: 'He normal', activation: { name: 'tanh' }, width: 64, biasStd: 0, depths: [1, 10], ...run },
    points: [
      { depth: 1, engine: 'mean-field', forwardRatio: 1, backwardRatio: 1, monteCarlo: null },
      { depth: 10, engine: 'mean-field', forwardRatio: 0, backwardRatio: 0.5, monteCarlo: null },
    ],
    depthScale: 12.5,
    chi1: 0.923,
  } as DepthSweepResult;
  const [spec] = depthSpecs(base);
  assert.deepEqual(spec.markers.find((m) => m.role === 'scale'), { axis: 'x', value: 12.5, label: 'ξ = 12.5 layers', role: 'scale' });
  assert.equal(spec.lines[0].points[1].y, null, 'a ratio of 0 cannot go on a log axis');
  const [critical] = depthSpecs({ ...base, depthScale: null, chi1: 1 });
  assert.equal(critical.markers.some((m) => m.role === 'scale'), false);
  assert.match(critical.caption, /critical: ξ = ∞/);
});

test('width specs: median with band, dashed mean-field; the prediction note when absent', () => {
  const result = {
    kind: 'width',
    predictionNote: 'The log-normal prediction needs ReLU.',
    request: { widths: [16, 64, 256] },
    points: [16, 64].map((w) => ({ width: w, engine: 'matrix-free', draws: 32, std: { p5: 0.5, p50: 0.8, p95: 1.2 }, logStdSpread: 2 / Math.sqrt(w), sumInverseWidth: 20 / w, predictedLogStdSpread: null, meanFieldStd: 0.82 })),
  } as unknown as WidthSweepResult;
  const [std, spread] = widthSpecs(result);
  assert.equal(std.lines[0].band?.low[0].y, 0.5);
  assert.equal(std.lines[1].dashed, true);
  assert.equal(spread.lines.length, 1, 'no prediction line');
  assert.match(spread.caption, /needs ReLU/);
  assert.deepEqual(std.requested, [16, 64, 256], 'the axis spans the widths not computed yet');
});

test('log tick labels: 1-2-5 over a short range, 1-2-3-5 over a decade, decades otherwise', () => {
  assert.equal(logTickLabel(2, 0.25, 4), '2');
  assert.equal(logTickLabel(0.5, 0.25, 4), '0.5');
  assert.equal(logTickLabel(3, 0.25, 4), '');
  assert.equal(logTickLabel(3, 1, 8), '3');
  assert.equal(logTickLabel(20, 16, 2048), '20');
  assert.equal(logTickLabel(20, 1, 1000), '');
  assert.equal(logTickLabel(100, 1, 1000), '100');
  assert.equal(logTickLabel(0, 1, 1000), '');
});

test('nearestIndex ignores NaN pixels; stackLabels keeps labels apart; labelLeft flips near the edge', () => {
  assert.equal(nearestIndex([10, Number.NaN, 50], 35), 2);
  assert.equal(nearestIndex([10, Number.NaN, 50], 25), 0);
  assert.equal(nearestIndex([], 3), -1);
  assert.deepEqual(stackLabels([{ left: 0, width: 50 }, { left: 40, width: 50 }, { left: 100, width: 20 }]), [0, 1, 0]);
  assert.deepEqual(stackLabels([{ left: 100, width: 20 }, { left: 0, width: 50 }]), [0, 0]);
  assert.equal(labelLeft(100, 50, 0, 300), 104);
  assert.equal(labelLeft(280, 50, 0, 300), 226);
  assert.equal(labelLeft(20, 50, 10, 60), 10);
});
