// Verdicts (design.md §6): each direction judged by a ratio taken the way the signal travels.

import { resolveInit } from '../core/schemes';
import type { LayerResult, SimulationResult } from '../core/types';
import { recommendedFix, recommendedInit, type Fix } from './fixes';
import { widthFactor as widthFactorOf } from './ratios';

export type DirectionVerdict = 'healthy' | 'drifting' | 'vanishing' | 'exploding' | 'saturating' | 'dead' | 'symmetric';

export interface VerdictThresholds {
  /** healthy inside [healthyLow, healthyHigh] */
  healthyLow: number;
  healthyHigh: number;
  /** below vanishingBelow: vanishing; above explodingAbove: exploding; otherwise drifting */
  vanishingBelow: number;
  explodingAbove: number;
  /** a tanh/sigmoid layer with more than this fraction saturated is saturating */
  saturatedFraction: number;
  /** a relu layer with more than this fraction of units dead for the whole batch is dead */
  deadFraction: number;
}

export const DEFAULT_THRESHOLDS: VerdictThresholds = {
  healthyLow: 0.5,
  healthyHigh: 2,
  vanishingBelow: 0.1,
  explodingAbove: 10,
  saturatedFraction: 0.5,
  deadFraction: 0.5,
};

export interface Verdict {
  forward: DirectionVerdict;
  backward: DirectionVerdict;
  /** std(a_L) / std(a_1); null when it cannot be formed (overflow, zero first layer). */
  forwardRatio: number | null;
  /** std(δ_1) / std(δ_L) */
  backwardRatio: number | null;
  /** See ratios.ts. The backward verdict judges backwardRatio / widthFactor, so a narrow output layer is not mistaken for vanishing gradients. */
  widthFactor: number;
  /** First layer where the forward ratio leaves the healthy range, if any. */
  forwardOnset: number | null;
  summary: string;
  fix: Fix | null;
}

export function classifyRatio(ratio: number, t: VerdictThresholds): DirectionVerdict {
  if (ratio < t.vanishingBelow) return 'vanishing';
  if (ratio > t.explodingAbove) return 'exploding';
  if (ratio < t.healthyLow || ratio > t.healthyHigh) return 'drifting';
  return 'healthy';
}

export function isProblem(v: DirectionVerdict): boolean {
  return v !== 'healthy' && v !== 'drifting';
}

export interface DiagnoseOptions {
  /** Work out the fix (it re-runs mean-field on the fixed network); sweeps judge hundreds of cells and skip it. Default true. */
  fix?: boolean;
}

export function diagnose(result: SimulationResult, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS, options: DiagnoseOptions = {}): Verdict {
  const network = result.config.network;
  const layers = result.layers;
  const symmetricLayer = network.layers.findIndex((l) => resolveInit(l.init, l.fanIn, l.fanOut).kind === 'constant');
  const forwardRatio = ratio(layers.at(-1)?.forward.std, layers[0]?.forward.std);
  const backwardRatio = backwardRatioOf(layers, network.layers.length);
  const widthFactor = widthFactorOf(network);
  const saturatedLayer = layers.find((l) => (l.forward.saturated ?? 0) > thresholds.saturatedFraction);
  const deadLayer = layers.find((l) => (l.forward.dead ?? 0) > thresholds.deadFraction);
  const overflow = result.overflow;

  let forward: DirectionVerdict;
  let backward: DirectionVerdict;
  if (symmetricLayer >= 0) {
    forward = backward = 'symmetric';
  } else {
    if (overflow?.direction === 'forward') forward = 'exploding';
    else if (deadLayer) forward = 'dead';
    else if (saturatedLayer) forward = 'saturating';
    else forward = forwardRatio === null ? 'vanishing' : classifyRatio(forwardRatio, thresholds);
    if (overflow) backward = 'exploding';
    else backward = backwardRatio === null ? 'vanishing' : classifyRatio(backwardRatio / widthFactor, thresholds);
  }
  const forwardOnset = onsetLayer(layers, thresholds);
  const wantFix = options.fix ?? true;
  const fix = !wantFix || (forward === 'healthy' && backward === 'healthy') ? null : recommendedFix(result);
  const summary = summarize({ forward, backward, forwardRatio, backwardRatio, widthFactor, forwardOnset, symmetricLayer, saturatedLayer, deadLayer, result, fix, wantFix });
  return { forward, backward, forwardRatio, backwardRatio, widthFactor, forwardOnset, summary, fix };
}

function ratio(top: number | undefined, bottom: number | undefined): number | null {
  if (top === undefined || bottom === undefined || !(bottom > 0)) return null;
  const r = top / bottom;
  return Number.isFinite(r) ? r : null;
}

function backwardRatioOf(layers: LayerResult[], depth: number): number | null {
  if (layers.length < depth) return null;
  const first = layers[0].backward;
  const last = layers[depth - 1].backward;
  if (!first || !last) return null;
  return ratio(first.preGradStd, last.preGradStd);
}

function onsetLayer(layers: LayerResult[], t: VerdictThresholds): number | null {
  const first = layers[0]?.forward.std;
  if (!(first > 0)) return null;
  for (const l of layers) {
    const r = l.forward.std / first;
    if (r < t.vanishingBelow || r > t.explodingAbove) return l.layer;
  }
  return null;
}

interface SummaryInput {
  forward: DirectionVerdict;
  backward: DirectionVerdict;
  forwardRatio: number | null;
  backwardRatio: number | null;
  widthFactor: number;
  forwardOnset: number | null;
  symmetricLayer: number;
  saturatedLayer: LayerResult | undefined;
  deadLayer: LayerResult | undefined;
  result: SimulationResult;
  fix: Fix | null;
  wantFix: boolean;
}

export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 0.01 && abs < 1000 ? x.toPrecision(3).replace(/\.?0+$/, '') : x.toExponential(1);
}

function summarize(s: SummaryInput): string {
  const layers = s.result.layers;
  const depth = s.result.config.network.layers.length;
  const parts: string[] = [];
  if (s.forward === 'symmetric') {
    parts.push(
      `Symmetric: layer ${s.symmetricLayer + 1} starts every weight at the same value, so all units compute the same function and receive the same gradient — symmetry is never broken and the layer cannot learn distinct features.`,
    );
  } else {
    const std1 = layers[0]?.forward.std;
    const stdL = layers.at(-1)?.forward.std;
    if (s.result.overflow?.direction === 'forward') {
      parts.push(`Activations explode: ${sentence(s.result.overflow.message)}`);
    } else if (s.forward === 'dead' && s.deadLayer) {
      parts.push(`Dead units: ${pct(s.deadLayer.forward.dead ?? 0)} of layer ${s.deadLayer.layer}'s units output 0 for the whole batch.`);
    } else if (s.forward === 'saturating' && s.saturatedLayer) {
      parts.push(`Saturating: ${pct(s.saturatedLayer.forward.saturated ?? 0)} of layer ${s.saturatedLayer.layer}'s activations sit in the flat tails, where φ′ ≈ 0.`);
    } else if (std1 !== undefined && stdL !== undefined) {
      const verb = { healthy: 'hold', drifting: 'drift', vanishing: 'vanish', exploding: 'explode' }[s.forward as 'healthy'] ?? s.forward;
      const onset = s.forwardOnset && (s.forward === 'vanishing' || s.forward === 'exploding') ? ` (past 10× by layer ${s.forwardOnset})` : '';
      parts.push(`Activations ${verb}: std ${formatNumber(std1)} at layer 1 → ${formatNumber(stdL)} at layer ${depth}, ratio ${formatNumber(s.forwardRatio ?? 0)}${onset}.`);
    }
    if (s.result.overflow?.direction === 'backward') {
      parts.push(`Gradients explode: ${sentence(s.result.overflow.message)}`);
    } else if (s.result.overflow === null && s.backwardRatio !== null) {
      const verb = { healthy: 'hold', drifting: 'drift', vanishing: 'vanish', exploding: 'explode' }[s.backward as 'healthy'] ?? s.backward;
      const g1 = layers[0].backward?.preGradStd ?? 0;
      const gL = layers[depth - 1].backward?.preGradStd ?? 0;
      const widths =
        Math.abs(s.widthFactor - 1) > 1e-12
          ? ` (${formatNumber(s.backwardRatio / s.widthFactor)} after the factor ${formatNumber(s.widthFactor)} that the layer widths alone impose)`
          : '';
      parts.push(`Gradients ${verb}: δ std ${formatNumber(gL)} at layer ${depth} → ${formatNumber(g1)} at layer 1, ratio ${formatNumber(s.backwardRatio)}${widths}.`);
    }
  }
  if (s.fix) {
    const e = s.fix.expected;
    const predicted = e
      ? ` — mean-field predicts forward ratio ${formatNumber(e.forwardRatio)}, backward ${formatNumber(e.backwardRatio)}${Math.abs(s.widthFactor - 1) > 1e-12 ? ' after widths' : ''}`
      : '';
    parts.push(`Fix: ${s.fix.label}${predicted}.`);
  }
  else if (s.wantFix && (s.forward !== 'healthy' || s.backward !== 'healthy')) {
    // No fix while unhealthy means every layer already has the recommended init.
    const activation = s.result.config.network.layers[0].activation;
    const remedies = activation.name === 'tanh' || activation.name === 'sigmoid' ? 'ReLU-like activations, normalization or residual connections' : 'normalization or residual connections';
    parts.push(`The init already is ${recommendedInit(activation).label}, the standard for this activation: the remaining drift comes from the activation and depth (consider ${remedies}).`);
  }
  return parts.join(' ');
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** A message as one sentence ending in a single period (engine messages may bring their own). */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
