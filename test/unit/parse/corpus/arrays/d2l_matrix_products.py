# d2l numerical stability (seed 002): 100 Gaussian 4x4 matrix products explode.
import torch

M = torch.normal(0, 1, size=(4, 4))
print('a single matrix \n', M)
for i in range(100):
    M = torch.mm(M, torch.normal(0, 1, size=(4, 4)))

print('after multiplying 100 matrices\n', M)
