// One layer's weight as the code draws it: the distribution after the scale factors and shifts
// (normalized to an InitSpec with the resolved std), the drawn shape, and the fans that shape
// gives once we know which side of the product the weight is on.

import { distributionMoments, resolveInit } from '../../core/schemes';
import type { InitSpec } from '../../core/types';
import type { Chain, Factor } from './arraysChain';
import { resolveShape, type Draw, type Term } from './arraysDraw';
import type { ArraysEnv } from './arraysEnv';

export interface LayerValues {
  init: InitSpec;
  params: Record<string, number>;
  unresolved: string[];
  /** The weight's shape as drawn (after `.T`); null when unknown. */
  shape: (number | null)[] | null;
}

/**
 * `rowsIn`: rows are fan_in (`x @ W`, numpy style); `rowsOut`: rows are fan_out (`W @ h`,
 * `x @ W.T`, PyTorch's (out, in), one inner list of weights per neuron).
 */
export type Orientation = 'rowsIn' | 'rowsOut';

export interface Fans {
  fanIn: number | null;
  fanOut: number | null;
}

/** Evaluates the draw as the current loop pins see it. `extra` are follow-up `W *= s` factors. */
export function evaluateLayer(env: ArraysEnv, draw: Draw, chain: Chain, extra: Factor[], dimensionCounts: (number | null)[] | null): LayerValues {
  const unresolved: string[] = [];
  const value = (term: Term | undefined, fallback: number): number | null => {
    if (term === undefined) return fallback;
    if (typeof term === 'number') return term;
    const v = env.number(term);
    if (v === null) unresolved.push(env.text(term));
    return v;
  };
  let scale: number | null = 1;
  for (const factor of [...chain.factors, ...extra]) {
    const v = factor.node ? env.number(factor.node) : (factor.literal ?? null);
    if (v === null || (factor.divide && v === 0)) {
      if (factor.node) unresolved.push(env.text(factor.node));
      scale = null;
    } else if (scale !== null) scale = factor.divide ? scale / v : scale * v;
  }
  let shift: number | null = 0;
  for (const s of chain.shifts) {
    const v = env.number(s.node);
    if (v === null) {
      unresolved.push(env.text(s.node));
      shift = null;
    } else if (shift !== null) shift += s.negate ? -v : v;
  }
  const init = normalize(draw, scale, shift, value);
  const drawn = dimensionCounts ?? resolveShape(env, draw.shape);
  const shape = drawn && chain.transposed ? [...drawn].reverse() : drawn;
  return { init, params: paramsOf(init), unresolved: [...new Set(unresolved)], shape };
}

/** y = scale · x + shift applied to the drawn distribution. */
function normalize(draw: Draw, scale: number | null, shift: number | null, value: (t: Term | undefined, fallback: number) => number | null): InitSpec {
  const { terms } = draw;
  const known = scale !== null && shift !== null;
  const k = scale ?? 1;
  const c = shift ?? 0;
  switch (draw.family) {
    case 'normal': {
      const mean = value(terms.mean, 0);
      const std = value(terms.std, 1);
      const spec: InitSpec = { scheme: 'normal' };
      if (mean !== null && known && k * mean + c !== 0) spec.mean = k * mean + c;
      if (std !== null && known) spec.std = Math.abs(k) * std;
      return spec;
    }
    case 'uniform': {
      const low = value(terms.low, 0);
      const high = value(terms.high, 1);
      if (low === null || high === null || !known) return { scheme: 'uniform' };
      const a = k * low + c;
      const b = k * high + c;
      return { scheme: 'uniform', low: Math.min(a, b), high: Math.max(a, b) };
    }
    case 'truncated_normal': {
      const mean = value(terms.mean, 0);
      const std = value(terms.std, 1);
      const lower = value(terms.low, -2);
      const upper = value(terms.high, 2);
      if (mean === null || std === null || lower === null || upper === null || !known) return { scheme: 'truncated_normal' };
      // x = mean + std·t with t ∈ [lower, upper], then y = k·x + c.
      const m = k * mean + c;
      const s = Math.abs(k) * std;
      const a = m + k * std * lower;
      const b = m + k * std * upper;
      return { scheme: 'truncated_normal', ...(m !== 0 ? { mean: m } : {}), std: s, low: Math.min(a, b), high: Math.max(a, b) };
    }
    case 'constant': {
      const v = value(terms.value, 0);
      if (v === null || !known) return { scheme: 'constant' };
      const filled = k * v + c;
      return filled === 0 ? { scheme: 'zeros' } : { scheme: 'constant', value: filled };
    }
  }
}

/** The resolved numbers of an init: mean, std (from the exact moments), bounds, value. */
function paramsOf(init: InitSpec): Record<string, number> {
  const params: Record<string, number> = {};
  const complete =
    (init.scheme === 'normal' && init.std !== undefined) ||
    (init.scheme === 'uniform' && init.low !== undefined) ||
    (init.scheme === 'truncated_normal' && init.std !== undefined) ||
    init.scheme === 'zeros' ||
    (init.scheme === 'constant' && init.value !== undefined);
  if (!complete) {
    if (init.mean !== undefined) params.mean = init.mean;
    return params;
  }
  try {
    // Moments of these schemes do not depend on the fans.
    const moments = distributionMoments(resolveInit(init, 1, 1), 1, 1);
    params.mean = moments.mean;
    params.std = Math.sqrt(moments.variance);
  } catch {
    return params; // e.g. an empty uniform interval: leave the std out
  }
  if (init.low !== undefined) params.low = init.low;
  if (init.high !== undefined) params.high = init.high;
  if (init.scheme === 'constant' && init.value !== undefined) params.value = init.value;
  return params;
}

export function fansOf(shape: (number | null)[] | null, orientation: Orientation): Fans {
  if (!shape || shape.length === 0) return { fanIn: null, fanOut: null };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: null };
  if (shape.length > 2) return { fanIn: null, fanOut: null }; // conv filters: axes are ambiguous here
  const [rows, cols] = shape;
  return orientation === 'rowsIn' ? { fanIn: rows, fanOut: cols } : { fanIn: cols, fanOut: rows };
}

/**
 * Without a product to tell, a chain of layers does: numpy-style shapes have each layer's cols
 * equal the next one's rows, weights-first shapes the other way round.
 */
export function orientationFromChain(shapes: ((number | null)[] | null)[]): Orientation | null {
  const full = shapes.filter((s): s is number[] => s !== null && s.length === 2 && s.every((d) => d !== null));
  if (full.length < 2 || full.length !== shapes.length) return null;
  let rowsIn = true;
  let rowsOut = true;
  for (let i = 0; i + 1 < full.length; i++) {
    if (full[i][1] !== full[i + 1][0]) rowsIn = false;
    if (full[i][0] !== full[i + 1][1]) rowsOut = false;
  }
  if (rowsIn && !rowsOut) return 'rowsIn';
  if (rowsOut && !rowsIn) return 'rowsOut';
  return null;
}

export function shapeText(shape: (number | null)[] | null): string {
  return shape ? `(${shape.map((d) => (d === null ? '?' : String(d))).join(', ')})` : '(?)';
}
