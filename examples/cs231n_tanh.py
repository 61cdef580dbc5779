# CS231n (2016), lecture 5: "what happens to the activations of a 10-layer tanh net?"
# Each init below is simulated by Init Lens: look at the lens above it.
import numpy as np

D = np.random.randn(1000, 500)
hidden_layer_sizes = [500] * 10
nonlinearities = ["tanh"] * len(hidden_layer_sizes)

Hs = {}
for i in range(len(hidden_layer_sizes)):
    X = D if i == 0 else Hs[i - 1]
    fan_in = X.shape[1]
    fan_out = hidden_layer_sizes[i]
    W = np.random.randn(fan_in, fan_out) * 0.01  # small random numbers: activations vanish
    H = np.dot(X, W)
    H = np.tanh(H)
    Hs[i] = H

for i in range(10):
    W = np.random.randn(500, 500) * 1.0  # too big: every tanh saturates at ±1
    H = np.tanh(np.dot(H, W))

for i in range(10):
    W = np.random.randn(500, 500) / np.sqrt(500)  # Xavier (Glorot 2010): holds up for tanh
    H = np.tanh(np.dot(H, W))
