# Baseline (a) of `npm run bench` (issue 4): the numpy script a user would write to look at
# what an initialization does to a deep network, seed-style: legacy np.random, float64,
# W = np.random.randn(n, n) * scale per layer, a forward loop that keeps the activations,
# a backward loop computing delta and dW, per-layer stats, several network draws, percentiles.
#
# Conventions are design.md §2 (the ones Init Lens simulates): X ~ N(0, 1) of shape (B, n),
# z = a @ W with W of shape (fan_in, fan_out), dL/da_L ~ N(0, 1), np.std (population).
# Draw order per draw is X, W_1..W_L, dL/da_L, so Init Lens' numpy stream (rng: 'numpy',
# seed = first seed) reproduces this script number for number.
#
#   python3 bench/baselines/seeded_randn.py --activation relu --init he_normal \
#       --width 512 --depth 50 --batch 64 --draws 16 [--seed 0]
#
# Prints one JSON object: per-layer p5/p50/p95 across draws of std(a_l), std(delta_l),
# std(dW_l), and the seconds spent after `import numpy` (the rest is interpreter start).
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
scale = np.sqrt(2 / n) if args.init == "he_normal" else np.sqrt(2 / (n + n))
if args.activation == "relu":
    phi = lambda z: np.maximum(z, 0)
    dphi = lambda z: (z > 0).astype(z.dtype)
else:
    phi = np.tanh
    dphi = lambda z: 1 - np.tanh(z) ** 2

act_std = np.zeros((args.draws, L))
delta_std = np.zeros((args.draws, L))
dw_std = np.zeros((args.draws, L))
for draw in range(args.draws):
    np.random.seed(args.seed + draw)
    x = np.random.randn(B, n)
    weights, zs, acts = [], [], [x]
    for l in range(L):
        W = np.random.randn(n, n) * scale
        z = acts[-1] @ W
        a = phi(z)
        weights.append(W)
        zs.append(z)
        acts.append(a)
        act_std[draw, l] = a.std()

    grad = np.random.randn(B, n)  # dL/da_L
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
    "script": "seeded_randn",
    "numpy": np.__version__,
    "dtype": "float64",
    "width": n, "depth": L, "batch": B, "draws": args.draws,
    "std": bands(act_std),
    "preGradStd": bands(delta_std),
    "weightGradStd": bands(dw_std),
    "computeSeconds": time.perf_counter() - start,
}))
