# None of these is a weight layer's init: no Keras site.
import tensorflow as tf
from tensorflow.keras import layers, initializers

drop = layers.Dropout(0.5)
norm = layers.BatchNormalization(gamma_initializer=initializers.Ones(), beta_initializer='zeros')
emb = layers.Embedding(10000, 64, embeddings_initializer=initializers.RandomUniform(-1.0, 1.0))
config = dict(bias_initializer='zeros', kernel_regularizer=None)
bias_init = initializers.Zeros()
noise = tf.random.normal((32, 784))
opt = tf.keras.optimizers.Adam(1e-3)
pool = layers.MaxPooling2D()
