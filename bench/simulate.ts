// End-to-end simulate time for the reference job, measured in this process.
import { simulate } from '../src/core/simulate';
import type { ActivationName, InitSpec, NetworkSpec } from '../src/core/types';

function network(width: number, depth: number, init: InitSpec, activation: ActivationName): NetworkSpec {
  return {
    inputWidth: width,
    layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation: { name: activation } })),
  };
}

export function benchSimulate(): string[] {
  const lines: string[] = [];
  const cases: [string, InitSpec, ActivationName][] = [
    ['relu + he_normal', { scheme: 'he_normal' }, 'relu'],
    ['tanh + xavier_normal', { scheme: 'xavier_normal' }, 'tanh'],
  ];
  for (const [label, init, activation] of cases) {
    const net = network(512, 50, init, activation);
    simulate(net, { batch: 64, seeds: 1, seed: 0, rng: 'xoshiro', engine: 'dense', bins: 30 }); // warm-up
    // One run: the "Versus numpy" section times the same job for every engine side by side.
    const start = performance.now();
    simulate(net, { batch: 64, seeds: 16, seed: 0, rng: 'xoshiro', engine: 'dense', bins: 30 });
    lines.push(`simulate n=512 L=50 B=64, 16 draws, dense, 1 thread, ${label}: ${((performance.now() - start) / 1000).toFixed(2)} s (1 run)`);
  }
  const mf = network(512, 50, { scheme: 'he_normal' }, 'relu');
  const start = performance.now();
  const reps = 200;
  for (let i = 0; i < reps; i++) simulate(mf, { batch: 64, seeds: 1, seed: 0, rng: 'xoshiro', engine: 'mean-field', bins: 30 });
  lines.push(`simulate n=512 L=50, mean-field: ${(((performance.now() - start) / reps) * 1000).toFixed(0)} µs per run`);
  return lines;
}
