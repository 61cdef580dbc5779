from flax import linen as nn
from jax.nn import initializers


class Deep(nn.Module):
    depth: int = 4
    width: int = 128

    @nn.compact
    def __call__(self, x):
        for _ in range(self.depth):
            x = nn.tanh(nn.Dense(self.width, kernel_init=nn.initializers.normal(stddev=0.02))(x))
        return nn.Dense(1, kernel_init=nn.initializers.zeros)(x)


class Features(nn.Module):
    features: list

    @nn.compact
    def __call__(self, x):
        for feat in self.features[:-1]:
            x = nn.relu(nn.Dense(feat)(x))
        return nn.Dense(self.features[-1])(x)


class Setup(nn.Module):
    def setup(self):
        self.encoder = nn.Dense(64, kernel_init=initializers.glorot_uniform())
        self.head = nn.Dense(8)

    def __call__(self, x):
        return self.head(nn.selu(self.encoder(x)))


seq = nn.Sequential([nn.Dense(300, kernel_init=nn.initializers.lecun_uniform()), nn.sigmoid, nn.Dense(10, kernel_init=nn.initializers.truncated_normal(0.02))])
