import numpy as np

W = np.random.randn(256, 256) * 0.01
