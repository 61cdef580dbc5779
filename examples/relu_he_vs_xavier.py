# He et al. (2015): with ReLU, Xavier's 1/fan_in halves the variance at every layer;
# the factor 2 of He init keeps it.
import numpy as np

n = 512
depth = 30
x = np.random.randn(256, n)
for layer in range(depth):
    W = np.random.randn(n, n) * np.sqrt(1 / n)  # Xavier / LeCun: std shrinks by √2 per layer
    x = np.maximum(0, x @ W)

x = np.random.randn(256, n)
for layer in range(depth):
    W = np.random.randn(n, n) * np.sqrt(2 / n)  # He: variance preserved
    x = np.maximum(0, x @ W)

x = np.random.randn(256, n)
for layer in range(depth):
    W = np.random.randn(n, n) * np.sqrt(2 / (n + n))  # Xavier (fan_avg), sigmoid as in Glorot's paper
    x = 1 / (1 + np.exp(-(x @ W)))
