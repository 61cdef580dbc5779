# None of these is a weight layer's init: no Flax, JAX or Haiku site.
import jax
import jax.numpy as jnp
import optax
import flax.linen as nn
import haiku as hk

key = jax.random.PRNGKey(0)
key, sub = jax.random.split(key)
opt = optax.adam(learning_rate=1e-3)
sched = optax.cosine_decay_schedule(1e-3, 1000)
drop = nn.Dropout(rate=0.5)
norm = nn.BatchNorm(use_running_average=False, scale_init=nn.initializers.ones)
emb = nn.Embed(num_embeddings=1000, features=64, embedding_init=nn.initializers.normal(stddev=1.0))
b_init = nn.initializers.zeros
ln = hk.LayerNorm(axis=-1, create_scale=True, create_offset=True)
x = jnp.zeros((8, 784))
y = jax.nn.relu(x)


class Bias(nn.Module):
    @nn.compact
    def __call__(self, x):
        bias = self.param('bias', nn.initializers.zeros, (x.shape[-1],))
        return x + bias
