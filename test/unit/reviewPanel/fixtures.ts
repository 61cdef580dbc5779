// A review with one site of each kind the panel draws: modified (CS231n's tanh loop, 0.01 → 1/√n),
// removed (a ReLU loop in a deleted file) and added (a regressed torch stack), in a real git repo.

import { makeRepo, type Repo } from '../review/gitRepo';

export function tanhLoop(scale: string): string {
  return `import numpy as np

D = np.random.randn(1000, 500)
H = D
for i in range(10):
    W = np.random.randn(500, 500) * ${scale}
    H = np.tanh(np.dot(H, W))
`;
}

export const RELU_LOOP = `import numpy as np
x = np.random.randn(64, 256)
for i in range(8):
    W = np.random.randn(256, 256) * np.sqrt(2 / 256)
    x = np.maximum(0, x @ W)
`;

export const TORCH_WIDE = `import torch.nn as nn

model = nn.Sequential(*[m for _ in range(12) for m in (nn.Linear(256, 256), nn.Tanh())])
for m in model.modules():
    if isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, std=0.5)
`;

/** Base commit on main: net.py (0.01) and gone.py; working tree: net.py at 1/√n, gone.py deleted, new.py untracked. */
export function threeKindsRepo(): Repo {
  const repo = makeRepo({ 'net.py': tanhLoop('0.01'), 'gone.py': RELU_LOOP });
  repo.git('rm', '-q', 'gone.py');
  repo.write({ 'net.py': tanhLoop('np.sqrt(1 / 500)'), 'new.py': TORCH_WIDE });
  return repo;
}
