// The webview's pure parts: the words it arranges (before → after, counts, the chart's text
// alternative, export names), the per-layer points of the chart, and the CSV export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefaults } from '../../../src/cli/checkCommand';
import { reviewReportView } from '../../../src/extension/reviewReportView';
import type { ReviewReportView } from '../../../src/review/panelProtocol';
import { reviewChange } from '../../../src/review/reviewChange';
import { parseCsv } from '../../../webview/sweep/csv';
import { REVIEW_CSV_HEADER, reviewCsv } from '../../../webview/review/csv';
import { chartDescription, countsText, drawnCount, exportBaseName, pngHeading, schemeChange, stdPoints, verdictChange, verdictText } from '../../../webview/review/describe';
import { gitIn } from '../review/gitRepo';
import { threeKindsRepo } from './fixtures';

let cached: Promise<ReviewReportView> | null = null;
function threeKinds(): Promise<ReviewReportView> {
  cached ??= (async () => {
    const repo = threeKindsRepo();
    const view = reviewReportView(await reviewChange({ cwd: repo.root, defaults: parseDefaults({}) }, { git: gitIn(repo.env) }));
    repo.remove();
    return view;
  })();
  return cached;
}

test('before → after words for each kind of change', async () => {
  const [removed, modified, added] = (await threeKinds()).sites;
  assert.equal(schemeChange(modified), 'N(0, 0.01²) → N(0, 0.04472²)');
  assert.equal(schemeChange(added), '— → N(0, 0.5²)');
  assert.equal(schemeChange(removed), 'N(0, 0.08839²) → —');
  assert.equal(verdictChange(modified), 'forward vanishing → drifting, backward vanishing → drifting');
  assert.equal(verdictChange(added), 'forward — → saturating, backward — → exploding');
  assert.equal(verdictChange(removed), 'forward healthy → —, backward healthy → —');
  assert.equal(verdictText(modified.before, 'forward'), 'vanishing (ratio 1.4e-6)');
  assert.equal(verdictText(null, 'backward'), '—');
});

test('counts, export name and PNG heading', async () => {
  const view = await threeKinds();
  assert.equal(countsText(view), '3 changed (1 added, 1 modified, 1 removed), 1 regressed');
  assert.equal(exportBaseName(view), 'init-lens-review-main-working-tree');
  assert.equal(exportBaseName({ ...view, base: { ...view.base, ref: 'origin/feature.x~2' } }), 'init-lens-review-origin-feature-x-2-working-tree');
  assert.deepEqual(pngHeading(view, view.sites[2]), [
    `Init Lens review: ${view.base.words} → working tree`,
    '3 init sites changed (1 added, 1 modified, 1 removed), 1 regressed',
    'new.py:6 · added · REGRESSED · — → N(0, 0.5²)',
    'forward — → saturating, backward — → exploding',
  ]);
  assert.equal(pngHeading(view, null).length, 2);
});

test('chart points: layer 1..L, gaps (null) where a std is 0, missing or not finite; the text alternative', async () => {
  const [, modified, added] = (await threeKinds()).sites;
  const before = stdPoints(modified.before);
  assert.deepEqual(
    before.map((p) => p.x),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.equal(drawnCount(before), 10);
  assert.deepEqual(stdPoints(added.before), []);
  const side = { ...modified.after!, stds: [1, 0, null, Number.POSITIVE_INFINITY, 0.5] };
  assert.deepEqual(stdPoints(side), [
    { x: 1, y: 1 },
    { x: 2, y: null },
    { x: 3, y: null },
    { x: 4, y: null },
    { x: 5, y: 0.5 },
  ]);
  assert.match(chartDescription(modified), /^Forward std per layer, log scale\. Before \(N\(0, 0\.01²\)\): 0\.2\d+ at layer 1 to 3\.\d+e−7 at layer 10; After \(N\(0, 0\.04472²\)\): 0\.6\d+ at layer 1 to 0\.2\d+ at layer 10\. forward vanishing → drifting/);
  assert.match(chartDescription(added), /Before: the site does not exist; After \(N\(0, 0\.5²\)\)/);
});

test('CSV: one row per site and layer, both versions side by side, reads back exactly', async () => {
  const view = await threeKinds();
  const [header, ...rows] = parseCsv(reviewCsv(view));
  assert.deepEqual(header, REVIEW_CSV_HEADER);
  // gone.py: 8 layers, net.py: 10, new.py: 12.
  assert.equal(rows.length, 8 + 10 + 12);
  const get = (row: string[], name: string) => row[header.indexOf(name)];
  const net = rows.filter((r) => get(r, 'file') === 'net.py');
  assert.equal(net.length, 10);
  assert.deepEqual(
    [get(net[0], 'site'), get(net[0], 'line'), get(net[0], 'cell'), get(net[0], 'change'), get(net[0], 'regressed'), get(net[0], 'before_forward_verdict'), get(net[0], 'after_forward_verdict')],
    ['2', '6', '', 'modified (init)', 'no', 'vanishing', 'drifting'],
  );
  net.forEach((row, l) => {
    assert.equal(get(row, 'layer'), String(l + 1));
    assert.equal(Number(get(row, 'before_std')), view.sites[1].before?.stds[l]);
    assert.equal(Number(get(row, 'after_std')), view.sites[1].after?.stds[l]);
  });
  const added = rows.filter((r) => get(r, 'file') === 'new.py');
  assert.equal(get(added[0], 'before_scheme'), '');
  assert.equal(get(added[0], 'before_std'), '');
  assert.equal(get(added[0], 'regressed'), 'yes');
  assert.equal(get(added[0], 'fix'), view.sites[2].fix);
  // A site neither side of which was simulated still has its row.
  const none = { ...view, sites: [{ ...view.sites[2], after: { ...view.sites[2].after!, stds: [], forward: null, backward: null } }] };
  const [, only] = parseCsv(reviewCsv(none));
  assert.equal(get(only, 'layer'), '');
  assert.equal(get(only, 'after_forward_verdict'), '');
});
