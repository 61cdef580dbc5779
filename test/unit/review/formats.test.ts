// The review formats over one real change: SARIF valid against the 2.1.0 schema, Markdown with
// well-formed Mermaid xychart-beta blocks, GitHub annotations escaped as the runner reads them,
// and the JSON shape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parseDefaults } from '../../../src/cli/checkCommand';
import { reviewGithub, escapeData, escapeProperty } from '../../../src/cli/report/reviewGithub';
import { reviewJson } from '../../../src/cli/report/reviewJson';
import { decimal, MAX_CHART_POINTS, REVIEW_MARKER, reviewMarkdown, sampleLayers, xyChart } from '../../../src/cli/report/reviewMarkdown';
import { reviewSarif } from '../../../src/cli/report/reviewSarif';
import { reviewText } from '../../../src/cli/report/reviewText';
import { reviewChange } from '../../../src/review/reviewChange';
import type { ReviewReport } from '../../../src/review/types';
import { gitIn, makeRepo, notebook, numpyLoop, torchStack, type Repo } from './gitRepo';

let repo: Repo;
let report: ReviewReport;

before(async () => {
  const cell = (scale: string) => `import numpy as np\nn = 500\nx = np.random.randn(64, n)\nfor i in range(10):\n    W = np.random.randn(n, n) * ${scale}\n    x = np.tanh(x @ W)\n`;
  repo = makeRepo({ 'mlp.py': numpyLoop('0.01'), 'net.py': torchStack('Tanh'), 'old.py': numpyLoop('1.0'), 'nb/exp.ipynb': notebook([cell('np.sqrt(1 / n)')]) });
  repo.write({ 'mlp.py': numpyLoop('np.sqrt(2 / n)'), 'net.py': torchStack('ReLU'), 'old.py': '# nothing left\n', 'nb/exp.ipynb': notebook([cell('1.0')]) });
  report = await reviewChange({ cwd: repo.root, defaults: parseDefaults({}) }, { git: gitIn(repo.env) });
});

after(() => repo.remove());

test('the change under test: four sites, two regressed', () => {
  assert.deepEqual(
    report.sites.map((s) => [(s.after ?? s.before)?.file, s.change, s.regressed]),
    [
      ['mlp.py', 'modified', false],
      ['nb/exp.ipynb', 'modified', true],
      ['net.py', 'modified', true],
      ['old.py', 'removed', false],
    ],
  );
});

test('SARIF 2.1.0: valid against the schema, one result per problem site, rule per verdict, fix for .py', () => {
  const sarif = reviewSarif(report);
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-2.1.0-rtm.5.json', 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(JSON.parse(JSON.stringify(sarif))), JSON.stringify(validate.errors, null, 1));
  // The schema does reject what it should (a result without a message).
  const broken = JSON.parse(JSON.stringify(sarif));
  delete broken.runs[0].results[0].message;
  assert.equal(validate(broken), false);
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'Init Lens');
  assert.equal(run.tool.driver.version, JSON.parse(readFileSync('package.json', 'utf8')).version);
  assert.deepEqual(
    run.tool.driver.rules.map((r) => r.id),
    ['init-lens/vanishing', 'init-lens/exploding', 'init-lens/saturating', 'init-lens/dead', 'init-lens/symmetric'],
  );
  // The healthy fix and the removed site give no result; the notebook and the ReLU stack do.
  assert.deepEqual(
    run.results.map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.level, r.ruleId === run.tool.driver.rules[r.ruleIndex].id]),
    [
      ['nb/exp.ipynb', 'error', true],
      ['net.py', 'error', true],
    ],
  );
  const [nb, net] = run.results;
  assert.deepEqual(nb.locations[0].physicalLocation.region, { startLine: 5, startColumn: 9, endLine: 5, endColumn: 36 });
  assert.equal(nb.properties.cell, 1);
  assert.match(nb.message.text, /^Notebook cell 2 \(0-based index 1\), line 5 of the cell: /);
  assert.equal('fixes' in nb, false);
  assert.match(nb.message.text, /\nFix: Xavier normal/);
  assert.equal(net.ruleId, 'init-lens/vanishing');
  assert.equal(net.locations[0].physicalLocation.region.startLine, 27);
  const fix = 'fixes' in net ? net.fixes?.[0] : undefined;
  assert.deepEqual(fix?.artifactChanges[0].replacements, [
    { deletedRegion: { startLine: 27, startColumn: 9, endLine: 27, endColumn: 41 }, insertedContent: { text: "nn.init.kaiming_normal_(m.weight, nonlinearity='relu')" } },
  ]);
  assert.match(net.properties.fix ?? '', /^He normal/);
});

/** A small xychart-beta checker: header, axes, every line as long as the x-axis, finite plain decimals. */
function checkMermaid(block: string): { points: number; lines: number[][] } {
  const rows = block.split('\n').filter((r) => !r.startsWith('%%{'));
  assert.equal(rows[0], 'xychart-beta');
  const number = /^-?\d+(\.\d+)?$/;
  let xs: string[] | null = null;
  const lines: number[][] = [];
  for (const row of rows.slice(1)) {
    const r = row.trim();
    if (r.startsWith('title ')) assert.match(r, /^title "[^"]*"$/);
    else if (r.startsWith('x-axis ')) {
      const m = /^x-axis "layer" \[(.*)\]$/.exec(r);
      assert.ok(m, r);
      xs = m[1].split(', ');
      for (const x of xs) assert.match(x, /^\d+$/);
    } else if (r.startsWith('y-axis ')) {
      const m = /^y-axis "log10 std\(a\)" (\S+) --> (\S+)$/.exec(r);
      assert.ok(m, r);
      assert.match(m[1], number);
      assert.match(m[2], number);
      assert.ok(Number(m[1]) < Number(m[2]));
    } else if (r.startsWith('line ')) {
      const m = /^line \[(.*)\]$/.exec(r);
      assert.ok(m, r);
      const values = m[1].split(', ');
      for (const v of values) assert.match(v, number);
      lines.push(values.map(Number));
    } else assert.fail(`unexpected row ${JSON.stringify(r)}`);
  }
  assert.ok(xs !== null && lines.length > 0);
  for (const l of lines) {
    assert.equal(l.length, xs.length);
    for (const v of l) assert.ok(Number.isFinite(v));
  }
  return { points: xs.length, lines };
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

test('Markdown: marker first, summary, table, and a well-formed chart per changed site', () => {
  const md = reviewMarkdown(report);
  assert.ok(md.startsWith(`${REVIEW_MARKER}\n`));
  assert.match(md, /\*\*4 init sites changed \(3 modified, 1 removed\), 2 regressed\*\*/);
  assert.match(md, /\| Site \| Change \| Scheme \(before → after\) \| Forward \| Backward \|/);
  assert.match(md, /\| `mlp\.py:6` \| modified \(init\) \| N\(0, 0\.01²\) → N\(0, 0\.06325²\) \| \*\*vanishing\*\* → healthy \| \*\*vanishing\*\* → healthy \|/);
  assert.match(md, /\| `net\.py:27` \| modified \(network\) ⚠️ \*\*regressed\*\* \| Xavier\/Glorot normal \(gain 1\) \| drifting → \*\*vanishing\*\* \|/);
  assert.match(md, /\| `nb\/exp\.ipynb#cell 2:5` \|/);
  assert.match(md, /\| `old\.py:6` \| removed \| N\(0, 1\) → — \| \*\*exploding\*\* → — \|/);
  const blocks = mermaidBlocks(md);
  // One chart each for the modified sites (same depth before and after), one for the removed site.
  assert.equal(blocks.length, 4);
  for (const block of blocks) checkMermaid(block);
  assert.equal(checkMermaid(blocks[0]).lines.length, 2);
  assert.match(md, /grey: before, blue: after/);
  assert.match(md, /- \*\*Fix:\*\* He normal \(std √\(2\/fan\\_in\)\): `nn\.init\.kaiming_normal_\(m\.weight, nonlinearity='relu'\)`/);
});

test('charts of 1000-layer nets are sampled (first and last kept) and stay finite through zeros and overflow', () => {
  assert.deepEqual(sampleLayers(5, 60), [0, 1, 2, 3, 4]);
  const sampled = sampleLayers(1000, MAX_CHART_POINTS);
  assert.equal(sampled.length, MAX_CHART_POINTS);
  assert.deepEqual([sampled[0], sampled.at(-1)], [0, 999]);
  const stds = Array.from({ length: 1000 }, (_, i) => (i < 500 ? 10 ** (-i / 10) : i < 900 ? 0 : Infinity));
  const chart = checkMermaid(xyChart([{ label: 'before', stds }, { label: 'after', stds: stds.map(() => 1e-7) }]));
  assert.equal(chart.points, MAX_CHART_POINTS);
  assert.equal(chart.lines[1][0], -7);
  assert.deepEqual(['1e-7', '-0.0001', '12.5', '3'].map((x) => decimal(Number(x))), ['0', '0', '12.5', '3']);
  assert.equal(decimal(-7.12345), '-7.123');
});

test('GitHub annotations: one per problem site, escaped as the runner expects, and a summary notice', () => {
  const lines = reviewGithub(report).trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^::error file=nb\/exp\.ipynb,title=Init Lens%3A exploding \(regressed\)::Cell 2, line 5: /);
  assert.match(lines[1], /^::error file=net\.py,line=27,endLine=27,col=9,endColumn=41,title=Init Lens%3A vanishing \(regressed\)::Xavier/);
  assert.match(lines[1], /%0AFix: He normal/);
  for (const line of lines) {
    assert.match(line, /^::(warning|error|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::[^\r\n]*$/);
  }
  assert.equal(lines[2], '::notice title=Init Lens review::4 init sites changed (3 modified, 1 removed), 2 regressed (main (merge base ' + report.base.commit?.slice(0, 12) + ') → working tree).');
  assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
});

test('JSON: base and head with SHAs, sites with before/after, network, ratios, stds, fix, cell', () => {
  const json = JSON.parse(JSON.stringify(reviewJson(report)));
  assert.deepEqual(json.head, { ref: 'working tree', commit: null, mergeBase: false });
  assert.equal(json.base.commit, repo.git('rev-parse', 'main'));
  const [mlp, nb, net, old] = json.sites;
  assert.deepEqual(Object.keys(mlp), ['file', 'line', 'change', 'aspects', 'before', 'after', 'regressed']);
  assert.equal(mlp.before.scheme, 'normal');
  assert.deepEqual(mlp.before.params, { mean: 0, std: 0.01, fanIn: 500, fanOut: 500 });
  assert.deepEqual([mlp.before.verdict.forward, mlp.after.verdict.forward], ['vanishing', 'healthy']);
  assert.equal(mlp.after.stds.length, 10);
  assert.equal(mlp.after.network.description, '10 × 500, relu');
  assert.equal(typeof mlp.after.verdict.forwardRatio, 'number');
  assert.equal(mlp.after.fix, null);
  assert.equal(nb.cell, 1);
  assert.equal(nb.after.cell, 1);
  assert.equal(net.after.fix.scheme, 'he_normal');
  assert.match(net.after.fix.code, /kaiming_normal_/);
  assert.deepEqual([old.change, old.after, old.before.file], ['removed', null, 'old.py']);
});

test('text: a block per site with before, after, the fix, and the summary line', () => {
  const text = reviewText(report);
  assert.match(text, /^Init Lens review: main \(merge base [0-9a-f]{12}\) → working tree\n/);
  assert.match(text, /\nnet\.py:27 {2}nn\.init\.xavier_normal_\(m\.weight\)\n {4}REGRESSED modified \(network\)\n {4}before {4}Xavier\/Glorot normal \(gain 1\) · 10 × 256, tanh\n/);
  assert.match(text, /\n {4}fix {7}He normal \(std √\(2\/fan_in\)\): nn\.init\.kaiming_normal_\(m\.weight, nonlinearity='relu'\)/);
  assert.match(text, /\nnb\/exp\.ipynb#cell 2:5 {2}np\.random\.randn\(n, n\) \* 1\.0\n/);
  assert.match(text, /\n4 Python\/notebook files changed: 4 init sites changed \(3 modified, 1 removed\), 2 regressed\.\n$/);
});
