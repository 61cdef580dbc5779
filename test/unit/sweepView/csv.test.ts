import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, parseCsv, sweepCsv } from '../../../webview/sweep/csv';
import type { DepthSweepResult, GainSweepResult, WidthSweepResult } from '../../../src/sweep/types';
import { partialSchemes } from './fixtures';

test('csvField: numbers as JavaScript prints them, strings quoted only when needed, missing empty', () => {
  assert.equal(csvField(1.2e-50), '1.2e-50');
  assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(Number.NaN), '');
  assert.equal(csvField('relu'), 'relu');
  assert.equal(csvField('N(0, 0.01²)'), '"N(0, 0.01²)"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
});

test('schemes CSV: header, one row per computed cell, numbers and engines round-trip', () => {
  const result = partialSchemes();
  const rows = parseCsv(sweepCsv(result));
  const [header, ...body] = rows;
  assert.deepEqual(header, [
    'scheme',
    'scheme_label',
    'activation',
    'engine',
    'forward_ratio',
    'backward_ratio',
    'forward_verdict',
    'backward_verdict',
    'mean_field_forward_ratio',
    'mean_field_backward_ratio',
    'mean_field_chi1',
    'summary',
  ]);
  assert.equal(body.length, result.cells.length);
  body.forEach((row, i) => {
    const cell = result.cells[i];
    assert.equal(row.length, header.length);
    const get = (name: string) => row[header.indexOf(name)];
    assert.equal(get('scheme'), cell.scheme);
    assert.equal(get('scheme_label'), cell.schemeLabel);
    assert.equal(get('activation'), cell.activation);
    assert.equal(get('engine'), cell.engine);
    assert.equal(get('forward_ratio') === '' ? null : Number(get('forward_ratio')), cell.forwardRatio);
    assert.equal(get('backward_ratio') === '' ? null : Number(get('backward_ratio')), cell.backwardRatio);
    assert.equal(get('mean_field_chi1') === '' ? null : Number(get('mean_field_chi1')), cell.meanField?.chi1 ?? null);
    assert.equal(get('summary'), cell.summary);
  });
});

const mc = { engine: 'matrix-free' as const, draws: 4, forwardRatio: { p5: 0.5, p50: 0.9, p95: 1.7 }, backwardRatio: null };

test('gain and depth CSV: every numeric field, the point engine and the Monte Carlo band', () => {
  const gain = {
    kind: 'gain',
    points: [
      { gain: 1, engine: 'mean-field', forwardRatio: 0.5, backwardRatio: 0.25, chi1: 0.5, lastStd: 0.3, monteCarlo: null },
      { gain: Math.SQRT2, engine: 'mean-field', forwardRatio: 1, backwardRatio: 1, chi1: 1, lastStd: 0.82, monteCarlo: mc },
    ],
  } as unknown as GainSweepResult;
  const [header, first, second] = parseCsv(sweepCsv(gain));
  assert.deepEqual(header.slice(0, 6), ['gain', 'engine', 'forward_ratio', 'backward_ratio', 'chi1', 'last_std']);
  assert.ok(header.includes('mc_forward_ratio_p95') && header.includes('mc_engine') && header.includes('mc_draws'));
  assert.equal(first[header.indexOf('mc_engine')], '');
  assert.equal(Number(second[0]), Math.SQRT2, 'the gain reads back exactly');
  assert.equal(second[header.indexOf('mc_engine')], 'matrix-free');
  assert.equal(Number(second[header.indexOf('mc_forward_ratio_p95')]), 1.7);
  assert.equal(second[header.indexOf('mc_backward_ratio_p5')], '');
  const depth = { kind: 'depth', points: [{ depth: 10, engine: 'dense', forwardRatio: null, backwardRatio: 3, monteCarlo: mc }] } as unknown as DepthSweepResult;
  const [dh, d1] = parseCsv(sweepCsv(depth));
  assert.equal(dh[0], 'depth');
  assert.equal(d1[dh.indexOf('forward_ratio')], '');
  assert.equal(d1[dh.indexOf('engine')], 'dense');
});

test('width CSV: the std band, spreads, prediction and mean-field per width', () => {
  const width = {
    kind: 'width',
    points: [{ width: 16, engine: 'matrix-free', draws: 32, std: { p5: 0.2, p50: 0.6, p95: 1.4 }, logStdSpread: 0.61, sumInverseWidth: 0.625, predictedLogStdSpread: null, meanFieldStd: 0.82 }],
  } as unknown as WidthSweepResult;
  const [header, row] = parseCsv(sweepCsv(width));
  assert.deepEqual(header, ['width', 'engine', 'draws', 'last_std_p5', 'last_std_p50', 'last_std_p95', 'log_std_spread', 'predicted_log_std_spread', 'sum_inverse_width', 'mean_field_std']);
  assert.deepEqual(row, ['16', 'matrix-free', '32', '0.2', '0.6', '1.4', '0.61', '', '0.625', '0.82']);
});
