import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOverrideComments, overrideAt, parseOverride } from '../../../src/parse/override';
import { parsePython } from '../../../src/parse/syntax';

test('every key, the activation parameter syntax, and tolerant separators', () => {
  assert.deepEqual(parseOverride('# init-lens: depth=50 width=80 activation=relu batch=128'), {
    override: { depth: 50, width: 80, activation: { name: 'relu' }, batch: 128 },
    errors: [],
  });
  assert.deepEqual(parseOverride('# init-lens: activation=leaky_relu:0.2').override, { activation: { name: 'leaky_relu', param: 0.2 } });
  assert.deepEqual(parseOverride('#Init-Lens:depth = 5, width= 7;batch =3').override, { depth: 5, width: 7, batch: 3 });
  // Text before the marker and a remark after a second `#` are not keys.
  assert.deepEqual(parseOverride('# noqa: E501  # init-lens: depth=50  # as in the paper').override, { depth: 50 });
});

test('a comment without the marker is not an override', () => {
  assert.deepEqual(parseOverride('# depth=50'), { override: undefined, errors: [] });
  assert.deepEqual(parseOverride(''), { override: undefined, errors: [] });
});

test('bad values are reported, named and ranged, while the valid keys still apply', () => {
  const { override, errors } = parseOverride('# init-lens: depth=0 width=80 activation=swishy batch=1.5 dept=3 depth2 width=');
  assert.deepEqual(override, { width: 80 });
  assert.deepEqual(errors, [
    'init-lens comment: depth must be an integer from 1 to 10000 (got "0")',
    'init-lens comment: Unknown activation "swishy". Allowed: linear, relu, leaky_relu[:slope], tanh, sigmoid, gelu, gelu_tanh, silu, selu, elu[:alpha], softplus, mish (aliases: identity = linear, swish = silu, gelu_erf = gelu).',
    'init-lens comment: batch must be an integer from 1 to 1000000 (got "1.5")',
    'init-lens comment: unknown key "dept" (allowed: depth, width, activation, batch)',
    'init-lens comment: unknown key "depth2" (allowed: depth, width, activation, batch)',
    'init-lens comment: width needs a value, e.g. width=512',
  ]);
  assert.match(parseOverride('# init-lens: width=70000').errors[0], /width must be an integer from 1 to 65536 \(got "70000"\)/);
  assert.match(parseOverride('# init-lens: activation=leaky_relu:abc').errors[0], /not a finite number/);
  assert.match(parseOverride('# init-lens:').errors[0], /sets nothing/);
  const twice = parseOverride('# init-lens: depth=3 depth=4');
  assert.deepEqual(twice.override, { depth: 4 });
  assert.match(twice.errors[0], /depth is set twice; the last value \(4\) is used/);
  assert.equal(parseOverride('# init-lens: depth=abc').override, undefined);
});

const SOURCE = `import numpy as np
# init-lens: depth=50 width=80
W1 = np.random.randn(10, 10) * 0.1
W2 = np.random.randn(10, 10) * 0.1  # init-lens: activation=tanh
# init-lens: depth=7
W3 = np.random.randn(10, 10)  # init-lens: depth=9 batch=16
x = 1  # init-lens: depth=3
W4 = np.random.randn(10, 10)
s = "# init-lens: depth=99"
# init-lens: depth=11

W5 = np.random.randn(10, 10)
`;

test('overrideAt: the site line, or a comment-only line directly above; the site line wins', () => {
  const file = parsePython(SOURCE);
  assert.deepEqual(overrideAt(file, 2), { depth: 50, width: 80 });
  assert.deepEqual(overrideAt(file, 3), { activation: { name: 'tanh' } });
  assert.deepEqual(overrideAt(file, 5), { depth: 9, batch: 16 });
  // A trailing comment on a code line belongs to that line, not to the one below.
  assert.equal(overrideAt(file, 7), undefined);
  // The marker inside a string is not a comment.
  assert.equal(overrideAt(file, 8), undefined);
  // A blank line between the comment and the site breaks the link.
  assert.equal(overrideAt(file, 11), undefined);
  assert.equal(overrideAt(file, 0), undefined);
  assert.equal(overrideAt(file, 1000), undefined);
});

test('findOverrideComments lists every init-lens comment with its line, placement and problems', () => {
  const comments = findOverrideComments(parsePython(`${SOURCE}W6 = 1  # init-lens: depth=-1\n`));
  assert.deepEqual(
    comments.map((c) => [c.line, c.commentOnly, c.override?.depth ?? null, c.errors.length]),
    [
      [1, true, 50, 0],
      [3, false, null, 0],
      [4, true, 7, 0],
      [5, false, 9, 0],
      [6, false, 3, 0],
      [9, true, 11, 0],
      [12, false, null, 1],
    ],
  );
  assert.deepEqual(findOverrideComments(parsePython('x = 1  # nothing here\n')), []);
});
