// The fast stream: xoshiro128++ (Blackman & Vigna) on four 32-bit words, seeded through
// splitmix64, with the ziggurat of ziggurat.ts for normals. See design.md §3.4.

import { checkedSliceEnd, checkStreamIndex, type Rng } from './rng';
import { zigguratBound, zigguratNormal, zigguratResolve, zigguratScale } from './ziggurat';

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** One splitmix64 step from `state`: returns [next state, output]. Seeding only, so BigInt is fine. */
function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + GOLDEN_GAMMA) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/**
 * The four state words for stream (seed, draw). splitmix64 hashes the seed; the hash xor the
 * draw index starts a second splitmix64 whose next two outputs fill the 128-bit state. Two
 * consecutive splitmix64 outputs are never both zero, so the state is never all zero.
 */
export function xoshiroSeedWords(seed: number, draw: number): [number, number, number, number] {
  checkStreamIndex('seed', seed);
  checkStreamIndex('draw', draw);
  const [, seedHash] = splitmix64(BigInt(seed));
  let state = seedHash ^ BigInt(draw);
  let first: bigint;
  let second: bigint;
  [state, first] = splitmix64(state);
  [state, second] = splitmix64(state);
  const low = (v: bigint): number => Number(v & 0xffffffffn);
  const high = (v: bigint): number => Number(v >> 32n);
  return [low(first), high(first), low(second), high(second)];
}

export class Xoshiro128pp implements Rng {
  // State words kept as int32 (| 0) so the hot loops stay in integer arithmetic.
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The candidate fillAccepted stopped at, for the rare path. */
  private pendingLayerAndSign = 0;
  private pendingMagnitude = 0;

  /** Starts from explicit state words (not all zero); use `fromSeed` for seeded streams. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128++ state must not be all zero');
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /** Independent stream number `draw` of `seed` (both integers in 0 … 2^53 − 1). */
  static fromSeed(seed: number, draw = 0): Xoshiro128pp {
    const [s0, s1, s2, s3] = xoshiroSeedWords(seed, draw);
    return new Xoshiro128pp(s0, s1, s2, s3);
  }

  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const sum = (s0 + s3) | 0;
    const result = (((sum << 7) | (sum >>> 25)) + s0) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** 53-bit double in [0, 1): 27 high bits of one word, 26 of the next. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  normal(): number {
    return zigguratNormal(this);
  }

  /** Equals `std * normal()` draw for draw. */
  fillNormal(out: Float64Array, std: number, offset = 0, length = out.length - offset): void {
    const end = checkedSliceEnd(out, offset, length);
    let i = offset;
    while (i < end) {
      i = this.fillAccepted(out, std, i, end);
      if (i === end) break;
      const x = zigguratResolve(this.pendingLayerAndSign, this.pendingMagnitude, this);
      if (x === x) out[i++] = x * std;
    }
  }

  /**
   * The hot loop: two xoshiro steps and a table lookup per normal, state in locals, no calls.
   * Stops at the first candidate outside its inner rectangle (≈ 1 in 140), leaves it in
   * pendingLayerAndSign/pendingMagnitude and returns its index. A loop that never calls out
   * compiles to tight code reliably; one with the rare-path call inside did not (≈ 2× slower).
   */
  private fillAccepted(out: Float64Array, std: number, start: number, end: number): number {
    const bound = zigguratBound;
    const scale = zigguratScale;
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    let i = start;
    for (; i < end; i++) {
      let sum = (s0 + s3) | 0;
      const a = (((sum << 7) | (sum >>> 25)) + s0) | 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);

      sum = (s0 + s3) | 0;
      const b = (((sum << 7) | (sum >>> 25)) + s0) | 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);

      const layerAndSign = a & 0x1ff;
      const magnitude = (a >>> 9) * 536870912 + (b >>> 3);
      if (magnitude >= bound[layerAndSign]) {
        this.pendingLayerAndSign = layerAndSign;
        this.pendingMagnitude = magnitude;
        break;
      }
      out[i] = magnitude * scale[layerAndSign] * std;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return i;
  }

  fillUniform(out: Float64Array, low: number, high: number, offset = 0, length = out.length - offset): void {
    const end = checkedSliceEnd(out, offset, length);
    const range = high - low;
    for (let i = offset; i < end; i++) out[i] = low + range * this.uniform();
  }
}
