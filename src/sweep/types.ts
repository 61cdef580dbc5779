// The sweep contract: what a sweep asks for and what it returns, shared by the engine, the CLI,
// the extension and the sweep panel. Every number says which engine produced it.

import type { ActivationSpec, Band, InitSpec } from '../core/types';
import type { DirectionVerdict } from '../diagnose/verdict';

export type SweepKind = 'schemes' | 'gain' | 'depth' | 'width';

/** Which engine produced a number: mean-field (infinite width, exact there) or a Monte Carlo engine. */
export type SweepEngine = 'mean-field' | 'dense' | 'matrix-free';

/**
 * When to run Monte Carlo. 'auto': where finite width matters (mean-field does not apply, units
 * can die, or Σ 1/width is large enough to move the numbers); 'always'; 'mean-field': mean-field
 * wherever it applies, Monte Carlo only where it does not (e.g. zeros).
 */
export type MonteCarloPolicy = 'auto' | 'always' | 'mean-field';
export const MONTE_CARLO_POLICIES: readonly MonteCarloPolicy[] = ['auto', 'always', 'mean-field'];

/** A square network: `depth` layers of `width` → `width`, input N(0, 1) of the same width. */
export interface SweepNetwork {
  depth: number;
  width: number;
  activation: ActivationSpec;
  /** σ_b: biases ~ N(0, σ_b²) on every layer; 0 = no bias. */
  biasStd: number;
}

export interface SweepRun {
  batch: number;
  /** Network draws per Monte Carlo point. */
  draws: number;
  seed: number;
  monteCarlo: MonteCarloPolicy;
}

/** One column of the schemes sweep: an init with a stable id and a label. */
export interface SweepScheme {
  id: string;
  label: string;
  init: InitSpec;
}

export interface SchemesSweepRequest extends SweepRun {
  kind: 'schemes';
  depth: number;
  width: number;
  biasStd: number;
  schemes: SweepScheme[];
  activations: ActivationSpec[];
}

export interface GainSweepRequest extends SweepRun, SweepNetwork {
  kind: 'gain';
  /** Multipliers of the LeCun std 1/√fan_in (He is √2), log-spaced, ascending. */
  gains: number[];
  /** The gain the user's line has, drawn as a marker; null when free-standing or not Gaussian. */
  currentGain: number | null;
}

export interface DepthSweepRequest extends SweepRun, Omit<SweepNetwork, 'depth'> {
  kind: 'depth';
  init: InitSpec;
  initLabel: string;
  /** Depths, ascending (1 … 1000 log-spaced by default). */
  depths: number[];
}

export interface WidthSweepRequest extends SweepRun, Omit<SweepNetwork, 'width'> {
  kind: 'width';
  init: InitSpec;
  initLabel: string;
  /** Widths, ascending. */
  widths: number[];
}

export type SweepRequest = SchemesSweepRequest | GainSweepRequest | DepthSweepRequest | WidthSweepRequest;

export interface DirectionVerdicts {
  forward: DirectionVerdict;
  backward: DirectionVerdict;
}

/**
 * Ratios are taken the way the signal travels, as in a single simulation's verdict:
 * forward std(a_L)/std(a_1), backward std(δ_1)/std(δ_L). null when not formed (overflow, 0/0).
 */
export interface Ratios {
  forwardRatio: number | null;
  backwardRatio: number | null;
}

export interface SchemeCell extends Ratios {
  scheme: string;
  schemeLabel: string;
  /** Activation label, e.g. "leaky_relu(0.01)". */
  activation: string;
  activationSpec: ActivationSpec;
  init: InitSpec;
  verdict: DirectionVerdicts;
  /** The engine behind forwardRatio, backwardRatio and verdict. */
  engine: SweepEngine;
  /** Mean-field's ratios for the same cell; null where mean-field does not apply. */
  meanField: (Ratios & { chi1: number }) | null;
  summary: string;
}

/** Spread of a ratio across network draws. */
export interface MonteCarloRatios {
  engine: Exclude<SweepEngine, 'mean-field'>;
  draws: number;
  forwardRatio: Band | null;
  backwardRatio: Band | null;
}

export interface GainPoint extends Ratios {
  gain: number;
  /** Engine behind forwardRatio/backwardRatio (mean-field when it applies). */
  engine: SweepEngine;
  chi1: number | null;
  /** Last layer's forward std (same engine). */
  lastStd: number | null;
  monteCarlo: MonteCarloRatios | null;
}

export interface DepthPoint extends Ratios {
  depth: number;
  engine: SweepEngine;
  monteCarlo: MonteCarloRatios | null;
}

export interface WidthPoint {
  width: number;
  engine: Exclude<SweepEngine, 'mean-field'>;
  draws: number;
  /** Last layer's forward std across draws. */
  std: Band;
  /** Standard deviation of ln std(a_L) across draws. */
  logStdSpread: number;
  /** Σ_l 1/width over the layers (Hanin & Rolnick's β). */
  sumInverseWidth: number;
  /** The log-normal (delta-method) prediction of logStdSpread; null where it does not apply. */
  predictedLogStdSpread: number | null;
  /** Mean-field (infinite width) last-layer std, null where it does not apply. */
  meanFieldStd: number | null;
}

interface SweepResultBase {
  /**
   * false when cancelled (or still running). Every finished run is in; an entry whose Monte Carlo run
   * did not finish shows its mean-field numbers (its engine says so), and entries with no finished run are missing.
   */
  complete: boolean;
  /** Work units done and planned (cells or points, Monte Carlo runs counted separately). */
  done: number;
  total: number;
  /** One line per engine choice, e.g. "mean-field for every cell; matrix-free Monte Carlo (4 draws) where …". */
  engineNote: string;
  elapsedMs: number;
}

export interface SchemesSweepResult extends SweepResultBase {
  kind: 'schemes';
  request: SchemesSweepRequest;
  cells: SchemeCell[];
}

export interface GainSweepResult extends SweepResultBase {
  kind: 'gain';
  request: GainSweepRequest;
  activation: string;
  points: GainPoint[];
  /** The smallest gain where χ₁ = 1 (mean-field); null when χ₁ never crosses 1 in the range. */
  criticalGain: number | null;
  /** Every crossing found in the range, ascending. */
  criticalGains: number[];
  currentGain: number | null;
}

export interface DepthSweepResult extends SweepResultBase {
  kind: 'depth';
  request: DepthSweepRequest;
  points: DepthPoint[];
  /**
   * Mean-field gradient depth scale ξ = −1/ln χ₁ (negative when χ₁ > 1: gradients grow by e every |ξ| layers);
   * null when critical (∞) or mean-field does not apply.
   */
  depthScale: number | null;
  chi1: number | null;
}

export interface WidthSweepResult extends SweepResultBase {
  kind: 'width';
  request: WidthSweepRequest;
  points: WidthPoint[];
  /** Why the prediction is absent, when it is. */
  predictionNote: string;
}

export type SweepResult = SchemesSweepResult | GainSweepResult | DepthSweepResult | WidthSweepResult;
