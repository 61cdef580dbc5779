import jax
import jax.numpy as jnp
import haiku as hk


def forward(x):
    mlp = hk.Sequential([
        hk.Linear(300), jax.nn.relu,
        hk.Linear(100, w_init=hk.initializers.VarianceScaling(2.0, 'fan_in', 'truncated_normal')), jax.nn.relu,
        hk.Linear(10, w_init=hk.initializers.TruncatedNormal(stddev=0.01)),
    ])
    return mlp(x)


net = hk.without_apply_rng(hk.transform(forward))
params = net.init(jax.random.PRNGKey(42), jnp.ones([8, 784]))


def mlp_fn(x):
    return hk.nets.MLP([300, 100, 10])(x)


def linear_fn(x):
    w = hk.get_parameter("w", [784, 300], init=hk.initializers.RandomNormal(stddev=0.05))
    b = hk.get_parameter("b", [300], init=hk.initializers.Constant(0.0))
    return jnp.tanh(x @ w + b)
