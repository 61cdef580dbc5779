import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../src/core/rng';
import { NumpyRandomState } from '../../../src/core/numpyRandom';
import { Xoshiro128pp, xoshiroSeedWords } from '../../../src/core/xoshiro';
import { ZIGGURAT_R } from '../../../src/core/ziggurat';
import { fusedMultiplyAdd, glibcLog, glibcLogExact } from '../../../src/core/glibcLog';
import numpyFixtureJson from '../../fixtures/numpy-rng.json';
import logFixtureJson from '../../fixtures/glibc-log.json';
import xoshiroFixtureJson from '../../fixtures/xoshiro128pp.json';

interface NumpyStream {
  seed: number;
  raw: number[];
  randomSample: number[];
  uniformMinus03To07: number[];
  randn: number[];
  randn7x5Times001: number[][];
  mixed: { kind: 'randn' | 'uniform' | 'random_sample'; values: number[] }[];
}
interface LogCategory {
  name: string;
  blockHashes: string[];
  samples: [string, string][];
}
interface XoshiroStream {
  seed: number;
  draw: number;
  state: number[];
  first64: number[];
  from1000: number[];
  uniformsFrom1004: number[];
}
const numpyFixture = numpyFixtureJson as unknown as { streams: NumpyStream[] };
const logFixture = logFixtureJson as unknown as {
  inputSeed: number;
  perCategory: number;
  block: number;
  categories: LogCategory[];
  specials: [string, string][];
};
const xoshiroFixture = xoshiroFixtureJson as unknown as { fromState1234: { outputs: number[] }; streams: XoshiroStream[] };

// ---- bit-level helpers -------------------------------------------------------------------

const scratch = new Float64Array(1);
const scratchBits = new BigUint64Array(scratch.buffer);
const scratchWords = new Uint32Array(scratch.buffer);

function fromHex(hex: string): number {
  scratchBits[0] = BigInt(`0x${hex}`);
  return scratch[0];
}
function toHex(x: number): string {
  scratch[0] = x;
  return scratchBits[0].toString(16).padStart(16, '0');
}
/** Distance in units in the last place, via the monotone integer image of doubles. */
function ulpDistance(a: number, b: number): number {
  const ordered = (x: number): bigint => {
    scratch[0] = x;
    const v = scratchBits[0];
    return v >> 63n ? -(v & ((1n << 63n) - 1n)) : v;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}
function maxUlp(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, ulpDistance(actual[i], expected[i]));
  return worst;
}
const fnvStep = (h: number, word: number): number => Math.imul(h ^ word, 16777619) >>> 0;

// ---- exact normal CDF for the statistical tests (special.ts belongs to someone else) ---------

/** erfc to ~1e-14 relative: positive-term series of erf below 2, continued fraction above. */
function erfc(t: number): number {
  if (t < 0) return 2 - erfc(-t);
  if (t < 2) {
    // erf(t) = 2/√π · e^(−t²) · Σ 2ⁿ t^(2n+1) / (1·3·…·(2n+1))
    let term = t;
    let sum = t;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * t * t) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t) * sum;
  }
  // erfc(t) = e^(−t²)/√π · 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + …)))), evaluated bottom-up.
  let fraction = t;
  for (let n = 80; n >= 1; n--) fraction = t + n / 2 / fraction;
  return Math.exp(-t * t) / Math.sqrt(Math.PI) / fraction;
}
const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

/** Every statistical check allows 5 standard errors (two-sided p ≈ 6e-7) with a fixed seed. */
const Z_LIMIT = 5;

// ---- numpy stream ------------------------------------------------------------------------

describe('numpy stream (legacy MT19937 + gauss) vs numpy fixture', () => {
  for (const stream of numpyFixture.streams) {
    it(`seed ${stream.seed}: raw words and uniforms are bit-identical`, () => {
      const raw = new NumpyRandomState(stream.seed);
      assert.deepEqual(Array.from(stream.raw, () => raw.nextUint32()), stream.raw);
      const sample = new NumpyRandomState(stream.seed);
      assert.deepEqual(Array.from(stream.randomSample, () => sample.uniform()), stream.randomSample);
      const uniform = new Float64Array(stream.uniformMinus03To07.length);
      new NumpyRandomState(stream.seed).fillUniform(uniform, -0.3, 0.7);
      assert.deepEqual(Array.from(uniform), stream.uniformMinus03To07);
    });

    it(`seed ${stream.seed}: randn, randn(7,5)*0.01 and interleaved calls match to 0 ulp`, (t) => {
      const randn = new Float64Array(stream.randn.length);
      new NumpyRandomState(stream.seed).fillNormal(randn, 1);
      const matrix = new Float64Array(35);
      new NumpyRandomState(stream.seed).fillNormal(matrix, 0.01);
      const mixed = new NumpyRandomState(stream.seed);
      let mixedUlp = 0;
      for (const step of stream.mixed) {
        const values = step.values.map(() =>
          step.kind === 'randn' ? mixed.normal() : step.kind === 'uniform' ? -1 + 2 * mixed.uniform() : mixed.uniform(),
        );
        mixedUlp = Math.max(mixedUlp, maxUlp(values, step.values));
      }
      const worst = Math.max(maxUlp(randn, stream.randn), maxUlp(matrix, stream.randn7x5Times001.flat()), mixedUlp);
      t.diagnostic(`max ulp difference vs numpy: ${worst}`);
      assert.equal(worst, 0);
    });
  }

  it('createRng("numpy", seed, draw) is np.random.seed(seed + draw)', () => {
    const stream = numpyFixture.streams.find((s) => s.seed === 42);
    assert.ok(stream);
    const rng = createRng('numpy', 40, 2);
    assert.deepEqual(Array.from(stream.raw.slice(0, 100), () => rng.nextUint32()), stream.raw.slice(0, 100));
  });

  it('rejects seeds numpy rejects, naming the seed and the range', () => {
    for (const seed of [-1, 2 ** 32, 1.5, NaN]) {
      assert.throws(() => new NumpyRandomState(seed), (e: unknown) => e instanceof RangeError && /seed/.test(e.message) && /2\^32 − 1/.test(e.message));
    }
    assert.throws(() => createRng('numpy', 2 ** 32 - 1, 1), /seed \+ draw must be at most 2\^32 − 1/);
  });
});

// ---- glibc log ---------------------------------------------------------------------------

/** The inputs of scripts/fixtures/glibc_log.py, rebuilt from the same MT19937 words. */
function logInput(category: string, words: NumpyRandomState): number {
  switch (category) {
    case 'gaussR2': {
      const x1 = 2 * words.uniform() - 1;
      const x2 = 2 * words.uniform() - 1;
      return x1 * x1 + x2 * x2;
    }
    case 'uniform':
      return words.uniform();
    case 'nearOneWide':
      return 1 + (words.uniform() - 0.5) * 0.25;
    case 'nearOneNarrow':
      return 1 + (words.nextUint32() / 4294967296 - 0.5) * 2 ** -20;
    case 'normalBits': {
      const hi = ((((words.nextUint32() % 2046) + 1) << 20) | (words.nextUint32() >>> 12)) >>> 0;
      scratchWords[1] = hi;
      scratchWords[0] = words.nextUint32();
      return scratch[0];
    }
    case 'subnormalBits':
      scratchWords[1] = words.nextUint32() & 0xfffff;
      scratchWords[0] = words.nextUint32();
      return scratch[0];
    case 'tableEdges': {
      const a = words.nextUint32();
      const delta = (words.nextUint32() % 2001) - 1000;
      const exponent = ((a >>> 7) % 64) - 32;
      scratchBits[0] = 0x3fe6000000000000n + (BigInt(a & 0x7f) << 45n) + BigInt(delta) + (BigInt(exponent) << 52n);
      return scratch[0];
    }
    case 'uniformProduct':
      return words.uniform() * words.uniform();
    default:
      throw new Error(`unknown category ${category}`);
  }
}

describe('glibcLog reproduces the C library log bit for bit', () => {
  it('fusedMultiplyAdd rounds once, including double-rounding traps', () => {
    const cases: [number, number, number, number][] = [
      [1.0000000009313226, 1.0000001192092896, 8.271806125530277e-25, 1.0000001201406123],
      [1.0000000009313226, 1.0000001192092896, -8.271806125530277e-25, 1.0000001201406121],
      [1.0000000009313226, 1.0000001192092896, 0.0, 1.0000001201406121],
      [1.0000000009313226, 1.0000001192092896, 1.1102230246251565e-16, 1.0000001201406123],
      [1.0000000009313226, 1.0000001192092896, -1.232595164407831e-32, 1.0000001201406121],
      [1.134364244112401, 1.8474337369372327, -2.0956627745485514, 9.871646924526364e-16],
      [1.4954350870919408, 1.449491064788738, -2.0187532498606818e-9, 2.167619794692583],
      [1.2099548063714771, 1.4878566565241476, -0.9001196563765941, 0.9001196563765942],
      [1.7622800824579419, 1.0021060533511106, -0.8829957691655985, 0.8829957691655993],
      [1.8018263669964836, 1.591153435001304, -2.8669822131223777, -2.7791969750025946e-15],
      [1.5276294143623983, 1.7637009951314895, -1.347140759151548, 1.3471407591515483],
      [1 + 2 ** -52, 1 - 2 ** -52, -1, -(2 ** -104)],
    ];
    for (const [a, b, c, expected] of cases) assert.equal(fusedMultiplyAdd(a, b, c), expected, `fma(${a}, ${b}, ${c})`);
  });

  it('special values', () => {
    for (const [xHex, yHex] of logFixture.specials) {
      const x = fromHex(xHex);
      const expected = fromHex(yHex);
      const actual = glibcLog(x);
      if (Number.isNaN(expected)) assert.ok(Number.isNaN(actual), `log(${x})`);
      else assert.equal(toHex(actual), yHex, `log(${x})`);
    }
  });

  it(`glibcLog and glibcLogExact match Python's math.log on ${logFixture.categories.length} × ${logFixture.perCategory} inputs`, (t) => {
    const words = new NumpyRandomState(logFixture.inputSeed);
    let mathLogDiffers = 0;
    let fastDiffersFromExact = 0;
    for (const category of logFixture.categories) {
      let hash = 0x811c9dc5;
      const hashes: string[] = [];
      for (let i = 0; i < logFixture.perCategory; i++) {
        const x = logInput(category.name, words);
        const y = glibcLog(x);
        if (y !== Math.log(x) && y === y) mathLogDiffers++;
        // The fast path must agree with the all-FMA-emulated reference everywhere.
        if (!Object.is(y, glibcLogExact(x)) && y === y) fastDiffersFromExact++;
        if (i < category.samples.length) assert.deepEqual([toHex(x), toHex(y)], category.samples[i], `${category.name} #${i}`);
        scratch[0] = y;
        hash = fnvStep(fnvStep(hash, scratchWords[0]), scratchWords[1]);
        if ((i + 1) % logFixture.block === 0) {
          hashes.push(hash.toString(16).padStart(8, '0'));
          hash = 0x811c9dc5;
        }
      }
      assert.deepEqual(hashes, category.blockHashes, `${category.name}: blocks of ${logFixture.block} outputs`);
    }
    assert.equal(fastDiffersFromExact, 0);
    const total = logFixture.categories.length * logFixture.perCategory;
    t.diagnostic(`V8 Math.log differs from glibc on ${((100 * mathLogDiffers) / total).toFixed(2)}% of these inputs`);
  });
});

// ---- xoshiro128++ ------------------------------------------------------------------------

describe('xoshiro128++ vs the reference C implementation', () => {
  it('outputs from state (1, 2, 3, 4)', () => {
    const rng = new Xoshiro128pp(1, 2, 3, 4);
    assert.deepEqual(Array.from(xoshiroFixture.fromState1234.outputs, () => rng.nextUint32()), xoshiroFixture.fromState1234.outputs);
  });

  for (const stream of xoshiroFixture.streams) {
    it(`seed ${stream.seed}, draw ${stream.draw}: splitmix64 seeding, outputs and uniforms`, () => {
      assert.deepEqual(xoshiroSeedWords(stream.seed, stream.draw), stream.state);
      const rng = createRng('xoshiro', stream.seed, stream.draw);
      assert.deepEqual(Array.from(stream.first64, () => rng.nextUint32()), stream.first64);
      for (let i = 64; i < 1000; i++) rng.nextUint32();
      assert.deepEqual(Array.from(stream.from1000, () => rng.nextUint32()), stream.from1000);
      assert.deepEqual(Array.from(stream.uniformsFrom1004, () => rng.uniform()), stream.uniformsFrom1004);
    });
  }

  it('rejects bad seeds and draws, naming them and the range', () => {
    for (const seed of [-1, 0.5, NaN, Infinity, 2 ** 53]) {
      assert.throws(() => createRng('xoshiro', seed), (e: unknown) => e instanceof RangeError && /^seed must be an integer in 0 … 9007199254740991/.test(e.message));
    }
    assert.throws(() => createRng('xoshiro', 1, -1), /^RangeError: draw must be an integer/);
    assert.throws(() => new Xoshiro128pp(0, 0, 0, 0), RangeError);
    assert.throws(() => createRng('xoshiro', 1).fillNormal(new Float64Array(4), 1, 2, 3), /offset \(2\) and length \(3\)/);
  });
});

// ---- ziggurat ----------------------------------------------------------------------------

describe('ziggurat normals (fixed seeds, tolerances from standard errors)', () => {
  it('the local erfc used as reference is accurate', () => {
    // Reference values from mpmath at 40 digits.
    const known: [number, number][] = [
      [1 / Math.SQRT2, 0.3173105078629141],
      [2 / Math.SQRT2, 0.04550026389635842],
      [3 / Math.SQRT2, 0.002699796063260189],
      [4 / Math.SQRT2, 6.334248366623985e-5],
      [5 / Math.SQRT2, 5.733031437583878e-7],
      [ZIGGURAT_R / Math.SQRT2, 0.0002580324876539009],
    ];
    for (const [t, value] of known) assert.ok(Math.abs(erfc(t) / value - 1) < 1e-13, `erfc(${t})`);
  });

  it('fillNormal equals std · normal() draw for draw, through the rare paths too', () => {
    const n = 200_000;
    const filled = new Float64Array(n + 2);
    createRng('xoshiro', 7, 3).fillNormal(filled, 0.5, 1, n);
    const single = createRng('xoshiro', 7, 3);
    assert.equal(filled[0], 0);
    assert.equal(filled[n + 1], 0);
    for (let i = 0; i < n; i++) assert.equal(filled[i + 1], single.normal() * 0.5);
  });

  it('mean, second and fourth moments over 1e6 draws', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    createRng('xoshiro', 2024).fillNormal(x, 1);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of x) {
      const v2 = v * v;
      m1 += v;
      m2 += v2;
      m4 += v2 * v2;
    }
    // Standard errors of the raw moments of N(0, 1): Var x = 1, Var x² = 2, Var x⁴ = 105 − 9.
    assert.ok(Math.abs(m1 / n) < Z_LIMIT * Math.sqrt(1 / n), `mean ${m1 / n}`);
    assert.ok(Math.abs(m2 / n - 1) < Z_LIMIT * Math.sqrt(2 / n), `E x² ${m2 / n}`);
    assert.ok(Math.abs(m4 / n - 3) < Z_LIMIT * Math.sqrt(96 / n), `E x⁴ ${m4 / n}`);
  });

  it('tail probabilities P(|x| > k) over 1e7 draws, including the tail beyond r', () => {
    const n = 10_000_000;
    const chunk = new Float64Array(1_000_000);
    const ks = [1, 2, 3, ZIGGURAT_R, 4, 4.5];
    const counts = ks.map(() => 0);
    const rng = createRng('xoshiro', 99, 1);
    let positive = 0;
    for (let done = 0; done < n; done += chunk.length) {
      rng.fillNormal(chunk, 1);
      for (const v of chunk) {
        if (v > 0) positive++;
        const a = Math.abs(v);
        if (a <= 1) continue;
        for (let j = 0; j < ks.length; j++) if (a > ks[j]) counts[j]++;
      }
    }
    for (let j = 0; j < ks.length; j++) {
      const p = erfc(ks[j] / Math.SQRT2);
      const se = Math.sqrt((p * (1 - p)) / n);
      assert.ok(Math.abs(counts[j] / n - p) < Z_LIMIT * se, `P(|x| > ${ks[j]}): ${counts[j] / n} vs ${p}`);
    }
    assert.ok(Math.abs(positive / n - 0.5) < Z_LIMIT * Math.sqrt(0.25 / n), `P(x > 0) ${positive / n}`);
  });

  it('chi-square over 1000 equiprobable bins and Kolmogorov–Smirnov over 1e6 draws', () => {
    const n = 1_000_000;
    const bins = 1000;
    const x = new Float64Array(n);
    createRng('xoshiro', 31337).fillNormal(x, 1);
    const counts = new Float64Array(bins);
    for (const v of x) counts[Math.min(bins - 1, Math.floor(normalCdf(v) * bins))]++;
    const expected = n / bins;
    let chiSquare = 0;
    for (const c of counts) chiSquare += ((c - expected) * (c - expected)) / expected;
    // χ² with bins − 1 degrees of freedom: mean bins − 1, standard deviation √(2(bins − 1)).
    assert.ok(chiSquare < bins - 1 + Z_LIMIT * Math.sqrt(2 * (bins - 1)), `chi-square ${chiSquare}`);

    x.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(x[i]);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
    // Kolmogorov: P(√n·D > λ) ≈ 2·exp(−2λ²); λ for p = 1e-6 as for the other checks.
    const lambda = Math.sqrt(-0.5 * Math.log(1e-6 / 2));
    assert.ok(d * Math.sqrt(n) < lambda, `KS √n·D = ${d * Math.sqrt(n)}`);
  });

  it('different (seed, draw) pairs give different, uncorrelated streams', () => {
    const starts = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      for (let draw = 0; draw < 20; draw++) {
        const rng = createRng('xoshiro', seed, draw);
        starts.add([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()].join(','));
      }
    }
    assert.equal(starts.size, 400);
    const n = 200_000;
    const pairs: [number, number, number, number][] = [[0, 0, 0, 1], [0, 0, 1, 0], [5, 1, 5, 2], [1, 0, 2, 0]];
    for (const [s1, d1, s2, d2] of pairs) {
      const a = new Float64Array(n);
      const b = new Float64Array(n);
      createRng('xoshiro', s1, d1).fillNormal(a, 1);
      createRng('xoshiro', s2, d2).fillNormal(b, 1);
      let cross = 0;
      for (let i = 0; i < n; i++) cross += a[i] * b[i];
      // For independent N(0, 1) streams, Σ aᵢbᵢ / n has standard error 1/√n.
      assert.ok(Math.abs(cross / n) < Z_LIMIT / Math.sqrt(n), `corr (${s1},${d1}) vs (${s2},${d2}): ${cross / n}`);
    }
  });
});
