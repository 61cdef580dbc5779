# Baseline (b) of `npm run bench` (issue 4): the same experiment as seeded_randn.py written
# the modern, fast way: numpy's Generator (np.random.default_rng, PCG64 + ziggurat normals)
# and float32 throughout. Same conventions (design.md §2) and the same JSON output.
#
#   python3 bench/baselines/generator_float32.py --activation relu --init he_normal \
#       --width 512 --depth 50 --batch 64 --draws 16 [--seed 0]
import argparse
import json
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--activation", choices=["relu", "tanh"], default="relu")
parser.add_argument("--init", choices=["he_normal", "xavier_normal"], default="he_normal")
parser.add_argument("--width", type=int, default=512)
parser.add_argument("--depth", type=int, default=50)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--draws", type=int, default=16)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
start = time.perf_counter()

n, L, B = args.width, args.depth, args.batch
f32 = np.float32
scale = f32(np.sqrt(2 / n) if args.init == "he_normal" else np.sqrt(2 / (n + n)))
if args.activation == "relu":
    phi = lambda z: np.maximum(z, f32(0))
    dphi = lambda z: (z > 0).astype(f32)
else:
    phi = np.tanh
    dphi = lambda z: f32(1) - np.tanh(z) ** 2

rng = np.random.default_rng(args.seed)
act_std = np.zeros((args.draws, L))
delta_std = np.zeros((args.draws, L))
dw_std = np.zeros((args.draws, L))
for draw in range(args.draws):
    x = rng.standard_normal((B, n), dtype=f32)
    weights, zs, acts = [], [], [x]
    for l in range(L):
        W = rng.standard_normal((n, n), dtype=f32) * scale
        z = acts[-1] @ W
        a = phi(z)
        weights.append(W)
        zs.append(z)
        acts.append(a)
        act_std[draw, l] = a.std()

    grad = rng.standard_normal((B, n), dtype=f32)  # dL/da_L
    for l in reversed(range(L)):
        delta = grad * dphi(zs[l])
        dW = acts[l].T @ delta
        delta_std[draw, l] = delta.std()
        dw_std[draw, l] = dW.std()
        grad = delta @ weights[l].T


def bands(per_draw):
    p5, p50, p95 = np.percentile(per_draw, [5, 50, 95], axis=0)
    return {"p5": p5.tolist(), "p50": p50.tolist(), "p95": p95.tolist()}


print(json.dumps({
    "script": "generator_float32",
    "numpy": np.__version__,
    "dtype": "float32",
    "width": n, "depth": L, "batch": B, "draws": args.draws,
    "std": bands(act_std),
    "preGradStd": bands(delta_std),
    "weightGradStd": bands(dw_std),
    "computeSeconds": time.perf_counter() - start,
}))
