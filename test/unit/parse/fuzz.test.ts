// Property test: reading malformed Python or notebooks never throws, and every site found
// points inside the text it was found in. Mutations come from a fixed-seed PRNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInitSitesInCells, findInitSitesInNotebook, readNotebook } from '../../../src/parse/notebook';
import { findInitSites } from '../../../src/parse/sites';
import type { InitSite } from '../../../src/parse/types';

const NUMPY_SCRIPT = `import numpy as np
import matplotlib.pyplot as plt

np.random.seed(0)
unit_num = 500
hidden_layer_sizes = [unit_num] * 10
activations = {}

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def relu(x):
    return np.maximum(0, x)

x = np.random.randn(1000, unit_num)
for i in range(len(hidden_layer_sizes)):
    if i != 0:
        x = activations[i - 1]
    # init-lens: depth=10 activation=tanh
    w = np.random.randn(unit_num, unit_num) * 0.01
    w2 = np.random.randn(unit_num, unit_num) / np.sqrt(unit_num)
    w3 = np.random.normal(0.0, np.sqrt(2.0 / unit_num), size=(unit_num, unit_num))
    w4 = np.random.uniform(-1 / np.sqrt(unit_num), 1 / np.sqrt(unit_num), (unit_num, unit_num))
    z = np.dot(x, w)
    activations[i] = np.tanh(z)

rng = np.random.default_rng(42)
W = rng.standard_normal((784, 256)) * np.sqrt(2 / 784)
noise = np.random.normal(0, 0.1, size=x.shape)  # data noise, not an init
for i, a in activations.items():
    plt.subplot(1, len(activations), i + 1)
    plt.hist(a.flatten(), 30, range=(-1, 1))
`;

const TORCH_SCRIPT = `import torch
import torch.nn as nn
from torch.nn import init
import torch.nn.functional as F

class MLP(nn.Module):
    def __init__(self, sizes=(784, 512, 512, 512, 10), act="relu"):
        super().__init__()
        self.layers = nn.ModuleList(
            [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        )
        self.conv = nn.Conv2d(3, 64, kernel_size=3, padding=1, groups=1)
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, nn.Linear):
            init.xavier_uniform_(m.weight, gain=init.calculate_gain("relu"))
            if m.bias is not None:
                m.bias.data.zero_()
        elif isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = F.relu(layer(x))
        return self.layers[-1](x)

model = nn.Sequential(
    nn.Linear(784, 256), nn.Tanh(),
    nn.Linear(256, 256), nn.Tanh(),
    nn.Linear(256, 10),
)
w = torch.empty(3, 5)
nn.init.trunc_normal_(w, mean=0.0, std=0.02, a=-0.04, b=0.04)
w.data.normal_(0, 0.02)
eps = torch.randn_like(w)  # reparameterization noise
W1 = nn.Parameter(torch.randn(256, 256) * (1.0 / 256) ** 0.5)
`;

const KERAS_SCRIPT = `import tensorflow as tf
from tensorflow.keras import layers, initializers
from tensorflow import keras

model = keras.Sequential([
    layers.Dense(512, activation="relu", kernel_initializer="he_normal", input_shape=(784,)),
    layers.Dense(512, activation="relu", kernel_initializer=initializers.HeNormal()),
    layers.Dense(256, activation="tanh",
                 kernel_initializer=initializers.VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")),
    layers.Dense(10, activation="softmax", kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.05)),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
config = {"initializer_range": 0.02}
dense = layers.Dense(64, kernel_initializer=initializers.TruncatedNormal(stddev=config["initializer_range"]))
`;

const CORPUS = [NUMPY_SCRIPT, TORCH_SCRIPT, KERAS_SCRIPT];

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PYTHONISH = ['(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '*', '**', '/', '-', '#', '"', "'", '"""', '\\', '\n', '\t', '    ', ' ', '@', 'np.', 'nn.init.', 'def ', 'for i in range(', 'lambda', '0.01', 'x', '\r\n', '\u00e9', '\ud800'];

function mutate(text: string, random: () => number): string {
  const at = () => Math.floor(random() * (text.length + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  switch (Math.floor(random() * 7)) {
    case 0:
      return text.slice(0, at()); // truncated file
    case 1:
      return text.slice(at()); // file starting mid-statement
    case 2: {
      const a = at();
      return text.slice(0, a) + text.slice(a + 1 + Math.floor(random() * 40)); // deletion
    }
    case 3: {
      let out = text;
      for (let k = 0; k < 1 + Math.floor(random() * 8); k++) {
        const p = Math.floor(random() * (out.length + 1));
        out = out.slice(0, p) + pick(PYTHONISH) + out.slice(p);
      }
      return out;
    }
    case 4: {
      const p = at();
      const bytes = Array.from({ length: 1 + Math.floor(random() * 64) }, () => String.fromCharCode(Math.floor(random() * 0x10000)));
      return text.slice(0, p) + bytes.join('') + text.slice(p);
    }
    case 5: {
      const lines = text.split('\n');
      for (let k = 0; k < 5; k++) {
        const i = Math.floor(random() * lines.length);
        const j = Math.floor(random() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return lines.join('\n');
    }
    default: {
      // Indentation damage: Python's most fragile syntax.
      const lines = text.split('\n');
      return lines.map((l) => (random() < 0.2 ? l.trimStart() : random() < 0.1 ? `  ${l}` : l)).join('\n');
    }
  }
}

function assertSitesInside(sites: readonly InitSite[], text: string, label: string): void {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  for (const s of sites) {
    const { from, to, start, end } = s.range;
    const where = `${label}: site ${JSON.stringify(s.range)}`;
    assert.ok(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= text.length, where);
    assert.ok(start.line >= 0 && start.line <= end.line && end.line < lineStarts.length, where);
    assert.equal(lineStarts[start.line] + start.column, from, where);
    assert.equal(lineStarts[end.line] + end.column, to, where);
    assert.equal(s.text, text.slice(from, to), where);
  }
}

test('findInitSites never throws on truncated, spliced and byte-damaged Python; sites stay inside the text', () => {
  const random = prng(20240611);
  let mutations = 0;
  for (const source of CORPUS) assertSitesInside(findInitSites(source), source, 'corpus');
  for (let round = 0; round < 1500; round++) {
    let text = CORPUS[round % CORPUS.length];
    // Some mutations compound: damage on damage finds states a single edit does not.
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e++) text = mutate(text, random);
    let sites: InitSite[] = [];
    assert.doesNotThrow(() => (sites = findInitSites(text)), `mutation ${round}: ${JSON.stringify(text.slice(0, 200))}`);
    assertSitesInside(sites, text, `mutation ${round}`);
    mutations++;
  }
  assert.equal(mutations, 1500);
});

test('pathological shapes: 10 000 open brackets, deep balanced nesting, a 1 MB line, NUL bytes', () => {
  const cases = [
    '('.repeat(10_000),
    `W = ${'['.repeat(10_000)}`,
    `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`,
    `W = np.random.randn(3, 3) * ${'1 + '.repeat(262_144)}1\n`,
    `x = "${'a'.repeat(1 << 20)}"\nW = np.random.randn(3, 3) * 0.1\n`,
    `import numpy as np\n${'\0'.repeat(1000)}\nW = np.random.randn(3, 3) * 0.1\n`,
    `${'    '.repeat(5000)}W = 1\n`,
    '"""'.repeat(1001),
  ];
  for (const text of cases) {
    let sites: InitSite[] = [];
    assert.doesNotThrow(() => (sites = findInitSites(text)), JSON.stringify(text.slice(0, 40)));
    assertSitesInside(sites, text, JSON.stringify(text.slice(0, 40)));
  }
});

test('the notebook reader never throws on damaged JSON or damaged cells; sites stay inside their cell', () => {
  const random = prng(7);
  // The numpy script split into cells keeps each analysis small; the Python test covers the rest.
  const numpyLines = NUMPY_SCRIPT.split(/(?<=\n)/);
  const cells = [numpyLines.slice(0, 14).join(''), '%matplotlib inline\n!pip install torch\n', numpyLines.slice(14).join(''), KERAS_SCRIPT];
  const json = JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c) => ({ cell_type: 'code', source: c.split(/(?<=\n)/), metadata: {}, outputs: [] })),
  });
  for (let round = 0; round < 300; round++) {
    const text = mutate(json, random);
    let read: ReturnType<typeof findInitSitesInNotebook> = { sites: [], errors: [], cells: [] };
    assert.doesNotThrow(() => (read = findInitSitesInNotebook(text, 'fuzz.ipynb')), `json mutation ${round}`);
    for (const e of read.errors) assert.match(e.message, /^fuzz\.ipynb: /);
    for (const site of read.sites) {
      const cell = read.cells[site.cell ?? -1];
      assert.ok(cell && cell.kind === 'code', `site in cell ${site.cell}`);
      assert.ok(site.range.from >= 0 && site.range.to <= cell.source.length && site.range.from <= site.range.to);
    }
  }
  for (let round = 0; round < 200; round++) {
    const damaged = cells.map((c) => (random() < 0.5 ? mutate(c, random) : c));
    let sites: InitSite[] = [];
    assert.doesNotThrow(() => (sites = findInitSitesInCells(damaged)), `cell mutation ${round}`);
    for (const site of sites) {
      const cell = damaged[site.cell ?? -1];
      assert.ok(cell !== undefined, `site in cell ${site.cell}`);
      assert.ok(site.range.from >= 0 && site.range.from <= site.range.to && site.range.to <= cell.length, `cell mutation ${round}`);
    }
  }
  for (const odd of ['', 'null', '[]', '{"cells": null}', '{"cells": [null, 1, "x", {"cell_type": "code", "source": {"a": 1}}]}', '\uFEFF{"cells": []}', '{'.repeat(100_000)]) {
    assert.doesNotThrow(() => readNotebook(odd, 'odd.ipynb'));
  }
});
