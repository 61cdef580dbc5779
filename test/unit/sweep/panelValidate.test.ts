// Messages from the sweep panel are untrusted: each is checked field by field and copied with only the known fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateFromSweepPanel } from '../../../src/sweep/validate';

test('valid sweep panel messages come back as fresh copies without unknown fields', () => {
  assert.deepEqual(validateFromSweepPanel({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.deepEqual(validateFromSweepPanel({ type: 'cancel' }), { type: 'cancel' });
  assert.deepEqual(validateFromSweepPanel({ type: 'openCell', scheme: 'he_normal', activation: 'relu', html: '<b>' }), { type: 'openCell', scheme: 'he_normal', activation: 'relu' });
  assert.deepEqual(validateFromSweepPanel({ type: 'openPoint', value: 1.5 }), { type: 'openPoint', value: 1.5 });
  assert.deepEqual(validateFromSweepPanel({ type: 'rendered', charts: 2, drawn: 25, done: 25, complete: true }), { type: 'rendered', charts: 2, drawn: 25, done: 25, complete: true });
  assert.deepEqual(validateFromSweepPanel({ type: 'export', format: 'csv', fileName: 'sweep.csv', data: 'a,b\n' }), { type: 'export', format: 'csv', fileName: 'sweep.csv', data: 'a,b\n' });
});

test('bad sweep panel messages name the field and the allowed range', () => {
  assert.throws(() => validateFromSweepPanel(null), /message must be an object \(got null\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'run' }), /message\.type must be one of ready, openCell, openPoint, export, cancel, reveal, rendered \(got "run"\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'openCell', scheme: 42, activation: 'relu' }), /message\.scheme must be a string of 1 to 200 characters \(got 42\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'openPoint', value: Number.NaN }), /message\.value must be a finite number > 0 \(got NaN\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'openPoint', value: -1 }), /message\.value must be a finite number > 0 \(got -1\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'rendered', charts: 1, drawn: -1, done: 0, complete: true }), /message\.drawn must be an integer from 0 to 1000000 \(got -1\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'rendered', charts: 1, drawn: 1, done: 1, complete: 'yes' }), /message\.complete must be true or false \(got "yes"\)/);
  assert.throws(() => validateFromSweepPanel({ type: 'export', format: 'csv', fileName: '../x.csv', data: '' }), /message\.fileName must be a bare file name/);
  // Inherited properties never count as fields.
  const forged = Object.create({ scheme: 'he_normal', activation: 'relu' }) as Record<string, unknown>;
  forged.type = 'openCell';
  assert.throws(() => validateFromSweepPanel(forged), /message\.scheme must be a string of 1 to 200 characters \(got nothing\)/);
});
