import jax
from jax.nn.initializers import he_uniform

key = jax.random.PRNGKey(0)
glorot = jax.nn.initializers.glorot_normal()
W1 = glorot(key, (784, 512))
W2 = jax.nn.initializers.lecun_normal()(key, (512, 256))
W3 = he_uniform()(key, (3, 3, 16, 32))
u = jax.nn.initializers.uniform(0.1)
b = jax.nn.initializers.zeros(key, (512,))
