import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivationSpec } from '../../../src/core/types';
import { recommendedInit } from '../../../src/diagnose/fixes';
import { applyEdits } from '../../../src/edit/verifyEdit';
import { fixEdit } from '../../../src/edit/writeInit';
import { siteOn } from './editHelpers';

function fix(source: string, line: number, activation: ActivationSpec) {
  const proposal = fixEdit(siteOn(source, line), source, activation);
  if ('reason' in proposal) assert.fail(proposal.reason);
  return { ...proposal, out: applyEdits(source, proposal.edits) };
}

const TORCH = 'import torch\nimport torch.nn as nn\nw = torch.empty(256, 128)\nnn.init.normal_(w, std=0.01)\n';

test('fixEdit writes recommendedInit(activation) and names it in the title', () => {
  const relu = fix(TORCH, 4, { name: 'relu' });
  assert.equal(relu.title, "Use He normal: nn.init.kaiming_normal_(w, nonlinearity='relu')");
  assert.equal(relu.label, recommendedInit({ name: 'relu' }).label);
  assert.equal(fix(TORCH, 4, { name: 'gelu' }).title, "Use He normal: nn.init.kaiming_normal_(w, nonlinearity='relu')");
  assert.equal(fix(TORCH, 4, { name: 'tanh' }).title, 'Use Xavier normal: nn.init.xavier_normal_(w)');
  assert.equal(fix(TORCH, 4, { name: 'sigmoid' }).title, 'Use Xavier normal: nn.init.xavier_normal_(w)');
  assert.equal(fix(TORCH, 4, { name: 'selu' }).title, "Use LeCun normal: nn.init.kaiming_normal_(w, nonlinearity='linear')");
  assert.equal(fix(TORCH, 4, { name: 'leaky_relu', param: 0.2 }).title, "Use He normal for leaky_relu(0.2): nn.init.kaiming_normal_(w, a=0.2, nonlinearity='leaky_relu')");
  // recommendedInit's default slope for a bare leaky_relu is 0.01.
  assert.equal(fix(TORCH, 4, { name: 'leaky_relu' }).out.split('\n')[3], "nn.init.kaiming_normal_(w, a=0.01, nonlinearity='leaky_relu')");
});

test('fixEdit titles say what the code now states: a uniform draw kept uniform is He uniform', () => {
  const source = 'import numpy as np\nW = np.random.uniform(-0.1, 0.1, (300, 100))\n';
  const proposal = fix(source, 2, { name: 'relu' });
  assert.equal(proposal.title, 'Use He uniform: np.random.uniform(-np.sqrt(6 / 300), np.sqrt(6 / 300), (300, 100))');
  assert.equal(proposal.label, 'He normal (std √(2/fan_in))');
});

test('a multi-line rewrite reads on one line in the title', () => {
  const source = "from tensorflow import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([\n    keras.Input((784,)),\n    layers.Dense(\n        64,\n        activation='relu',\n    ),\n])\n";
  assert.equal(fix(source, 5, { name: 'relu' }).title, "Use He normal: layers.Dense(64, activation='relu', kernel_initializer='he_normal')");
});

test('fixEdit passes on the reason when the site cannot be rewritten', () => {
  const source = 'import torch.nn as nn\nlayers = [nn.Linear(10, 10) for _ in range(5)]\n';
  const proposal = fixEdit(siteOn(source, 2), source, { name: 'relu' });
  assert.ok('reason' in proposal);
  assert.match(proposal.reason, /not stored under a name/);
});
