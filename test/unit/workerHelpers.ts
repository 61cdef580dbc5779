// Shared by the worker pool tests: networks, options, and where the built worker lives.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ActivationName, InitSpec, NetworkSpec, SimulationOptions } from '../../src/core/types';

/** The bundle the test runner builds before running tests. */
export const WORKER_PATH = resolve('dist/worker.js');

export function squareNetwork(width: number, depth: number, init: InitSpec, activation: ActivationName): NetworkSpec {
  const layers = Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation: { name: activation } }));
  return { inputWidth: width, layers };
}

export function simulationOptions(overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  return { batch: 16, seeds: 4, seed: 7, rng: 'xoshiro', engine: 'dense', bins: 8, ...overrides };
}

/** OS threads of this process (Linux): each live worker thread adds one. */
export function threadCount(): number {
  const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('no Threads line in /proc/self/status');
  return Number(match[1]);
}

/** Resolves with how the promise settled, so a test can assert on a rejection's name and message. */
export async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: Error }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}
