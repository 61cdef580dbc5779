# A Keras MLP: Init Lens reads the Dense stack, its activations and initializers.
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(10, activation="softmax"),
])
