# CS231n / d2l notes (seed 002): per-layer mean and std of a 10-layer tanh network.
import numpy as np
import matplotlib.pyplot as plt

# assume some unit gaussian 10-D input data
D = np.random.randn(1000, 500)
hidden_layer_sizes = [500] * 10
nonlinearities = ["tanh"] * len(hidden_layer_sizes)
# nonlinearities = ["relu"] * len(hidden_layer_sizes)


def relu(x):
    return np.maximum(x, 0)


act = {"relu": relu, "tanh": np.tanh}
Hs = {}
for i in range(len(hidden_layer_sizes)):
    X = D if i == 0 else Hs[i-1] # input at this layer
    fan_in = X.shape[1]
    fan_out = hidden_layer_sizes[i]
    # ==================================================
    #          Write Your Initialization Code
    # ==================================================
    W = np.random.randn(fan_in, fan_out) * 0.01
    # ==================================================
    H = np.dot(X, W) # matrix multiply
    H = act[nonlinearities[i]](H) # nonlinearity
    Hs[i] = H # cache result on this layer

# look at distributions at each layer
print(f"input layer had mean {np.mean(D):.5f} and std {np.std(D):.5f}")
layer_means = [np.mean(H) for i, H in Hs.items()]
layer_stds = [np.std(H) for i, H in Hs.items()]
for i, H in Hs.items():
    print(f"hidden layer {i+1} had mean {layer_means[i]:.5f} and std {layer_stds[i]:.5f}")

# plot the means and standard deviations
plt.figure(figsize=(18, 5))
plt.subplot(121)
plt.plot(Hs.keys(), layer_means, 'ob-')
plt.title("layer mean")
plt.subplot(122)
plt.plot(Hs.keys(), layer_stds, 'or-')
plt.title("layer std")

# plot the raw distributions
plt.figure(figsize=(18, 5))
for i, H in Hs.items():
    plt.subplot(1, len(Hs), i+1)
    plt.hist(H.ravel(), 30, range=(-1,1), color='b')
plt.show()
