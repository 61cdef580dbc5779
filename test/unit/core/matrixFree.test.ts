// The matrix-free engine against the dense reference, statistically: over many network draws the
// per-layer statistics must have the same distribution. Each comparison takes dense draws from
// one seed and matrix-free draws from another (independent streams), and checks
// - the means agree within 4 standard errors of the difference, and
// - a two-sample Kolmogorov–Smirnov test does not reject at the 1% level. The L layers of one
//   statistic are one family (layer statistics of a draw are strongly correlated, and a family
//   of L tests at 1% each would reject somewhere far more often than 1%): Bonferroni, so each
//   layer's p-value must be ≥ 1%/L.
// Seeds are fixed, so the tests are deterministic; the tolerances are the statistical ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/cancel';
import { simulateDenseDraw, type DrawResult } from '../../../src/core/dense';
import { matrixFreeApplies, simulateMatrixFreeDraw } from '../../../src/core/matrixFree';
import { createRng } from '../../../src/core/rng';
import { chooseEngine, DEFAULT_OPTIONS } from '../../../src/core/simulate';
import { meanFieldForNetwork } from '../../../src/core/theory';
import type { ActivationName, InitSpec, LayerSpec, NetworkSpec } from '../../../src/core/types';
import { spawnSync } from 'node:child_process';

// ── statistics ──────────────────────────────────────────────────────────────────────────

/** Two-sample KS statistic D = sup |F₁ − F₂| (ties handled: both ECDFs step past a shared value). */
function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Asymptotic p-value of the two-sample KS test: Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} with
 * λ = (√nₑ + 0.12 + 0.11/√nₑ)·D and nₑ = n₁n₂/(n₁+n₂) (Stephens' small-sample correction).
 */
function ksPValue(d: number, n1: number, n2: number): number {
  const ne = Math.sqrt((n1 * n2) / (n1 + n2));
  const lambda = (ne + 0.12 + 0.11 / ne) * d;
  if (lambda < 0.2) return 1; // the series converges slowly here and Q_KS(0.2) > 0.99999
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-16) break;
  }
  return Math.min(1, Math.max(0, sum));
}

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
}

type Statistic = 'std' | 'preStd' | 'preGradStd' | 'weightGradStd' | 'dead';

function series(draws: DrawResult[], layer: number, statistic: Statistic): number[] {
  return draws.map((d) => {
    const l = d.layers[layer];
    assert.ok(l.backward, `layer ${layer + 1} has no backward statistics`);
    const value =
      statistic === 'std' ? l.forward.std
      : statistic === 'preStd' ? l.forward.preStd
      : statistic === 'dead' ? (l.forward.dead ?? NaN)
      : l.backward[statistic];
    assert.ok(Number.isFinite(value), `layer ${layer + 1} ${statistic} is ${value}`);
    return value;
  });
}

function drawsOf(engine: 'dense' | 'matrix-free', network: NetworkSpec, batch: number, count: number, seed: number): DrawResult[] {
  const run = engine === 'dense' ? simulateDenseDraw : simulateMatrixFreeDraw;
  return Array.from({ length: count }, (_, d) => {
    const result = run(network, createRng('xoshiro', seed, d), { batch, bins: 8 });
    assert.equal(result.overflow, null);
    return result;
  });
}

/** Asserts that dense and matrix-free agree in distribution for every layer and statistic. */
function assertSameDistribution(
  name: string, network: NetworkSpec, batch: number, count: number,
  statistics: Statistic[] = ['std', 'preGradStd', 'weightGradStd'],
): void {
  const dense = drawsOf('dense', network, batch, count, 1000);
  const free = drawsOf('matrix-free', network, batch, count, 2000);
  const depth = network.layers.length;
  for (const statistic of statistics) {
    for (let l = 0; l < depth; l++) {
      const a = series(dense, l, statistic);
      const b = series(free, l, statistic);
      const ma = meanAndVariance(a);
      const mb = meanAndVariance(b);
      const se = Math.sqrt(ma.variance / a.length + mb.variance / b.length);
      const where = `${name}, layer ${l + 1} ${statistic}`;
      assert.ok(Math.abs(ma.mean - mb.mean) <= 4 * se, `${where}: dense ${ma.mean} vs matrix-free ${mb.mean} (se ${se})`);
      const p = ksPValue(ksStatistic(a, b), a.length, b.length);
      assert.ok(p >= 0.01 / depth, `${where}: KS p = ${p.toExponential(2)} < 1%/${depth}`);
    }
  }
}

function stack(widths: number[], init: InitSpec, activation: ActivationName, last: ActivationName = activation): NetworkSpec {
  const layers: LayerSpec[] = [];
  for (let i = 1; i < widths.length; i++) {
    layers.push({ fanIn: widths[i - 1], fanOut: widths[i], init, activation: { name: i === widths.length - 1 ? last : activation } });
  }
  return { inputWidth: widths[0], layers };
}

const repeat = (width: number, depth: number) => Array.from({ length: depth + 1 }, () => width);

// ── the KS helper itself ───────────────────────────────────────────────────────────────

test('KS helper: known statistic, p-values against the Kolmogorov distribution', () => {
  assert.equal(ksStatistic([1, 2, 3, 4], [1, 2, 3, 4]), 0);
  assert.equal(ksStatistic([1, 2, 3, 4], [5, 6, 7, 8]), 1);
  assert.equal(ksStatistic([1, 2, 3, 4], [2.5, 3.5, 4.5, 5.5]), 0.5);
  // Q_KS(1.3581) = 0.05 and Q_KS(1.6276) = 0.01, the classic critical values.
  const n = 1e8; // λ ≈ √(n/2)·D
  assert.ok(Math.abs(ksPValue(1.3581 / Math.sqrt(n / 2), n, n) - 0.05) < 1e-4);
  assert.ok(Math.abs(ksPValue(1.6276 / Math.sqrt(n / 2), n, n) - 0.01) < 1e-4);
  assert.equal(ksPValue(0, 10, 10), 1);
});

// ── applicability ──────────────────────────────────────────────────────────────────────

test('matrixFreeApplies: zero-mean normal and orthogonal weights, nothing else', () => {
  const one = (init: InitSpec): NetworkSpec => stack([16, 8, 8], init, 'tanh');
  const applies: InitSpec[] = [
    { scheme: 'he_normal' },
    { scheme: 'xavier_normal', gain: 2 },
    { scheme: 'lecun_normal' },
    { scheme: 'normal', std: 0.3 },
    { scheme: 'normal', std: 0 },
    { scheme: 'variance_scaling', distribution: 'untruncated_normal', mode: 'fan_avg', scale: 2 },
    { scheme: 'orthogonal', gain: 1.5 },
  ];
  for (const init of applies) assert.equal(matrixFreeApplies(one(init)), null, init.scheme);
  const refused: [InitSpec, RegExp][] = [
    [{ scheme: 'he_uniform' }, /uniform weights/],
    [{ scheme: 'truncated_normal' }, /truncated normal/],
    [{ scheme: 'variance_scaling' }, /truncated normal/],
    [{ scheme: 'normal', mean: 0.1 }, /mean 0.1/],
    [{ scheme: 'sparse', sparsity: 0.5 }, /sparse/],
    [{ scheme: 'eye' }, /eye/],
    [{ scheme: 'zeros' }, /constant/],
  ];
  for (const [init, reason] of refused) {
    const why = matrixFreeApplies(one(init));
    assert.ok(why !== null && reason.test(why) && /layer 1/.test(why), `${init.scheme}: ${why}`);
  }
  // Biases never matter: they are drawn explicitly, independent of W.
  const biased = stack([8, 8, 8], { scheme: 'he_normal' }, 'relu');
  biased.layers[1].bias = { scheme: 'uniform', low: -1, high: 1 };
  assert.equal(matrixFreeApplies(biased), null);
  assert.throws(() => simulateMatrixFreeDraw(one({ scheme: 'he_uniform' }), createRng('xoshiro', 0), { batch: 4, bins: 4 }), /uniform weights/);
});

// ── statistical equivalence with dense ───────────────────────────────────────────────

test('n=64, B=8, L=10, 200 draws: relu/he_normal, tanh/xavier_normal, sigmoid/std 1, linear/normal', () => {
  const cases: [string, InitSpec, ActivationName][] = [
    ['relu + he_normal', { scheme: 'he_normal' }, 'relu'],
    ['tanh + xavier_normal', { scheme: 'xavier_normal' }, 'tanh'],
    ['sigmoid + normal(1)', { scheme: 'normal', std: 1 }, 'sigmoid'],
    ['linear + normal(1/√n)', { scheme: 'normal', std: 0.125 }, 'linear'],
  ];
  for (const [name, init, activation] of cases) assertSameDistribution(name, stack(repeat(64, 10), init, activation), 8, 200);
});

test('rank-deficient: batch > width (n=8, B=32), so A·Aᵀ has rank ≤ 8 < 32', () => {
  assertSameDistribution('relu B>n', stack(repeat(8, 10), { scheme: 'he_normal' }, 'relu'), 32, 200);
  assertSameDistribution('tanh B>n', stack(repeat(8, 6), { scheme: 'xavier_normal' }, 'tanh'), 32, 200);
});

test('rank-deficient: input width 1, UDL-style 1 → 8 → 8 → 8 → 1 (A·Aᵀ has rank 1 at layer 1)', () => {
  const network = stack([1, 8, 8, 8, 1], { scheme: 'he_normal' }, 'relu', 'linear');
  assertSameDistribution('1→8→8→8→1', network, 16, 300);
});

test('rank-deficient: dead-ReLU-heavy nets (constant bias −1 kills about half the units)', () => {
  // With a constant negative bias many units are ≤ 0 for every sample, so whole columns of
  // a_l are zero and samples with all units dead make rows of A zero: A·Aᵀ loses rank. The bias
  // is drawn explicitly (it is independent of W), so matrix-free stays exact with any bias.
  const network = stack(repeat(32, 6), { scheme: 'he_normal' }, 'relu');
  for (const layer of network.layers) layer.bias = { scheme: 'constant', value: -1 };
  const free = drawsOf('matrix-free', network, 8, 50, 7);
  const dead = free.map((d) => d.layers[5].forward.dead ?? 0).reduce((a, b) => a + b, 0) / free.length;
  assert.ok(dead > 0.3, `mean dead fraction at layer 6 is ${dead}`);
  assertSameDistribution('relu + bias −1', network, 8, 200, ['std', 'preGradStd', 'weightGradStd', 'dead']);
});

test('non-square layers 784 → 256 → 64 → 10, and a Gaussian bias', () => {
  const network = stack([784, 256, 64, 10], { scheme: 'he_normal' }, 'relu', 'linear');
  network.layers[1].bias = { scheme: 'normal', std: 0.5 };
  assertSameDistribution('784→256→64→10', network, 16, 200);
});

test('orthogonal weights through a Haar frame: square and non-square', () => {
  assertSameDistribution('orthogonal square', stack(repeat(32, 6), { scheme: 'orthogonal' }, 'tanh'), 8, 200);
  assertSameDistribution('orthogonal B>n', stack(repeat(8, 4), { scheme: 'orthogonal', gain: 1.2 }, 'tanh'), 16, 200);
  assertSameDistribution('orthogonal 24→40→16→40', stack([24, 40, 16, 40], { scheme: 'orthogonal' }, 'tanh'), 8, 200);
});

// ── mean-field at large width ─────────────────────────────────────────────────────────

test('n=2048, B=16: ReLU/He preStd² is unbiased for q_l; tanh/Xavier follows mean-field forward and backward', () => {
  const width = 2048;
  const batch = 16;
  {
    const network = stack(repeat(width, 6), { scheme: 'he_normal' }, 'relu');
    const mf = meanFieldForNetwork(network, batch);
    assert.ok(mf);
    const runs = drawsOf('matrix-free', network, batch, 24, 5);
    for (let l = 0; l < 6; l++) {
      const { mean, variance } = meanAndVariance(runs.map((r) => r.layers[l].forward.preStd ** 2));
      // preStd is the population std about the sample mean, which removes a 1/(B·n) share.
      const q = mf.layers[l].preStd ** 2 * (1 - 1 / (batch * width));
      assert.ok(Math.abs(mean - q) <= 4 * Math.sqrt(variance / runs.length), `relu layer ${l + 1}: ${mean} vs ${q}`);
    }
  }
  {
    const depth = 6;
    const network = stack(repeat(width, depth), { scheme: 'xavier_normal' }, 'tanh');
    const mf = meanFieldForNetwork(network, batch);
    assert.ok(mf);
    const runs = drawsOf('matrix-free', network, batch, 24, 6);
    for (let l = 0; l < depth; l++) {
      const finiteWidthBias = (3 * (l + 1)) / width;
      for (const statistic of ['std', 'preGradStd', 'weightGradStd'] as const) {
        const values = series(runs, l, statistic);
        const { mean, variance } = meanAndVariance(values);
        const theory = mf.layers[l][statistic];
        const se = Math.sqrt(variance / values.length);
        assert.ok(Math.abs(mean - theory) <= 4 * se + finiteWidthBias * theory, `tanh layer ${l + 1} ${statistic}: ${mean} vs ${theory} (se ${se})`);
      }
    }
  }
});

// ── overflow, determinism, cancellation ───────────────────────────────────────────────

test('forward overflow is reported like dense: same layer, no NaN in the layers before it', () => {
  const network = stack(repeat(16, 40), { scheme: 'normal', std: 1e12 }, 'linear');
  const dense = simulateDenseDraw(network, createRng('xoshiro', 3), { batch: 4, bins: 4 });
  const free = simulateMatrixFreeDraw(network, createRng('xoshiro', 4), { batch: 4, bins: 4 });
  assert.ok(dense.overflow && free.overflow);
  assert.equal(free.overflow.direction, 'forward');
  assert.ok(Math.abs(free.overflow.layer - dense.overflow.layer) <= 1, `${free.overflow.layer} vs ${dense.overflow.layer}`);
  assert.equal(free.layers.length, free.overflow.layer - 1);
  for (const l of free.layers) assert.ok(Number.isFinite(l.forward.std) && l.backward === null);
});

test('tiny activations, then huge weights: the backward pass overflows like dense (exact power-of-two scaling)', () => {
  // Layers 1–2 shrink activations to ~1e-290 and layers 3–4 grow them by ~1e310: the forward
  // pass stays finite (and normal), but dL/da_2 = δ_3·W_3ᵀ is ~1e310 and overflows.
  const network = stack(repeat(8, 4), { scheme: 'normal', std: 1e-145 }, 'linear');
  network.layers[2].init = { scheme: 'normal', std: 1e155 };
  network.layers[3].init = { scheme: 'normal', std: 1e155 };
  for (const [engine, run] of [['dense', simulateDenseDraw], ['matrix-free', simulateMatrixFreeDraw]] as const) {
    const result = run(network, createRng('xoshiro', 9), { batch: 4, bins: 4 });
    assert.ok(result.overflow, engine);
    assert.equal(result.overflow.direction, 'backward', engine);
    assert.equal(result.overflow.layer, 2, engine);
    assert.equal(result.layers.length, 4);
    // (stats.ts squares values, so a ~1e-290 layer reports std 0 in both engines.)
    for (const l of result.layers) assert.ok(Number.isFinite(l.forward.std) && Number.isFinite(l.forward.preStd), engine);
    assert.ok(result.layers[3].forward.std > 1e10, engine);
    // Layer 4 and 3 have backward statistics; their dL/dW mixes ~1e-150 inputs with large δ.
    for (const l of [2, 3]) {
      const backward = result.layers[l].backward;
      assert.ok(backward && Number.isFinite(backward.weightGradStd) && backward.weightGradStd > 0, `${engine} layer ${l + 1}`);
    }
    assert.equal(result.layers[0].backward, null);
  }
});

test('each (seed, draw) is deterministic; different draws differ', () => {
  const network = stack(repeat(32, 3), { scheme: 'he_normal' }, 'relu');
  const run = (draw: number) => simulateMatrixFreeDraw(network, createRng('xoshiro', 5, draw), { batch: 8, bins: 4 });
  assert.deepEqual(run(1), run(1));
  assert.notEqual(run(1).layers[2].forward.std, run(2).layers[2].forward.std);
  const numpy = (seed: number) => simulateMatrixFreeDraw(network, createRng('numpy', seed), { batch: 8, bins: 4 });
  assert.deepEqual(numpy(7), numpy(7));
});

test('cancellation and progress: layer events in order, CancelledError between layers', () => {
  const network = stack(repeat(16, 3), { scheme: 'he_normal' }, 'tanh');
  const events: string[] = [];
  simulateMatrixFreeDraw(network, createRng('xoshiro', 1), { batch: 4, bins: 4, onLayer: (p) => events.push(`${p.direction[0]}${p.layer}`) });
  assert.deepEqual(events, ['f1', 'f2', 'f3', 'b3', 'b2', 'b1']);
  let calls = 0;
  assert.throws(
    () => simulateMatrixFreeDraw(network, createRng('xoshiro', 1), { batch: 4, bins: 4, isCancelled: () => ++calls > 2 }),
    CancelledError,
  );
});

// ── engine selection ─────────────────────────────────────────────────────────────────

test('auto: matrix-free for he_normal at n=512, B=64; dense for uniform schemes or B ≥ n/2', () => {
  const options = (batch: number) => ({ ...DEFAULT_OPTIONS, batch, engine: 'auto' as const });
  const he = stack(repeat(512, 50), { scheme: 'he_normal' }, 'relu');
  const chosen = chooseEngine(he, options(64));
  assert.equal(chosen.engine, 'matrix-free');
  assert.match(chosen.reason, /^auto: matrix-free .*less work than dense at batch 64/);
  const uniform = chooseEngine(stack(repeat(512, 50), { scheme: 'he_uniform' }, 'relu'), options(64));
  assert.equal(uniform.engine, 'dense');
  assert.match(uniform.reason, /^auto: dense, since layer 1 has uniform weights/);
  for (const batch of [256, 512, 1024]) {
    const big = chooseEngine(he, options(batch));
    assert.equal(big.engine, 'dense', `batch ${batch}`);
    assert.match(big.reason, /too large for matrix-free to be cheaper/);
  }
  assert.equal(chooseEngine(he, { ...options(64), engine: 'dense' }).engine, 'dense');
  assert.equal(chooseEngine(he, { ...options(1024), engine: 'matrix-free' }).engine, 'matrix-free');
  assert.throws(() => chooseEngine(stack(repeat(64, 2), { scheme: 'he_uniform' }, 'relu'), { ...options(8), engine: 'matrix-free' }), /matrix-free does not apply/);
});

test('CLI --json says which engine ran and why (auto and --engine matrix-free)', () => {
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['dist/cli.js', 'simulate', '--activation', 'relu', '--depth', '2', '--seeds', '1', '--json', ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { engine: string; engineReason: string; layers: unknown[] };
  };
  const auto = cli('--init', 'he_normal', '--width', '512', '--batch', '64');
  assert.equal(auto.engine, 'matrix-free');
  assert.match(auto.engineReason, /^auto: matrix-free/);
  const uniform = cli('--init', 'he_uniform', '--width', '512', '--batch', '64');
  assert.equal(uniform.engine, 'dense');
  assert.match(uniform.engineReason, /uniform weights/);
  const wide = cli('--init', 'he_normal', '--width', '512', '--batch', '256');
  assert.equal(wide.engine, 'dense');
  const forced = cli('--init', 'orthogonal', '--width', '64', '--batch', '100', '--engine', 'matrix-free');
  assert.equal(forced.engine, 'matrix-free');
  assert.match(forced.engineReason, /^matrix-free was requested/);
  assert.equal(forced.layers.length, 2);
});
