# Public AI notebook (seed 000): the "initialize the weights yourself" cells, filled in as the
# notes go on — Xavier with sigmoid, Xavier with ReLU, He with ReLU — over 20 layers of 512.
import numpy as np
import matplotlib.pyplot as plt

def sigmoid(x):
    return 1 / (1+np.exp(-x))

num_data = 2000
unit_num = 512
num_layer = 20

X = np.random.randn(num_data, unit_num) 

history = []
a = X
for i in range(num_layer):
    W = np.random.randn(unit_num, unit_num) / np.sqrt(unit_num)
    z = np.dot(a,W)
    a = sigmoid(z)
    history.append(a.copy())

def relu(x):
    return np.maximum(x,0)

history = []
a = X
for i in range(num_layer):
    W = np.random.randn(unit_num, unit_num) * np.sqrt(2 / unit_num)
    z = np.dot(a,W)
    a = relu(z)
    history.append(a.copy())

ins = np.random.normal(size=(512,512), scale=0.1)
out = model.predict(ins)
