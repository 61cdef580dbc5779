import numpy as np

D = np.random.randn(1000, 500)
H = D
for i in range(10):
    W = np.random.randn(500, 500) * 0.01
    H = np.tanh(np.dot(H, W))

for i in range(20):
    W2 = np.random.randn(512, 512) * np.sqrt(2 / 512)
    H = np.maximum(0, H @ W2)
