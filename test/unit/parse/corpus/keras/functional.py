# The Keras functional API, and the he_normal / glorot_normal cells of the study notes.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.initializers import he_normal, glorot_normal
from tensorflow.keras.layers import Input
from tensorflow.keras.layers import Dense

inputs = keras.Input(shape=(784,))
x = layers.Dense(64, activation="relu")(inputs)
x = layers.Dense(64)(x)
x = layers.Activation("relu")(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")

he_init = he_normal()  # he init
glorot_init = glorot_normal()
values = he_init(shape=(1000, 100)).numpy()

x = Input(shape=(3,))
dense = Dense(100, activation='relu', kernel_initializer=he_init, name='hidden1')(x)
