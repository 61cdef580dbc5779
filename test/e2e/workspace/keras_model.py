from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(256,)),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(256, activation="sigmoid", kernel_initializer="random_normal"),
    layers.Dense(10, activation="softmax"),
])
