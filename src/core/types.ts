// The simulation contract (design.md §2–4), shared by every engine and every view.

export type ActivationName =
  | 'linear'
  | 'relu'
  | 'leaky_relu'
  | 'tanh'
  | 'sigmoid'
  | 'gelu'
  | 'gelu_tanh'
  | 'silu'
  | 'selu'
  | 'elu'
  | 'softplus'
  | 'mish';

/** `param` is the negative slope of leaky_relu (default 0.01) or the alpha of elu (default 1). */
export interface ActivationSpec {
  name: ActivationName;
  param?: number;
}

/** A resolved activation: pure scalar functions plus what the statistics need to know. */
export interface Activation {
  spec: ActivationSpec;
  /** Display label, e.g. "leaky_relu(0.2)". */
  label: string;
  phi(x: number): number;
  dphi(x: number): number;
  /** PyTorch's nn.init.calculate_gain for this nonlinearity. */
  gain: number;
  /** Where φ′ is discontinuous (relu-like, selu, elu with α≠1): quadrature splits there. */
  kinks: number[];
  /** Saturation test for tanh/sigmoid (design.md §2); null when the activation cannot saturate. */
  isSaturated: ((a: number) => boolean) | null;
  /** relu-like: a unit is dead when z ≤ 0 for every sample. */
  canDie: boolean;
}

export type SchemeName =
  | 'normal'
  | 'uniform'
  | 'truncated_normal'
  | 'xavier_normal'
  | 'xavier_uniform'
  | 'he_normal'
  | 'he_uniform'
  | 'lecun_normal'
  | 'lecun_uniform'
  | 'orthogonal'
  | 'sparse'
  | 'eye'
  | 'torch_default'
  | 'keras_default'
  | 'flax_default'
  | 'variance_scaling'
  | 'zeros'
  | 'constant';

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type VarianceScalingDistribution = 'truncated_normal' | 'untruncated_normal' | 'normal' | 'uniform';

/**
 * An initialization as written by the user, before fans are known.
 * Unset fields take the framework defaults of design.md §4.
 */
export interface InitSpec {
  scheme: SchemeName;
  /** normal / truncated_normal */
  mean?: number;
  std?: number;
  /** uniform bounds; truncated_normal absolute bounds (PyTorch trunc_normal_ a, b) */
  low?: number;
  high?: number;
  /** xavier / orthogonal gain */
  gain?: number;
  /** kaiming negative slope `a` and mode */
  a?: number;
  mode?: FanMode;
  /** kaiming nonlinearity name (PyTorch default 'leaky_relu' with a = 0, i.e. gain √2) */
  nonlinearity?: string;
  /** variance_scaling */
  scale?: number;
  distribution?: VarianceScalingDistribution;
  /**
   * truncated_normal flavour. Unset: PyTorch trunc_normal_ with absolute bounds low/high (default ±2).
   * 'keras' / 'plain': Keras TruncatedNormal, JAX truncated_normal: bounds mean ± 2·std, no rescaling
   * (only variance_scaling rescales by 0.87962566103423978).
   */
  truncation?: 'keras' | 'plain';
  /** constant value */
  value?: number;
  /** sparse: fraction of zeros per column */
  sparsity?: number;
  /** Conv receptive field size (product of kernel dims); fans are multiplied by it. */
  receptiveField?: number;
  /** PyTorch conv groups: fan_in is divided by it */
  groups?: number;
}

/** An init resolved against its fans: the exact distribution of every weight entry. */
export type WeightDistribution =
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; low: number; high: number }
  /** N(mean, std²) conditioned on [low, high] (absolute bounds). */
  | { kind: 'truncated_normal'; mean: number; std: number; low: number; high: number }
  | { kind: 'orthogonal'; gain: number }
  | { kind: 'sparse'; sparsity: number; std: number }
  | { kind: 'eye'; value: number }
  | { kind: 'constant'; value: number };

export interface LayerSpec {
  fanIn: number;
  fanOut: number;
  init: InitSpec;
  activation: ActivationSpec;
  /** Bias init; zero when absent. */
  bias?: InitSpec;
}

export interface NetworkSpec {
  /** n_0, the width of the input X (B × n_0, entries N(0, 1)). */
  inputWidth: number;
  layers: LayerSpec[];
}

export type RngKind = 'xoshiro' | 'numpy';
export type EngineName = 'auto' | 'dense' | 'mean-field' | 'matrix-free';

export interface SimulationOptions {
  batch: number;
  /** Number of independent network draws. */
  seeds: number;
  seed: number;
  rng: RngKind;
  engine: EngineName;
  bins: number;
}

export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface Band {
  p5: number;
  p50: number;
  p95: number;
}

export interface ForwardStats {
  mean: number;
  std: number;
  preStd: number;
  /** Fraction of entries saturated (tanh |a| > 0.99, sigmoid a < 0.01 or > 0.99); null if φ cannot saturate. */
  saturated: number | null;
  /** Fraction of units with z ≤ 0 for every sample; null if φ is not relu-like. */
  dead: number | null;
  /** Histogram of a_l in the first draw (empty for mean-field). */
  histogram: Histogram;
}

export interface BackwardStats {
  preGradStd: number;
  gradStd: number;
  weightGradStd: number;
  histogram: Histogram;
}

export interface LayerBand {
  std: Band;
  preStd: Band;
  /** Backward bands are null when some draw's backward pass overflowed before this layer. */
  preGradStd: Band | null;
  gradStd: Band | null;
  weightGradStd: Band | null;
}

export interface LayerResult {
  layer: number;
  forward: ForwardStats;
  /** null when the backward pass could not reach this layer (it overflowed above it). */
  backward: BackwardStats | null;
  /** Spread across network draws; present when seeds > 1. */
  band?: LayerBand;
}

export interface MeanFieldLayer {
  layer: number;
  mean: number;
  std: number;
  preStd: number;
  gradStd: number;
  preGradStd: number;
  weightGradStd: number;
}

export interface MeanFieldResult {
  /** χ₁ = σ_w² E[φ′(√q* ξ)²] at the fixed point of the last layer's map. */
  chi1: number;
  /** Gradient depth scale ξ_∇ = −1/ln χ₁; null when χ₁ = 1 (critical: infinite). */
  depthScale: number | null;
  /** The fixed point q* of the variance map (null when none is reached, e.g. exploding). */
  qStar: number | null;
  layers: MeanFieldLayer[];
  /**
   * Set when the recursion overflowed. Forward: q overflowed at `layer`; only layers before it
   * are in `layers`, with gradients normalised at the last of them. Backward: gradient stds are
   * Infinity from `layer` down.
   */
  overflow?: Overflow;
}

export interface Overflow {
  layer: number;
  direction: 'forward' | 'backward';
  message: string;
}

export interface SimulationResult {
  config: { network: NetworkSpec; options: SimulationOptions };
  engine: Exclude<EngineName, 'auto'>;
  engineReason: string;
  layers: LayerResult[];
  /** null when mean-field does not apply (weights with non-zero mean, e.g. constant init). */
  meanField: MeanFieldResult | null;
  overflow: Overflow | null;
}
