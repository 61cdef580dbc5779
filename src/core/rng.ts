// The random source every engine draws from. Two streams: a fast one (xoshiro + ziggurat)
// and a numpy-compatible one (legacy MT19937 + polar Box–Muller), see design.md §3.4.

import { MAX_NUMPY_SEED, NumpyRandomState } from './numpyRandom';
import type { RngKind } from './types';
import { Xoshiro128pp } from './xoshiro';

export interface Rng {
  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits (numpy's random_sample for the numpy stream). */
  uniform(): number;
  /** Standard normal N(0, 1) (numpy's legacy gauss for the numpy stream). */
  normal(): number;
  /** Fills out[offset .. offset+length) with std · N(0, 1), in draw order (row-major for matrices). */
  fillNormal(out: Float64Array, std: number, offset?: number, length?: number): void;
  /** Fills with low + (high − low) · uniform(), in draw order. */
  fillUniform(out: Float64Array, low: number, high: number, offset?: number, length?: number): void;
}

/**
 * The stream for draw `draw` (0, 1, …) of a multi-seed run.
 * - 'xoshiro': an independent xoshiro128++ stream per (seed, draw), both hashed by splitmix64.
 * - 'numpy': `np.random.seed(seed + draw)`, so draw d reproduces a numpy script seeded with seed + d.
 * seed and draw must be non-negative safe integers; for 'numpy', seed + draw ≤ 2^32 − 1.
 */
export function createRng(kind: RngKind, seed: number, draw = 0): Rng {
  checkStreamIndex('seed', seed);
  checkStreamIndex('draw', draw);
  if (kind === 'xoshiro') return Xoshiro128pp.fromSeed(seed, draw);
  if (kind !== 'numpy') throw new RangeError(`rng must be 'xoshiro' or 'numpy'; got ${String(kind)}`);
  if (seed + draw > MAX_NUMPY_SEED) {
    throw new RangeError(
      `seed + draw must be at most 2^32 − 1 (${MAX_NUMPY_SEED}) for the numpy stream, since draw d uses np.random.seed(seed + d); got seed ${seed}, draw ${draw}`,
    );
  }
  return new NumpyRandomState(seed + draw);
}

/** Throws a RangeError naming `name` unless value is an integer in 0 … 2^53 − 1. */
export function checkStreamIndex(name: 'seed' | 'draw', value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer in 0 … ${Number.MAX_SAFE_INTEGER} (2^53 − 1); got ${value}`);
  }
}

/** Throws a RangeError unless offset/length describe a slice of `out`; returns the slice end. */
export function checkedSliceEnd(out: Float64Array, offset: number, length: number): number {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > out.length) {
    throw new RangeError(
      `offset (${offset}) and length (${length}) must be non-negative integers with offset + length ≤ ${out.length}, the output length`,
    );
  }
  return offset + length;
}
