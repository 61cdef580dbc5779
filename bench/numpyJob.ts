// The job of bench/versusNumpy.ts and what its rows and its scaling table share: the network and
// simulate options they time, the repetitions, and how medians and times are reported.
import type { ActivationName, EngineName, InitSpec, NetworkSpec, SimulationOptions } from '../src/core/types';
import type { BandCurves } from './python';

export const QUICK = process.env.INIT_LENS_BENCH_QUICK === '1';
export const JOB = QUICK ? { width: 64, depth: 8, batch: 8, draws: 16 } : { width: 512, depth: 50, batch: 64, draws: 16 };
export const REPS = 3;
export const SEED = 0;

export interface Curves {
  std: BandCurves;
  preGradStd: BandCurves;
}

export function network(width: number, depth: number, init: InitSpec, activation: ActivationName): NetworkSpec {
  return {
    inputWidth: width,
    layers: Array.from({ length: depth }, () => ({ fanIn: width, fanOut: width, init, activation: { name: activation } })),
  };
}

export function options(engine: EngineName, seeds: number, batch = JOB.batch): SimulationOptions {
  return { batch, seeds, seed: SEED, rng: 'xoshiro', engine, bins: 30 };
}

/** An error from an engine or pool that the other engineers have not finished: a row says so. */
export function notBuiltYet(error: unknown): boolean {
  return error instanceof Error && /not built yet|not available yet/i.test(error.message);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function seconds(t: number): string {
  if (t < 0.1) return `${(t * 1000).toFixed(1)} ms`;
  if (t < 1) return `${(t * 1000).toFixed(0)} ms`;
  return `${t.toFixed(t < 10 ? 2 : 1)} s`;
}

/** "×3.40 faster" or "×1.20 slower" for a row's time against a reference time. */
export function versus(reference: number, t: number): string {
  const r = reference / t;
  return r >= 1 ? `×${r.toFixed(2)} faster` : `×${(1 / r).toFixed(2)} slower`;
}

export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`  … ${text}\n`);
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
