from keras.models import Sequential
from keras.layers import Dense, Activation, LeakyReLU, ELU
from keras import initializers

model = Sequential()
model.add(Dense(64, input_dim=20, kernel_initializer=initializers.RandomNormal(mean=0.0, stddev=0.05)))
model.add(LeakyReLU(0.2))
for units in [32, 16]:
    model.add(Dense(units, kernel_initializer='lecun_normal'))
    model.add(Activation('selu'))
model.add(Dense(8, activation='elu', kernel_initializer=initializers.TruncatedNormal(stddev=0.02)))
model.add(Dense(4, activation='gelu', kernel_initializer=initializers.RandomUniform(-0.1, 0.1)))
model.add(Dense(2, activation='swish', kernel_initializer=initializers.Orthogonal(gain=2.0)))
model.add(ELU(alpha=0.5))
