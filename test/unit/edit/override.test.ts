import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overrideEdit, type OverrideValues } from '../../../src/edit/overrideEdit';
import { applyEdits } from '../../../src/edit/verifyEdit';
import { overrideAt, parseOverride } from '../../../src/parse/override';
import { findInitSites } from '../../../src/parse/sites';
import { parsePython } from '../../../src/parse/syntax';
import type { ContextOverride } from '../../../src/parse/types';

const LOOP = 'import numpy as np\nh = np.ones((10, 64))\nfor i in range(12):\n    W = np.random.randn(64, 64) * 0.01\n    h = np.tanh(h @ W)\n';

function write(source: string, siteLine: number, values: Partial<OverrideValues>): string {
  return applyEdits(source, [overrideEdit(source, siteLine, values)]);
}

/** The site's override as findInitSites reads it, for the site whose text starts with `text`. */
function siteOverride(source: string, text: string): ContextOverride | undefined {
  const site = findInitSites(source).find((s) => s.text.startsWith(text));
  assert.ok(site, `a site starting with ${text}`);
  return site.override;
}

test('no comment yet: one is inserted above the site at its indentation, and reads back exactly', () => {
  const out = write(LOOP, 3, { depth: 50, width: 80, activation: 'relu' });
  assert.equal(out, LOOP.replace('    W = ', '    # init-lens: depth=50 width=80 activation=relu\n    W = '));
  assert.deepEqual(overrideAt(parsePython(out), 4), { depth: 50, width: 80, activation: { name: 'relu' } });
  assert.deepEqual(siteOverride(out, 'np.random.randn(64, 64)'), { depth: 50, width: 80, activation: { name: 'relu' } });
  const batch = write(LOOP, 3, { batch: 128, activation: 'leaky_relu:0.2' });
  assert.equal(batch.split('\n')[3], '    # init-lens: activation=leaky_relu:0.2 batch=128');
  assert.deepEqual(siteOverride(batch, 'np.random.randn'), { activation: { name: 'leaky_relu', param: 0.2 }, batch: 128 });
});

test('a comment on the site line: just the given keys change, the others stay', () => {
  const source = LOOP.replace('* 0.01\n', '* 0.01  # init-lens: depth=50 activation=tanh  # as in the notes\n');
  const out = write(source, 3, { width: 80, depth: 20 });
  assert.equal(out.split('\n')[3], '    W = np.random.randn(64, 64) * 0.01  # init-lens: depth=20 activation=tanh width=80  # as in the notes');
  assert.deepEqual(parseOverride(out.split('\n')[3]).override, { depth: 20, activation: { name: 'tanh' }, width: 80 });
  assert.deepEqual(siteOverride(out, 'np.random.randn'), { depth: 20, width: 80, activation: { name: 'tanh' } });
});

test('a comment alone on the line above is updated in place, spacing and case as written', () => {
  const source = LOOP.replace('    W = ', '    # init-lens: Depth = 50, width=80\n    W = ');
  const out = write(source, 4, { depth: 7, activation: 'selu' });
  assert.equal(out.split('\n')[3], '    # init-lens: Depth = 7, width=80 activation=selu');
  assert.deepEqual(siteOverride(out, 'np.random.randn'), { depth: 7, width: 80, activation: { name: 'selu' } });
  // An empty marker gets its first key.
  const empty = LOOP.replace('    W = ', '    # init-lens:\n    W = ');
  assert.equal(write(empty, 4, { width: 32 }).split('\n')[3], '    # init-lens: width=32');
});

test('the line above only counts when the comment is alone on it', () => {
  const source = 'import numpy as np\nb = 1  # init-lens: depth=3\nW = np.random.randn(64, 64) * 0.01\n';
  const out = write(source, 2, { depth: 9 });
  assert.equal(out, 'import numpy as np\nb = 1  # init-lens: depth=3\n# init-lens: depth=9\nW = np.random.randn(64, 64) * 0.01\n');
  assert.deepEqual(siteOverride(out, 'np.random.randn'), { depth: 9 });
  // Another comment above: the new one goes between it and the site.
  const noted = 'import numpy as np\n# small init, as in the paper\nW = np.random.randn(64, 64) * 0.01\n';
  assert.equal(write(noted, 2, { width: 64 }), 'import numpy as np\n# small init, as in the paper\n# init-lens: width=64\nW = np.random.randn(64, 64) * 0.01\n');
});

test('CRLF sources keep CRLF, in inserts and in updates', () => {
  const crlf = LOOP.replace(/\n/g, '\r\n');
  const out = write(crlf, 3, { depth: 50 });
  assert.equal(out, crlf.replace('    W = ', '    # init-lens: depth=50\r\n    W = '));
  assert.deepEqual(siteOverride(out, 'np.random.randn'), { depth: 50 });
  const updated = write(out, 4, { width: 16 });
  assert.equal(updated, crlf.replace('    W = ', '    # init-lens: depth=50 width=16\r\n    W = '));
  assert.deepEqual(siteOverride(updated, 'np.random.randn'), { depth: 50, width: 16 });
});

test('the marker inside a string is not a comment; a continuation line gets a trailing comment', () => {
  const inString = 'import numpy as np\nW = np.random.randn(64, 64) * 0.01; s = "# init-lens: depth=3"\n';
  const out = write(inString, 1, { depth: 5 });
  assert.equal(out.split('\n')[1], '# init-lens: depth=5');
  const continued = 'import numpy as np\nW = \\\n    np.random.randn(64, 64) * 0.01\n';
  const trailing = write(continued, 2, { depth: 5 });
  assert.equal(trailing, 'import numpy as np\nW = \\\n    np.random.randn(64, 64) * 0.01  # init-lens: depth=5\n');
  assert.deepEqual(overrideAt(parsePython(trailing), 2), { depth: 5 });
});

test('bad values are refused with the input named', () => {
  assert.throws(() => overrideEdit(LOOP, 3, { depth: 0 }), /depth must be an integer from 1 to 10000/);
  assert.throws(() => overrideEdit(LOOP, 3, { width: 1.5 }), /width must be an integer/);
  assert.throws(() => overrideEdit(LOOP, 3, { activation: 'swishy' }), /Unknown activation/);
  assert.throws(() => overrideEdit(LOOP, 3, { activation: 'relu depth=3' }), /activation must be a name/);
  assert.throws(() => overrideEdit(LOOP, 3, {}), /at least one of depth, width, activation, batch/);
  assert.throws(() => overrideEdit(LOOP, 40, { depth: 3 }), /site line must be a line from 0 to/);
});
