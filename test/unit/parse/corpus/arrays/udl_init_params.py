# UDL notebook 7.3 (seed 003, Korean notes): init_params / he_init_params / re_init_params,
# the forward pass with ReLU and the backward pass. Printed outputs removed.
import numpy as np
import matplotlib.pyplot as plt

def init_params(K, D, sigma_sq_omega):
  # 항상 같은 난수를 얻도록 시드 설정
  np.random.seed(0)

  # 입력층
  D_i = 1
  # 출력층
  D_o = 1

  # 가중치와 바이어스의 리스트 생성
  all_weights = [None] * (K+1)
  all_biases = [None] * (K+1)

  # 입력층과 출력층의 가중치 및 바이어스 초기화
  # np.random.normal: 평균이 0이고 표준편차가 1인 정규분포
  # 표준편차는 np.sqrt(sigma_sq_omega)
  all_weights[0] = np.random.normal(size=(D, D_i)) * np.sqrt(sigma_sq_omega)
  all_weights[-1] = np.random.normal(size=(D_o, D)) * np.sqrt(sigma_sq_omega)
  all_biases[0] = np.zeros((D,1))
  all_biases[-1]= np.zeros((D_o,1))

  # 은닉층의 가중치 및 바이어스 초기화
  for layer in range(1,K):
    all_weights[layer] = np.random.normal(size=(D,D)) * np.sqrt(sigma_sq_omega)
    all_biases[layer] = np.zeros((D,1))

  return all_weights, all_biases

# Define ReLU Function
def ReLU(preactivation):
  activation = preactivation.clip(0.0)
  return activation

def compute_network_output(net_input, all_weights, all_biases):

  K = len(all_weights) -1

  all_f = [None] * (K + 1)
  all_h = [None] * (K + 1)

  all_h[0] = net_input

  for layer in range(K): # 0~k-1

      all_f[layer] = all_biases[layer] + np.matmul(all_weights[layer], all_h[layer])

      all_h[layer+1] = ReLU(all_f[layer])

  all_f[K] = all_biases[K] + np.matmul(all_weights[K], all_h[K])

  net_output = all_f[K]

  return net_output, all_f, all_h

# 신경망 구조
K = 5
D = 8
D_i = 1
D_o = 1

# 초기 분산
sigma_sq_omega = 1.0

# Initialize parameters
all_weights, all_biases = init_params(K,D,sigma_sq_omega)

# 입력값 지정
n_data = 1000
data_in = np.random.normal(size=(1,n_data))

# 신경망 계산
net_output, all_f, all_h = compute_network_output(data_in, all_weights, all_biases)

# 각 은닉층의 표준편차 비교
for layer in range(K):
  print("Layer %d, std of hidden units = %3.3f"%(layer, np.std(all_h[layer]))) # 활성화 함수의 표준편차 출력

def he_init_params(K, D):
  np.random.seed(0)

  D_i = 1
  D_o = 1

  all_weights = [None] * (K+1)
  all_biases = [None] * (K+1)

  all_weights[0] = np.random.normal(size=(D, D_i)) * np.sqrt(2 / D_i)
  all_weights[-1] = np.random.normal(size=(D_o, D)) * np.sqrt(2 / D)
  all_biases[0] = np.zeros((D,1))
  all_biases[-1]= np.zeros((D_o,1))

  for layer in range(1,K):
    all_weights[layer] = np.random.normal(size=(D,D)) * np.sqrt(2 / D)
    all_biases[layer] = np.zeros((D,1))

  return all_weights, all_biases


K= 50
D= 80
all_weights, all_biases = he_init_params(K,D)
net_output, all_f, all_h = compute_network_output(data_in, all_weights, all_biases)

for layer in range(K):
  print("Layer %d, std of hidden units = %3.3f"%(layer, np.std(all_h[layer])))

# We'll need the indicator function
def indicator_function(x):
  x_in = np.array(x)
  x_in[x_in>=0] = 1
  x_in[x_in<0] = 0
  return x_in

# backward pass
def backward_pass(all_weights, all_biases, all_f, all_h, y):  # y는 신경망의 실제 출력값
  # 각 층의 가중치와 바이어스 대한 손실 함수의 미분값 리스트
  all_dl_dweights = [None] * (K+1)
  all_dl_dbiases = [None] * (K+1)
  # 각 층의 전 활성화값과 활성화값 대한 손실 함수의 미분값 리스트
  all_dl_df = [None] * (K+1)
  all_dl_dh = [None] * (K+1)

  # all_h[0]은 입력이고 all_f[k]는 출력

  # 출력에 대한 손실 함수의 미분 계산(all_f의 k층에 저장)
  all_dl_df[K] = np.array(d_loss_d_output(all_f[K],y))

  # 네트워크를 통해 역방향으로 계산
  for layer in range(K,-1,-1): # 출력층부터 입력층까지 각 층을 거꾸로 반복
    # 현재 층(layer)의 바이어스에 대한 손실 함수의 미분을 계산
    all_dl_dbiases[layer] = np.array(all_dl_df[layer])
    # 현재 층(layer)의 가중치에 대한 손실 함수의 미분을 계산
    all_dl_dweights[layer] = np.matmul(all_dl_df[layer], all_h[layer].T)

    # 현재 층(layer)의 활성화값에 대한 손실 함수의 미분을 계산
    all_dl_dh[layer] = np.matmul(all_weights[layer].T, all_dl_df[layer])

    # Calculate the derivatives of the pre-activation f with respect to activation h (eq 7.13, line 3, first part)
    if layer > 0:
      all_dl_df[layer-1] = indicator_function(all_f[layer-1]) * all_dl_dh[layer]

  return all_dl_dweights, all_dl_dbiases, all_dl_dh, all_dl_df

# 신경망 구조
K = 5
D = 8
D_i = 1
D_o = 1
sigma_sq_omega = 1.0

# 파라미터 초기화
all_weights, all_biases = init_params(K,D,sigma_sq_omega)

K = 50
D = 80

def re_init_params(K, D):

  np.random.seed(0)

  D_i = 1
  D_o = 1

  all_weights = [None] * (K+1)
  all_biases = [None] * (K+1)

  all_weights[0] = np.random.normal(size=(D, D_i)) * np.sqrt(2 / D)
  all_weights[-1] = np.random.normal(size=(D_o, D)) * np.sqrt(2 / D_o)
  all_biases[0] = np.zeros((D,1))
  all_biases[-1]= np.zeros((D_o,1))

  for layer in range(1,K):
    all_weights[layer] = np.random.normal(size=(D,D)) * np.sqrt(2 / D)
    all_biases[layer] = np.zeros((D,1))

  return all_weights, all_biases

all_weights, all_biases = re_init_params(K,D)
