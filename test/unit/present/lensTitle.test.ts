import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assumptionLensTitle, lensTitle, MAX_TITLE, verdictWord } from '../../../src/present/lensTitle';
import { activationDisplay, formatRatio, formatStd } from '../../../src/present/labels';
import { analyse, CASES, inferred, site } from './fixtures';

// Every case runs real simulations (mean-field and a quick seed-0 Monte Carlo), so the numbers
// below are what the editor shows for these sites.

test('He normal, ReLU, nothing known: every default is marked with ? and the net is healthy', () => {
  const { analysis, refined } = CASES.heAssumed();
  const { title, tooltip } = lensTitle(analysis, refined);
  assert.equal(title, 'He normal · ReLU? · 20?×512? · std 0.83→0.87 · healthy');
  assert.match(tooltip, /^Monte Carlo \(batch 64, 1 draw, seed 0\)\nActivations hold/);
  assert.match(tooltip, /Assumed: depth 20 \(assumed: setting initLens.defaultDepth\)/);
  assert.equal(assumptionLensTitle(analysis), 'assumed: depth 20, width 512, activation ReLU — set…');
  assert.equal(verdictWord(refined!.verdict), 'healthy');
});

test('CS231n N(0, 0.01) tanh 10×500: consequences, not verdict names, shortened to fit', () => {
  const { analysis, refined } = CASES.cs231n();
  const { title, tooltip } = lensTitle(analysis, refined);
  // With the δ ratio the title would pass 90 characters, so the ratio is the first thing to go.
  assert.equal(title, 'N(0, 0.01) · tanh · 10×500 · activations vanish by layer 3 · gradients vanish');
  assert.match(tooltip, /Activations vanish: std 0\.214 at layer 1/);
  assert.match(tooltip, /Fix: Xavier normal/);
  assert.equal(assumptionLensTitle(analysis), null, 'only the batch is assumed, which earns no lens');
  assert.equal(verdictWord(refined!.verdict), 'vanishing');
});

test('while only mean-field is known the tooltip says it is being refined', () => {
  const { analysis } = CASES.cs231n();
  const { title, tooltip } = lensTitle(analysis, null);
  assert.equal(title, 'N(0, 0.01) · tanh · 10×500 · activations vanish by layer 3 · gradients vanish');
  assert.match(tooltip, /^mean-field; refining…\n/);
  const tooLarge = lensTitle({ ...analysis, quickRun: null }, null);
  assert.match(tooLarge.tooltip, /^mean-field only/);
});

test('N(0, 1) tanh saturates forward and explodes backward, with the judged δ ratio', () => {
  const { analysis, refined } = CASES.tanhStd1();
  const { title } = lensTitle(analysis, refined);
  assert.equal(title, 'N(0, 1) · tanh · 10×500 · tanh saturates at layer 1 · gradients explode (δ ratio 6e4)');
  // Saturation is the cause, so it is the one word.
  assert.equal(verdictWord(refined!.verdict), 'saturating');
  assert.equal(verdictWord({ ...refined!.verdict, forward: 'healthy' }), 'exploding gradients');
  assert.equal(verdictWord({ ...refined!.verdict, forward: 'vanishing', backward: 'drifting' }), 'vanishing activations');
});

test('sigmoid with Xavier: forward holds (std shown), gradients vanish', () => {
  const { analysis, refined } = CASES.sigmoidXavier();
  assert.equal(lensTitle(analysis, refined).title, 'Xavier normal · sigmoid · 20×256 · std 0.21→0.12 · gradients vanish (δ ratio 1e-12)');
  assert.equal(verdictWord(refined!.verdict), 'vanishing gradients');
});

test('zeros: symmetric; before the Monte Carlo run (no mean-field for constant weights) it says simulating', () => {
  const { analysis, refined } = CASES.zeros();
  assert.equal(lensTitle(analysis, refined).title, 'zeros · ReLU · 5×64 · symmetric: zero weights');
  assert.equal(analysis.meanField, null);
  const pending = lensTitle(analysis, null);
  assert.equal(pending.title, 'zeros · ReLU · 5×64 · simulating…');
  assert.match(pending.tooltip, /Mean-field theory does not apply \(layer 1 has a deterministic constant init/);
  assert.equal(lensTitle({ ...analysis, quickRun: null }, null).title.startsWith('Not simulated: layer 1 has a deterministic constant init'), true);
  assert.equal(verdictWord(refined!.verdict), 'symmetric');
});

test('a stack the code spells out reads as a width chain', () => {
  const { analysis, refined } = CASES.stack();
  const { title } = lensTitle(analysis, refined);
  assert.equal(title, 'PyTorch default · ReLU/linear · 784→512→256→10 · std 0.34→0.093 (drifts) · gradients drift');
  assert.ok(title.length <= MAX_TITLE);
});

test('dead ReLUs are named with their fraction and layer', () => {
  const { analysis, refined } = CASES.dead();
  assert.equal(lensTitle(analysis, refined).title, 'He normal · ReLU · 10×256 · 65% dead ReLUs at layer 5 · gradients vanish');
  assert.equal(verdictWord(refined!.verdict), 'dead');
});

test('a forward overflow is named once, without a meaningless backward verdict', () => {
  const { analysis, refined } = CASES.overflow();
  assert.equal(lensTitle(analysis, refined).title, 'N(0, 1) · ReLU · 400×256 · activations overflow at layer 294');
  // Mean-field overflows earlier (it tracks the variance, q = std²).
  assert.equal(lensTitle(analysis, null).title, 'N(0, 1) · ReLU · 400×256 · activations overflow at layer 147');
});

test('an unresolved scale: the title says why in a few words, the tooltip in full', () => {
  const { analysis, refined } = CASES.unresolved();
  assert.equal(refined, null);
  const { title, tooltip } = lensTitle(analysis, null);
  assert.equal(title, 'Not simulated: scale "s" unknown');
  assert.match(tooltip, /depends on `s`, which is not a constant/);
});

test('an invalid inferred network: the reason, clipped', () => {
  const { analysis } = analyse('He normal', site({ scheme: 'he_normal' }, { depth: inferred(1_000_000) }));
  const { title } = lensTitle(analysis, null);
  assert.equal(title, 'Not simulated: invalid network: depth must be an integer from 1 to 10000 (got 1000000)');
});

test('a long stack is summarised, a long init label clipped, and the title stays within 90 characters', () => {
  const widths = [784, 600, 500, 400, 300, 200, 100, 10];
  const stack = widths.slice(1).map((w, i) => ({ fanIn: widths[i], fanOut: w, init: { scheme: 'xavier_uniform' as const }, activation: { name: 'tanh' as const } }));
  const { analysis, refined } = analyse('VarianceScaling(scale=2, mode=fan_avg, distribution=uniform)', site({ scheme: 'xavier_uniform' }, { stack: inferred(stack), stackIndex: 0 }));
  const { title } = lensTitle(analysis, refined);
  assert.ok(title.length <= MAX_TITLE, title);
  assert.equal(title, 'VarianceScaling(scale=2, mo… · tanh · 784→…→10, 7 layers · std 0.65→0.41 · healthy');
});

test('labels: activation names, stds and ratios', () => {
  assert.equal(activationDisplay('relu'), 'ReLU');
  assert.equal(activationDisplay('leaky_relu(0.2)'), 'leaky ReLU(0.2)');
  assert.equal(activationDisplay('tanh'), 'tanh');
  assert.deepEqual([formatStd(1), formatStd(0.98), formatStd(2.3e-7), formatStd(0), formatStd(12.345), formatStd(4.6e307)], ['1.00', '0.98', '2.3e-7', '0', '12.35', '4.6e307']);
  assert.deepEqual([formatRatio(1e-5), formatRatio(0.31), formatRatio(61234), formatRatio(1)], ['1e-5', '0.31', '6e4', '1']);
});
