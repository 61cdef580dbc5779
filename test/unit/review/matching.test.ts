// The pieces of matching without git: the line map, pairing sites across a change, the
// classification of a pair, regression ranks, and git's -z name-status output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefaults } from '../../../src/cli/checkCommand';
import { networkForSite } from '../../../src/model/network';
import { findInitSites } from '../../../src/parse/sites';
import { parseNameStatus } from '../../../src/review/git';
import { lineMapper } from '../../../src/review/lineMap';
import { classifyPair, matchSites, textSimilarity, type Positioned, type SiteDraft } from '../../../src/review/matchSites';
import { isRegressed, verdictRank } from '../../../src/review/regression';
import type { SiteVersion } from '../../../src/review/types';

function drafts(text: string, file = 'm.py'): Positioned<SiteDraft>[] {
  return findInitSites(text).map((site) => ({ version: { file, site, network: networkForSite(site, parseDefaults({})) }, position: site.range.start.line }));
}

test('line map: unchanged lines map exactly, lines in an edited block keep their offset, insertions shift', () => {
  const before = ['a', 'b', 'c', 'd', 'e'].join('\n');
  const after = ['new', 'a', 'b', 'C!', 'd', 'e', 'tail'].join('\n');
  const map = lineMapper(before, after);
  assert.deepEqual([0, 1, 2, 3, 4].map(map), [1, 2, 3, 4, 5]);
  // Unique lines anchor even when moved blocks reorder around them.
  const moved = lineMapper('x\ny\nz\nw', 'w\nx\ny\nz');
  assert.deepEqual([0, 1, 2].map(moved), [1, 2, 3]);
  assert.equal(lineMapper('', 'a\nb')(0), 0);
});

test('matching: the same target pairs across moves; an inserted layer does not shift the others', () => {
  const before = 'import numpy as np\nW1 = np.random.randn(8, 8) * 0.1\nW2 = np.random.randn(8, 8) * 0.1\n';
  const after = 'import numpy as np\nW0 = np.random.randn(8, 8) * 0.1\nW1 = np.random.randn(8, 8) * 0.1\nW2 = np.random.randn(8, 8) * 0.2\n';
  const pairs = matchSites(drafts(before), drafts(after), lineMapper(before, after));
  const described = pairs.map((p) => [p.before?.site.target ?? null, p.after?.site.target ?? null, classifyPair(p)]);
  assert.deepEqual(
    described.sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    [
      [null, 'W0', { change: 'added', aspects: [] }],
      // W1's line only moved, but W0 made its layer list one deeper: the network changed.
      ['W1', 'W1', { change: 'modified', aspects: ['network'] }],
      ['W2', 'W2', { change: 'modified', aspects: ['init', 'network'] }],
    ],
  );
  const depth = (p: (typeof pairs)[number]) => [p.before?.network.summary.depth, p.after?.network.summary.depth];
  assert.deepEqual(depth(pairs.find((p) => p.after?.site.target === 'W1') as (typeof pairs)[number]), [2, 3]);
  // Without the new layer the same move is only a move.
  const shifted = '\n\n' + before;
  const moved = matchSites(drafts(before), drafts(shifted), lineMapper(before, shifted));
  assert.deepEqual(
    moved.map((p) => classifyPair(p).change),
    ['moved', 'moved'],
  );
});

test('matching: a targetless init edited in place pairs by place and text; far and different does not', () => {
  const same = 'import numpy as np\nn = 64\nfor i in range(4):\n    x = np.tanh(x @ (np.random.randn(n, n) * 0.01))\n';
  const edited = same.replace('* 0.01', '* np.sqrt(1 / n)');
  const pairs = matchSites(drafts(same), drafts(edited), lineMapper(same, edited));
  assert.equal(pairs.length, 1);
  assert.deepEqual(classifyPair(pairs[0]), { change: 'modified', aspects: ['init'] });
  // The same edit 40 lines away is another site: removed + added.
  const far = drafts(edited).map((p) => ({ ...p, position: p.position + 40 }));
  assert.deepEqual(
    matchSites(drafts(same), far, (line) => line).map((p) => classifyPair(p).change),
    ['removed', 'added'],
  );
  assert.ok(textSimilarity('np.random.randn(n, n) * 0.01', 'np.random.randn(n, n) * np.sqrt(2 / n)') > 0.5);
  assert.equal(textSimilarity('a', 'b'), 0);
});

test('regression ranks: healthy < drifting < any problem; added problems regress, removed sites never', () => {
  assert.deepEqual(['healthy', 'drifting', 'vanishing', 'dead'].map((v) => verdictRank(v as 'healthy')), [0, 1, 2, 2]);
  const version = (forward: string, backward: string) => ({ outcome: { verdict: { forward, backward } } }) as unknown as SiteVersion;
  assert.equal(isRegressed(version('healthy', 'healthy'), version('drifting', 'healthy')), true);
  assert.equal(isRegressed(version('vanishing', 'vanishing'), version('exploding', 'exploding')), false);
  assert.equal(isRegressed(null, version('dead', 'healthy')), true);
  assert.equal(isRegressed(null, version('drifting', 'healthy')), false);
  assert.equal(isRegressed(version('healthy', 'healthy'), null), false);
});

test('git name-status -z: modified, added, deleted, renamed and copied entries, odd file names intact', () => {
  const output = ['M', 'a b.py', 'A', 'new.py', 'D', 'gone.ipynb', 'R087', 'old/x.py', 'new/x.py', 'C100', 'src.py', 'copy.py', 'M', 'tab\there.py', ''].join('\0');
  assert.deepEqual(parseNameStatus(output), [
    { status: 'M', before: 'a b.py', after: 'a b.py' },
    { status: 'A', before: null, after: 'new.py' },
    { status: 'D', before: 'gone.ipynb', after: null },
    { status: 'R', before: 'old/x.py', after: 'new/x.py' },
    { status: 'C', before: 'src.py', after: 'copy.py' },
    { status: 'M', before: 'tab\there.py', after: 'tab\there.py' },
  ]);
  assert.deepEqual(parseNameStatus(''), []);
});
