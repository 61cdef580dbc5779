// Ziggurat sampler for N(0, 1) (Marsaglia & Tsang 2000) with numpy Generator's layout:
// 256 layers, one sign bit and a 52-bit magnitude per draw, exact tail and wedge tests.
//
// A draw uses two 32-bit words a, b: bits 0–7 of a pick the layer, bit 8 the sign, and
// a >>> 9 (23 bits) with b >>> 3 (29 bits) form the magnitude m < 2^52. The candidate is
// x = ±m·w[layer]; it is accepted at once when m < k[layer] (≈ 99% of draws), i.e. when x lies
// inside the part of the layer's rectangle that is wholly under the density.

/** Right edge of the base layer; beyond it lies the tail. numpy's ziggurat_nor_r. */
export const ZIGGURAT_R = 3.6541528853610088;
/** Area of every layer: r·f(r) + ∫_r^∞ f for f(x) = exp(−x²/2) (computed with mpmath). */
const LAYER_AREA = 0.0049286732339746545;
const LAYERS = 256;
const MAGNITUDE_RANGE = 4503599627370496; // 2^52

/** Indexed by the 9 low bits of the first word (layer | sign << 8): accept the candidate when m < bound. */
export const zigguratBound = new Float64Array(2 * LAYERS);
/** Indexed like zigguratBound: x = m · scale, the sign already folded in (saves a branch per draw). */
export const zigguratScale = new Float64Array(2 * LAYERS);
/** Density f(x_i) at each layer's right edge x_i; f(x_0) = 1 at the top of the first layer. */
const layerDensity = new Float64Array(LAYERS);

buildTables();

function buildTables(): void {
  const density = (x: number): number => Math.exp(-0.5 * x * x);
  const bound = new Float64Array(LAYERS);
  const width = new Float64Array(LAYERS);
  // The base layer is a rectangle [0, r] plus the tail, spread over a virtual width q = area / f(r).
  const baseWidth = LAYER_AREA / density(ZIGGURAT_R);
  bound[0] = Math.floor((ZIGGURAT_R / baseWidth) * MAGNITUDE_RANGE);
  width[0] = baseWidth / MAGNITUDE_RANGE;
  width[LAYERS - 1] = ZIGGURAT_R / MAGNITUDE_RANGE;
  layerDensity[0] = 1;
  layerDensity[LAYERS - 1] = density(ZIGGURAT_R);
  // Walk up: each layer has the same area, which fixes the next (smaller) right edge.
  let edge = ZIGGURAT_R;
  for (let i = LAYERS - 2; i >= 1; i--) {
    const next = Math.sqrt(-2 * Math.log(LAYER_AREA / edge + density(edge)));
    bound[i + 1] = Math.floor((next / edge) * MAGNITUDE_RANGE);
    edge = next;
    layerDensity[i] = density(edge);
    width[i] = edge / MAGNITUDE_RANGE;
  }
  // The top layer's rectangle has zero width: every candidate there goes to the wedge test.
  bound[1] = 0;
  for (let i = 0; i < LAYERS; i++) {
    zigguratBound[i] = zigguratBound[i + LAYERS] = bound[i];
    zigguratScale[i] = width[i];
    zigguratScale[i + LAYERS] = -width[i];
  }
}

/** What the slow path needs: fresh uniforms in [0, 1) from the same stream. */
export interface UniformSource {
  uniform(): number;
}

/**
 * The ≈ 1% of candidates outside the inner rectangle: the tail for the base layer, the wedge
 * test otherwise. Returns the accepted normal, or NaN when the caller must draw again.
 */
export function zigguratResolve(layerAndSign: number, magnitude: number, source: UniformSource): number {
  const layer = layerAndSign & 0xff;
  const negative = layerAndSign >= LAYERS;
  if (layer === 0) {
    // Marsaglia's tail: x = r + E1/r accepted when 2·E2 > (E1/r)²; 1 − U keeps log1p finite.
    for (;;) {
      const excess = -Math.log1p(-source.uniform()) / ZIGGURAT_R;
      const e2 = -Math.log1p(-source.uniform());
      if (e2 + e2 > excess * excess) return negative ? -(ZIGGURAT_R + excess) : ZIGGURAT_R + excess;
    }
  }
  const x = magnitude * zigguratScale[layerAndSign];
  const below = layerDensity[layer];
  const height = (layerDensity[layer - 1] - below) * source.uniform() + below;
  return height < Math.exp(-0.5 * x * x) ? x : NaN;
}

/** One N(0, 1) draw from any source of 32-bit words; the batch loop in xoshiro.ts inlines this. */
export function zigguratNormal(source: UniformSource & { nextUint32(): number }): number {
  for (;;) {
    const a = source.nextUint32();
    const b = source.nextUint32();
    const layerAndSign = a & 0x1ff;
    const magnitude = (a >>> 9) * 536870912 + (b >>> 3);
    if (magnitude < zigguratBound[layerAndSign]) return magnitude * zigguratScale[layerAndSign];
    const x = zigguratResolve(layerAndSign, magnitude, source);
    if (x === x) return x;
  }
}
