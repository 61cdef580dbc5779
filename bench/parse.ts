// Reading code: parse+detect time for a 2,000-line model file, and scan throughput (MB/s) over a
// generated tree of .py files and notebooks, each the median of several repetitions.
// Standalone: npx esbuild bench/parse.ts --bundle --platform=node --outfile=/tmp/parse.js &&
//   node -e "console.log(require('/tmp/parse.js').benchParse().join('\n'))"

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFiles, parseDefaults } from '../src/cli/checkCommand';
import { discoverFiles } from '../src/cli/scan';
import { findInitSitesInNotebook } from '../src/parse/notebook';
import { findInitSites } from '../src/parse/sites';
import { parsePython } from '../src/parse/syntax';

/** Model-code paragraphs in the styles users write; `$n` and `$k` are varied per copy. */
const TEMPLATES = [
  `import numpy as np
unit_num_$k = $n
activations_$k = {}
x_$k = np.random.randn(1000, unit_num_$k)
for i in range(10):
    if i != 0:
        x_$k = activations_$k[i - 1]
    w = np.random.randn(unit_num_$k, unit_num_$k) * 0.01
    z = np.dot(x_$k, w)
    activations_$k[i] = np.tanh(z)
`,
  `import torch
import torch.nn as nn
from torch.nn import init

class Block$k(nn.Module):
    def __init__(self, width=$n, depth=4):
        super().__init__()
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)
        init.kaiming_normal_(self.fc1.weight, nonlinearity="relu")
        nn.init.xavier_uniform_(self.fc2.weight, gain=nn.init.calculate_gain("tanh"))
        self.fc2.bias.data.zero_()

    def forward(self, x):
        return torch.tanh(self.fc2(torch.relu(self.fc1(x))))
`,
  `model_$k = nn.Sequential(
    nn.Linear(784, $n), nn.ReLU(),
    nn.Linear($n, $n), nn.ReLU(),
    nn.Linear($n, $n), nn.ReLU(),
    nn.Linear($n, 10),
)
`,
  `from tensorflow import keras
from tensorflow.keras import layers, initializers
keras_model_$k = keras.Sequential([
    layers.Dense($n, activation="relu", kernel_initializer="he_normal", input_shape=(784,)),
    layers.Dense($n, activation="relu", kernel_initializer=initializers.HeNormal()),
    layers.Dense(10, activation="softmax"),
])
keras_model_$k.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
`,
  `def load_batches_$k(path, batch_size=$n):
    """Reads the training data; nothing here is an initialization."""
    data = np.load(path)
    noise = np.random.normal(0, 0.1, size=data.shape)
    for start in range(0, len(data), batch_size):
        yield data[start:start + batch_size] + noise[start:start + batch_size]
`,
  `import flax.linen as fnn
class MLP$k(fnn.Module):
    features: int = $n

    @fnn.compact
    def __call__(self, x):
        x = fnn.Dense(self.features, kernel_init=fnn.initializers.lecun_normal())(x)
        x = fnn.relu(x)
        return fnn.Dense(10)(x)
`,
  `# Training loop (not init code)
optimizer_$k = torch.optim.SGD(model_$k.parameters(), lr=0.01, momentum=0.9)
for epoch in range(10):
    for xb, yb in loader:
        loss = F.cross_entropy(model_$k(xb), yb)
        optimizer_$k.zero_grad()
        loss.backward()
        optimizer_$k.step()
`,
];

const WIDTHS = [64, 100, 128, 256, 500, 512, 784, 1024];

/** A Python text of at least `lines` lines cycling through the templates (deterministic). */
export function generatePython(lines: number, seed = 0): string {
  const parts: string[] = [];
  let count = 0;
  for (let k = seed * 1000; count < lines; k++) {
    const template = TEMPLATES[k % TEMPLATES.length];
    const text = `${template.replace(/\$k/g, String(k)).replace(/\$n/g, String(WIDTHS[(k * 7) % WIDTHS.length]))}\n`;
    parts.push(text);
    count += text.split('\n').length - 1;
  }
  return parts.join('');
}

function generateNotebook(lines: number, seed: number): string {
  const cells = generatePython(lines, seed)
    .split('\n\n')
    .map((source) => ({ cell_type: 'code', source: source.split(/(?<=\n)/), metadata: {}, outputs: [], execution_count: null }));
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: 'python' } }, cells }, null, 1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

export function benchParse(): string[] {
  const lines: string[] = [];

  // One 2,000-line file: Lezer alone, then the whole findInitSites (imports, scope, detectors).
  const source = generatePython(2000);
  const lineCount = source.split('\n').length - 1;
  findInitSites(source); // warm-up: JIT and Lezer's tables
  const parseTimes: number[] = [];
  const detectTimes: number[] = [];
  let sites = 0;
  for (let rep = 0; rep < 9; rep++) {
    parseTimes.push(time(() => parsePython(source)));
    detectTimes.push(time(() => (sites = findInitSites(source).length)));
  }
  const kb = (source.length / 1024).toFixed(0);
  lines.push(`parse (Lezer) of a ${lineCount}-line file (${kb} KB): ${median(parseTimes).toFixed(1)} ms (median of 9)`);
  lines.push(`parse + detect (findInitSites): ${median(detectTimes).toFixed(1)} ms (median of 9), ${sites} sites`);

  // A tree of 180 scripts and 20 notebooks, about 10 MB, written to a temp dir.
  const root = mkdtempSync(join(tmpdir(), 'init-lens-bench-'));
  try {
    let bytes = 0;
    for (let i = 0; i < 200; i++) {
      const dir = join(root, `pkg${i % 10}`, `sub${i % 3}`);
      mkdirSync(dir, { recursive: true });
      const notebook = i % 10 === 9;
      const text = notebook ? generateNotebook(1000, i) : generatePython(1550, i);
      writeFileSync(join(dir, notebook ? `explore${i}.ipynb` : `model${i}.py`), text);
      bytes += Buffer.byteLength(text);
    }
    const mb = bytes / 2 ** 20;
    const scan = (): number => {
      let found = 0;
      for (const file of discoverFiles([root], []).files) {
        const text = readFileSync(file, 'utf8');
        found += file.endsWith('.ipynb') ? findInitSitesInNotebook(text, file).sites.length : findInitSites(text, { file }).length;
      }
      return found;
    };
    let found = 0;
    const scanTimes = [0, 1, 2].map(() => time(() => (found = scan())));
    const scanMs = median(scanTimes);
    lines.push(`scan (discover + read + parse + detect) of 200 files, ${mb.toFixed(1)} MB: ${(scanMs / 1000).toFixed(2)} s, ${(mb / (scanMs / 1000)).toFixed(1)} MB/s (median of 3), ${found} sites`);

    // The whole check command (networks, the simulation cache, verdicts) over a fifth of the tree:
    // the simulations of the distinct networks dominate, so a larger tree adds little information.
    const files = discoverFiles([root], []).files.filter((_, i) => i % 5 === 0);
    const subsetMb = files.reduce((sum, f) => sum + Buffer.byteLength(readFileSync(f, 'utf8')), 0) / 2 ** 20;
    const defaults = parseDefaults({});
    let checked = 0;
    const checkTimes = [0, 1, 2].map(() => time(() => (checked = checkFiles(files, defaults).sites.length)));
    const checkMs = median(checkTimes);
    lines.push(
      `check (scan + quick simulations, identical networks cached) of ${files.length} of those files, ${subsetMb.toFixed(1)} MB: ${(checkMs / 1000).toFixed(2)} s, ${(subsetMb / (checkMs / 1000)).toFixed(1)} MB/s (median of 3), ${checked} sites`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return lines;
}
