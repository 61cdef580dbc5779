# Understanding Deep Learning (Prince), ch. 7: a 50-layer ReLU net of width 100.
# Init Lens reads the depth and width from the loop; change sigma_sq_omega and watch the lens.
import numpy as np

K = 50  # layers
D = 100  # hidden units per layer
sigma_sq_omega = 1.0

all_weights = [None] * (K + 1)
for layer in range(K):
    all_weights[layer] = np.random.normal(size=(D, D)) * np.sqrt(sigma_sq_omega)
