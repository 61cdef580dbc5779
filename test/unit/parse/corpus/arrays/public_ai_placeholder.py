# The same cell as the student receives it: `W = ` with only a comment after it is a syntax
# error. The scan must not throw, and an unfinished line is no site.
import numpy as np

num_data = 2000
unit_num = 512
num_layer = 20

X = np.random.randn(num_data, unit_num) 

history = []
a = X
for i in range(num_layer):
    W = # Weight를 초기화해보기
    z = np.dot(a,W)
    a = sigmoid(z)
    history.append(a.copy())
