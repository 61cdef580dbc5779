import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleBias, sampleWeights, sparseZerosPerInput, truncatedMass, truncatedNormalMoments } from '../../../src/core/distributions';
import { NumpyRandomState } from '../../../src/core/numpyRandom';
import type { Rng } from '../../../src/core/rng';
import { distributionMoments } from '../../../src/core/schemes';
import type { WeightDistribution } from '../../../src/core/types';
import sampling from '../../fixtures/qr-sampling.json';

/** A small deterministic Rng for statistics: mulberry32 words, 53-bit uniforms, Box–Muller normals. */
class TestRng implements Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  uniform(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }
  fillNormal(out: Float64Array, std: number, offset = 0, length = out.length - offset): void {
    for (let i = offset; i < offset + length; i++) out[i] = std * this.normal();
  }
  fillUniform(out: Float64Array, low: number, high: number, offset = 0, length = out.length - offset): void {
    for (let i = offset; i < offset + length; i++) out[i] = low + (high - low) * this.uniform();
  }
}

/** Replays fixed standard normals (numpy's randn draws) to test the algorithm apart from the stream. */
class ReplayRng extends TestRng {
  private next = 0;
  constructor(private readonly normals: readonly number[]) {
    super(1);
  }
  override normal(): number {
    return this.normals[this.next++];
  }
}

function sampleStats(values: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, variance: squares / values.length };
}

function draw(d: WeightDistribution, fanIn: number, fanOut: number, seed: number): Float64Array {
  const out = new Float64Array(fanIn * fanOut);
  sampleWeights(d, fanIn, fanOut, new TestRng(seed), out);
  return out;
}

/**
 * Sample mean and variance within 5 standard errors of the exact moments. The variance's standard
 * error is √((μ₄ − σ⁴)/N); `kurtosis` bounds μ₄/σ⁴ (3 covers the normal and everything flatter).
 */
function assertMoments(d: WeightDistribution, fanIn: number, fanOut: number, seed: number, kurtosis = 3): Float64Array {
  const w = draw(d, fanIn, fanOut, seed);
  const exact = distributionMoments(d, fanIn, fanOut);
  const got = sampleStats(w);
  const n = w.length;
  const meanTolerance = 5 * Math.sqrt(exact.variance / n);
  const varianceTolerance = 5 * exact.variance * Math.sqrt((kurtosis - 1) / n);
  assert.ok(Math.abs(got.mean - exact.mean) <= meanTolerance, `${d.kind}: mean ${got.mean} vs ${exact.mean} ± ${meanTolerance}`);
  assert.ok(Math.abs(got.variance - exact.variance) <= varianceTolerance, `${d.kind}: variance ${got.variance} vs ${exact.variance} ± ${varianceTolerance}`);
  return w;
}

describe('sampleWeights: i.i.d. entries match distributionMoments', () => {
  it('normal N(0.3, 0.05²)', () => {
    assertMoments({ kind: 'normal', mean: 0.3, std: 0.05 }, 300, 400, 1);
  });

  it('uniform U(−0.2, 0.5) stays in [low, high)', () => {
    const w = assertMoments({ kind: 'uniform', low: -0.2, high: 0.5 }, 300, 400, 2);
    for (const v of w) assert.ok(v >= -0.2 && v < 0.5);
  });

  const truncated: Array<[string, WeightDistribution]> = [
    ['PyTorch trunc_normal_ defaults [−2, 2]', { kind: 'truncated_normal', mean: 0, std: 1, low: -2, high: 2 }],
    ['Keras ±2σ around a non-zero mean', { kind: 'truncated_normal', mean: 0.1, std: 0.05, low: 0, high: 0.2 }],
    ['one-sided, far tail [3σ, ∞)', { kind: 'truncated_normal', mean: 0, std: 1, low: 3, high: Infinity }],
    ['narrow far tail [5σ, 5.2σ]', { kind: 'truncated_normal', mean: 0, std: 2, low: 10, high: 10.4 }],
    ['wide far tail [−12σ, −8σ] (exponential proposal)', { kind: 'truncated_normal', mean: 0, std: 1, low: -12, high: -8 }],
    ['narrow around 0 [−0.1σ, 0.05σ]', { kind: 'truncated_normal', mean: 0, std: 1, low: -0.1, high: 0.05 }],
    ['asymmetric [−0.5σ, 0.2σ]', { kind: 'truncated_normal', mean: 0, std: 1, low: -0.5, high: 0.2 }],
  ];
  for (const [name, d] of truncated) {
    it(`truncated normal, ${name}: bounds respected, exact moments`, () => {
      if (d.kind !== 'truncated_normal') throw new Error('unreachable');
      // Tail-truncated normals are close to exponential (kurtosis 9), so allow for that.
      const w = assertMoments(d, 200, 250, 3, 9);
      for (const v of w) assert.ok(v >= d.low && v <= d.high, `${v} outside [${d.low}, ${d.high}]`);
    });
  }

  it('constant fills every entry', () => {
    assert.deepEqual(Array.from(draw({ kind: 'constant', value: 0.25 }, 3, 2, 4)), [0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
  });
});

describe('truncated normal moments', () => {
  it('the standard normal on [−2, 2] has variance 0.87962566103423978² (Keras)', () => {
    const m = truncatedNormalMoments(0, 1, -2, 2);
    assert.equal(m.mean, 0);
    assert.ok(Math.abs(Math.sqrt(m.variance) - 0.87962566103423978) < 1e-15);
  });

  it('half-normal: mean √(2/π), variance 1 − 2/π', () => {
    const m = truncatedNormalMoments(0, 1, 0, Infinity);
    assert.ok(Math.abs(m.mean - Math.sqrt(2 / Math.PI)) < 1e-15);
    assert.ok(Math.abs(m.variance - (1 - 2 / Math.PI)) < 1e-15);
  });

  it('far-tail masses keep their relative accuracy', () => {
    // P(ξ > 10) = 7.619853024160527e-24 (mpmath)
    assert.ok(Math.abs(truncatedMass(10, Infinity) / 7.619853024160527e-24 - 1) < 1e-13);
    assert.ok(Math.abs(truncatedMass(-Infinity, -10) / 7.619853024160527e-24 - 1) < 1e-13);
  });
});

describe('sampleWeights: structured schemes', () => {
  function gram(w: Float64Array, rows: number, cols: number, wide: boolean): number {
    // max |G − gain²·I| over G = WᵀW (tall) or WWᵀ (wide), scaled by 1/gain² by the caller
    const n = wide ? rows : cols;
    let worst = 0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let dot = 0;
        if (wide) for (let k = 0; k < cols; k++) dot += w[a * cols + k] * w[b * cols + k];
        else for (let k = 0; k < rows; k++) dot += w[k * cols + a] * w[k * cols + b];
        worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
      }
    }
    return worst;
  }

  for (const [fanIn, fanOut, gain] of [[40, 40, 1], [60, 25, 1.5], [20, 70, 0.5]]) {
    it(`orthogonal ${fanIn}×${fanOut} (gain ${gain}): ${fanIn >= fanOut ? 'WᵀW' : 'WWᵀ'} = gain²·I, mean square gain²/max`, () => {
      const w = draw({ kind: 'orthogonal', gain }, fanIn, fanOut, 5);
      const unit = w.map((v) => v / gain);
      assert.ok(gram(unit, fanIn, fanOut, fanIn < fanOut) < 1e-13);
      const exact = distributionMoments({ kind: 'orthogonal', gain }, fanIn, fanOut);
      let squares = 0;
      let sum = 0;
      for (const v of w) {
        squares += v * v;
        sum += v;
      }
      assert.ok(Math.abs(squares / w.length - exact.variance) < 1e-14);
      const meanTolerance = (5 * gain * Math.sqrt(Math.min(fanIn, fanOut))) / w.length;
      assert.ok(Math.abs(sum / w.length) < meanTolerance);
    });
  }

  it('orthogonal draws are Haar: the sign fix leaves no bias in W₀₀ (3×3, 4000 draws)', () => {
    const rng = new TestRng(6);
    const w = new Float64Array(9);
    let sum = 0;
    let squares = 0;
    const draws = 4000;
    for (let t = 0; t < draws; t++) {
      sampleWeights({ kind: 'orthogonal', gain: 1 }, 3, 3, rng, w);
      sum += w[0];
      squares += w[0] * w[0];
    }
    // Haar: E[W₀₀] = 0 and E[W₀₀²] = 1/3, so the mean's standard error is √(1/3 / draws).
    assert.ok(Math.abs(sum / draws) < 5 * Math.sqrt(1 / 3 / draws), `mean W00 = ${sum / draws}`);
    assert.ok(Math.abs(squares / draws - 1 / 3) < 5 * Math.sqrt((1 / 5 - 1 / 9) / draws));
  });

  it('sparse: exactly ceil(sparsity·fanOut) zeros per input unit, at uniformly random places', () => {
    const fanIn = 500;
    const fanOut = 100;
    const d: WeightDistribution = { kind: 'sparse', sparsity: 0.07, std: 0.01 };
    const w = draw(d, fanIn, fanOut, 7);
    // 0.07·100 = 7.000000000000001 in floating point: PyTorch's math.ceil gives 8, and so do we.
    assert.equal(sparseZerosPerInput(0.07, 100), 8);
    const perColumn = new Array<number>(fanOut).fill(0);
    for (let i = 0; i < fanIn; i++) {
      let zeros = 0;
      for (let j = 0; j < fanOut; j++) {
        if (w[i * fanOut + j] === 0) {
          zeros++;
          perColumn[j]++;
        }
      }
      assert.equal(zeros, 8, `row ${i}`);
    }
    const p = 8 / fanOut;
    for (const count of perColumn) assert.ok(Math.abs(count - fanIn * p) < 5 * Math.sqrt(fanIn * p * (1 - p)));
    // Zeros inflate the kurtosis to 3/(1 − zero fraction).
    assertMoments(d, fanIn, fanOut, 7, 3 / (1 - p));
  });

  it('sparse with sparsity 0 keeps every entry', () => {
    assert.ok(draw({ kind: 'sparse', sparsity: 0, std: 1 }, 30, 30, 8).every((v) => v !== 0));
  });

  it('eye: value on the main diagonal, also for rectangular weights', () => {
    assert.deepEqual(Array.from(draw({ kind: 'eye', value: 1 }, 2, 3, 9)), [1, 0, 0, 0, 1, 0]);
    assert.deepEqual(Array.from(draw({ kind: 'eye', value: 2 }, 3, 2, 9)), [2, 0, 0, 2, 0, 0]);
  });
});

describe('sampleWeights with the numpy stream reproduces numpy', () => {
  for (const c of sampling.cases) {
    const d: WeightDistribution =
      c.kind === 'normal'
        ? { kind: 'normal', mean: c.params.mean ?? 0, std: c.params.std ?? 1 }
        : c.kind === 'uniform'
          ? { kind: 'uniform', low: c.params.low ?? 0, high: c.params.high ?? 1 }
          : { kind: 'orthogonal', gain: c.params.gain ?? 1 };
    it(`${c.name}: np.random.seed(${c.seed})`, () => {
      const out = new Float64Array(c.fanIn * c.fanOut);
      sampleWeights(d, c.fanIn, c.fanOut, new NumpyRandomState(c.seed), out);
      // Uniforms are bit for bit; normals within 2 ulp (design.md §3.4), QR adds rounding.
      const tolerance = c.kind === 'uniform' ? 0 : 1e-14;
      for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i] - c.w[i]) <= tolerance, `entry ${i}: ${out[i]} vs ${c.w[i]}`);
    });
    if (c.normals !== null) {
      const normals = c.normals;
      it(`${c.name}: the same A gives numpy's W to 1e-15`, () => {
        const out = new Float64Array(c.fanIn * c.fanOut);
        sampleWeights(d, c.fanIn, c.fanOut, new ReplayRng(normals), out);
        for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i] - c.w[i]) <= 1e-15 * 4, `entry ${i}`);
      });
    }
  }
});

describe('sampleBias', () => {
  it('draws entrywise distributions and fills constants', () => {
    const b = new Float64Array(50000);
    sampleBias({ kind: 'uniform', low: -0.1, high: 0.1 }, b.length, new TestRng(10), b);
    const s = sampleStats(b);
    assert.ok(Math.abs(s.mean) < 5 * Math.sqrt(0.04 / 12 / b.length));
    assert.ok(b.every((v) => v >= -0.1 && v < 0.1));
    const c = new Float64Array(3);
    sampleBias({ kind: 'constant', value: 0.5 }, 3, new TestRng(10), c);
    assert.deepEqual(Array.from(c), [0.5, 0.5, 0.5]);
  });

  it('rejects 2-D-only schemes for a bias', () => {
    assert.throws(() => sampleBias({ kind: 'orthogonal', gain: 1 }, 3, new TestRng(1), new Float64Array(3)), /bias init must be normal, uniform, truncated normal or constant.*"orthogonal"/);
  });
});

describe('sampleWeights input checks', () => {
  it('names the bad input and the allowed range', () => {
    const d: WeightDistribution = { kind: 'normal', mean: 0, std: 1 };
    assert.throws(() => sampleWeights(d, 0, 3, new TestRng(1), new Float64Array(0)), /fanIn must be an integer ≥ 1 \(got 0\)/);
    assert.throws(() => sampleWeights(d, 2, 3, new TestRng(1), new Float64Array(5)), /weight buffer length must be fanIn·fanOut = 6 \(got 5\)/);
    assert.throws(() => sampleBias(d, 3, new TestRng(1), new Float64Array(2)), /bias buffer length must be fanOut = 3 \(got 2\)/);
  });
});
