// numpy's legacy global generator (np.random.seed / RandomState) reproduced number for number:
// MT19937 seeded with init_genrand, random_sample from two 32-bit words, and the polar
// Box–Muller "gauss" with its cached second value. See design.md §3.4.

import { checkedSliceEnd, type Rng } from './rng';
import { glibcLog } from './glibcLog';

const STATE_WORDS = 624;
const SHIFT_WORDS = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
export const MAX_NUMPY_SEED = 0xffffffff;

export class NumpyRandomState implements Rng {
  private readonly key = new Int32Array(STATE_WORDS);
  private position = STATE_WORDS;
  private hasGauss = false;
  private gauss = 0;

  /** Same stream as `np.random.seed(seed)` / `np.random.RandomState(seed)` for an integer seed. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_NUMPY_SEED) {
      throw new RangeError(`seed ${seed} is out of range for the numpy stream: np.random.seed accepts integers 0 … 2^32 − 1 (${MAX_NUMPY_SEED})`);
    }
    // init_genrand (numpy's mt19937_seed).
    let s = seed >>> 0;
    for (let i = 0; i < STATE_WORDS; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
  }

  /** genrand_int32: one tempered MT19937 output. */
  nextUint32(): number {
    if (this.position === STATE_WORDS) this.twist();
    let y = this.key[this.position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return (y ^ (y >>> 18)) >>> 0;
  }

  /** numpy's random_sample: 27 + 26 bits from two words. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** numpy's legacy_gauss (np.random.randn / standard_normal / normal). */
  normal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    // The rejection test uses no log, so the word count per pair never depends on log's rounding.
    do {
      x1 = 2 * this.uniform() - 1;
      x2 = 2 * this.uniform() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Equals `np.random.randn(...) * std` in row-major order. */
  fillNormal(out: Float64Array, std: number, offset = 0, length = out.length - offset): void {
    const end = checkedSliceEnd(out, offset, length);
    for (let i = offset; i < end; i++) out[i] = this.normal() * std;
  }

  /** Equals `np.random.uniform(low, high, size)`: low + (high − low)·u. */
  fillUniform(out: Float64Array, low: number, high: number, offset = 0, length = out.length - offset): void {
    const end = checkedSliceEnd(out, offset, length);
    const range = high - low;
    for (let i = offset; i < end; i++) out[i] = low + range * this.uniform();
  }

  /** Regenerates all 624 words (numpy's mt19937_gen). */
  private twist(): void {
    const key = this.key;
    let i = 0;
    for (; i < STATE_WORDS - SHIFT_WORDS; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + SHIFT_WORDS] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < STATE_WORDS - 1; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + SHIFT_WORDS - STATE_WORDS] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (key[STATE_WORDS - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[STATE_WORDS - 1] = key[SHIFT_WORDS - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.position = 0;
  }
}
