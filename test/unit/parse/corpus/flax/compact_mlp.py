import jax
import jax.numpy as jnp
import flax.linen as nn


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.Dense(512, kernel_init=nn.initializers.he_normal())(x)
        x = nn.relu(x)
        x = nn.Dense(256, kernel_init=jax.nn.initializers.variance_scaling(2.0, 'fan_in', 'normal'))(x)
        x = nn.gelu(x)
        x = nn.Dense(features=128, kernel_init=nn.initializers.orthogonal(scale=1.5))(x)
        x = nn.leaky_relu(x, negative_slope=0.2)
        return nn.Dense(10)(x)


model = MLP()
params = model.init(jax.random.PRNGKey(0), jnp.ones((1, 784)))
