# Baseline (a) of `npm run bench -- sweep` (issue 7): the numpy notebook a user would write by
# hand to compare every init scheme against every activation at one depth and width. For each
# of the 12 schemes x 12 activations: np.random.seed per cell, one network draw (X, W_1..W_L,
# dL/da_L, in that order), a forward loop keeping z and a, a backward loop for delta, and the
# ratios the way the signal travels: forward std(a_L)/std(a_1), backward std(delta_1)/std(delta_L).
#
# Conventions are design.md section 2 (as bench/baselines/seeded_randn.py): X ~ N(0, 1) of shape
# (B, n), z = a @ W with W of shape (fan_in, fan_out), delta_l = dL/dz_l, np.std (population).
#
#   python3 bench/baselines/schemes_grid.py --width 512 --depth 50 --batch 64 [--seed 0]
#
# Prints one JSON object: the grid (one entry per cell, ratios null where not finite, e.g. 0/0
# for zeros), which erf gelu used, the seconds spent after the imports (the rest is start-up),
# split into drawing W, the forward and the backward loops, and the CPU seconds of every thread
# (BLAS threads included: far above the wall time when they spin on a busy machine).
import argparse
import json
import math
import time

import numpy as np

try:
    from scipy.special import erf as _erf

    ERF = "scipy.special.erf"
except ImportError:  # what a user without scipy writes
    _erf = np.vectorize(math.erf, otypes=[np.float64])
    ERF = "math.erf via np.vectorize (no scipy)"

parser = argparse.ArgumentParser()
parser.add_argument("--width", type=int, default=512)
parser.add_argument("--depth", type=int, default=50)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
start = time.perf_counter()
cpu_start = time.process_time()

n, L, B = args.width, args.depth, args.batch

# ── Schemes: W of shape (fan_in, fan_out) = (n, n), so fan_in = fan_out = n.


def truncated_standard_normal(shape, bound=2.0):
    """N(0, 1) truncated to [-bound, bound] by redrawing what falls outside."""
    x = np.random.randn(*shape)
    out = np.abs(x) > bound
    while out.any():
        x[out] = np.random.randn(int(out.sum()))
        out = np.abs(x) > bound
    return x


def orthogonal(rows, cols):
    """PyTorch's orthogonal_: QR of a Gaussian, Q's columns signed by diag(R)."""
    a = np.random.randn(rows, cols)
    q, r = np.linalg.qr(a)
    return q * np.sign(np.diag(r))


def uniform(bound):
    return np.random.uniform(-bound, bound, size=(n, n))


SCHEMES = {
    "zeros": lambda: np.zeros((n, n)),
    "normal_0.01": lambda: np.random.randn(n, n) * 0.01,
    "normal_1": lambda: np.random.randn(n, n),
    "xavier_normal": lambda: np.random.randn(n, n) * np.sqrt(2 / (n + n)),
    "xavier_uniform": lambda: uniform(np.sqrt(6 / (n + n))),
    "he_normal": lambda: np.random.randn(n, n) * np.sqrt(2 / n),
    "he_uniform": lambda: uniform(np.sqrt(6 / n)),
    "lecun_normal": lambda: np.random.randn(n, n) * np.sqrt(1 / n),
    "orthogonal": lambda: orthogonal(n, n),
    "torch_default": lambda: uniform(1 / np.sqrt(n)),  # kaiming_uniform_(a=sqrt(5))
    "keras_default": lambda: uniform(np.sqrt(6 / (n + n))),  # glorot_uniform
    # flax lecun_normal: variance_scaling(1, fan_in, truncated_normal), std rescaled by the
    # std of N(0, 1) truncated to [-2, 2] so the variance stays 1/fan_in.
    "flax_default": lambda: truncated_standard_normal((n, n)) * (np.sqrt(1 / n) / 0.87962566103423978),
}

# ── Activations: phi and its derivative, as PyTorch defines them.

SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
GELU_C = np.sqrt(2 / np.pi)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gelu(z):
    return 0.5 * z * (1 + _erf(z / np.sqrt(2)))


def dgelu(z):
    return 0.5 * (1 + _erf(z / np.sqrt(2))) + z * np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)


def gelu_tanh(z):
    return 0.5 * z * (1 + np.tanh(GELU_C * (z + 0.044715 * z**3)))


def dgelu_tanh(z):
    t = np.tanh(GELU_C * (z + 0.044715 * z**3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * z * z)


def softplus(z):  # nn.Softplus(beta=1, threshold=20)
    return np.where(z > 20, z, np.log1p(np.exp(np.minimum(z, 20))))


def mish(z):
    return z * np.tanh(np.logaddexp(0, z))


def dmish(z):
    t = np.tanh(np.logaddexp(0, z))
    return t + z * (1 - t * t) * sigmoid(z)


ACTIVATIONS = {
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(z.dtype)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "gelu": (gelu, dgelu),
    "gelu_tanh": (gelu_tanh, dgelu_tanh),
    "silu": (lambda z: z * sigmoid(z), lambda z: sigmoid(z) * (1 + z * (1 - sigmoid(z)))),
    "selu": (
        lambda z: SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0))),
        lambda z: SELU_LAMBDA * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0))),
    ),
    "elu": (
        lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
        lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0))),
    ),
    "softplus": (softplus, lambda z: np.where(z > 20, 1.0, sigmoid(z))),
    "mish": (mish, dmish),
}


def ratio(top, bottom):
    r = top / bottom
    return float(r) if np.isfinite(r) else None


cells = []
phase = {"drawSeconds": 0.0, "forwardSeconds": 0.0, "backwardSeconds": 0.0}
scheme_seconds = {}
with np.errstate(all="ignore"):
    for s, (scheme, draw_w) in enumerate(SCHEMES.items()):
        scheme_start = time.perf_counter()
        for k, (activation, (phi, dphi)) in enumerate(ACTIVATIONS.items()):
            np.random.seed(args.seed + s * len(ACTIVATIONS) + k)
            x = np.random.randn(B, n)
            weights, zs, acts = [], [], [x]
            for l in range(L):
                t0 = time.perf_counter()
                W = draw_w()
                t1 = time.perf_counter()
                z = acts[-1] @ W
                weights.append(W)
                zs.append(z)
                acts.append(phi(z))
                phase["drawSeconds"] += t1 - t0
                phase["forwardSeconds"] += time.perf_counter() - t1
            t0 = time.perf_counter()
            grad = np.random.randn(B, n)  # dL/da_L
            deltas = [None] * L
            for l in reversed(range(L)):
                delta = grad * dphi(zs[l])
                deltas[l] = delta
                grad = delta @ weights[l].T
            phase["backwardSeconds"] += time.perf_counter() - t0
            cells.append({
                "scheme": scheme,
                "activation": activation,
                "forwardRatio": ratio(acts[L].std(), acts[1].std()),
                "backwardRatio": ratio(deltas[0].std(), deltas[L - 1].std()),
            })
        scheme_seconds[scheme] = time.perf_counter() - scheme_start

print(json.dumps({
    "script": "schemes_grid",
    "numpy": np.__version__,
    "erf": ERF,
    "dtype": "float64",
    "width": n, "depth": L, "batch": B, "seed": args.seed,
    "cells": cells,
    "computeSeconds": time.perf_counter() - start,
    "cpuSeconds": time.process_time() - cpu_start,
    **phase,
    "schemeSeconds": scheme_seconds,
}))
