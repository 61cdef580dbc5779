import tensorflow as tf

hidden = 128

model = tf.keras.Sequential()
model.add(tf.keras.layers.Dense(hidden, input_shape=(784,), kernel_initializer=tf.keras.initializers.GlorotUniform()))
model.add(tf.keras.layers.ReLU())
for _ in range(3):
    model.add(tf.keras.layers.Dense(hidden, activation=tf.nn.relu, kernel_initializer=tf.keras.initializers.VarianceScaling(scale=2.0, mode='fan_avg', distribution='uniform')))
model.add(tf.keras.layers.Dense(10, activation=tf.keras.activations.sigmoid, bias_initializer='zeros'))
