// The random source every engine draws from. Two streams: a fast one (xoshiro + ziggurat)
// and a numpy-compatible one (legacy MT19937 + polar Box–Muller), see design.md §3.4.

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
