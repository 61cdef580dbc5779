# Keras Sequential MLP for MNIST: string and object initializers, a bound initializer.
from tensorflow.keras import layers, initializers
from tensorflow import keras

he = initializers.HeNormal()

model = keras.Sequential([
    layers.Input((784,)),
    layers.Dense(512, activation='relu', kernel_initializer='he_normal'),
    layers.Dropout(0.2),
    layers.Dense(512, activation='relu', kernel_initializer=he),
    layers.BatchNormalization(),
    layers.Dense(256, kernel_initializer=initializers.GlorotNormal(seed=0)),
    layers.Activation('tanh'),
    layers.Dense(10, activation='softmax'),
])
