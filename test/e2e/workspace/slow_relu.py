# init-lens: depth=16 width=700 activation=relu batch=64
import numpy as np
W = np.random.uniform(-0.1, 0.1, (700, 700))
