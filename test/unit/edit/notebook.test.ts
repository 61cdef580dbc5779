import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellEditOptions } from '../../../src/edit/notebookEdit';
import { applyEdits } from '../../../src/edit/verifyEdit';
import { fixEdit, initEdit } from '../../../src/edit/writeInit';
import { findInitSitesInCells, type NotebookCell } from '../../../src/parse/notebook';
import { HE, RELU } from './editHelpers';

const CELLS: NotebookCell[] = [
  { kind: 'code', source: 'import numpy as np\nimport torch\nimport torch.nn as nn\nfrom tensorflow.keras import layers\n' },
  { kind: 'markdown', source: '## Initialization\nWe start small.' },
  { kind: 'code', source: '%matplotlib inline\na, b = 256, 128\nW = np.random.randn(a, b) * 0.01\nH = np.tanh(np.ones((4, a)) @ W)\n' },
  { kind: 'code', source: 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n\n    def forward(self, x):\n        return torch.relu(self.fc1(x))\n' },
  { kind: 'code', source: 'dense = layers.Dense(64, activation="relu", input_shape=(32,))' },
];

test('notebook cells: offsets are into the cell text; names and imports come from earlier cells', () => {
  const sites = findInitSitesInCells(CELLS);
  const numpy = sites.find((s) => s.cell === 2);
  const torch = sites.find((s) => s.cell === 3);
  const keras = sites.find((s) => s.cell === 4);
  assert.ok(numpy && torch && keras, `sites in cells 2, 3 and 4: ${sites.map((s) => `${s.cell}:${s.text}`).join(' | ')}`);

  const numpyEdit = initEdit(numpy, CELLS[2].source, HE, RELU, cellEditOptions(CELLS, 2));
  assert.ok(!('reason' in numpyEdit), 'reason' in numpyEdit ? numpyEdit.reason : '');
  assert.equal(applyEdits(CELLS[2].source, numpyEdit.edits), '%matplotlib inline\na, b = 256, 128\nW = np.random.randn(a, b) * np.sqrt(2 / a)\nH = np.tanh(np.ones((4, a)) @ W)\n');
  assert.equal(numpyEdit.checked, 'std');

  // nn comes from cell 0's import: the inserted line uses it.
  const fix = fixEdit(torch, CELLS[3].source, RELU, cellEditOptions(CELLS, 3));
  assert.ok(!('reason' in fix), 'reason' in fix ? fix.reason : '');
  assert.equal(fix.title, "Use He normal: nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')");
  assert.equal(
    applyEdits(CELLS[3].source, fix.edits),
    "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 256)\n        nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')\n\n    def forward(self, x):\n        return torch.relu(self.fc1(x))\n",
  );

  const kerasEdit = initEdit(keras, CELLS[4].source, HE, RELU, cellEditOptions(CELLS, 4));
  assert.ok(!('reason' in kerasEdit), 'reason' in kerasEdit ? kerasEdit.reason : '');
  assert.equal(applyEdits(CELLS[4].source, kerasEdit.edits), 'dense = layers.Dense(64, activation="relu", input_shape=(32,), kernel_initializer="he_normal")');
});

test('a cell edited on its own (no notebook options) still writes valid code for its own names', () => {
  const sites = findInitSitesInCells(CELLS);
  const numpy = sites.find((s) => s.cell === 2);
  assert.ok(numpy);
  const alone = initEdit(numpy, CELLS[2].source, HE, RELU);
  assert.ok(!('reason' in alone), 'reason' in alone ? alone.reason : '');
  assert.equal(applyEdits(CELLS[2].source, alone.edits).split('\n')[2], 'W = np.random.randn(a, b) * np.sqrt(2 / a)');
});
