// Every message from the review panel is untrusted: validateFromReviewPanel names the field and
// its allowed range, returns only known fields, and checks exports as the other panels do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateFromReviewPanel } from '../../../src/review/panelValidate';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==';

test('ready, reveal, rendered and export pass and come back as fresh objects with only their fields', () => {
  assert.deepEqual(validateFromReviewPanel({ type: 'ready', extra: 1 }, 3), { type: 'ready' });
  assert.deepEqual(validateFromReviewPanel({ type: 'reveal', site: 2, uri: 'file:///etc/passwd' }, 3), { type: 'reveal', site: 2 });
  assert.deepEqual(validateFromReviewPanel({ type: 'rendered', rows: 3, charts: 1, html: '<b>' }, 3), { type: 'rendered', rows: 3, charts: 1 });
  assert.deepEqual(validateFromReviewPanel({ type: 'export', format: 'png', fileName: 'review.png', data: PNG }, 0), { type: 'export', format: 'png', fileName: 'review.png', data: PNG });
  assert.deepEqual(validateFromReviewPanel({ type: 'export', format: 'csv', fileName: 'init-lens-review.csv', data: 'a,b\n' }, 0).type, 'export');
});

test('reveal: the site index must be one of the listed sites, and is named with its range', () => {
  assert.throws(() => validateFromReviewPanel({ type: 'reveal', site: 3 }, 3), /^Error: message\.site must be an integer from 0 to 2 \(got 3\)$/);
  assert.throws(() => validateFromReviewPanel({ type: 'reveal', site: -1 }, 3), /message\.site must be an integer from 0 to 2 \(got -1\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'reveal', site: 1.5 }, 3), /message\.site must be an integer from 0 to 2 \(got 1\.5\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'reveal', site: '1' }, 3), /message\.site must be an integer from 0 to 2 \(got "1"\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'reveal' }, 3), /message\.site must be an integer from 0 to 2 \(got nothing\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'reveal', site: 0 }, 0), /message\.site must be absent: this panel lists no site \(got 0\)/);
});

test('rendered: counts are non-negative integers within bounds', () => {
  assert.throws(() => validateFromReviewPanel({ type: 'rendered', rows: -1, charts: 0 }, 1), /message\.rows must be an integer from 0 to 100000 \(got -1\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'rendered', rows: 1, charts: Number.NaN }, 1), /message\.charts must be an integer from 0 to 100000 \(got NaN\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'rendered', rows: 1e9, charts: 0 }, 1), /message\.rows must be an integer from 0 to 100000/);
});

test('exports: the shared check refuses paths, unknown formats and data that is not a PNG', () => {
  assert.throws(() => validateFromReviewPanel({ type: 'export', format: 'png', fileName: '../x.png', data: PNG }, 0), /message\.fileName must be a bare file name/);
  assert.throws(() => validateFromReviewPanel({ type: 'export', format: 'svg', fileName: 'x.svg', data: '' }, 0), /message\.format must be one of png, csv, json \(got "svg"\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'export', format: 'png', fileName: 'x.png', data: 'data:image/png;base64,AAAA' }, 0), /message\.data must be a data:image\/png;base64,… URL/);
});

test('anything else: not an object, an unknown type, a prototype-only field', () => {
  assert.throws(() => validateFromReviewPanel(null, 1), /^Error: message must be an object \(got null\)$/);
  assert.throws(() => validateFromReviewPanel([], 1), /message must be an object \(got an array\)/);
  assert.throws(() => validateFromReviewPanel('ready', 1), /message must be an object \(got "ready"\)/);
  assert.throws(() => validateFromReviewPanel({ type: 'run' }, 1), /message\.type must be one of ready, reveal, export, rendered \(got "run"\)/);
  const inherited = Object.create({ type: 'ready' }) as object;
  assert.throws(() => validateFromReviewPanel(inherited, 1), /message\.type must be one of .* \(got nothing\)/);
  const site = Object.assign(Object.create({ site: 0 }) as object, { type: 'reveal' });
  assert.throws(() => validateFromReviewPanel(site, 1), /message\.site must be an integer from 0 to 0 \(got nothing\)/);
});
