// The deterministic infinite-width engine (design.md §3.1; Poole et al. 2016, Schoenholz et
// al. 2017). Forward, the pre-activation variance follows q_{l+1} = σ_w² E[φ(√q_l ξ)²] + σ_b²;
// backward, gradient variances pick up E[φ′²] and σ_w²·fanOut/fanIn per layer. Expectations
// use closed forms for linear/relu/leaky_relu and the composite Gauss–Legendre rule otherwise.

import { getActivation } from './activations';
import { gaussianRule, weightedSum } from './quadrature';
import type { Activation, ActivationSpec, MeanFieldLayer, MeanFieldResult, Overflow } from './types';

export interface MeanFieldLayerInput {
  fanIn: number;
  fanOut: number;
  /** σ_w² = fanIn · Var(W). */
  sigmaW2: number;
  /** σ_b² = E[b²]. */
  sigmaB2: number;
  activation: ActivationSpec;
}

/** Moments of a = φ(z), z ~ N(0, q). */
export interface ActivationMoments {
  mean: number;
  /** E[(φ − mean)²], summed centred so small spreads around a large mean keep their digits. */
  variance: number;
  /** E[φ²]. */
  second: number;
  /** E[φ′²]. */
  gradSecond: number;
}

const INV_SQRT_2PI = 0.3989422804014327;

/** E[φ(√q ξ)], Var, E[φ²], E[φ′²] for ξ ~ N(0, 1). q = 0 means z ≡ 0 (PyTorch: relu′(0) = 0). */
export function activationMoments(activation: Activation, q: number): ActivationMoments {
  const { name } = activation.spec;
  if (q === 0) {
    const a = activation.phi(0);
    const d = activation.dphi(0);
    return { mean: a, variance: 0, second: a * a, gradSecond: d * d };
  }
  if (name === 'linear') return { mean: 0, variance: q, second: q, gradSecond: 1 };
  if (name === 'relu' || name === 'leaky_relu') {
    const slope = name === 'relu' ? 0 : activation.dphi(-1); // φ′ on x < 0 is the negative slope
    const half = (1 + slope * slope) / 2;
    const mean = (1 - slope) * Math.sqrt(q) * INV_SQRT_2PI;
    const variance = q * (half - ((1 - slope) * (1 - slope)) / (2 * Math.PI));
    return { mean, variance, second: q * half, gradSecond: half };
  }
  const rule = gaussianRule(Math.sqrt(q), activation.kinks);
  const n = rule.points.length;
  const values = new Float64Array(n);
  const scratch = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = activation.phi(rule.points[i]);
  const mean = weightedSum(rule.weights, values);
  for (let i = 0; i < n; i++) scratch[i] = values[i] * values[i];
  const second = weightedSum(rule.weights, scratch);
  for (let i = 0; i < n; i++) {
    const centred = values[i] - mean;
    scratch[i] = centred * centred;
  }
  const variance = weightedSum(rule.weights, scratch);
  for (let i = 0; i < n; i++) {
    const d = activation.dphi(rule.points[i]);
    scratch[i] = d * d;
  }
  return { mean, variance, second, gradSecond: weightedSum(rule.weights, scratch) };
}

/** E[φ(√q ξ)²] alone, for the variance map. */
function secondMoment(activation: Activation, q: number): number {
  const { name } = activation.spec;
  if (q === 0) return activation.phi(0) ** 2;
  if (name === 'linear') return q;
  if (name === 'relu') return q / 2;
  if (name === 'leaky_relu') {
    const slope = activation.dphi(-1);
    return (q * (1 + slope * slope)) / 2;
  }
  const rule = gaussianRule(Math.sqrt(q), activation.kinks);
  const squares = new Float64Array(rule.points.length);
  for (let i = 0; i < squares.length; i++) squares[i] = activation.phi(rule.points[i]) ** 2;
  return weightedSum(rule.weights, squares);
}

/** Above this the variance map is treated as diverging (q* does not exist). */
const Q_DIVERGED = 1e300;
const ITERATIONS = 64;
const RELATIVE_TOLERANCE = 1e-15;
/** |map(q) − q| below this·q is within quadrature noise: the map is the identity at that scale. */
const NOISE = 1e-12;
/** Stands for q → 0⁺ when χ₁ is taken at q* = 0 (√q = 1e-100: every φ′ has reached its one-sided limits). */
const Q_LIMIT_AT_ZERO = 1e-200;

/** Bisection on g(lo) > 0 ≥ g(hi), geometric while the bracket spans decades. */
function bisect(g: (q: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 400 && hi - lo > RELATIVE_TOLERANCE * hi; i++) {
    const mid = lo > 0 && hi > 4 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (g(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The fixed point q* that iterating `map` from q0 converges to, or null when the iteration
 * diverges. Plain iteration first; when it is slow (near criticality, where q → q* is only
 * algebraic), bracket in the direction the iterates move and bisect g(q) = map(q) − q. A sign
 * of g only counts when |g| exceeds the quadrature noise, so a map that is asymptotically the
 * identity (elu with σ_w² = 2: q grows by ≈ α² per layer for ever) reports "no fixed point".
 */
export function varianceFixedPoint(map: (q: number) => number, q0: number): number | null {
  let q = q0;
  let originFixed: boolean | undefined; // map(0) = 0, evaluated once when needed
  for (let i = 0; i < ITERATIONS; i++) {
    const next = map(q);
    if (!Number.isFinite(next) || next > Q_DIVERGED) return null;
    if (Math.abs(next - q) <= RELATIVE_TOLERANCE * Math.max(next, q)) return next;
    if (next < 1e-30 * q0 && (originFixed ??= map(0) === 0)) return 0; // geometric decay to q* = 0
    q = next;
  }
  const g = (s: number): number => map(s) - s;
  const gq = g(q);
  if (!Number.isFinite(gq)) return null;
  if (gq > 0) {
    // iterates increase: the first zero above q, if any
    let lo = q;
    let previousRatio = (gq + q) / q;
    for (let hi = q * 16; hi <= Q_DIVERGED; hi *= 16) {
      const gh = g(hi);
      if (!Number.isFinite(gh) || Math.abs(gh) <= NOISE * hi) return null;
      if (gh < 0) return bisect(g, lo, hi);
      // map(q)/q has settled above 1 (an asymptotically linear φ with σ_w² too large): the rest of
      // its change, at most a few times the last step for algebraic decay, cannot bring it to 1.
      const ratio = (gh + hi) / hi;
      if (Math.abs(previousRatio - ratio) * 10 < ratio - 1) return null;
      previousRatio = ratio;
      lo = hi;
    }
    return null;
  }
  // iterates decrease: the first zero below q; q* = 0 when map(0) = 0 and no zero lies above it
  let hi = q;
  for (let lo = q / 16; lo > q * 1e-30; lo /= 16) {
    const gl = g(lo);
    if (gl > NOISE * lo) return bisect(g, lo, hi);
    if (gl >= -NOISE * lo) break; // the map is the identity to within noise: drifting to 0
    hi = lo;
  }
  return g(0) > 0 ? bisect(g, 0, hi) : 0;
}

/** A positive number as m·2^e, so that products of many per-layer factors never overflow. */
interface Scaled {
  mantissa: number;
  exponent: number;
}

function scaled(value: number): Scaled {
  return normalise({ mantissa: value, exponent: 0 });
}

function normalise(x: Scaled): Scaled {
  let { mantissa, exponent } = x;
  if (mantissa === 0 || !Number.isFinite(mantissa)) return { mantissa, exponent: 0 };
  const shift = Math.floor(Math.log2(mantissa));
  // powers of two scale exactly; split the shift so that 2^−shift itself stays representable
  mantissa = mantissa * 2 ** -Math.trunc(shift / 2) * 2 ** -(shift - Math.trunc(shift / 2));
  exponent += shift;
  while (mantissa >= 2) {
    mantissa /= 2;
    exponent++;
  }
  while (mantissa < 1) {
    mantissa *= 2;
    exponent--;
  }
  return { mantissa, exponent };
}

function times(x: Scaled, factor: number): Scaled {
  const y = scaled(factor);
  if (y.mantissa === 0 || x.mantissa === 0) return { mantissa: 0, exponent: 0 };
  return normalise({ mantissa: x.mantissa * y.mantissa, exponent: x.exponent + y.exponent });
}

/** √(m·2^e) as a double: Infinity above the range, 0 below it. */
function sqrtOf(x: Scaled): number {
  if (x.mantissa === 0) return 0;
  const odd = ((x.exponent % 2) + 2) % 2;
  const half = (x.exponent - odd) / 2;
  const root = Math.sqrt(x.mantissa * (odd ? 2 : 1));
  if (half > 1023) return Number.POSITIVE_INFINITY;
  if (half < -1100) return 0;
  return half < -1000 ? root * 2 ** (half + 100) * 2 ** -100 : root * 2 ** half;
}

function validate(layers: MeanFieldLayerInput[], batch: number): void {
  if (layers.length === 0) throw new Error('Mean-field needs at least one layer, got 0.');
  if (!Number.isFinite(batch) || batch < 1) throw new Error(`Mean-field batch must be a finite number ≥ 1, got ${batch}.`);
  layers.forEach((layer, i) => {
    const where = `Mean-field layer ${i + 1}`;
    for (const key of ['fanIn', 'fanOut'] as const) {
      if (!Number.isFinite(layer[key]) || layer[key] <= 0) {
        throw new Error(`${where}: ${key} must be a finite number > 0, got ${layer[key]}.`);
      }
    }
    for (const key of ['sigmaW2', 'sigmaB2'] as const) {
      if (!Number.isFinite(layer[key]) || layer[key] < 0) {
        throw new Error(`${where}: ${key} must be a finite number ≥ 0, got ${layer[key]}.`);
      }
    }
  });
}

/**
 * Mean-field statistics per layer (design.md §3.1), with E[a_0²] = 1 and Var(dL/da_L) = 1.
 * If q overflows at layer k, layers 1..k−1 are returned, their backward statistics normalised
 * to Var(dL/da_{k−1}) = 1, and `overflow` says so. Backward variances are carried as m·2^e,
 * so a gradient std is Infinity only when it exceeds the double range itself.
 */
export function meanFieldFromVariances(layers: MeanFieldLayerInput[], batch: number): MeanFieldResult {
  validate(layers, batch);
  const activations = layers.map((layer) => getActivation(layer.activation));
  const qs: number[] = [];
  const moments: ActivationMoments[] = [];
  let overflow: Overflow | undefined;
  let previousSecond = 1; // E[a_0²]
  for (let l = 0; l < layers.length; l++) {
    const q = layers[l].sigmaW2 * previousSecond + layers[l].sigmaB2;
    const m = Number.isFinite(q) ? activationMoments(activations[l], q) : null;
    if (m === null || ![m.mean, m.variance, m.second, m.gradSecond].every(Number.isFinite)) {
      overflow = {
        layer: l + 1,
        direction: 'forward',
        message:
          `Mean-field: the pre-activation variance overflows at layer ${l + 1} (E[a²] of its input = ${previousSecond}).` +
          (l > 0 ? ` Layers 1–${l} are shown, with gradients relative to layer ${l}.` : ''),
      };
      break;
    }
    qs.push(q);
    moments.push(m);
    previousSecond = m.second;
  }

  const computed = qs.length;
  const result: MeanFieldLayer[] = new Array<MeanFieldLayer>(computed);
  let gradVar = scaled(1); // Var(dL/da_l), starting at the last computed layer
  for (let l = computed - 1; l >= 0; l--) {
    const { fanIn, fanOut, sigmaW2 } = layers[l];
    const preGradVar = times(gradVar, moments[l].gradSecond);
    const inputSecond = l === 0 ? 1 : moments[l - 1].second;
    const weightGradVar = times(times(preGradVar, batch), inputSecond);
    result[l] = {
      layer: l + 1,
      mean: moments[l].mean,
      std: Math.sqrt(Math.max(0, moments[l].variance)),
      preStd: Math.sqrt(qs[l]),
      gradStd: sqrtOf(gradVar),
      preGradStd: sqrtOf(preGradVar),
      weightGradStd: sqrtOf(weightGradVar),
    };
    if (overflow === undefined && !Number.isFinite(result[l].gradStd + result[l].preGradStd + result[l].weightGradStd)) {
      overflow = {
        layer: l + 1,
        direction: 'backward',
        message: `Mean-field: gradient variances exceed the double range at layer ${l + 1} and below.`,
      };
    }
    gradVar = times(times(preGradVar, sigmaW2), fanOut / fanIn);
  }

  // χ₁ at the fixed point of the last layer's map; without one, at the last finite q
  const last = layers[layers.length - 1];
  const lastActivation = activations[activations.length - 1];
  const lastQ = computed > 0 ? qs[computed - 1] : 1;
  const map = (q: number): number => last.sigmaW2 * secondMoment(lastActivation, q) + last.sigmaB2;
  const qStar = overflow?.direction === 'forward' ? null : varianceFixedPoint(map, lastQ);
  // At q* = 0, χ₁ is the limit q → 0⁺ of σ_w² E[φ′(√q ξ)²] (relu: σ_w²/2), not σ_w² φ′(0)²:
  // a kink at 0 makes φ′(0) a convention (PyTorch relu′(0) = 0), not the slope signals see.
  const chiQ = qStar === 0 ? Q_LIMIT_AT_ZERO : (qStar ?? lastQ);
  const chi1 = last.sigmaW2 * activationMoments(lastActivation, chiQ).gradSecond;
  const logChi = Math.log(chi1);
  const depthScale = Math.abs(logChi) < 1e-12 ? null : -1 / logChi;
  const out: MeanFieldResult = { chi1, depthScale, qStar, layers: result };
  if (overflow) out.overflow = overflow;
  return out;
}
