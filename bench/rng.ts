// Normal-sampler throughput, measured side by side in one run: the ziggurat on xoshiro128++
// (the default stream), Marsaglia's polar Box–Muller on the same uniforms (the baseline a
// ziggurat has to beat), and the numpy-compatible stream (MT19937 + gauss with glibc's log).
//
// Standalone: npx esbuild bench/rng.ts --bundle --platform=node --outfile=/tmp/bench-rng.js \
//   && node -e "for (const l of require('/tmp/bench-rng.js').benchRng()) console.log(l)"

import { NumpyRandomState } from '../src/core/numpyRandom';
import { Xoshiro128pp } from '../src/core/xoshiro';

const BATCH = 1 << 20;
const WARMUP_ROUNDS = 3;
const ROUNDS = 15;

/** Polar Box–Muller: two normals per accepted point of the unit disc (acceptance π/4). */
function fillNormalPolar(rng: Xoshiro128pp, out: Float64Array, std: number): void {
  const n = out.length;
  let i = 0;
  while (i < n) {
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * rng.uniform() - 1;
      x2 = 2 * rng.uniform() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2) * std;
    out[i++] = f * x2;
    if (i < n) out[i++] = f * x1;
  }
}

interface Sampler {
  label: string;
  fill(out: Float64Array): void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Keeps results observable so no engine can drop the work. */
let sink = 0;

export function benchRng(): string[] {
  const zigguratRng = Xoshiro128pp.fromSeed(1);
  const polarRng = Xoshiro128pp.fromSeed(2);
  const numpyRng = new NumpyRandomState(3);
  const samplers: Sampler[] = [
    { label: 'ziggurat, xoshiro128++ (fillNormal)', fill: (out) => zigguratRng.fillNormal(out, 1) },
    { label: 'polar Box–Muller, xoshiro128++', fill: (out) => fillNormalPolar(polarRng, out, 1) },
    { label: 'numpy stream, MT19937 + gauss (fillNormal)', fill: (out) => numpyRng.fillNormal(out, 1) },
  ];
  const out = new Float64Array(BATCH);
  const nsPerNormal: number[][] = samplers.map(() => []);
  // Rounds interleave the samplers so that drift in machine load hits all of them alike.
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    samplers.forEach((sampler, s) => {
      const start = performance.now();
      sampler.fill(out);
      const elapsed = performance.now() - start;
      sink += out[BATCH - 1];
      if (round >= WARMUP_ROUNDS) nsPerNormal[s].push((elapsed * 1e6) / BATCH);
    });
  }
  const medians = nsPerNormal.map(median);
  const lines = samplers.map((sampler, s) => {
    const ns = medians[s];
    return `rng  ${sampler.label.padEnd(44)} ${ns.toFixed(2).padStart(7)} ns/normal  ${(1e3 / ns).toFixed(1).padStart(7)} M normals/s`;
  });
  lines.push(
    `rng  ziggurat vs polar Box–Muller: ${(medians[1] / medians[0]).toFixed(2)}× faster ` +
      `(median of ${ROUNDS} rounds of ${BATCH} normals after ${WARMUP_ROUNDS} warm-up rounds)`,
  );
  if (!Number.isFinite(sink)) lines.push('rng  warning: non-finite sample seen');
  return lines;
}
