from tensorflow.keras import layers, models

cnn = models.Sequential([
    layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(64, (3, 3), padding='same', activation='relu', kernel_initializer='he_uniform'),
    layers.Flatten(),
    layers.Dense(10),
])

audio = layers.Conv1D(16, kernel_size=5, kernel_initializer='he_normal')
