import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverMarkdown } from '../../../src/present/hoverMarkdown';
import { escapeMarkdown } from '../../../src/present/labels';
import { CASES } from './fixtures';

/** The chart's SVG, decoded from the hover's data: URI image. */
function chartOf(markdown: string): string {
  const match = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(match, 'a data: URI image');
  return Buffer.from(match[1], 'base64').toString('utf8');
}

test('CS231n: title, chart, per-direction verdict, summary, χ₁, engine, assumptions and fix', () => {
  const { analysis, refined } = CASES.cs231n();
  const md = hoverMarkdown(analysis, refined);
  const blocks = md.split('\n\n');
  assert.equal(blocks[0], '**N\\(0, 0.01\\) · tanh · 10×500**');
  const svg = chartOf(md);
  assert.equal((svg.match(/<polyline /g) ?? []).length, 4, 'Monte Carlo and mean-field, both directions');
  assert.equal(blocks[2], '**Forward:** vanishing (std ratio 1.4e\\-6, past 10× by layer 3) · **Backward:** vanishing (δ ratio 1.3e\\-6)');
  assert.match(blocks[3], /^Activations vanish: std 0\.214 at layer 1/);
  assert.equal(blocks[4], 'Mean\\-field: χ₁ = 0.05 \\(ordered: gradients shrink\\), gradient depth scale ξ = 0.334 layers');
  assert.match(blocks[5], /^\*Engine:\* Monte Carlo \\\(batch 64, 1 draw, seed 0\\\): auto: matrix\\-free/);
  assert.match(md, /\*\*Assumed\*\* \(set with `# init-lens: depth=… width=… activation=…`\):\n- batch 64 \\\(assumed: setting initLens\.defaultBatch\\\)/);
  assert.equal(blocks.at(-1), '**Fix:** Xavier normal \\(std √\\(2/\\(fan\\_in\\+fan\\_out\\)\\)\\)');
});

test('He/ReLU at criticality: χ₁ = 1 and an infinite depth scale; no fix line when healthy', () => {
  const { analysis, refined } = CASES.heAssumed();
  const md = hoverMarkdown(analysis, refined);
  assert.match(md, /χ₁ = 1 \\\(critical\\\), gradient depth scale ξ = ∞ \\\(critical\\\)/);
  assert.match(md, /\*\*Forward:\*\* healthy/);
  assert.doesNotMatch(md, /\*\*Fix:\*\*/);
  // Every default is listed, one item each.
  assert.equal((md.match(/\n- /g) ?? []).length, 4);
  assert.match(md, /\*\*ReLU\? · 20\?×512\?\*\*|· ReLU\? · 20\?×512\?\*\*/);
});

test('mean-field only: says it is refining and draws the dashed theory curves', () => {
  const { analysis } = CASES.cs231n();
  const md = hoverMarkdown(analysis, null);
  assert.match(md, /\*Engine:\* mean\\-field; refining with a quick Monte Carlo run…/);
  const svg = chartOf(md);
  const lines = svg.match(/<polyline [^>]*>/g) ?? [];
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.includes('stroke-dasharray="4 3"')));
  assert.match(svg, /\(mean-field\)/);
});

test('directions that disagree get the one-word verdict', () => {
  const { analysis, refined } = CASES.sigmoidXavier();
  assert.match(hoverMarkdown(analysis, refined), /\*\*Forward:\*\* healthy \(std ratio 0\.562\) · \*\*Backward:\*\* vanishing \(δ ratio 1\.1e\\-12\) — vanishing gradients/);
});

test('not simulated and pending sites say why, with no chart', () => {
  const unresolved = CASES.unresolved();
  const md = hoverMarkdown(unresolved.analysis, null);
  assert.doesNotMatch(md, /data:image/);
  assert.match(md, /Not simulated: the standard deviation depends on \\`s\\`, which is not a constant/);
  const zeros = CASES.zeros();
  assert.match(hoverMarkdown(zeros.analysis, null), /Mean-field theory does not apply \(layer 1 has a deterministic constant init.*\); simulating…/);
});

test('user-derived text is escaped: *, _ and backticks show literally', () => {
  const { analysis, refined } = CASES.cs231n();
  const md = hoverMarkdown({ ...analysis, initLabel: 'N(0, s_1*`k`)' }, refined);
  assert.ok(md.startsWith('**N\\(0, s\\_1\\*\\`k\\`\\) · tanh'), md.slice(0, 60));
  assert.equal(escapeMarkdown('a*b_c`d`\n[x](y) <b> #1 |'), 'a\\*b\\_c\\`d\\` \\[x\\]\\(y\\) \\<b\\> \\#1 \\|');
});
