import flax.linen as nn


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        for _ in range(12):
            x = nn.Dense(512, kernel_init=nn.initializers.normal(stddev=1.0))(x)
            x = nn.tanh(x)
        return x
