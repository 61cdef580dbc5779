import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, verifyEdit } from '../../../src/edit/verifyEdit';
import { HE, siteOn } from './editHelpers';

const SOURCE = 'import numpy as np\na, b = 256, 128\nW1 = np.random.randn(a, b) * 0.01\nW2 = np.random.randn(b, 10) * 0.01\n';
const site = () => siteOn(SOURCE, 3);
/** An edit replacing the first occurrence of `old` in the site's line. */
const replace = (old: string, newText: string) => {
  const from = SOURCE.indexOf(old, site().range.from);
  return { from, to: from + old.length, newText };
};

test('verifyEdit accepts an edit that makes the site read as the requested init', () => {
  const result = verifyEdit(site(), SOURCE, [replace('0.01', 'np.sqrt(2 / a)')], HE);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.equal(result.checked, 'std');
  assert.equal(result.site.text, 'np.random.randn(a, b) * np.sqrt(2 / a)');
  assert.equal(result.edited, SOURCE.replace('0.01', 'np.sqrt(2 / a)'));
});

test('verifyEdit rejects a wrong std, broken Python, a lost site, changed fans and collateral changes', () => {
  const reasons = (edits: { from: number; to: number; newText: string }[]) => {
    const result = verifyEdit(site(), SOURCE, edits, HE);
    assert.ok(!result.ok, 'expected a rejection');
    return result.reason;
  };
  assert.match(reasons([replace('0.01', 'np.sqrt(1 / a)')]), /reads as std 0\.06250, not 0\.08839/);
  assert.match(reasons([replace('0.01', 'np.sqrt(2 / a')]), /would not parse/);
  assert.match(reasons([replace('np.random.randn(a, b) * 0.01', 'None')]), /no longer read as an init site/);
  assert.match(reasons([replace('randn(a, b)', 'randn(b, b)')]), /fan_in/);
  // Fixing W1 while deleting W2's draw elsewhere: W2 is lost.
  const other = SOURCE.indexOf('np.random.randn(b, 10) * 0.01');
  assert.match(reasons([replace('0.01', 'np.sqrt(2 / a)'), { from: other, to: other + 'np.random.randn(b, 10) * 0.01'.length, newText: 'None' }]), /other init sites/);
  assert.match(reasons([replace('0.01', 'np.sqrt(2 / a)'), { from: other + 'np.random.randn(b, 10) * '.length, to: other + 'np.random.randn(b, 10) * 0.01'.length, newText: '0.5' }]), /more than one init site/);
  assert.match(reasons([replace('0.01', 'x'), replace('0.01', 'y')]), /overlapping/);
  assert.match(reasons([]), /nothing to change/);
});

test('applyEdits takes edits in any order', () => {
  const edits = [
    { from: 0, to: 0, newText: '# head\n' },
    { from: SOURCE.length, to: SOURCE.length, newText: '# tail\n' },
  ];
  assert.equal(applyEdits(SOURCE, [...edits].reverse()), `# head\n${SOURCE}# tail\n`);
});
